/**
 * The package in n8n's queue mode: a main n8n 2.40.7 and two workers on Postgres and Redis
 * (scripts/runtime/queueCluster.ts), the packed package installed in every user folder.
 * Executions start from production webhooks, so workers run them; outputs are read from Postgres
 * and what the vendor saw from the sandbox journal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureRuntime } from '../../scripts/runtime/install';
import {
	startQueueCluster,
	type QueueCluster,
	type QueueProcess,
} from '../../scripts/runtime/queueCluster';
import { RUNTIMES } from '../../scripts/runtime/runtimes';
import {
	openSandbox,
	sandboxCredentials,
	type CredentialRecord,
	type SandboxLink,
} from '../../scripts/runtime/sandboxLink';
import type { JournalEntry } from '../../test/sandbox/types';
import {
	filesFrom,
	observedTrigger,
	OBSERVER_PATH,
	readingFile,
	writeInputFiles,
} from '../e2e/moreScenarios';
import { OTHER_EXAMPLES } from '../e2e/otherExamples';
import { isolate, loadExample, packageNode, withCaseTokens, type Scenario } from '../e2e/workflows';
import { errorFacts } from '../harness/errorItems';
import {
	asWebhook,
	claimShopDeletionOfPostedCases,
	hubDeletionOfPostedCases,
	hubMinimumMs,
} from './webhookWorkflows';

const OPEN = 'd1a72df4-f7d5-402c-a495-cc31b8b39a59';
const NO_LINES = '00000000-0000-4000-8000-000000000001';
const SUBMITTED = '00000000-0000-4000-8000-000000000002';
const OPEN_ECB_CASE = '11111111-1111-1111-1111-111111111111';
const IN_DELETION_WINDOW = '2026-01-15T18:00:00.000Z';

const timings: string[] = [];
const note = (line: string) => timings.push(line);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('queue mode: n8n 2.40.7 main + 2 workers, Postgres, Redis', () => {
	let sandbox: SandboxLink;
	let cluster: QueueCluster;
	let filesDir: string;
	let base: CredentialRecord[];
	const scenarios = new Map<string, Scenario & { path: string }>();

	function define(key: string, scenario: Scenario, path: string) {
		scenarios.set(key, { ...scenario, path });
	}

	/** Starts the scenario's workflow once per body through its webhook; waits until all ended. */
	async function runEach(key: string, bodies: unknown[], timeoutMs = 300_000) {
		const scenario = scenarios.get(key)!;
		const known = new Set((await cluster.executions(scenario.workflow.id)).map((row) => row.id));
		const answers = await Promise.all(bodies.map((body) => cluster.webhook(scenario.path, body)));
		for (const answer of answers) expect(answer.status).toBe(200);
		return await cluster.waitForExecutions(scenario.workflow.id, bodies.length, timeoutMs, known);
	}

	async function run(key: string, body: unknown = {}, times = 1, timeoutMs = 300_000) {
		return await runEach(key, Array(times).fill(body), timeoutMs);
	}

	async function outputOf(key: string, executionId: string, nodeName?: string) {
		const scenario = scenarios.get(key)!;
		return await cluster.nodeOutput(executionId, nodeName ?? packageNode(scenario.workflow).name);
	}

	beforeAll(async () => {
		const tarball = process.env.QUEUE_TARBALL;
		if (!tarball)
			throw new Error('QUEUE_TARBALL is not set: run through test/queue/jest.config.js');
		const runtime = await ensureRuntime(RUNTIMES['n8n-2']);
		sandbox = await openSandbox();
		filesDir = mkdtempSync(join(tmpdir(), 'queue-files-'));
		const inputFiles = writeInputFiles(filesDir);
		const started = Date.now();
		cluster = await startQueueCluster(runtime, tarball, {
			env: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir },
		});
		base = sandboxCredentials(sandbox);

		const example = (file: string) => loadExample(file, sandbox.url);
		const selfService = example('scalepoint-self-service-submit-case.json');
		define(
			'selfService',
			isolate(selfService, base, asWebhook('q-self-service')),
			'q-self-service',
		);
		for (const other of OTHER_EXAMPLES) {
			const path = `q-${other.file.replace(/\.json$/, '')}`;
			define(
				other.file,
				isolate(example(other.file), base, (workflow) => {
					asWebhook(path)(workflow);
					readingFile(inputFiles.small)(workflow);
				}),
				path,
			);
		}
		define(
			'files',
			isolate(example('scalepoint-files-submit-from-disk.json'), base, (workflow) => {
				asWebhook('q-files')(workflow);
				filesFrom(inputFiles.small, OPEN_ECB_CASE)(workflow);
			}),
			'q-files',
		);
		define(
			'tokens',
			isolate(selfService, base, (workflow) => {
				asWebhook('q-tokens')(workflow);
				withCaseTokens([NO_LINES])(workflow);
			}),
			'q-tokens',
		);
		const deletion = example('scalepoint-case-deletion-dry-run.json');
		define(
			'hubDelete',
			isolate(deletion, base, hubDeletionOfPostedCases('q-hub-delete')),
			'q-hub-delete',
		);
		define(
			'claimShopDelete',
			isolate(deletion, base, claimShopDeletionOfPostedCases('q-claimshop-delete')),
			'q-claimshop-delete',
		);
		define(
			'crash',
			isolate(deletion, base, hubDeletionOfPostedCases('q-hub-crash')),
			'q-hub-crash',
		);
		// Published later, by its own test: its polls would otherwise start at once.
		const trigger = isolate(
			example('scalepoint-events-trigger.json'),
			base,
			observedTrigger(sandbox.url),
		);
		scenarios.set('trigger', { ...trigger, path: '' });

		const all = [...scenarios.values()];
		await cluster.importCredentials(all.flatMap((scenario) => scenario.credentials));
		await cluster.importWorkflows(all.map((scenario) => scenario.workflow));
		await Promise.all([cluster.main, ...cluster.workers].map((proc) => cluster.start(proc)));
		note(
			`cluster up (postgres, redis, import, main + 2 workers): ${seconds(Date.now() - started)}`,
		);
	}, 600_000);

	afterAll(async () => {
		process.stderr.write(`\n[queue timings]\n  ${timings.join('\n  ')}\n`);
		await cluster?.close();
		await sandbox?.close();
		if (filesDir) rmSync(filesDir, { recursive: true, force: true });
	});

	beforeEach(async () => {
		await sandbox.reset();
	});

	const workersOf = (ids: string[]) =>
		new Set(ids.map((id) => cluster.workerOf(id)?.name ?? 'unknown'));

	it('Self-Service example: the same output as in a single instance, run by a worker', async () => {
		const [execution] = await run('selfService');
		expect(execution.status).toBe('success');
		expect(cluster.workerOf(execution.id)).toBeDefined();
		const node = await outputOf('selfService', execution.id);
		expect(node.output).toEqual([
			{
				success: true,
				submitted: true,
				code: 'SUCCESS',
				caseToken: OPEN,
				message: 'The case was submitted to ClaimShop',
			},
			expect.objectContaining({ success: true, submitted: false, code: 'NO_LINES_TO_SUBMIT' }),
		]);
		expect(node.errorOutput).toHaveLength(1);
		expect(String(node.errorOutput[0].error)).toContain('CASE_ALREADY_SUBMITTED');
		expect(await sandbox.requests('scalepoint.token')).toHaveLength(1);
		expect((await sandbox.requests('selfService.submit')).map((e) => e.rawPath).sort()).toEqual(
			[OPEN, NO_LINES, SUBMITTED]
				.map((token) => `/self-service/dk/api/abcinsurance/case/${token}/submitted`)
				.sort(),
		);
	});

	for (const example of OTHER_EXAMPLES) {
		it(`${example.file}: the same output as in a single instance, run by a worker`, async () => {
			await example.prepare?.(sandbox);
			const [execution] = await run(example.file);
			expect(execution.status).toBe('success');
			expect(cluster.workerOf(execution.id)).toBeDefined();
			const node = await outputOf(example.file, execution.id, example.node);
			expect(node.errorOutput).toHaveLength(example.errorItems ?? 0);
			expect(node.output.length).toBeGreaterThan(0);
			await example.check(node.output, sandbox);
		});
	}

	it('Scalepoint Files example: a file read on the worker (binary data in the database) is submitted once', async () => {
		const [execution] = await run('files');
		expect(execution.status).toBe('success');
		const node = await outputOf('files', execution.id);
		expect(node.errorOutput).toEqual([]);
		expect(node.output).toEqual([
			expect.objectContaining({ success: true, caseId: OPEN_ECB_CASE }),
		]);
		expect(await sandbox.requests('ecb.submitForCase')).toHaveLength(1);
		const state = (await sandbox.state()) as { files: Array<{ fileName: string }> };
		expect(state.files).toEqual([expect.objectContaining({ fileName: 'note.pdf' })]);
	});

	it('tokens: 20 executions over both workers fetch at most one token per worker; after a revocation each worker refreshes at most once', async () => {
		const first = await run('tokens', {}, 20);
		const firstWorkers = workersOf(first.map((e) => e.id));
		const tokenRequests = (await sandbox.requests('scalepoint.token')).length;
		note(
			`tokens: 20 executions on ${[...firstWorkers].join(' + ')}: ${tokenRequests} token requests`,
		);
		expect(first.map((e) => e.status)).toEqual(Array(20).fill('success'));
		expect(firstWorkers).toEqual(new Set(['worker-0', 'worker-1']));
		expect(tokenRequests).toBeGreaterThanOrEqual(1);
		expect(tokenRequests).toBeLessThanOrEqual(firstWorkers.size);
		for (const execution of first)
			expect((await outputOf('tokens', execution.id)).output).toEqual([
				expect.objectContaining({ code: 'NO_LINES_TO_SUBMIT' }),
			]);

		// Scalepoint revokes the token every worker holds (in memory and in Postgres).
		await sandbox.control('DELETE', 'tokens');
		await sandbox.clearJournal();
		const second = await run('tokens', {}, 20);
		const secondWorkers = workersOf(second.map((e) => e.id));
		const refreshes = (await sandbox.requests('scalepoint.token')).length;
		const refused = (await sandbox.requests('selfService.submit')).filter((e) => e.status === 401);
		note(
			`tokens after revocation: 20 executions on ${[...secondWorkers].join(' + ')}: ${refreshes} token requests, ${refused.length} × 401`,
		);
		expect(second.map((e) => e.status)).toEqual(Array(20).fill('success'));
		for (const execution of second) {
			const node = await outputOf('tokens', execution.id);
			expect(node.errorOutput).toEqual([]);
			expect(node.output).toEqual([expect.objectContaining({ code: 'NO_LINES_TO_SUBMIT' })]);
		}
		expect(refreshes).toBeGreaterThanOrEqual(1);
		expect(refreshes).toBeLessThanOrEqual(secondWorkers.size);
	});

	/** `count` deletable Hub (or ClaimShop) cases named <prefix>0001...; returns their numbers. */
	async function seedHubCases(
		prefix: string,
		count: number,
		collection: 'hubCases' | 'claimShopCases' = 'hubCases',
	): Promise<string[]> {
		const numbers = Array.from(
			{ length: count },
			(_, i) => `${prefix}${String(i + 1).padStart(4, '0')}`,
		);
		await sandbox.patchState({
			[collection]: Object.fromEntries(
				numbers.map((caseNumber, i) => [
					caseNumber,
					{
						caseNumber,
						caseToken: `b0000000-0000-4000-8000-${prefix.charCodeAt(0).toString(16).padStart(4, '0')}${String(i).padStart(8, '0')}`,
						state: 'deletable',
					},
				]),
			),
		});
		return numbers;
	}

	const caseNumberOf = (entry: JournalEntry) => (entry.json as { caseNumber?: string }).caseNumber;
	const deletedAnswers = (entries: JournalEntry[]) =>
		entries.filter((e) => e.status === 200 && (e.json as { execute?: boolean }).execute === true);

	it('rate limits across processes: two 100-case Hub deletions on different workers against 5/s + 100/min: all deleted, no item lost to a 429, within 1.3× the minimum', async () => {
		await sandbox.control('POST', 'clock', { set: IN_DELETION_WINDOW });
		const a = await seedHubCases('QA', 100);
		const b = await seedHubCases('QB', 100);
		const executions = await runEach(
			'hubDelete',
			[a, b].map((numbers) => ({ cases: numbers.map((caseNumber) => ({ caseNumber })) })),
			400_000,
		);
		const ids = executions.map((e) => e.id);
		const ranOn = workersOf(ids);
		const outputs = await Promise.all(ids.map((id) => outputOf('hubDelete', id)));
		const requests = await sandbox.requests('hub.deleteCase');
		const accepted = requests.filter((e) => e.status !== 429);
		const rejected = requests.filter((e) => e.status === 429);
		const wallMs = Date.parse(accepted[accepted.length - 1].at) - Date.parse(requests[0].at);
		const minimumMs = hubMinimumMs(200);
		note(
			`hub 2×100 on ${[...ranOn].join(' + ')}: ${seconds(wallMs)} (minimum ${seconds(minimumMs)}, ratio ${(wallMs / minimumMs).toFixed(2)}), ${rejected.length} × 429 waited out`,
		);
		expect(ranOn).toEqual(new Set(['worker-0', 'worker-1']));
		for (const node of outputs) {
			expect(node.errorOutput.map((item) => item.error)).toEqual([]);
			expect(node.output).toHaveLength(100);
			for (const item of node.output) expect(item).toMatchObject({ deleted: true });
		}
		const state = (await sandbox.state()) as { hubCases: Record<string, { state: string }> };
		for (const caseNumber of [...a, ...b]) expect(state.hubCases[caseNumber].state).toBe('deleted');
		expect(wallMs).toBeLessThanOrEqual(minimumMs * 1.3);
	}, 600_000);

	it("ClaimShop's 5 requests in flight (for all clients) across processes: two 100-case deletions on different workers: all deleted, no item lost to a 429", async () => {
		await sandbox.control('POST', 'clock', { set: IN_DELETION_WINDOW });
		const a = await seedHubCases('QD', 100, 'claimShopCases');
		const b = await seedHubCases('QE', 100, 'claimShopCases');
		const executions = await runEach(
			'claimShopDelete',
			[a, b].map((numbers) => ({ cases: numbers.map((caseNumber) => ({ caseNumber })) })),
			400_000,
		);
		const ids = executions.map((e) => e.id);
		const ranOn = workersOf(ids);
		const outputs = await Promise.all(ids.map((id) => outputOf('claimShopDelete', id)));
		const requests = await sandbox.requests('claimShop.deleteCase');
		const rejected = requests.filter((e) => e.status === 429);
		note(
			`claimshop 2×100 on ${[...ranOn].join(' + ')}: ${requests.length} requests, ${rejected.length} × 429 (over 5 in flight) waited out`,
		);
		expect(ranOn).toEqual(new Set(['worker-0', 'worker-1']));
		for (const node of outputs) {
			expect(node.errorOutput.map((item) => item.error)).toEqual([]);
			expect(node.output).toHaveLength(100);
			for (const item of node.output) expect(item).toMatchObject({ deleted: true });
		}
		// Every case deleted by exactly one request: ClaimShop answers 429 only to requests it did
		// not act on, and nothing else was sent twice.
		const deleted = requests.filter((e) => e.status === 200).map(caseNumberOf);
		expect(deleted.sort()).toEqual([...a, ...b].sort());
		const state = (await sandbox.state()) as { claimShopCases: Record<string, { state: string }> };
		for (const caseNumber of [...a, ...b])
			expect(state.claimShopCases[caseNumber].state).toBe('deleted');
	}, 600_000);

	it('a worker SIGKILLed mid-run in a 100-case Hub deletion: running it again finishes the job and deletes nothing twice', async () => {
		await sandbox.control('POST', 'clock', { set: IN_DELETION_WINDOW });
		const numbers = await seedHubCases('QC', 100);
		const body = { cases: numbers.map((caseNumber) => ({ caseNumber })) };
		const workflowId = scenarios.get('crash')!.workflow.id;
		expect((await cluster.webhook('q-hub-crash', body)).status).toBe(200);

		// Let it delete a part, then kill the worker running it (and its task runner) at once.
		let victim: QueueProcess | undefined;
		let crashedId = '';
		const deadline = Date.now() + 240_000;
		for (;;) {
			const [row] = await cluster.executions(workflowId);
			if (row) {
				crashedId = row.id;
				victim = cluster.workerOf(row.id);
			}
			const deleted = deletedAnswers(await sandbox.requests('hub.deleteCase')).length;
			if (victim && deleted >= 30) break;
			if (Date.now() > deadline) throw new Error(`only ${deleted} deletions within 240 s`);
			await sleep(200);
		}
		await cluster.kill(victim);
		const beforeRerun = deletedAnswers(await sandbox.requests('hub.deleteCase')).length;
		// What n8n makes of it: the job's lock expires, the execution is marked.
		await sleep(5_000);
		const [crashed] = await cluster.executions(workflowId);
		note(
			`crash: worker ${victim.name} killed after ${beforeRerun} deletions; execution ${crashedId} is '${crashed.status}'`,
		);
		await cluster.start(victim);

		const [rerun] = await run('crash', body, 1, 300_000);
		const node = await outputOf('crash', rerun.id);
		const journal = await sandbox.requests('hub.deleteCase');
		const deletions = deletedAnswers(journal);
		const perCase = new Map<string, number>();
		for (const entry of deletions) {
			const caseNumber = caseNumberOf(entry)!;
			perCase.set(caseNumber, (perCase.get(caseNumber) ?? 0) + 1);
		}
		const state = (await sandbox.state()) as { hubCases: Record<string, { state: string }> };
		for (const caseNumber of numbers) expect(state.hubCases[caseNumber].state).toBe('deleted');
		// Nothing deleted twice: every case got exactly one successful deletion answer.
		expect([...perCase.values()].every((count) => count === 1)).toBe(true);
		expect(perCase.size).toBe(100);
		// The re-run deleted the rest (alreadyDeleted: false). The cases the crashed run had deleted
		// answer 404, which cannot tell "deleted earlier" from "never existed": alreadyDeleted null.
		const rerunIds = new Set(node.output.map((item) => item.requestId));
		for (const item of node.output)
			expect(item).toMatchObject({ deleted: true, alreadyDeleted: false });
		const gone = node.errorOutput.map((item) => errorFacts({ json: item } as never));
		note(
			`crash re-run: ${node.output.length} deleted, ${gone.length} already gone (404, alreadyDeleted null)`,
		);
		for (const item of gone) {
			expect(item).toMatchObject({ found: false, deleted: false, alreadyDeleted: null });
			expect(String(item.error)).toMatch(/not found \(404\)$/);
		}
		const deletedByCrashedRun = deletions
			.filter((entry) => !rerunIds.has((entry.json as { requestId?: string }).requestId))
			.map(caseNumberOf);
		expect(gone.map((item) => item.caseNumber).sort()).toEqual(deletedByCrashedRun.sort());
		expect(node.output.length + gone.length).toBe(100);
		expect(gone.length).toBeGreaterThanOrEqual(beforeRerun);
	}, 600_000);

	it('Events Trigger: polls run on main only; restarting a worker or main mid-stream neither loses nor repeats events', async () => {
		const workflowId = scenarios.get('trigger')!.workflow.id;
		const observed = async () =>
			(await sandbox.requests('unknown'))
				.filter((entry) => entry.rawPath === OBSERVER_PATH)
				.map((entry) => (entry.json as { eventId: string }).eventId);
		const waitForObserved = async (count: number) => {
			const deadline = Date.now() + 240_000;
			while ((await observed()).length < count && Date.now() < deadline) await sleep(250);
			await sleep(1500);
			return await observed();
		};
		const publish = async (caseNumber: string) =>
			await sandbox.control('POST', 'events', {
				eventType: 'case_created',
				attributes: { caseNumber },
			});
		const restartMain = async () => {
			await cluster.stop(cluster.main);
			await cluster.start(cluster.main);
		};

		await publish('CN1');
		await publish('CN2');
		await cluster.publish([workflowId]);
		await restartMain();
		expect(await waitForObserved(2)).toEqual(['_1', '_2']);

		// A worker restarts mid-stream: the other runs the executions meanwhile.
		await cluster.stop(cluster.workers[0]);
		await publish('CN3');
		await restartMain();
		expect(await waitForObserved(3)).toEqual(['_1', '_2', '_3']);
		await cluster.start(cluster.workers[0]);

		// Main stopped, both workers up for longer than one poll interval: nobody polls.
		await cluster.stop(cluster.main);
		await publish('CN4');
		const receivesBefore = (await sandbox.requests('events.receive')).length;
		await sleep(65_000);
		expect((await sandbox.requests('events.receive')).length).toBe(receivesBefore);
		expect(await observed()).toEqual(['_1', '_2', '_3']);

		// Main back: its activation poll resumes after _3 (the cursor is in Postgres).
		await cluster.start(cluster.main);
		expect(await waitForObserved(4)).toEqual(['_1', '_2', '_3', '_4']);
		const receives = await sandbox.requests('events.receive');
		expect(receives.some((entry) => entry.query.lastEventId === '_3')).toBe(true);
	}, 600_000);
});
