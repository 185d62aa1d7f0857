/**
 * Installs (once) and locates a pinned n8n runtime: n8n itself, the Node that runs it, and a
 * sqlite3 add-on built for exactly that Node. Idempotent: a ready runtime costs one file check.
 *
 * CLI: `ts-node --transpile-only scripts/runtime/install.ts [2|1|all]`
 */
import { execFileSync, spawn } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	openSync,
	readdirSync,
	readFileSync,
	readlinkSync,
	realpathSync,
	writeFileSync,
	closeSync,
	readSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { n8nBin, parseRuntimeNames, RUNTIMES, runtimeDir, type RuntimeSpec } from './runtimes';

export interface Runtime {
	spec: RuntimeSpec;
	dir: string;
	/** The Node binary that runs this n8n. */
	node: string;
	nodeVersion: string;
	n8nBin: string;
}

type Log = (line: string) => void;

const defaultLog: Log = (line) => process.stderr.write(`[runtime] ${line}\n`);

export async function ensureRuntime(spec: RuntimeSpec, log: Log = defaultLog): Promise<Runtime> {
	const dir = runtimeDir(spec);
	mkdirSync(dir, { recursive: true });
	await waitForForeignInstall(dir, log);
	ensurePackageJson(spec, dir);

	if (installedVersion(dir, 'n8n') !== spec.n8nVersion) {
		const started = Date.now();
		log(`installing n8n@${spec.n8nVersion} into ${dir} (cold: ~5 min, ~2.8 GB) ...`);
		// --ignore-scripts: @confluentinc/kafka-javascript downloads zlib at install time (offline
		// here); the one native add-on start-up needs, sqlite3, is built below for the right Node.
		await npm(dir, [
			'install',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			`n8n@${spec.n8nVersion}`,
			...spec.extraPackages,
		]);
		log(`n8n@${spec.n8nVersion} installed in ${seconds(started)}`);
	}

	const { node, nodeVersion, nodeDir } = await ensureNode(spec, dir, log);
	await ensureSqlite3(dir, node, nodeVersion, nodeDir, log);
	return { spec, dir, node, nodeVersion, n8nBin: n8nBin(spec) };
}

function ensurePackageJson(spec: RuntimeSpec, dir: string): void {
	const file = resolve(dir, 'package.json');
	if (!existsSync(file)) {
		writeFileSync(file, `${JSON.stringify(spec.packageJson, null, 2)}\n`);
		return;
	}
	// Keep what is there (npm adds dependencies), but make sure the overrides are present.
	const current = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
	const wanted = spec.packageJson.overrides as Record<string, string> | undefined;
	if (wanted && JSON.stringify(current.overrides) !== JSON.stringify(wanted)) {
		current.overrides = wanted;
		writeFileSync(file, `${JSON.stringify(current, null, 2)}\n`);
	}
}

function installedVersion(dir: string, pkg: string): string | undefined {
	const file = resolve(dir, 'node_modules', pkg, 'package.json');
	if (!existsSync(file)) return undefined;
	return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version;
}

/** Another process (e.g. a teammate's manual install) may be filling the folder: wait for it. */
async function waitForForeignInstall(dir: string, log: Log): Promise<void> {
	let told = false;
	for (;;) {
		const busy = npmProcessesIn(dir);
		if (busy.length === 0) return;
		if (!told) log(`waiting for a running npm (pid ${busy.join(', ')}) in ${dir} ...`);
		told = true;
		await new Promise((done) => setTimeout(done, 5000));
	}
}

function npmProcessesIn(dir: string): number[] {
	if (process.platform !== 'linux') return [];
	const found: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
		try {
			if (readlinkSync(`/proc/${entry}/cwd`) !== dir) continue;
			const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			if (/(^|\/|\s)npm(\0|\s|$|-cli)/.test(cmd) || cmd.startsWith('npm '))
				found.push(Number(entry));
		} catch {
			// the process ended or is not ours to read
		}
	}
	return found;
}

function nodeInfo(binary: string): { version: string; execPath: string } | undefined {
	try {
		const out = execFileSync(binary, ['-p', 'process.version + " " + process.execPath'], {
			encoding: 'utf8',
		}).trim();
		const [version, execPath] = out.split(' ');
		return { version, execPath };
	} catch {
		return undefined;
	}
}

function isElf(file: string): boolean {
	try {
		const fd = openSync(file, 'r');
		const head = Buffer.alloc(4);
		readSync(fd, head, 0, 4, 0);
		closeSync(fd);
		return head.toString('latin1') === '\x7fELF';
	} catch {
		return false;
	}
}

/**
 * The machine's Node when its major fits (Node 20 for 1.x here), else a Node binary from the
 * registry package `node-<platform>-<arch>` (the `node@24` package only fetches it in an install
 * script, which --ignore-scripts skips). Such packages also ship the C headers under include/.
 */
async function ensureNode(spec: RuntimeSpec, dir: string, log: Log) {
	const system = nodeInfo('node');
	if (system && major(system.version) === spec.nodeMajor) {
		return {
			node: system.execPath,
			nodeVersion: system.version,
			nodeDir: resolve(dirname(system.execPath), '..'),
		};
	}
	const platformPackage = `node-${process.platform}-${process.arch}`;
	const candidates = () => [
		resolve(dir, 'node_modules', platformPackage, 'bin', 'node'),
		resolve(dir, 'node_modules', 'node', 'node_modules', platformPackage, 'bin', 'node'),
		resolve(dir, 'node_modules', 'node', 'bin', 'node'),
	];
	let binary = candidates().find((file) => isElf(file));
	if (!binary) {
		const wrapper = installedVersion(dir, 'node');
		const version = wrapper && major(wrapper) === spec.nodeMajor ? wrapper : String(spec.nodeMajor);
		log(
			`installing ${platformPackage}@${version} (Node ${spec.nodeMajor} for n8n ${spec.n8nVersion}) ...`,
		);
		await npm(dir, [
			'install',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			`${platformPackage}@${version}`,
		]);
		binary = candidates().find((file) => isElf(file));
	}
	const info = binary ? nodeInfo(binary) : undefined;
	if (!binary || !info || major(info.version) !== spec.nodeMajor) {
		throw new Error(`No Node ${spec.nodeMajor} binary found for n8n ${spec.n8nVersion} in ${dir}`);
	}
	return { node: binary, nodeVersion: info.version, nodeDir: resolve(dirname(binary), '..') };
}

/**
 * sqlite3 is n8n's only start-up add-on that --ignore-scripts leaves unbuilt. A build for Node 24
 * crashes Node 20 at exit, so each runtime builds its own, against the Debian library when
 * libsqlite3-dev is installed (~12 s) or else the bundled amalgamation (~100 s).
 */
async function ensureSqlite3(
	dir: string,
	node: string,
	nodeVersion: string,
	nodeDir: string,
	log: Log,
) {
	const n8nDir = resolve(dir, 'node_modules', 'n8n');
	const sqliteDir = dirname(require.resolve('sqlite3/package.json', { paths: [n8nDir] }));
	const marker = resolve(sqliteDir, 'build', 'built-for-node.txt');
	if (
		existsSync(marker) &&
		readFileSync(marker, 'utf8').trim() === `${node} ${nodeVersion}` &&
		loads(node, sqliteDir)
	) {
		return;
	}
	const started = Date.now();
	const system = existsSync('/usr/include/sqlite3.h');
	log(
		`building sqlite3 for Node ${nodeVersion} (${system ? 'system libsqlite3' : 'bundled sqlite, slower'}) ...`,
	);
	const args = [
		nodeGypScript(),
		'rebuild',
		`--nodedir=${nodeDir}`,
		...(system ? ['--sqlite=/usr'] : []),
	];
	await run(
		node,
		args,
		sqliteDir,
		{
			PATH: `${dirname(node)}:${process.env.PATH ?? ''}`,
			// ~/.npmrc here points nodedir at the Node 20 headers; the target Node's headers must win.
			npm_config_nodedir: nodeDir,
		},
		resolve(dir, 'sqlite3-build.log'),
	);
	if (!loads(node, sqliteDir))
		throw new Error(`sqlite3 built in ${sqliteDir} does not load in Node ${nodeVersion}`);
	writeFileSync(marker, `${node} ${nodeVersion}\n`);
	log(`sqlite3 built in ${seconds(started)}`);
}

function loads(node: string, sqliteDir: string): boolean {
	try {
		execFileSync(node, ['-e', `require(${JSON.stringify(sqliteDir)})`], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/** node-gyp as bundled with the machine's npm. */
function nodeGypScript(): string {
	const npmCli = realpathSync(
		execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim(),
	);
	return resolve(dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
}

function npm(dir: string, args: string[]): Promise<void> {
	return run('npm', args, dir, {}, resolve(dir, 'install.log'));
}

function run(
	command: string,
	args: string[],
	cwd: string,
	env: Record<string, string>,
	logFile?: string,
): Promise<void> {
	return new Promise((done, fail) => {
		const out = logFile ? openSync(logFile, 'a') : 'inherit';
		const child = spawn(command, args, {
			cwd,
			env: { ...process.env, ...env },
			stdio: ['ignore', out, out],
		});
		child.on('error', fail);
		child.on('exit', (code) => {
			if (typeof out === 'number') {
				writeFileSync(out, `EXIT ${code}\n`);
				closeSync(out);
			}
			if (code === 0) done();
			else
				fail(
					new Error(
						`${command} ${args.join(' ')} failed with exit code ${code}${logFile ? ` (see ${logFile})` : ''}`,
					),
				);
		});
	});
}

function major(version: string): number {
	return Number(version.replace(/^v/, '').split('.')[0]);
}

function seconds(since: number): string {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

export async function ensureRuntimes(
	names: string | undefined,
	log: Log = defaultLog,
): Promise<Runtime[]> {
	const runtimes: Runtime[] = [];
	for (const name of parseRuntimeNames(names))
		runtimes.push(await ensureRuntime(RUNTIMES[name], log));
	return runtimes;
}

if (require.main === module) {
	ensureRuntimes(process.argv[2]).then(
		(runtimes) => {
			for (const r of runtimes)
				console.log(
					`${r.spec.name}: n8n ${r.spec.n8nVersion} on Node ${r.nodeVersion} (${r.node})`,
				);
		},
		(error: unknown) => {
			console.error(error instanceof Error ? error.message : error);
			process.exit(1);
		},
	);
}
