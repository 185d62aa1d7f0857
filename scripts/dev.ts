/**
 * `npm run dev`: a real n8n 2.40.7 playground with this package installed and wired to the vendor
 * sandbox. Builds, packs and installs the package like a community install, starts the sandbox
 * (or uses SANDBOX_URL), imports the sandbox credentials and every example workflow, starts
 * `n8n start` on 127.0.0.1, creates the owner account and prints where to log in.
 * Ctrl-C stops everything it started.
 *
 * Env: N8N_USER_FOLDER (default .runtime/dev-user), DEV_N8N_PORT (5678), SANDBOX_URL,
 * SANDBOX_PORT (5680), SANDBOX_KEYS_DIR, ALLOW_BUILD_ERRORS=1, N8N_RUNTIME=2|1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { buildPackage, installIntoUserFolder, packPackage } from './runtime/communityPackage';
import { ensureRuntime } from './runtime/install';
import {
	createInstance,
	importCredentials,
	importWorkflows,
	startServer,
	type Server,
} from './runtime/n8nProcess';
import { parseRuntimeNames, REPO_ROOT, RUNTIMES } from './runtime/runtimes';
import {
	DEFAULT_KEYS_DIR,
	demoKeys,
	EXAMPLE_SANDBOX_URL,
	sandboxCredentials,
} from './runtime/sandboxLink';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

const OWNER = {
	email: 'dev@example.com',
	firstName: 'Dev',
	lastName: 'Playground',
	password: 'Sandbox-Dev-2026',
};

const stoppers: Array<() => Promise<void>> = [];
let stopping = false;

function say(line: string): void {
	process.stdout.write(`[dev] ${line}\n`);
}

async function stopAll(code: number): Promise<never> {
	if (!stopping) {
		stopping = true;
		for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
	}
	process.exit(code);
}

async function main(): Promise<void> {
	process.once('SIGINT', () => void stopAll(0));
	process.once('SIGTERM', () => void stopAll(0));

	const spec = RUNTIMES[parseRuntimeNames(process.env.N8N_RUNTIME ?? '2')[0]];
	const userFolder = resolve(
		process.env.N8N_USER_FOLDER ?? resolve(REPO_ROOT, '.runtime', 'dev-user'),
	);
	const port = Number(process.env.DEV_N8N_PORT ?? 5678);

	say('building the package ...');
	buildPackage({ allowErrors: process.env.ALLOW_BUILD_ERRORS === '1' });
	const runtime = await ensureRuntime(spec, (line) => say(line));
	const installed = installIntoUserFolder(packPackage(), userFolder);
	say(`installed into ${installed.dir}`);
	if (installed.skipped.length) say(`not built yet, left out: ${installed.skipped.join(', ')}`);

	const sandbox = await sandboxEndpoint();
	const exampleFiles = prepareExampleFiles();
	const instance = createInstance(runtime, {
		userFolder,
		port,
		brokerPort: Number(process.env.DEV_BROKER_PORT ?? 5679),
		// The Files example reads a sample file; n8n 2.x file nodes only read under this folder.
		env: { N8N_RESTRICT_FILE_ACCESS_TO: exampleFiles },
	});

	const keys = demoKeys(process.env.SANDBOX_KEYS_DIR ?? DEFAULT_KEYS_DIR);
	await importCredentials(instance, sandboxCredentials({ ...sandbox, keys }));
	const workflows = readdirSync(resolve(REPO_ROOT, 'examples', 'workflows'))
		.filter((file) => file.endsWith('.json'))
		.map((file) => {
			const text = readFileSync(resolve(REPO_ROOT, 'examples', 'workflows', file), 'utf8');
			return JSON.parse(text.split(EXAMPLE_SANDBOX_URL).join(sandbox.url)) as {
				id: string;
				name: string;
			};
		});
	await importWorkflows(instance, workflows);
	say(`imported the sandbox credentials and ${workflows.length} example workflow(s)`);

	say(`starting n8n ${spec.n8nVersion} on Node ${runtime.nodeVersion} ...`);
	const server: Server = await startServer(instance, (chunk) => {
		if (process.env.DEV_VERBOSE === '1') process.stdout.write(chunk);
	});
	stoppers.push(() => server.stop());
	server.child.once('exit', (code) => {
		if (!stopping) {
			say(`n8n exited (${code}); stopping`);
			void stopAll(1);
		}
	});
	await ensureOwner(server.url);

	say('');
	say(`n8n editor   ${server.url}`);
	say(`login        ${OWNER.email} / ${OWNER.password}`);
	say(`sandbox      ${sandbox.url}  (control API ${sandbox.url}/__sandbox/journal)`);
	say(`user folder  ${userFolder}`);
	say(`workflows    ${workflows.map((w) => w.name).join('; ')}`);
	say('Ctrl-C stops n8n and the sandbox.');
}

/** The sample file the "submit files from disk" example reads (a small PDF-looking file). */
function prepareExampleFiles() {
	const folder = '/tmp/scalepoint-files-example';
	mkdirSync(folder, { recursive: true });
	const sample = resolve(folder, 'damage-report.pdf');
	if (!existsSync(sample))
		writeFileSync(sample, '%PDF-1.4\n% sample damage report for the sandbox\n%%EOF\n');
	return folder;
}

/** SANDBOX_URL: use it as is. Otherwise `npm run sandbox` (test/sandbox/cli.ts) as a child. */
async function sandboxEndpoint(): Promise<{ url: string; tokenUrl: string }> {
	const external = process.env.SANDBOX_URL?.replace(/\/+$/, '');
	if (external) return { url: external, tokenUrl: `${external}/connect/token` };

	const port = Number(process.env.SANDBOX_PORT ?? 5680);
	const url = `http://127.0.0.1:${port}`;
	demoKeys(process.env.SANDBOX_KEYS_DIR ?? DEFAULT_KEYS_DIR);
	const child: ChildProcess = spawn(
		process.execPath,
		[require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'test/sandbox/cli.ts'],
		{
			cwd: REPO_ROOT,
			env: {
				...process.env,
				SANDBOX_PORT: String(port),
				SANDBOX_KEYS_DIR: process.env.SANDBOX_KEYS_DIR ?? DEFAULT_KEYS_DIR,
			},
			stdio: ['ignore', 'pipe', 'inherit'],
		},
	);
	let printed = '';
	child.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
	stoppers.push(
		() =>
			new Promise<void>((done) => {
				if (child.exitCode !== null) return done();
				child.once('exit', () => done());
				child.kill('SIGTERM');
			}),
	);
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null)
			throw new Error(`the sandbox exited (${child.exitCode}); is port ${port} free?`);
		try {
			if ((await fetch(`${url}/__sandbox/clock`)).ok) {
				say(`sandbox started:\n${printed.trim().replace(/^/gm, '        ')}`);
				return { url, tokenUrl: `${url}/connect/token` };
			}
		} catch {
			// not listening yet
		}
		await new Promise((done) => setTimeout(done, 200));
	}
	throw new Error('the sandbox did not start within 30 s');
}

/** POST /rest/owner/setup works on 1.x and 2.x; it answers 400 once an owner exists. */
async function ensureOwner(url: string): Promise<void> {
	const response = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	if (response.ok) {
		say('owner account created');
		return;
	}
	const text = await response.text();
	if (response.status === 400 && /already|setup/i.test(text)) return;
	say(
		`owner setup answered ${response.status}: ${text.slice(0, 200)} (log in with your earlier account)`,
	);
}

main().catch(async (error: unknown) => {
	process.stderr.write(`[dev] ${error instanceof Error ? error.message : String(error)}\n`);
	await stopAll(1);
});
