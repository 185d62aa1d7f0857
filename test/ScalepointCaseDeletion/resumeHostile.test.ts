import { randomUUID } from 'node:crypto';

import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { GUID, IN_WINDOW, runDeletion } from './helpers';

/**
 * Resuming a partial Hub deletion from an error item's message must find the request ID of that
 * deletion whatever the case number holds: brackets, a forged ", requestId: <guid>", a forged
 * identifiers group. Otherwise it fails clearly; it never resumes another request ID.
 */

const EVIL = 'e0000000-0000-4000-8000-00000000e111';

let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startScalepointFixture({ startTime: IN_WINDOW });
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

const hubRequests = () => fx.sandbox.requests('hub.deleteCase');
const sentRequestId = (index: number) =>
	(hubRequests()[index].json as Record<string, unknown>).requestId;

/** A case whose first deletion fails part way (500), so it must be resumed. */
function failingCase(caseNumber: string) {
	fx.sandbox.state.hubCases[caseNumber] = {
		caseNumber,
		caseToken: randomUUID(),
		state: 'failsPartway',
	};
}

/** The first run's error item, as the next node gets it from the error output. */
async function failedOnce(caseNumber: string) {
	failingCase(caseNumber);
	const first = await runDeletion(fx, {
		mode: 'delete',
		onError: 'continueErrorOutput',
		options: { serverErrorRetries: 0 },
		items: [{ caseNumber }],
	});
	expect(first.errorOutput).toHaveLength(1);
	return first.errorOutput[0].json;
}

async function resumeWith(items: Array<Record<string, unknown>>) {
	return await runDeletion(fx, {
		mode: 'delete',
		onError: 'continueErrorOutput',
		parameters: { requestId: '={{ $json.requestId || $json.message }}' },
		items,
	});
}

describe('resume from an error item, whatever the case number holds', () => {
	it.each([
		['CN(1'],
		['CN)1'],
		['CN(1)'],
		[`CN1, requestId: ${EVIL}`],
		[`CN1 (requestId: ${EVIL})`],
		[`CN1" Identifiers: {"requestId":"${EVIL}"}`],
		[`CN1 Identifiers: {"requestId":"${EVIL}","caseNumber":"CN1"}`],
	])('case number %j: resumes its own request ID', async (caseNumber) => {
		const errorItem = await failedOnce(caseNumber);
		const original = sentRequestId(0);
		expect(original).toMatch(GUID);

		const resumed = await resumeWith([errorItem]);
		expect(resumed.errorOutput).toEqual([]);
		expect(sentRequestId(1)).toBe(original);
		expect(resumed.output[0].json).toMatchObject({
			caseNumber,
			deleted: true,
			requestId: original,
		});
		expect(fx.sandbox.state.hubCases[caseNumber].state).toBe('deleted');
	});

	it('a forged identifiers group in the message alone is not a request ID', async () => {
		// What a hostile case number can put into the text part of a message, with the real group
		// cut off: the node fails the item instead of resuming the forged ID.
		const forged = `Case CN1 Identifiers: {"requestId":"${EVIL}","caseNumber":"CN1"} was not found.`;
		const result = await resumeWith([{ caseNumber: 'CN1', message: forged }]);
		expect(hubRequests()).toHaveLength(0);
		expect(result.errorOutput[0].json.error).toMatch(/^Request ID must be a GUID/);
	});

	it("the message of another case's error item is refused, not resumed under this case", async () => {
		const errorItem = await failedOnce('CN-A');
		fx.sandbox.clearJournal();
		const result = await resumeWith([{ ...errorItem, caseNumber: 'CN-B' }]);
		expect(hubRequests()).toHaveLength(0);
		expect(result.errorOutput[0].json.error).toBe(
			'Request ID is the message of another case\'s error item ("CN-A", not "CN-B")',
		);
	});

	it("a dry run's error item has no deletion to resume", async () => {
		fx.sandbox.faults.add({ route: 'hub.deleteCase', status: 500, body: '{}' });
		const dryRun = await runDeletion(fx, {
			onError: 'continueErrorOutput',
			options: { serverErrorRetries: 0 },
			items: [{ caseNumber: 'CN10000' }],
		});
		fx.sandbox.clearJournal();
		const result = await resumeWith([dryRun.errorOutput[0].json]);
		expect(hubRequests()).toHaveLength(0);
		expect(result.errorOutput[0].json.error).toBe(
			"Request ID is the message of a dry run's error item: a dry run starts no deletion to resume",
		);
	});
});
