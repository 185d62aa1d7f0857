/**
 * `npm run dev`: a real n8n 2.40.7 playground with this package installed and wired to the vendor
 * sandbox. Builds, packs and installs the package like a community install, starts the sandbox
 * (or uses SANDBOX_URL), imports the sandbox credentials and every example workflow, starts
 * `n8n start` on 127.0.0.1, creates the owner account and prints where to log in.
 * Ctrl-C (or a signal to this process alone, or npm dying) stops everything it started and says
 * what it stopped (runtime/shutdown.ts). n8n's user folder is kept between runs; `--reset`
 * (or DEV_RESET=1) starts with an empty one. The sandbox is in memory: empty at every start.
 *
 * Env: N8N_USER_FOLDER (default .runtime/dev-user), DEV_N8N_PORT (5678), SANDBOX_URL,
 * SANDBOX_PORT (5680), SANDBOX_KEYS_DIR, ALLOW_BUILD_ERRORS=1, N8N_RUNTIME=2|1, DEV_RESET=1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { buildPackage, installIntoUserFolder, packPackage } from './runtime/communityPackage';
import { ensureRuntime } from './runtime/install';
import { ownedGroup } from './runtime/processGroups';
import { stopEverythingOnExit } from './runtime/shutdown';
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
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const OWNER = {
	email: 'dev@example.com',
	firstName: 'Dev',
	lastName: 'Playground',
	password: 'Sandbox-Dev-2026',
};

/** Written into a user folder this script created: `--reset` empties only such a folder. */
const PLAYGROUND_MARKER = '.dev-playground';

function say(line: string): void {
	process.stdout.write(`[dev] ${line}\n`);
}

const shutdown = stopEverythingOnExit({ say });

async function main(): Promise<void> {
	const spec = RUNTIMES[parseRuntimeNames(process.env.N8N_RUNTIME ?? '2')[0]];
	const userFolder = resolve(
		process.env.N8N_USER_FOLDER ?? resolve(REPO_ROOT, '.runtime', 'dev-user'),
	);
	const port = Number(process.env.DEV_N8N_PORT ?? 5678);
	const state = prepareUserFolder(
		userFolder,
		process.argv.includes('--reset') || process.env.DEV_RESET === '1',
	);
	say(`state: ${state}`);

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
	const server: Server = await startServer(
		instance,
		(chunk) => {
			if (process.env.DEV_VERBOSE === '1') process.stdout.write(chunk);
		},
		90_000,
		// Its own group: n8n's task runners stop with it, and a Ctrl-C reaches only this script.
		{ processGroup: true },
	);
	if (server.group) shutdown.track(server.group, `n8n ${spec.n8nVersion}`);
	server.child.once('exit', (code) => {
		if (!shutdown.stopping) void shutdown.stopAll(1, `n8n exited (${code}); stopping`);
	});
	await ensureOwner(server.url);

	say('');
	say(`n8n editor   ${server.url}`);
	say(`login        ${OWNER.email} / ${OWNER.password}`);
	say(`sandbox      ${sandbox.url}  (control API ${sandbox.url}/__sandbox/journal)`);
	say(`user folder  ${userFolder}`);
	say(`state        ${state}`);
	say(`workflows    ${workflows.map((w) => w.name).join('; ')}`);
	say('Ctrl-C stops n8n and the sandbox.');
}

/**
 * n8n keeps its database (your workflows, executions, the owner account) in the user folder, so a
 * run continues where the last one stopped. Says which it is, and empties the folder on request.
 */
function prepareUserFolder(userFolder: string, reset: boolean): string {
	const database = resolve(userFolder, '.n8n', 'database.sqlite');
	if (reset && existsSync(userFolder)) {
		const ours =
			userFolder === resolve(REPO_ROOT, '.runtime', 'dev-user') ||
			existsSync(resolve(userFolder, PLAYGROUND_MARKER));
		if (!ours)
			throw new Error(
				`--reset empties only a user folder npm run dev created; ${userFolder} is not one: remove it yourself or choose another N8N_USER_FOLDER`,
			);
		rmSync(userFolder, { recursive: true, force: true });
	}
	const kept = existsSync(database);
	if (!existsSync(userFolder)) {
		mkdirSync(userFolder, { recursive: true });
		writeFileSync(
			resolve(userFolder, PLAYGROUND_MARKER),
			'created by npm run dev (scripts/dev.ts)\n',
		);
	}
	const sandboxNote = process.env.SANDBOX_URL
		? 'the sandbox at SANDBOX_URL keeps its own (POST /__sandbox/reset empties it)'
		: 'the sandbox starts empty every run';
	if (kept)
		return `kept from an earlier run (n8n's workflows, executions and owner in ${userFolder}); \`npm run dev -- --reset\` starts empty; ${sandboxNote}`;
	return `fresh (${reset ? 'reset: ' : ''}new n8n user folder, kept for the next run; \`npm run dev -- --reset\` empties it); ${sandboxNote}`;
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
			// Its own group, stopped by this script (a Ctrl-C in the terminal reaches only us).
			detached: true,
		},
	);
	const label = `the sandbox on ${url}`;
	shutdown.track(ownedGroup(child, label), label);
	let printed = '';
	child.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null)
			throw new Error(
				`the sandbox exited (${child.exitCode}); is port ${port} free? (set SANDBOX_PORT, or SANDBOX_URL to use a running one)`,
			);
		// Its own start line, not just an answer on the port: a sandbox left running by an earlier
		// run would answer too, with that run's state.
		if (printed.includes('Sandbox listening on')) {
			say(`sandbox started:\n${printed.trim().replace(/^/gm, '        ')}`);
			return { url, tokenUrl: `${url}/connect/token` };
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
	await shutdown.stopAll(1);
});
