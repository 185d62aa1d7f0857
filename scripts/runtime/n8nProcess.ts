/**
 * Runs the pinned n8n CLI against a private user folder with the offline environment, and reads
 * back what `n8n execute --rawOutput` printed. Version differences live here, not in the nodes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Runtime } from './install';
import { ownedGroup, type OwnedGroup } from './processGroups';

export interface N8nInstance {
	runtime: Runtime;
	userFolder: string;
	port: number;
	env: NodeJS.ProcessEnv;
}

/** A fixed key so credentials imported by one command decrypt in the next. Not a secret. */
export const DEV_ENCRYPTION_KEY = 'n8n-nodes-scalepoint-thinksurance-local-dev-key';

export function createInstance(
	runtime: Runtime,
	options: { userFolder: string; port: number; brokerPort: number; env?: NodeJS.ProcessEnv },
): N8nInstance {
	mkdirSync(options.userFolder, { recursive: true });
	const env: NodeJS.ProcessEnv = {
		...withoutN8nVariables(process.env),
		PATH: `${dirname(runtime.node)}:${process.env.PATH ?? ''}`,
		DB_TYPE: 'sqlite',
		N8N_USER_FOLDER: options.userFolder,
		N8N_ENCRYPTION_KEY: DEV_ENCRYPTION_KEY,
		N8N_PORT: String(options.port),
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${options.port}`,
		WEBHOOK_URL: `http://127.0.0.1:${options.port}/`,
		// Every n8n process (also `n8n execute`) binds the task broker: one port per instance.
		N8N_RUNNERS_BROKER_PORT: String(options.brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		// Offline and quiet: with these no connection leaves loopback.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		// Plain http on 127.0.0.1: the browser would drop a Secure cookie.
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_FORMAT: 'json',
		N8N_LOG_LEVEL: 'info',
		NODE_ENV: 'production',
		...versionSpecificEnv(runtime),
		...options.env,
	};
	return { runtime, userFolder: options.userFolder, port: options.port, env };
}

/** What differs between the pinned majors (see docs/real-n8n.md). */
function versionSpecificEnv(runtime: Runtime): NodeJS.ProcessEnv {
	if (runtime.spec.n8nVersion.startsWith('2.')) {
		// The MCP registry module calls out at start-up; on 1.x this variable is fatal.
		return { N8N_DISABLED_MODULES: 'mcp-registry' };
	}
	const nodeMajor = Number(runtime.nodeVersion.replace(/^v/, '').split('.')[0]);
	// isolated-vm (the `vm` expression engine) has no Node 20 build: use the legacy engine there.
	return nodeMajor < 22 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {};
}

function withoutN8nVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	return Object.fromEntries(
		Object.entries(env).filter(([name]) => !name.startsWith('N8N_') && name !== 'DB_TYPE'),
	);
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
	ms: number;
}

export function n8n(
	instance: N8nInstance,
	args: string[],
	options: { timeoutMs?: number } = {},
): Promise<CliResult> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn(instance.runtime.node, [instance.runtime.n8nBin, ...args], {
			env: instance.env,
			cwd: instance.userFolder,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr, ms: Date.now() - started });
		});
	});
}

export async function n8nOk(instance: N8nInstance, args: string[]): Promise<CliResult> {
	const result = await n8n(instance, args);
	if (result.code !== 0) {
		throw new Error(
			`n8n ${args.join(' ')} exited ${result.code}\n${tail(result.stdout)}\n${tail(result.stderr)}`,
		);
	}
	return result;
}

function scratchDir(): string {
	return mkdtempSync(join(tmpdir(), 'n8n-import-'));
}

/** n8n encrypts `data` on import; a re-import replaces the record and drops any stored token. */
export async function importCredentials(
	instance: N8nInstance,
	records: unknown[],
): Promise<CliResult> {
	const file = join(scratchDir(), 'credentials.json');
	writeFileSync(file, JSON.stringify(records));
	return await n8nOk(instance, ['import:credentials', `--input=${file}`]);
}

/** All workflows in one process (`--separate` reads every file of a folder). */
export async function importWorkflows(
	instance: N8nInstance,
	workflows: Array<{ id: string }>,
	/** e.g. `--activeState=fromJson` (queue mode only): publish those marked `active`. */
	extraArgs: string[] = [],
): Promise<CliResult> {
	const dir = scratchDir();
	for (const workflow of workflows)
		writeFileSync(join(dir, `${workflow.id}.json`), JSON.stringify(workflow));
	return await n8nOk(instance, ['import:workflow', '--separate', `--input=${dir}`, ...extraArgs]);
}

/**
 * Marks a workflow active so `n8n start` runs its triggers: 2.x "publishes" it
 * (`publish:workflow`), 1.x sets the flag (`update:workflow --active=true`, gone in 2.x).
 */
export async function activateWorkflow(instance: N8nInstance, id: string): Promise<CliResult> {
	const args = instance.runtime.spec.n8nVersion.startsWith('2.')
		? ['publish:workflow', `--id=${id}`]
		: ['update:workflow', `--id=${id}`, '--active=true'];
	return await n8nOk(instance, args);
}

export interface NodeRun {
	/** Items of output 0 (json only). */
	output: Array<Record<string, unknown>>;
	/** Items of output 1: the error output when the node uses "continue (using error output)". */
	errorOutput: Array<Record<string, unknown>>;
	error?: Record<string, unknown>;
	hints: unknown[];
}

export interface Execution {
	code: number | null;
	ms: number;
	/** The `IRun` n8n printed, when it printed one. */
	run?: Record<string, unknown>;
	stdout: string;
	stderr: string;
	node(name: string): NodeRun;
}

export async function executeWorkflow(
	instance: N8nInstance,
	id: string,
	timeoutMs = 120_000,
): Promise<Execution> {
	const result = await n8n(instance, ['execute', `--id=${id}`, '--rawOutput'], { timeoutMs });
	const run = findRun(result.stdout);
	return {
		...result,
		run,
		node(name) {
			const resultData = (run?.data as { resultData?: Record<string, unknown> } | undefined)
				?.resultData;
			const runs = (
				resultData?.runData as Record<string, Array<Record<string, unknown>>> | undefined
			)?.[name];
			if (!runs?.length) {
				throw new Error(
					`node "${name}" did not run (exit ${result.code})\n${tail(result.stdout)}\n${tail(result.stderr)}`,
				);
			}
			const last = runs[runs.length - 1];
			const main = ((last.data as { main?: unknown[][] } | undefined)?.main ?? []) as Array<Array<{
				json: Record<string, unknown>;
			}> | null>;
			return {
				output: (main[0] ?? []).map((item) => item.json),
				errorOutput: (main[1] ?? []).map((item) => item.json),
				error: last.error as Record<string, unknown> | undefined,
				hints: (last.hints as unknown[] | undefined) ?? [],
			};
		},
	};
}

/**
 * With N8N_LOG_FORMAT=json every stdout line is a JSON log record; the execution result is the
 * record whose message is itself JSON. Plain lines are accepted too (older formats).
 */
export function findRun(stdout: string): Record<string, unknown> | undefined {
	for (const line of stdout.split('\n').reverse()) {
		const text = line.trim();
		if (!text.startsWith('{')) continue;
		let parsed: Record<string, unknown>;
		try {
			parsed = JSON.parse(text) as Record<string, unknown>;
		} catch {
			continue;
		}
		if (typeof parsed.message === 'string' && parsed.message.trim().startsWith('{')) {
			try {
				const inner = JSON.parse(parsed.message) as Record<string, unknown>;
				if (inner.data) return inner;
			} catch {
				continue;
			}
		}
		if (parsed.data && typeof parsed.data === 'object' && 'resultData' in parsed.data)
			return parsed;
	}
	return undefined;
}

export interface Server {
	child: ChildProcess;
	url: string;
	/** Set when started with `processGroup`: the group (n8n and its task runners). */
	group?: OwnedGroup;
	stop(): Promise<void>;
}

export interface ServerOptions {
	/** The n8n command; default `start`. E.g. `['worker', '--concurrency=5']`. */
	args?: string[];
	/** Port whose /healthz/readiness says the process is ready; default the instance's port. */
	readinessPort?: number;
	/** Own process group, stopped as a whole (queue mode: n8n's task runners go with it). */
	processGroup?: boolean;
}

/** `n8n start` (or `args`); resolves once /healthz/readiness answers 200. */
export async function startServer(
	instance: N8nInstance,
	log: (chunk: string) => void,
	timeoutMs = 90_000,
	options: ServerOptions = {},
): Promise<Server> {
	const child = spawn(
		instance.runtime.node,
		[instance.runtime.n8nBin, ...(options.args ?? ['start'])],
		{
			env: instance.env,
			cwd: instance.userFolder,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: options.processGroup === true,
		},
	);
	const group = options.processGroup
		? ownedGroup(child, `n8n ${(options.args ?? ['start'])[0]}`)
		: undefined;
	child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString('utf8')));
	child.stderr?.on('data', (chunk: Buffer) => log(chunk.toString('utf8')));
	const url = `http://127.0.0.1:${instance.port}`;
	const stop = () =>
		group
			? group.stop(15_000)
			: new Promise<void>((resolve) => {
					if (child.exitCode !== null || child.signalCode !== null) return resolve();
					const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
					child.once('exit', () => {
						clearTimeout(force);
						resolve();
					});
					child.kill('SIGTERM');
				});
	const readiness = `http://127.0.0.1:${options.readinessPort ?? instance.port}/healthz/readiness`;
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null)
			throw new Error(
				`n8n ${(options.args ?? ['start']).join(' ')} exited with code ${child.exitCode}`,
			);
		try {
			const response = await fetch(readiness);
			if (response.ok) return { child, url, group, stop };
		} catch {
			// not listening yet
		}
		await new Promise((done) => setTimeout(done, 250));
	}
	await stop();
	throw new Error(
		`n8n ${(options.args ?? ['start']).join(' ')} was not ready within ${timeoutMs / 1000} s`,
	);
}

export function tail(text: string, lines = 30): string {
	return text.split('\n').slice(-lines).join('\n');
}
