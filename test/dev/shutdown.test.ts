/**
 * `npm run dev` stops everything it started when it alone is signalled or its parent dies, and
 * says what it stopped. Runs test/dev/standIn.ts: dev.ts's stopping code with stand-in children.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface Pids {
	n8n: number;
	runner: number;
	sandbox: number;
	self: number;
}

const STAND_IN = resolve(__dirname, 'standIn.ts');
const REPO = resolve(__dirname, '../..');
const TS_NODE = require.resolve('ts-node/dist/bin.js');
const started: number[] = [];

/** Gone, or a zombie nobody reaps (a container's pid 1 may not): either way it runs no more. */
function running(pid: number): boolean {
	const stat = `/proc/${pid}/stat`;
	if (existsSync('/proc/self/stat')) {
		if (!existsSync(stat)) return false;
		try {
			return readFileSync(stat, 'utf8').split(') ')[1]?.[0] !== 'Z';
		} catch {
			return false;
		}
	}
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function until(condition: () => boolean, ms = 10_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!condition() && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
}

/** Starts `command` and resolves with the stand-in's pids once it has printed them. */
function start(
	command: string,
	args: string[],
): { child: ChildProcess; output: () => string; pids: Promise<Pids> } {
	const child = spawn(command, args, {
		stdio: ['ignore', 'pipe', 'inherit'],
		env: { ...process.env, STAND_IN_PARENT_CHECK_MS: '100' },
	});
	let output = '';
	const pids = new Promise<Pids>((resolvePids, reject) => {
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString('utf8');
			const line = output.split('\n').find((text) => text.startsWith('{'));
			if (line) {
				const parsed = JSON.parse(line) as Pids;
				started.push(parsed.n8n, parsed.runner, parsed.sandbox, parsed.self);
				resolvePids(parsed);
			}
		});
		child.once('exit', (code) => reject(new Error(`exited (${code}) before starting:\n${output}`)));
	});
	return { child, output: () => output, pids };
}

afterEach(() => {
	// Whatever the outcome, leave nothing running.
	for (const pid of started.splice(0)) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// gone
		}
	}
});

describe('npm run dev: stopping', () => {
	it('SIGINT to the dev process alone stops n8n with its task runner and the sandbox, and says so', async () => {
		const run = start(process.execPath, [TS_NODE, '--transpile-only', STAND_IN]);
		const pids = await run.pids;
		expect([pids.n8n, pids.runner, pids.sandbox].every(running)).toBe(true);

		const exited = new Promise((done) => run.child.once('exit', done));
		process.kill(pids.self, 'SIGINT');
		await exited;
		await until(() => ![pids.n8n, pids.runner, pids.sandbox].some(running));

		expect({
			n8n: running(pids.n8n),
			runner: running(pids.runner),
			sandbox: running(pids.sandbox),
		}).toEqual({ n8n: false, runner: false, sandbox: false });
		expect(run.output()).toContain(`[dev] stopped n8n 2.40.7 (pid ${pids.n8n})`);
		expect(run.output()).toContain(
			`[dev] stopped the sandbox on http://127.0.0.1:5680 (pid ${pids.sandbox})`,
		);
	});

	it('Ctrl-C sent to npm alone (`npm run dev`, the package.json line) reaches dev and stops everything', async () => {
		// npm forwards SIGINT to its child only, and `sh -c` between them does not pass it on:
		// the script line must replace sh with dev (`exec`). This runs the real line, with the
		// stand-in in place of scripts/dev.ts, in a throwaway package.
		const line = (
			JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
				scripts: Record<string, string>;
			}
		).scripts.dev;
		expect(line).toContain('scripts/dev.ts');
		const folder = mkdtempSync(join(tmpdir(), 'dev-script-'));
		try {
			const script = line
				.replace('ts-node', `"${process.execPath}" "${TS_NODE}"`)
				.replace('scripts/dev.ts', `"${STAND_IN}"`);
			writeFileSync(
				join(folder, 'package.json'),
				JSON.stringify({ name: 'dev-script', version: '0.0.0', scripts: { dev: script } }),
			);
			const npm = start('npm', ['run', '--silent', '--prefix', folder, 'dev']);
			const pids = await npm.pids;
			npm.child.kill('SIGINT');
			await until(() => ![pids.self, pids.n8n, pids.runner, pids.sandbox].some(running), 15_000);
			expect({
				dev: running(pids.self),
				n8n: running(pids.n8n),
				sandbox: running(pids.sandbox),
			}).toEqual({ dev: false, n8n: false, sandbox: false });
			expect(npm.output()).toContain(`[dev] stopped n8n 2.40.7 (pid ${pids.n8n})`);
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	});

	it('stops everything when its parent (npm) dies', async () => {
		// `; true` keeps sh as the parent, as `npm run` leaves `sh -c` between npm and the script.
		const run = start('/bin/sh', [
			'-c',
			`"${process.execPath}" "${TS_NODE}" --transpile-only "${STAND_IN}"; true`,
		]);
		const pids = await run.pids;
		run.child.kill('SIGKILL');
		await until(() => ![pids.self, pids.n8n, pids.runner, pids.sandbox].some(running));

		expect({
			dev: running(pids.self),
			n8n: running(pids.n8n),
			runner: running(pids.runner),
			sandbox: running(pids.sandbox),
		}).toEqual({ dev: false, n8n: false, runner: false, sandbox: false });
		expect(run.output()).toContain('is gone: stopping what this started');
		expect(run.output()).toContain(`[dev] stopped n8n 2.40.7 (pid ${pids.n8n})`);
	});
});
