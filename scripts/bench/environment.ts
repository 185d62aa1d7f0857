/**
 * What every figure needs: the packed package installed in a private n8n 2.40.7 user folder, and
 * the vendor sandbox in its own process (so neither n8n nor the bare client loop shares an event
 * loop with the server they call).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { freePort } from '../runtime/ports';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
	buildPackage,
	installIntoUserFolder,
	packPackage,
	type InstalledPackage,
} from '../runtime/communityPackage';
import { ensureRuntime, type Runtime } from '../runtime/install';
import { createInstance, type N8nInstance } from '../runtime/n8nProcess';
import { REPO_ROOT, RUNTIMES } from '../runtime/runtimes';
import { DEMO, openSandbox, type SandboxLink } from '../runtime/sandboxLink';
import { installFloorPackage } from './floorPackage';

export { freePort };

export interface BenchEnvironment {
	runtime: Runtime;
	instance: N8nInstance;
	installed: InstalledPackage;
	tarball: string;
	sandbox: SandboxLink;
	/** Folder n8n's file nodes may read (N8N_RESTRICT_FILE_ACCESS_TO). */
	filesDir: string;
	close(): Promise<void>;
}

/** `npm run sandbox` as a child on a free port; resolves once it listens. */
async function startSandboxProcess(): Promise<{ child: ChildProcess; url: string }> {
	const port = await freePort();
	const child = spawn(
		process.execPath,
		['-r', 'ts-node/register/transpile-only', resolve(REPO_ROOT, 'test/sandbox/cli.ts')],
		{
			cwd: REPO_ROOT,
			env: { ...process.env, SANDBOX_PORT: String(port), TS_NODE_TRANSPILE_ONLY: '1' },
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	let output = '';
	await new Promise<void>((done, fail) => {
		const timer = setTimeout(() => fail(new Error(`sandbox did not start:\n${output}`)), 60_000);
		const onData = (chunk: Buffer) => {
			output += chunk.toString('utf8');
			if (output.includes('Sandbox listening')) {
				clearTimeout(timer);
				done();
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.once('exit', (code) => {
			clearTimeout(timer);
			fail(new Error(`sandbox exited ${code}:\n${output}`));
		});
	});
	return { child, url: `http://127.0.0.1:${port}` };
}

export async function prepareEnvironment(log: (line: string) => void): Promise<BenchEnvironment> {
	let tarball = process.env.BENCH_TARBALL;
	if (!tarball) {
		log('building and packing the package');
		// Teammates' half-written files must not stop a benchmark of the nodes that do build.
		buildPackage({ allowErrors: process.env.ALLOW_BUILD_ERRORS !== '0' });
		tarball = packPackage();
	}
	const runtime = await ensureRuntime(RUNTIMES['n8n-2']);
	const sandboxProcess = await startSandboxProcess();
	process.env.SANDBOX_URL = sandboxProcess.url;
	const sandbox = await openSandbox();
	const userFolder = mkdtempSync(join(tmpdir(), 'bench-n8n-'));
	const filesDir = join(userFolder, 'files');
	mkdirSync(filesDir, { recursive: true });
	const instance = createInstance(runtime, {
		userFolder,
		port: await freePort(),
		brokerPort: await freePort(),
		env: {
			N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			// A 10,000-item result is printed as one log line; keep everything else quiet.
			N8N_LOG_LEVEL: 'info',
		},
	});
	const installed = installIntoUserFolder(tarball, userFolder);
	// The dev-only floor node (floor/BenchFloor.node.ts), in this user folder only.
	installFloorPackage(userFolder);
	return {
		runtime,
		instance,
		installed,
		tarball,
		sandbox,
		filesDir,
		close: async () => {
			sandboxProcess.child.kill('SIGTERM');
			delete process.env.SANDBOX_URL;
			if (process.env.BENCH_KEEP !== '1') rmSync(userFolder, { recursive: true, force: true });
		},
	};
}

/** A token the way any HTTP client would get one (client_secret_post), for the comparisons. */
export async function fetchToken(sandbox: SandboxLink, scope: string): Promise<string> {
	const response = await fetch(sandbox.tokenUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: DEMO.scalepointClientId,
			client_secret: DEMO.scalepointClientSecret,
			scope,
		}).toString(),
	});
	const body = (await response.json()) as { access_token?: string };
	if (!response.ok || !body.access_token)
		throw new Error(`token request failed: ${response.status} ${JSON.stringify(body)}`);
	return body.access_token;
}
