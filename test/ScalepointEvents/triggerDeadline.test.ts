import type { IDataObject } from 'n8n-workflow';

import { unlessRunning } from '../../nodes/ScalepointEvents/helpers/pollGuard';
import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { runPoll } from './pollHarness';

let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startScalepointFixture({ eventHoldMs: 300 });
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

async function poll(staticData: IDataObject) {
	return await runPoll({
		parameters: {
			host: fx.sandbox.url,
			country: 'dk',
			tenant: 'abcinsurance',
			startFrom: 'oldest',
			options: { longPollTimeoutSeconds: 1 },
		},
		credentials: fx.credentials(),
		staticData,
	});
}

const received = () => fx.sandbox.requests('events.receive');
const ids = (result: Awaited<ReturnType<typeof poll>>) =>
	(result?.[0] ?? []).map((item) => item.json.eventId);

/** Resolves once `condition` holds (checked every 10 ms); the test's own timeout bounds it. */
async function until(condition: () => boolean) {
	while (!condition()) await new Promise((done) => setTimeout(done, 10));
}

describe('Trigger — a long poll held open forever cannot silence it', () => {
	it('a dribbling long poll is abandoned at its deadline and a later poll of the same trigger emits events', async () => {
		// Headers, then a byte every 0.3 s, never ending: the Long Poll Timeout (1 s of silence)
		// never fires. Only the poll's deadline ends the request.
		fx.sandbox.faults.add({ route: 'events.receive', dribble: { intervalMs: 300 } });
		const staticData: IDataObject = { started: true, startFrom: 'oldest' };
		const held = poll(staticData);
		await until(() => received().length === 1);

		// Meanwhile the next scheduled poll of the same trigger skips its turn (no second request).
		expect(await poll(staticData)).toBeNull();
		expect(received()).toHaveLength(1);

		// The held poll ends as "no new events"; the sandbox saw the connection closed.
		expect(await held).toBeNull();
		await until(() => received()[0].closedByClient === true);

		fx.sandbox.state.addOutgoingEvent('case_created');
		expect(ids(await poll(staticData))).toEqual(['_1']);
	});
});

describe('pollGuard — an entry older than the longest poll is stale', () => {
	it('skips while the running poll may still be working, takes over after its longest duration', async () => {
		let clock = 0;
		const now = () => clock;
		let finishStuck!: () => void;
		const stuck = unlessRunning(
			'wf/Trigger',
			1_000,
			() => new Promise<string>((resolve) => (finishStuck = () => resolve('stuck'))),
			now,
		);

		clock = 999;
		expect(await unlessRunning('wf/Trigger', 1_000, async () => 'second', now)).toBeNull();

		clock = 1_000;
		let finishTakeover!: () => void;
		const takeover = unlessRunning(
			'wf/Trigger',
			1_000,
			() => new Promise<string>((resolve) => (finishTakeover = () => resolve('takeover'))),
			now,
		);
		// The stuck poll finishing late does not release the guard of the poll that took over.
		finishStuck();
		expect(await stuck).toBe('stuck');
		clock = 1_500;
		expect(await unlessRunning('wf/Trigger', 1_000, async () => 'third', now)).toBeNull();

		finishTakeover();
		expect(await takeover).toBe('takeover');
		expect(await unlessRunning('wf/Trigger', 1_000, async () => 'fourth', now)).toBe('fourth');
	});
});
