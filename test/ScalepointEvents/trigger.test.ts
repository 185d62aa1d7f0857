import type { IDataObject } from 'n8n-workflow';

import { recentKey } from '../../nodes/shared/recentKeys';
import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { runPoll } from './pollHarness';

// The sandbox holds an empty long poll this long; the trigger's timeout is set above it.
const HOLD_MS = 300;

let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startScalepointFixture({ eventHoldMs: HOLD_MS });
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

function params(overrides: Record<string, unknown> = {}, options: Record<string, unknown> = {}) {
	return {
		host: fx.sandbox.url,
		country: 'dk',
		tenant: 'abcinsurance',
		startFrom: 'oldest',
		options: { longPollTimeoutSeconds: 2, ...options },
		...overrides,
	};
}

function addEvents(count: number, eventType = 'case_created') {
	return Array.from({ length: count }, (_, index) =>
		fx.sandbox.state.addOutgoingEvent(eventType, { caseNumber: `CN${index}` }),
	);
}

async function poll(
	staticData: IDataObject,
	overrides: Record<string, unknown> = {},
	options: Record<string, unknown> = {},
	mode: 'trigger' | 'manual' = 'trigger',
) {
	const credentials = fx.credentials();
	return await runPoll({
		parameters: params(overrides, options) as never,
		credentials,
		staticData,
		mode,
	});
}

const received = () => fx.sandbox.requests('events.receive');
const ids = (result: Awaited<ReturnType<typeof poll>>) =>
	(result?.[0] ?? []).map((item) => item.json.eventId);

/** What the static data remembers of these emitted events (see emittedEvents.ts). */
const remembered = (...eventIds: string[]) => eventIds.map(recentKey);

/** Resolves once `condition` holds (checked every 10 ms); the test's own timeout bounds it. */
async function until(condition: () => boolean) {
	while (!condition()) await new Promise((done) => setTimeout(done, 10));
}

describe('Trigger — receiving', () => {
	it('GETs /receive with a bearer token and emits one item per event: attributes plus eventId, receivedAt', async () => {
		const [event] = addEvents(1);
		const result = await poll({});
		expect(result?.[0]).toHaveLength(1);
		expect(result?.[0][0].json).toEqual({
			...event.attributes,
			eventId: event.id,
			receivedAt: event.timestamp,
		});
		const [request] = received();
		expect(request.method).toBe('GET');
		expect(request.rawPath).toBe('/api/events/v1/dk/external/abcinsurance/receive');
		expect(request.query).toEqual({});
		expect(request.headers.authorization).toMatch(/^Bearer \S+$/);
	});

	it('keeps every attribute as published: an envelope timestamp and a business id are not overwritten', async () => {
		const event = fx.sandbox.state.addOutgoingEvent('case_created', {
			timestamp: '2017-07-25T10:31:28.2519514Z',
			id: 'CASE-7',
			type: 'motor',
		});
		const [item] = (await poll({}))?.[0] ?? [];
		expect(item.json).toEqual({ ...event.attributes, eventId: '_1', receivedAt: event.timestamp });
		expect(item.json).toMatchObject({
			timestamp: '2017-07-25T10:31:28.2519514Z',
			id: 'CASE-7',
			type: 'motor',
		});
	});

	it('an empty long poll is "no new events": null, no error, cursor kept', async () => {
		const staticData: IDataObject = { lastEventId: addEvents(1)[0].id, started: true };
		const result = await poll(staticData);
		expect(result).toBeNull();
		expect(staticData.lastEventId).toBe('_1');
		expect(received()[0].query).toEqual({ lastEventId: '_1' });
	});

	it('a long poll that outlasts the timeout is "no new events", not an error', async () => {
		fx.sandbox.faults.add({ route: 'events.receive', delayMs: 20_000 });
		const started = Date.now();
		const result = await poll({ started: true }, {}, { longPollTimeoutSeconds: 1 });
		expect(result).toBeNull();
		// The sandbox answers after 20 s; ending far sooner (whatever the load) proves the 1 s
		// timeout ended the poll.
		expect(Date.now() - started).toBeLessThan(10_000);
		expect(received()).toHaveLength(1);
	});
});

describe('Trigger — cursor across restarts', () => {
	it('two polls with the same static data: no event lost, none repeated', async () => {
		const staticData: IDataObject = {};
		addEvents(3);
		const first = await poll(staticData);
		expect(ids(first)).toEqual(['_1', '_2', '_3']);
		expect(staticData).toEqual({
			lastEventId: '_3',
			started: true,
			startFrom: 'oldest',
			recentlyEmitted: remembered('_1', '_2', '_3'),
		});
		addEvents(2);
		// A "restart": a new context, credential store and client; only the static data survives.
		const second = await poll(staticData);
		expect(ids(second)).toEqual(['_4', '_5']);
		expect(received().at(-1)?.query).toEqual({ lastEventId: '_3' });
		expect(await poll(staticData)).toBeNull();
		expect(staticData.lastEventId).toBe('_5');
	});

	it('stops at the maximum per poll; the rest follow at the next poll', async () => {
		addEvents(25);
		const staticData: IDataObject = {};
		const first = await poll(staticData, {}, { maxEventsPerPoll: 20 });
		expect(ids(first)).toHaveLength(20);
		expect(staticData.lastEventId).toBe('_20');
		const second = await poll(staticData, {}, { maxEventsPerPoll: 20 });
		expect(ids(second)).toEqual(['_21', '_22', '_23', '_24', '_25']);
	});

	it('follows links.next across full pages (the sandbox pages by 100)', async () => {
		addEvents(150);
		const staticData: IDataObject = {};
		const result = await poll(staticData, {}, { maxEventsPerPoll: 500 });
		expect(ids(result)).toEqual(Array.from({ length: 150 }, (_, index) => `_${index + 1}`));
		expect(received().map((request) => request.query.lastEventId)).toEqual([undefined, '_100']);
		expect(staticData.lastEventId).toBe('_150');
	});

	it('pages are followed when full: a page of pageSize asks again at once with its links.next id', async () => {
		addEvents(7);
		const staticData: IDataObject = {};
		const result = await poll(staticData, {}, { pageSize: 7, maxEventsPerPoll: 50 });
		expect(ids(result)).toHaveLength(7);
		// The page of 7 was full, so the trigger asked again; that empty long poll ended the poll.
		expect(received().map((request) => request.query.lastEventId)).toEqual([undefined, '_7']);
	});
});

describe('Trigger — filter', () => {
	it('keeps only the chosen types; filtered-out events still move the cursor', async () => {
		fx.sandbox.state.addOutgoingEvent('case_created');
		fx.sandbox.state.addOutgoingEvent('claim_updated');
		fx.sandbox.state.addOutgoingEvent('case_settled');
		const staticData: IDataObject = {};
		const result = await poll(
			staticData,
			{},
			{ eventTypes: ['claim_updated'], otherEventTypes: 'case_settled' },
		);
		expect((result?.[0] ?? []).map((item) => item.json.eventType)).toEqual([
			'claim_updated',
			'case_settled',
		]);
		fx.sandbox.state.addOutgoingEvent('case_created');
		expect(await poll(staticData, {}, { eventTypes: ['claim_updated'] })).toBeNull();
		expect(staticData.lastEventId).toBe('_4');
	});
});

describe('Trigger — first run', () => {
	it('from now: remembers the newest id without emitting, then emits only later events', async () => {
		addEvents(3);
		// Events queued within the second before activation may be emitted (the Date header has
		// whole seconds and the trigger errs towards emitting); these are well before.
		fx.sandbox.clock.advance(5_000);
		const staticData: IDataObject = {};
		expect(await poll(staticData, { startFrom: 'now' })).toBeNull();
		expect(staticData).toEqual({ lastEventId: '_3', started: true, startFrom: 'now' });
		addEvents(1);
		expect(ids(await poll(staticData, { startFrom: 'now' }))).toEqual(['_4']);
	});

	it('from now with no events yet: later events are all emitted', async () => {
		const staticData: IDataObject = {};
		expect(await poll(staticData, { startFrom: 'now' })).toBeNull();
		expect(staticData).toEqual({ started: true, startFrom: 'now' });
		addEvents(2);
		expect(ids(await poll(staticData, { startFrom: 'now' }))).toEqual(['_1', '_2']);
	});

	it('from now, empty queue: an event published while the first long poll is held is emitted', async () => {
		const staticData: IDataObject = {};
		const polling = poll(staticData, { startFrom: 'now' });
		await until(() => received().length === 1);
		const [event] = addEvents(1);
		expect(ids(await polling)).toEqual([event.id]);
		expect(staticData).toEqual({
			lastEventId: '_1',
			started: true,
			startFrom: 'now',
			recentlyEmitted: remembered('_1'),
		});
	});

	it('from now, queue a multiple of the page size: the event arriving in the held follow-up is emitted', async () => {
		addEvents(2);
		fx.sandbox.clock.advance(5_000);
		const staticData: IDataObject = {};
		const polling = poll(staticData, { startFrom: 'now' }, { pageSize: 2 });
		await until(() => received().length === 2);
		addEvents(1);
		expect(ids(await polling)).toEqual(['_3']);
		expect(received().map((request) => request.query.lastEventId)).toEqual([undefined, '_2']);
	});

	it("from now: Scalepoint's clock is read from its Date header, so a skewed clock loses nothing", async () => {
		fx.sandbox.clock.set(new Date(Date.now() - 3_600_000).toISOString());
		const staticData: IDataObject = {};
		const polling = poll(staticData, { startFrom: 'now' });
		await until(() => received().length === 1);
		addEvents(1);
		expect(ids(await polling)).toEqual(['_1']);
	});

	it('from a given id: starts after it', async () => {
		addEvents(4);
		const staticData: IDataObject = {};
		expect(ids(await poll(staticData, { startFrom: 'eventId', startEventId: '_2' }))).toEqual([
			'_3',
			'_4',
		]);
		expect(received()[0].query).toEqual({ lastEventId: '_2' });
	});

	it('an id Scalepoint does not know is a clear error and the cursor stays unset', async () => {
		addEvents(1);
		const staticData: IDataObject = {};
		await expect(poll(staticData, { startFrom: 'eventId', startEventId: '_999' })).rejects.toThrow(
			'Scalepoint refused to continue after event _999 (400)',
		);
		expect(staticData).toEqual({});
	});
});

describe('Trigger — changing Start From', () => {
	it('a position Scalepoint no longer knows: the advice names what works, and following it resumes', async () => {
		addEvents(3);
		const staticData: IDataObject = { lastEventId: '_999', started: true, startFrom: 'oldest' };
		const refused = poll(staticData);
		await expect(refused).rejects.toThrow('Scalepoint refused to continue after event _999 (400)');
		await expect(refused).rejects.toMatchObject({
			description: expect.stringContaining(
				'To continue, set "Start From" to "Now" or "After a Given Event ID" and save the workflow: the next poll starts from there. Deactivating and activating the workflow alone does not reset the position.',
			),
		});
		// Unchanged settings (a deactivate/activate keeps static data): still the stored position.
		await expect(poll(staticData)).rejects.toThrow('after event _999 (400)');
		expect(staticData.lastEventId).toBe('_999');

		// The advice followed: Start From changed, and the next poll starts from there.
		const resumed = await poll(staticData, { startFrom: 'eventId', startEventId: '_1' });
		expect(ids(resumed)).toEqual(['_2', '_3']);
		expect(staticData).toEqual({
			lastEventId: '_3',
			started: true,
			startFrom: 'eventId',
			startEventId: '_1',
			// Only what came after the new start: the memory went with the old position.
			recentlyEmitted: remembered('_2', '_3'),
		});
	});

	it('with "After a Given Event ID" the advice asks for another id; editing the id starts over', async () => {
		addEvents(3);
		const staticData: IDataObject = {};
		const first = await poll(staticData, { startFrom: 'eventId', startEventId: '_2' });
		expect(ids(first)).toEqual(['_3']);
		fx.sandbox.state.outgoingEvents.splice(0, 3);
		const refused = poll(staticData, { startFrom: 'eventId', startEventId: '_2' });
		await expect(refused).rejects.toMatchObject({
			description: expect.stringContaining(
				'enter an event ID Scalepoint still holds in "Start After Event ID", or set "Start From" to "Now" or "Oldest Retained Event"',
			),
		});
		addEvents(2);
		const edited = await poll(staticData, { startFrom: 'eventId', startEventId: '_4' });
		expect(ids(edited)).toEqual(['_5']);
	});

	it('switching to "Now" forgets the old position and emits only what comes after', async () => {
		addEvents(2);
		const staticData: IDataObject = {};
		expect(ids(await poll(staticData, {}, { maxEventsPerPoll: 1 }))).toEqual(['_1']);
		fx.sandbox.clock.advance(5_000);
		expect(await poll(staticData, { startFrom: 'now' })).toBeNull();
		expect(staticData).toEqual({ lastEventId: '_2', started: true, startFrom: 'now' });
		addEvents(1);
		expect(ids(await poll(staticData, { startFrom: 'now' }))).toEqual(['_3']);
	});

	it('static data of an earlier version keeps its position and records the settings', async () => {
		addEvents(3);
		const staticData: IDataObject = { lastEventId: '_1', started: true };
		expect(ids(await poll(staticData))).toEqual(['_2', '_3']);
		expect(staticData).toEqual({
			lastEventId: '_3',
			started: true,
			startFrom: 'oldest',
			recentlyEmitted: remembered('_2', '_3'),
		});
	});
});

describe('Trigger — manual mode and errors', () => {
	it('manual: returns the latest events and does not move the cursor', async () => {
		addEvents(5);
		const staticData: IDataObject = { lastEventId: '_1', started: true };
		const result = await poll(staticData, {}, { maxEventsPerPoll: 2 }, 'manual');
		expect(ids(result)).toEqual(['_4', '_5']);
		expect(staticData).toEqual({ lastEventId: '_1', started: true });
		// Not even a different Start From makes a manual run touch the stored position.
		await poll(staticData, { startFrom: 'now' }, {}, 'manual');
		expect(staticData).toEqual({ lastEventId: '_1', started: true });
	});

	it('overlapping polls of one trigger (long poll longer than the interval) emit each event once', async () => {
		const staticData: IDataObject = { started: true, startFrom: 'oldest' };
		const first = poll(staticData);
		const second = poll(staticData);
		// Either the second poll gives up its turn or both long polls are waiting at Scalepoint.
		await Promise.race([second, until(() => received().length >= 2)]);
		await until(() => received().length >= 1);
		addEvents(1);
		const results = await Promise.all([first, second]);
		expect(results.flatMap(ids)).toEqual(['_1']);
		expect(staticData.lastEventId).toBe('_1');
		// The guard is released: the next poll runs.
		addEvents(1);
		expect(ids(await poll(staticData))).toEqual(['_2']);
	});

	it('403 insufficient_scope names the scope events', async () => {
		fx.sandbox.faults.add({
			route: 'events.receive',
			status: 403,
			body: '{"error":"insufficient_scope","scope":"events"}',
		});
		await expect(poll({})).rejects.toThrow('the credential needs the scope events');
	});

	it('404 from a wrong tenant', async () => {
		await expect(poll({}, { tenant: 'nosuchtenant' })).rejects.toThrow(
			'Scalepoint has no Event API at this address (404)',
		);
	});

	it('503 with Retry-After is retried, then the events arrive', async () => {
		addEvents(1);
		fx.sandbox.faults.add({
			route: 'events.receive',
			status: 503,
			headers: { 'Retry-After': '1' },
		});
		const result = await poll({});
		expect(ids(result)).toEqual(['_1']);
		expect(received()).toHaveLength(2);
	});
});
