/**
 * The two services n8n's queue mode needs, from Debian, started privately on loopback: PostgreSQL
 * (its database) and Redis (its job queue). Each lives in a throwaway folder on a free port and is
 * stopped by `stop()`; nothing touches the machine's own clusters or service units.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ownedGroup, type OwnedGroup } from './processGroups';

type Log = (line: string) => void;

const defaultLog: Log = (line) => process.stderr.write(`[services] ${line}\n`);

/** The newest PostgreSQL server Debian installed (its binaries are not on PATH). */
function postgresBinDir(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root)
		.filter((entry) => existsSync(join(root, entry, 'bin', 'pg_ctl')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(root, versions[0], 'bin') : undefined;
}

function onPath(command: string): boolean {
	return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** apt-get installs `postgresql` and `redis-server` when missing (as root, or through sudo). */
export function ensureDebianServices(log: Log = defaultLog): void {
	const missing = [
		...(postgresBinDir() ? [] : ['postgresql']),
		...(onPath('redis-server') ? [] : ['redis-server']),
	];
	if (missing.length === 0) return;
	const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
	log(`apt-get install ${missing.join(' ')} ...`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const run = (args: string[]) =>
		execFileSync(sudo[0] ?? args[0], sudo.length ? args : args.slice(1), {
			env,
			stdio: ['ignore', 'ignore', 'inherit'],
		});
	run(['apt-get', 'update', '-qq']);
	run(['apt-get', 'install', '-y', '-qq', ...missing]);
	// Debian's packages start their own services where an init system runs; ours are separate.
	if (!postgresBinDir() || !onPath('redis-server'))
		throw new Error(`apt-get did not install ${missing.join(' ')}`);
}

export interface Postgres {
	host: string;
	port: number;
	user: string;
	database: string;
	stop(): Promise<void>;
}

/**
 * A private cluster: `initdb -A trust` (loopback only, throwaway data), then `pg_ctl start`
 * listening on 127.0.0.1:`port` with its socket in the data folder. PostgreSQL refuses to run as
 * root, so as root the cluster belongs to Debian's `postgres` user.
 */
export async function startPostgres(port: number, log: Log = defaultLog): Promise<Postgres> {
	const bin = postgresBinDir();
	if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
	// Its own folder directly under the temp folder: the postgres user must be able to reach it.
	const dir = mkdtempSync(join(tmpdir(), 'n8n-queue-postgres-'));
	const data = join(dir, 'data');
	const asRoot = process.getuid?.() === 0;
	const user = asRoot ? 'postgres' : undefined;
	if (asRoot) {
		const id = (flag: string) =>
			Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
		chownSync(dir, id('-u'), id('-g'));
	}
	const as = (command: string, args: string[]) => {
		const file = join(bin, command);
		return user
			? execFileSync('runuser', ['-u', user, '--', file, ...args], { encoding: 'utf8', cwd: dir })
			: execFileSync(file, args, { encoding: 'utf8', cwd: dir });
	};
	const started = Date.now();
	as('initdb', ['-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '-D', data]);
	as('pg_ctl', [
		'-D',
		data,
		'-l',
		join(dir, 'postgres.log'),
		'-w',
		'-o',
		// fsync off: a throwaway test database; listen on loopback only, socket in our folder.
		`-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off`,
		'start',
	]);
	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		try {
			as('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
		} catch (error) {
			log(`pg_ctl stop failed: ${error instanceof Error ? error.message : String(error)}`);
		}
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		as('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'n8n']);
	} catch (error) {
		await stop();
		throw error;
	}
	log(`postgres on 127.0.0.1:${port} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return { host: '127.0.0.1', port, user: 'postgres', database: 'n8n', stop };
}

export interface Redis {
	host: string;
	port: number;
	group: OwnedGroup;
	stop(): Promise<void>;
}

/** `redis-server` on 127.0.0.1:`port`, nothing saved to disk, in its own process group. */
export async function startRedis(dir: string, port: number): Promise<Redis> {
	mkdirSync(dir, { recursive: true });
	const child = spawn(
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
		],
		{ cwd: dir, stdio: 'ignore', detached: true },
	);
	const group = ownedGroup(child, 'redis-server');
	const deadline = Date.now() + 15_000;
	while (!(await answersPing(port))) {
		if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
		if (Date.now() > deadline) {
			await group.stop();
			throw new Error('redis-server did not answer PING within 15 s');
		}
		await new Promise((done) => setTimeout(done, 100));
	}
	return {
		host: '127.0.0.1',
		port,
		group,
		stop: async () => {
			await group.stop();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

async function answersPing(port: number): Promise<boolean> {
	const { connect } = await import('node:net');
	return await new Promise((resolve) => {
		const socket = connect({ host: '127.0.0.1', port });
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (chunk) => done(chunk.toString().startsWith('+PONG')));
		socket.setTimeout(1000, () => done(false));
	});
}
