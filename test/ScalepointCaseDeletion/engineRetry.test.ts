import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { IN_WINDOW, errorJson, runDeletion } from './helpers';

/**
 * n8n's Retry On Fail runs the node again, and every Hub item then gets a new random request ID:
 * a deletion already confirmed was sent again, and one whose answer was lost started a second
 * deletion (found by an outside review). Live Hub deletions are refused under it, like the
 * non-idempotent requests of the other nodes; dry runs are unaffected.
 */
const RETRY = { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 };

let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startScalepointFixture({ startTime: IN_WINDOW });
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

const hubRequests = () => fx.sandbox.requests('hub.deleteCase');

it('Hub live delete with Retry On Fail sends nothing and says how the node retries itself', async () => {
	// Without the refusal: CN10000 is deleted, CN99999 fails (404), n8n runs the node again and
	// CN10000 is sent a second time under a new request ID.
	const result = await runDeletion(fx, {
		mode: 'delete',
		items: [{ caseNumber: 'CN10000' }, { caseNumber: 'CN99999' }],
		settings: RETRY,
	});
	expect(hubRequests()).toHaveLength(0);
	expect(result.output).toHaveLength(0);
	expect(result.error?.message).toMatch(/^Retry On Fail is on in this node's Settings/);
	expect(result.error?.message).toContain('the node already retries safely itself');
	expect(result.error?.message).toContain('request ID in its error item');
	expect(fx.sandbox.state.hubCases.CN10000.state).toBe('deletable');
});

it('the refused item carries no request ID: nothing was sent to resume', async () => {
	const result = await runDeletion(fx, {
		mode: 'delete',
		onError: 'continueErrorOutput',
		items: [{ caseNumber: 'CN10000' }, { caseNumber: 'CN10001' }],
		settings: RETRY,
	});
	expect(hubRequests()).toHaveLength(0);
	const [first, second] = result.errorOutput.map(errorJson);
	expect(first).toMatchObject({ caseNumber: 'CN10000', requestId: null, deleted: false });
	expect(String(second.error)).toMatch(/^Not sent: Retry On Fail is on/);
});

it('a Hub dry run with Retry On Fail runs as usual', async () => {
	const result = await runDeletion(fx, {
		mode: 'dryRun',
		items: [{ caseNumber: 'CN10000' }],
		settings: RETRY,
	});
	expect(result.error).toBeUndefined();
	expect(result.output.map((item) => item.json.deletable)).toEqual([true]);
	expect(hubRequests()).toHaveLength(1);
});
