/**
 * n8n's queue mode on one machine, loopback only: private PostgreSQL and Redis (services.ts), a
 * main n8n (`EXECUTIONS_MODE=queue`, `DB_TYPE=postgresdb`) and `n8n worker` processes, each with
 * its own user folder holding the packed package (as users install it). Executions are started
 * through webhooks, so workers run them; results are read from Postgres, where n8n keeps them, and
 * which worker ran what from each worker's own log. `stop()` ends every process it started.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { freePort } from './ports';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installIntoUserFolder, type InstalledPackage } from './communityPackage';
import type { Runtime } from './install';
import {
	createInstance,
	importCredentials,
	importWorkflows,
	n8nOk,
	startServer,
	type N8nInstance,
	type Server,
} from './n8nProcess';
import {
	ensureDebianServices,
	startPostgres,
	startRedis,
	type Postgres,
	type Redis,
} from './services';

type Log = (line: string) => void;

export { freePort };

export interface QueueProcess {
	/** `main`, `worker-0`, `worker-1`, ... */
	name: string;
	instance: N8nInstance;
	/** Everything the process printed, across restarts. */
	log: string[];
	server?: Server;
	/** Port of its readiness endpoint (main: the editor port; a worker: its health server). */
	readinessPort: number;
	args: string[];
}

export interface ExecutionRow {
	id: string;
	status: string;
	finished: boolean;
	startedAt: Date | null;
	stoppedAt: Date | null;
}

export interface NodeOutput {
	output: Array<Record<string, unknown>>;
	errorOutput: Array<Record<string, unknown>>;
	error?: Record<string, unknown>;
}

export interface QueueCluster {
	main: QueueProcess;
	workers: QueueProcess[];
	postgres: Postgres;
	redis: Redis;
	installed: InstalledPackage;
	/** An instance for CLI commands while the processes run (its own task-broker port). */
	cli: N8nInstance;
	importCredentials(records: unknown[]): Promise<void>;
	/** Imports workflows and publishes those with `active: true`. */
	importWorkflows(workflows: Array<{ id: string; active?: boolean }>): Promise<void>;
	/** Publishes workflows; main activates their triggers and webhooks when it (re)starts. */
	publish(ids: string[]): Promise<void>;
	start(process: QueueProcess): Promise<void>;
	/** SIGTERM (graceful: n8n finishes or hands back its jobs), SIGKILL after 15 s. */
	stop(process: QueueProcess): Promise<void>;
	/** SIGKILL the process group at once: a crash. */
	kill(process: QueueProcess): Promise<void>;
	/** POST to a production webhook of main; resolves with the HTTP status and body. */
	webhook(path: string, body: unknown): Promise<{ status: number; body: string }>;
	executions(workflowId: string): Promise<ExecutionRow[]>;
	/**
	 * Waits until `count` executions of the workflow, other than those in `except`, have ended;
	 * returns them oldest first.
	 */
	waitForExecutions(
		workflowId: string,
		count: number,
		timeoutMs?: number,
		except?: Set<string>,
	): Promise<ExecutionRow[]>;
	/** The output of node `nodeName` in execution `id` (its last run). */
	nodeOutput(id: string, nodeName: string): Promise<NodeOutput>;
	/** The worker whose log says it started execution `id`, or undefined. */
	workerOf(id: string): QueueProcess | undefined;
	query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
	close(): Promise<void>;
}

export interface QueueClusterOptions {
	workers?: number;
	/** `n8n worker --concurrency` for each worker. */
	concurrency?: number;
	/** Extra environment for every process (e.g. N8N_RESTRICT_FILE_ACCESS_TO). */
	env?: NodeJS.ProcessEnv;
	log?: Log;
}

/** The subset of `pg` used here (loaded from the runtime's own node_modules). */
interface PgPool {
	query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
	end(): Promise<void>;
}

export async function startQueueCluster(
	runtime: Runtime,
	tarball: string,
	options: QueueClusterOptions = {},
): Promise<QueueCluster> {
	const log = options.log ?? ((line: string) => process.stderr.write(`[queue] ${line}\n`));
	const cleanups: Array<() => Promise<void>> = [];
	const cleanup = async () => {
		for (const step of cleanups.splice(0).reverse()) {
			try {
				await step();
			} catch (error) {
				log(`cleanup: ${error instanceof Error ? error.message : String(error)}`);
			}
		}
	};
	try {
		ensureDebianServices(log);
		const postgres = await startPostgres(await freePort(), log);
		cleanups.push(() => postgres.stop());
		const redisDir = mkdtempSync(join(tmpdir(), 'n8n-queue-redis-'));
		const redis = await startRedis(redisDir, await freePort());
		cleanups.push(() => redis.stop());

		const shared: NodeJS.ProcessEnv = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: postgres.host,
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			// Restarts in the tests wait for running jobs at most this long.
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '20',
			...options.env,
		};
		const folders: string[] = [];
		cleanups.push(async () => {
			if (process.env.QUEUE_KEEP === '1') return log(`kept user folders: ${folders.join(' ')}`);
			for (const folder of folders) rmSync(folder, { recursive: true, force: true });
		});
		let installed: InstalledPackage | undefined;
		const newProcess = async (name: string, worker: boolean): Promise<QueueProcess> => {
			const userFolder = mkdtempSync(join(tmpdir(), `n8n-queue-${name}-`));
			folders.push(userFolder);
			installed = installIntoUserFolder(tarball, userFolder);
			const port = await freePort();
			const health = worker ? await freePort() : port;
			const instance = createInstance(runtime, {
				userFolder,
				port,
				brokerPort: await freePort(),
				env: {
					...shared,
					...(worker
						? {
								QUEUE_HEALTH_CHECK_ACTIVE: 'true',
								QUEUE_HEALTH_CHECK_PORT: String(health),
								// Else the worker's health server listens on every interface.
								N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
							}
						: {}),
				},
			});
			return {
				name,
				instance,
				log: [],
				readinessPort: health,
				args: worker ? ['worker', `--concurrency=${options.concurrency ?? 5}`] : ['start'],
			};
		};
		const folderStart = Date.now();
		const main = await newProcess('main', false);
		const workers: QueueProcess[] = [];
		for (let index = 0; index < (options.workers ?? 2); index++)
			workers.push(await newProcess(`worker-${index}`, true));
		log(`user folders with the package in ${((Date.now() - folderStart) / 1000).toFixed(1)} s`);
		const cli = createInstance(runtime, {
			userFolder: main.instance.userFolder,
			port: await freePort(),
			brokerPort: await freePort(),
			env: shared,
		});

		const pg = createRequire(join(runtime.dir, 'package.json'))('pg') as {
			Pool: new (config: Record<string, unknown>) => PgPool;
		};
		const flatted = createRequire(join(runtime.dir, 'node_modules', 'n8n', 'package.json'))(
			'flatted',
		) as { parse(text: string): unknown };
		const db = new pg.Pool({
			max: 3,
			host: postgres.host,
			port: postgres.port,
			user: postgres.user,
			database: postgres.database,
		});
		const query = async <T>(sql: string, params?: unknown[]) =>
			(await db.query(sql, params)).rows as T[];

		const start = async (proc: QueueProcess) => {
			const started = Date.now();
			proc.server = await startServer(proc.instance, (chunk) => proc.log.push(chunk), 120_000, {
				args: proc.args,
				readinessPort: proc.readinessPort,
				processGroup: true,
			});
			log(`${proc.name} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		};
		const stop = async (proc: QueueProcess) => {
			await proc.server?.stop();
			proc.server = undefined;
		};
		const all = () => [main, ...workers];
		cleanups.push(async () => {
			for (const proc of all().reverse()) await stop(proc);
		});

		// The first command creates the schema; the processes start on a migrated database.
		cleanups.push(async () => {
			await db.end().catch(() => undefined);
		});
		const migrated = Date.now();
		await n8nOk(cli, ['list:workflow']);
		log(`database migrated in ${((Date.now() - migrated) / 1000).toFixed(1)} s`);

		const cluster: QueueCluster = {
			main,
			workers,
			postgres,
			redis,
			installed: installed!,
			cli,
			importCredentials: async (records) => void (await importCredentials(cli, records)),
			importWorkflows: async (workflows) => {
				await importWorkflows(cli, workflows);
				await cluster.publish(workflows.filter((w) => w.active).map((w) => w.id));
			},
			publish: async (ids) => {
				// What `n8n publish:workflow` does (WorkflowRepository.publishVersion), for many at
				// once and without a CLI start (~4 s each). Main activates them when it (re)starts.
				if (ids.length)
					await query(
						'UPDATE workflow_entity SET active = true, "activeVersionId" = "versionId" WHERE id = ANY($1)',
						[ids],
					);
			},
			start,
			stop,
			kill: async (proc) => {
				const group = proc.server?.group;
				if (!group) return;
				group.signal('SIGKILL');
				await group.exited;
				proc.server = undefined;
			},
			webhook: async (path, body) => {
				// Main answers readiness before it has registered every published webhook.
				const deadline = Date.now() + 30_000;
				while (
					(await query('SELECT 1 FROM webhook_entity WHERE "webhookPath" = $1', [path])).length ===
					0
				) {
					if (Date.now() > deadline) throw new Error(`webhook ${path} was not registered in 30 s`);
					await new Promise((done) => setTimeout(done, 200));
				}
				const response = await fetch(`http://127.0.0.1:${main.instance.port}/webhook/${path}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
				});
				return { status: response.status, body: await response.text() };
			},
			executions: async (workflowId) =>
				await query<ExecutionRow>(
					'SELECT id::text AS id, status, finished, "startedAt", "stoppedAt" FROM execution_entity WHERE "workflowId" = $1 ORDER BY id',
					[workflowId],
				),
			waitForExecutions: async (workflowId, count, timeoutMs = 180_000, except = new Set()) => {
				const deadline = Date.now() + timeoutMs;
				for (;;) {
					const rows = (await cluster.executions(workflowId)).filter((row) => !except.has(row.id));
					const ended = rows.filter((row) => row.stoppedAt !== null);
					if (ended.length >= count) return ended;
					if (Date.now() > deadline)
						throw new Error(
							`${ended.length} of ${count} executions of ${workflowId} ended within ${timeoutMs / 1000} s (statuses: ${rows.map((row) => row.status).join(', ')})`,
						);
					await new Promise((done) => setTimeout(done, 250));
				}
			},
			nodeOutput: async (id, nodeName) => {
				const [row] = await query<{ data: string }>(
					'SELECT data FROM execution_data WHERE "executionId" = $1',
					[Number(id)],
				);
				if (!row) throw new Error(`execution ${id} has no data`);
				const run = flatted.parse(row.data) as {
					resultData?: { runData?: Record<string, Array<Record<string, unknown>>> };
				};
				const runs = run.resultData?.runData?.[nodeName];
				if (!runs?.length) throw new Error(`node "${nodeName}" did not run in execution ${id}`);
				const last = runs[runs.length - 1];
				const mainOut = ((last.data as { main?: unknown[][] } | undefined)?.main ??
					[]) as Array<Array<{ json: Record<string, unknown> }> | null>;
				return {
					output: (mainOut[0] ?? []).map((item) => item.json),
					errorOutput: (mainOut[1] ?? []).map((item) => item.json),
					error: last.error as Record<string, unknown> | undefined,
				};
			},
			workerOf: (id) =>
				workers.find((worker) => worker.log.join('').includes(`Worker started execution ${id} (`)),
			query,
			close: cleanup,
		};
		return cluster;
	} catch (error) {
		await cleanup();
		throw error;
	}
}
