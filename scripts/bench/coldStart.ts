/**
 * Figure 5: what the package adds to n8n's start. `n8n start` until /healthz/readiness answers,
 * with and without the package in the user folder (alternating, after one unmeasured start each
 * for the database migrations), plus the time Node 24 takes to require every compiled node and
 * credential file of the package with n8n's own n8n-workflow (the loader's share).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInstance, type N8nInstance } from '../runtime/n8nProcess';
import { freePort, type BenchEnvironment } from './environment';

async function timeToReady(instance: N8nInstance): Promise<number> {
	const started = Date.now();
	const child = spawn(instance.runtime.node, [instance.runtime.n8nBin, 'start'], {
		env: instance.env,
		cwd: instance.userFolder,
		stdio: 'ignore',
	});
	try {
		const deadline = started + 120_000;
		while (Date.now() < deadline) {
			if (child.exitCode !== null) throw new Error(`n8n start exited with ${child.exitCode}`);
			try {
				const response = await fetch(`http://127.0.0.1:${instance.port}/healthz/readiness`);
				if (response.ok) return Date.now() - started;
			} catch {
				// not listening yet
			}
			await new Promise((done) => setTimeout(done, 50));
		}
		throw new Error('n8n start was not ready within 120 s');
	} finally {
		await new Promise<void>((done) => {
			if (child.exitCode !== null || child.signalCode !== null) return done();
			const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
			child.once('exit', () => {
				clearTimeout(force);
				done();
			});
			child.kill('SIGTERM');
		});
	}
}

/**
 * Requires every node and credential file of the installed package in a fresh Node 24 (after
 * n8n-workflow, which n8n has loaded anyway) and instantiates each class once.
 */
function requireTimeMs(env: BenchEnvironment): number {
	const files = [...env.installed.nodes, ...env.installed.credentials].map((entry) =>
		join(env.installed.dir, entry),
	);
	const script = [
		// n8n has loaded its own n8n-workflow long before community packages: not the package's cost.
		'require("n8n-workflow");',
		'const started = process.hrtime.bigint();',
		`for (const file of ${JSON.stringify(files)}) {`,
		'  const exported = require(file);',
		'  for (const value of Object.values(exported)) if (typeof value === "function") new value();',
		'}',
		'console.log(Number(process.hrtime.bigint() - started) / 1e6);',
	].join('\n');
	const out = execFileSync(env.runtime.node, ['-e', script], {
		encoding: 'utf8',
		// From the package folder `n8n-workflow` resolves only through NODE_PATH, never to this
		// repository's dev copy.
		cwd: env.installed.dir,
		// The package's require('n8n-workflow') resolves to n8n's copy, as inside n8n.
		env: { ...process.env, NODE_PATH: join(env.runtime.dir, 'node_modules') },
	});
	return Number(out.trim());
}

export interface ColdStartFigures {
	withPackageMs: number[];
	withoutPackageMs: number[];
	/** Median difference, ms. */
	addedMs: number;
	requireMs: number[];
}

export async function runColdStart(
	env: BenchEnvironment,
	options: { rounds: number },
	log: (line: string) => void,
): Promise<ColdStartFigures> {
	const withPackage = { ...env.instance, port: await freePort() };
	withPackage.env = {
		...withPackage.env,
		N8N_PORT: String(withPackage.port),
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
	};
	const emptyFolder = mkdtempSync(join(tmpdir(), 'bench-n8n-empty-'));
	const without = createInstance(env.runtime, {
		userFolder: emptyFolder,
		port: await freePort(),
		brokerPort: await freePort(),
	});
	try {
		// Migrations and first-start work, not measured.
		await timeToReady(without);
		const withPackageMs: number[] = [];
		const withoutPackageMs: number[] = [];
		for (let round = 1; round <= options.rounds; round++) {
			withoutPackageMs.push(await timeToReady(without));
			withPackageMs.push(await timeToReady(withPackage));
			log(
				`  round ${round}: n8n start → ready ${(withoutPackageMs[round - 1] / 1000).toFixed(2)} s without, ` +
					`${(withPackageMs[round - 1] / 1000).toFixed(2)} s with the package`,
			);
		}
		const requireMs = [requireTimeMs(env), requireTimeMs(env), requireTimeMs(env)];
		log(
			`  require() of every node and credential file: ${requireMs.map((ms) => ms.toFixed(0)).join(', ')} ms`,
		);
		const median = (values: number[]) =>
			[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
		return {
			withPackageMs,
			withoutPackageMs,
			addedMs: median(withPackageMs) - median(withoutPackageMs),
			requireMs,
		};
	} finally {
		rmSync(emptyFolder, { recursive: true, force: true });
	}
}
