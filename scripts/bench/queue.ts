/**
 * Event publish in n8n's queue mode: the same items sent by 2 workers, by 1 worker and by a single
 * n8n instance (regular mode), side by side on one Postgres (scripts/runtime/queueCluster.ts).
 * The items are split over several executions started at once through a production webhook:
 * one execution always runs on one worker, so only several executions can use a second worker.
 *
 * Time: from the first webhook call to the last execution's `stoppedAt` in Postgres. CPU: user +
 * system time of every process of the setup (main, workers and their task runners; Postgres and
 * Redis separately), from /proc, over the same span, per item sent.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { startQueueCluster, type QueueCluster, type QueueProcess } from '../runtime/queueCluster';
import { sandboxCredentials } from '../runtime/sandboxLink';
import type { BenchEnvironment } from './environment';
import { freshCredential, webhookEventsWorkflow } from './workflows';

export interface QueueRun {
	setup: string;
	round: number;
	items: number;
	executions: number;
	wallMs: number;
	perSecond: number;
	/** CPU of main + workers (+ their task runners), ms. */
	n8nCpuMs: number;
	/** CPU of Postgres and Redis, ms. */
	servicesCpuMs: number;
	accepted: number;
	tokenRequests: number;
	failedExecutions: number;
	/** Executions per worker (queue mode). */
	perWorker: Record<string, number>;
}

export interface QueueFigures {
	items: number;
	executions: number;
	workerConcurrency: number;
	runs: QueueRun[];
}

export const TWO_WORKERS = 'queue mode, 2 workers';
export const ONE_WORKER = 'queue mode, 1 worker';
export const SINGLE = 'single instance (regular mode)';

const PATH = 'bench-queue-publish';
/** A 10-item copy run before each measurement: a process's first execution loads nodes and starts its task runner. */
const WARM_UP_PATH = 'bench-queue-warm-up';

interface ProcStat {
	pid: number;
	ppid: number;
	/** utime + stime + cutime + cstime, ms (children already reaped included). */
	cpuMs: number;
	cmdline: string;
}

function processTable(): ProcStat[] {
	const table: ProcStat[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
			table.push({
				pid: Number(entry),
				ppid: Number(fields[1]),
				cpuMs: ticks * 10,
				cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '),
			});
		} catch {
			// exited while we read
		}
	}
	return table;
}

/** CPU of the given processes and all their descendants, ms. */
function treeCpuMs(table: ProcStat[], roots: number[]): number {
	const inTree = new Set(roots);
	let grew = true;
	while (grew) {
		grew = false;
		for (const proc of table) {
			if (!inTree.has(proc.pid) && inTree.has(proc.ppid)) {
				inTree.add(proc.pid);
				grew = true;
			}
		}
	}
	return table.filter((proc) => inTree.has(proc.pid)).reduce((sum, proc) => sum + proc.cpuMs, 0);
}

function cpuSample(cluster: QueueCluster) {
	const table = processTable();
	const n8nRoots = [cluster.main, ...cluster.workers]
		.map((proc) => proc.server?.child.pid)
		.filter((pid): pid is number => pid !== undefined);
	const postmaster = table.find(
		(proc) =>
			/\/bin\/postgres /.test(proc.cmdline) && proc.cmdline.includes(`-p ${cluster.postgres.port}`),
	)?.pid;
	const services = [cluster.redis.group.pid, ...(postmaster ? [postmaster] : [])];
	return { n8n: treeCpuMs(table, n8nRoots), services: treeCpuMs(table, services) };
}

/** Why an execution failed, from its stored run data (for the log only). */
async function failureOf(cluster: QueueCluster, id: string): Promise<string> {
	const [row] = await cluster.query<{ data: string }>(
		'SELECT data FROM execution_data WHERE "executionId" = $1',
		[Number(id)],
	);
	const match = /"message":"([^"]{0,300})/.exec(row?.data ?? '');
	return match?.[1] ?? (row?.data ?? 'no data').slice(0, 300);
}

export async function runQueueFigures(
	env: BenchEnvironment,
	options: { items: number; executions: number; rounds: number },
	log: (line: string) => void,
): Promise<QueueFigures> {
	const { items, executions, rounds } = options;
	const perExecution = Math.ceil(items / executions);
	const total = perExecution * executions;
	// A worker takes all executions at once, as a single instance does: only the processes differ.
	const workerConcurrency = executions;
	const started = Date.now();
	const cluster = await startQueueCluster(env.runtime, env.tarball, {
		workers: 2,
		concurrency: workerConcurrency,
		log: (line) => log(`    [cluster] ${line}`),
	});
	const runs: QueueRun[] = [];
	try {
		const base = sandboxCredentials(env.sandbox).find((r) => r.type === 'scalepointApi')!;
		const credential = freshCredential(base);
		const workflow = webhookEventsWorkflow(perExecution, env.sandbox.url, credential, PATH);
		const warmUp = webhookEventsWorkflow(10, env.sandbox.url, credential, WARM_UP_PATH);
		await cluster.importCredentials([credential]);
		await cluster.importWorkflows([workflow, warmUp]);
		const mainEnv = cluster.main.instance.env;
		const [first, second] = cluster.workers;
		const setMode = async (mode: 'queue' | 'regular') => {
			if (mainEnv.EXECUTIONS_MODE === mode && cluster.main.server) return;
			await cluster.stop(cluster.main);
			mainEnv.EXECUTIONS_MODE = mode;
			await cluster.start(cluster.main);
		};
		const setWorkers = async (wanted: QueueProcess[]) => {
			for (const worker of cluster.workers) {
				const want = wanted.includes(worker);
				if (want && !worker.server) await cluster.start(worker);
				if (!want && worker.server) await cluster.stop(worker);
			}
		};
		log(`    [cluster] ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);

		const measure = async (setup: string, round: number) => {
			const warmed = new Set((await cluster.executions(warmUp.id)).map((row) => row.id));
			await Promise.all(
				Array.from({ length: executions }, () => cluster.webhook(WARM_UP_PATH, {})),
			);
			await cluster.waitForExecutions(warmUp.id, executions, 300_000, warmed);
			const known = new Set((await cluster.executions(workflow.id)).map((row) => row.id));
			await env.sandbox.clearJournal();
			const before = cpuSample(cluster);
			const t0 = Date.now();
			const answers = await Promise.all(
				Array.from({ length: executions }, () => cluster.webhook(PATH, {})),
			);
			const refused = answers.filter((answer) => answer.status !== 200);
			if (refused.length) throw new Error(`webhook refused: ${JSON.stringify(refused[0])}`);
			const ended = await cluster.waitForExecutions(workflow.id, executions, 900_000, known);
			const after = cpuSample(cluster);
			const last = Math.max(...ended.map((row) => new Date(row.stoppedAt!).getTime()));
			const journal = await env.sandbox.journal();
			const perWorker: Record<string, number> = {};
			if (setup !== SINGLE) {
				for (const row of ended) {
					const name = cluster.workerOf(row.id)?.name ?? 'unknown';
					perWorker[name] = (perWorker[name] ?? 0) + 1;
				}
			}
			const run: QueueRun = {
				setup,
				round,
				items: total,
				executions,
				wallMs: last - t0,
				perSecond: (total / (last - t0)) * 1000,
				n8nCpuMs: after.n8n - before.n8n,
				servicesCpuMs: after.services - before.services,
				accepted: journal.filter((e) => e.route === 'events.send' && e.status === 201).length,
				tokenRequests: journal.filter((e) => e.route === 'scalepoint.token').length,
				failedExecutions: ended.filter((row) => row.status !== 'success').length,
				perWorker,
			};
			runs.push(run);
			const failed = ended.find((row) => row.status !== 'success');
			if (failed)
				log(`    first failed execution ${failed.id}: ${await failureOf(cluster, failed.id)}`);
			log(
				`  round ${round} ${setup}: ${(run.wallMs / 1000).toFixed(1)} s (${run.perSecond.toFixed(0)}/s), ` +
					`CPU n8n ${((run.n8nCpuMs / total) * 1000).toFixed(0)} µs/item + Postgres/Redis ${((run.servicesCpuMs / total) * 1000).toFixed(0)} µs/item, ` +
					`${run.accepted}/${total} accepted, ${run.failedExecutions} failed execution(s), ${run.tokenRequests} token request(s)` +
					(Object.keys(perWorker).length
						? `, executions per worker ${JSON.stringify(perWorker)}`
						: ''),
			);
		};

		for (let round = 1; round <= rounds; round++) {
			await setMode('queue');
			await setWorkers([first, second]);
			await measure(TWO_WORKERS, round);
			await setWorkers([first]);
			await measure(ONE_WORKER, round);
			await setWorkers([]);
			await setMode('regular');
			await measure(SINGLE, round);
		}
	} finally {
		await cluster.close();
	}
	return { items: total, executions, workerConcurrency, runs };
}
