import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

import { ALL_SCOPES, startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { useBinaryMode } from '../harness/runWorkflow';
import type { JournalEntry } from '../sandbox/types';
import { IN_WINDOW, SECRET_CLIENT, maxInAnyWindow, runDeletion } from './helpers';

// Hub's documented limit, as the sandbox enforces it: 5 per second and 100 per minute per client,
// counted when Hub handles the request.
const PER_SECOND = 5;
const OTHER_CLIENT = {
	clientId: 'secret-client-2',
	authentication: 'clientSecret',
	clientSecret: 'An0ther-s3cret-for-tests',
};

let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startScalepointFixture({ startTime: IN_WINDOW });
	fx.sandbox.addScalepointClient({
		clientId: OTHER_CLIENT.clientId,
		clientSecret: OTHER_CLIENT.clientSecret,
		scopes: ALL_SCOPES,
	});
	await useBinaryMode('default');
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());
jest.setTimeout(90_000);

function seed(prefix: string, count: number) {
	const numbers = Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
	for (const caseNumber of numbers) fx.sandbox.state.setHubCase({ caseNumber, state: 'deletable' });
	return numbers;
}

async function deleteAll(
	numbers: string[],
	credentials: ReturnType<ScalepointFixture['credentials']>,
) {
	const result = await runDeletion(fx, {
		mode: 'delete',
		items: numbers.map((caseNumber) => ({ caseNumber })),
		credentials,
	});
	expect(result.error).toBeUndefined();
	expect(result.output.filter((item) => item.json.deleted === true)).toHaveLength(numbers.length);
	return result;
}

function hubRequestsOf(clientId: string): JournalEntry[] {
	return fx.sandbox.requests('hub.deleteCase').filter((entry) => entry.clientId === clientId);
}

/**
 * Load while `run` runs: a worker thread spinning on a core, and stalls of the event loop that both
 * the nodes and the sandbox run on, so requests wait between leaving the pacer and being counted
 * by Hub, as on a busy 2-core machine.
 */
async function underCpuLoad<T>(run: () => Promise<T>): Promise<T> {
	const spinner = new Worker('for (;;) {}', { eval: true });
	const stalls = setInterval(() => {
		const until = performance.now() + 40 + Math.random() * 60;
		while (performance.now() < until) {
			// Busy: nothing else on this thread runs meanwhile.
		}
	}, 90);
	try {
		return await run();
	} finally {
		clearInterval(stalls);
		await spinner.terminate();
	}
}

describe("Case Deletion — Hub's limit is per client: one pacer per credential and host", () => {
	it('two executions with the same credential, 20 cases each at 5/s: zero 429s, never more than 5 in a second', async () => {
		const credentials = fx.credentials(SECRET_CLIENT);
		await Promise.all([
			deleteAll(seed('CNA', 20), credentials),
			deleteAll(seed('CNB', 20), credentials),
		]);
		expect(fx.sandbox.state.rateLimitRejections).toBe(0);
		const requests = fx.sandbox.requests('hub.deleteCase');
		expect(requests).toHaveLength(40);
		expect(maxInAnyWindow(requests, 1000)).toBeLessThanOrEqual(PER_SECOND);
	});

	it('the same under CPU load: a busy worker thread and a stalling event loop', async () => {
		const credentials = fx.credentials(SECRET_CLIENT);
		await underCpuLoad(
			async () =>
				await Promise.all([
					deleteAll(seed('CNC', 15), credentials),
					deleteAll(seed('CND', 15), credentials),
				]),
		);
		expect(fx.sandbox.state.rateLimitRejections).toBe(0);
		expect(maxInAnyWindow(fx.sandbox.requests('hub.deleteCase'), 1000)).toBeLessThanOrEqual(
			PER_SECOND,
		);
	});

	it('a request that reaches Hub late still counts in its own second (paced by completion)', async () => {
		const credentials = fx.credentials(SECRET_CLIENT);
		// The 2nd request is held 400 ms on its way (a slow network, a busy server) before Hub
		// counts it: counted at its start, the 7th would make a 6th in that request's second.
		fx.sandbox.faults.add({ route: 'hub.deleteCase', delayMs: 0 });
		fx.sandbox.faults.add({ route: 'hub.deleteCase', delayMs: 400 });
		await deleteAll(seed('CNE', 8), credentials);
		expect(fx.sandbox.state.rateLimitRejections).toBe(0);
	});

	it('different credentials are different clients: each is paced on its own', async () => {
		await Promise.all([
			deleteAll(seed('CNF', 15), fx.credentials(SECRET_CLIENT)),
			deleteAll(seed('CNG', 15), fx.credentials(OTHER_CLIENT)),
		]);
		expect(fx.sandbox.state.rateLimitRejections).toBe(0);
		for (const clientId of [SECRET_CLIENT.clientId, OTHER_CLIENT.clientId]) {
			expect(hubRequestsOf(clientId)).toHaveLength(15);
			expect(maxInAnyWindow(hubRequestsOf(clientId), 1000)).toBeLessThanOrEqual(PER_SECOND);
		}
		// Side by side, not one after the other: together they exceed one client's 5 per second.
		expect(maxInAnyWindow(fx.sandbox.requests('hub.deleteCase'), 1000)).toBeGreaterThan(PER_SECOND);
	});
});
