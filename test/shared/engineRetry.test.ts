import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { runNode } from '../harness/runWorkflow';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { credentialsFor, listParameters, USER } from '../Thinksurance/fixtures';

/**
 * n8n's node setting "Retry On Fail" runs the whole node again after it failed. For requests that
 * change something and carry no key, that republished events that had already gone out (with new
 * correlation IDs) and resent the one whose answer was lost, and the run then looked successful
 * (found by an outside review). Such requests are refused while the setting is on; reads are not.
 */
const RETRY = { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 };

let fx: ScalepointFixture;
let thinksurance: Sandbox;

beforeAll(async () => {
	fx = await startScalepointFixture();
	thinksurance = await startSandbox({ thinksurance: { users: [USER] } });
});
afterAll(async () => {
	await fx.sandbox.close();
	await thinksurance.close();
});
beforeEach(() => {
	fx.sandbox.reset();
	thinksurance.reset();
});

it('Events publish with Retry On Fail sends nothing and says why', async () => {
	// The second event's connection is reset after the sandbox stored it: an ambiguous failure.
	fx.sandbox.faults.add({ route: 'events.send', reset: 'afterRequest', after: 1 });
	const result = await runNode({
		type: 'scalepointEvents',
		parameters: {
			resource: 'event',
			operation: 'publish',
			country: 'dk',
			tenant: 'abcinsurance',
			eventType: 'custom',
			customEventType: 'fraud_status',
			bodySource: 'json',
			eventBody: '{"status":"FRAUDULENT"}',
			options: { concurrency: 1 },
		} as never,
		items: [{ json: {} }, { json: {} }],
		credentials: fx.credentials(),
		settings: RETRY,
	});
	expect(fx.sandbox.requests('events.send')).toHaveLength(0);
	expect(result.output).toHaveLength(0);
	expect(result.error?.message).toMatch(/^Retry On Fail is on in this node's Settings/);
	expect(result.error?.message).toMatch(/Turn Retry On Fail off/);
});

it('Thinksurance add with Retry On Fail sends nothing; Get Many still runs', async () => {
	const credentials = credentialsFor(thinksurance);
	const add = await runNode({
		type: 'thinksurance',
		parameters: { resource: 'agencyNumber', operation: 'add', inputMode: 'perItem' },
		items: [{ json: { agencyNumber: 'A1', baFinId: '5405' } }],
		credentials,
		settings: RETRY,
		onError: 'continueErrorOutput',
	});
	expect(thinksurance.requests('thinksurance.agencyNumbers.add')).toHaveLength(0);
	expect(add.output).toHaveLength(0);
	expect(add.errorOutput).toHaveLength(1);
	expect(String(add.errorOutput[0].json.error)).toMatch(/Retry On Fail is on/);

	const list = await runNode({
		type: 'thinksurance',
		parameters: listParameters,
		items: [{ json: {} }],
		credentials,
		settings: RETRY,
	});
	expect(list.error).toBeUndefined();
	expect(thinksurance.requests('thinksurance.agencyNumbers.list')).toHaveLength(1);
});
