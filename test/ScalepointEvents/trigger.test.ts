import type { IDataObject } from 'n8n-workflow';

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
	(result?.[0] ?? []).map((item) => item.json.id);

describe('Trigger — receiving', () => {
	it('GETs /receive with a bearer token and emits one item per event: attributes plus id, type, timestamp', async () => {
		const [event] = addEvents(1);
		const result = await poll({});
		expect(result?.[0]).toHaveLength(1);
		expect(result?.[0][0].json).toEqual({
			...event.attributes,
			id: event.id,
			type: 'event',
			timestamp: event.timestamp,
		});
		const [request] = received();
		expect(request.method).toBe('GET');
		expect(request.rawPath).toBe('/api/events/v1/dk/external/abcinsurance/receive');
		expect(request.query).toEqual({});
		expect(request.headers.authorization).toMatch(/^Bearer \S+$/);
	});

	it('an empty long poll is "no new events": null, no error, cursor kept', async () => {
		const staticData: IDataObject = { lastEventId: addEvents(1)[0].id, started: true };
		const result = await poll(staticData);
		expect(result).toBeNull();
		expect(staticData.lastEventId).toBe('_1');
		expect(received()[0].query).toEqual({ lastEventId: '_1' });
	});

	it('a long poll that outlasts the timeout is "no new events", not an error', async () => {
		fx.sandbox.faults.add({ route: 'events.receive', delayMs: 3000 });
		const started = Date.now();
		const result = await poll({ started: true }, {}, { longPollTimeoutSeconds: 1 });
		expect(result).toBeNull();
		// The sandbox answers after 3 s; ending sooner proves the 1 s timeout ended the poll.
		expect(Date.now() - started).toBeLessThan(2950);
		expect(received()).toHaveLength(1);
	});
});

describe('Trigger — cursor across restarts', () => {
	it('two polls with the same static data: no event lost, none repeated', async () => {
		const staticData: IDataObject = {};
		addEvents(3);
		const first = await poll(staticData);
		expect(ids(first)).toEqual(['_1', '_2', '_3']);
		expect(staticData).toEqual({ lastEventId: '_3', started: true });
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
		const staticData: IDataObject = {};
		expect(await poll(staticData, { startFrom: 'now' })).toBeNull();
		expect(staticData).toEqual({ lastEventId: '_3', started: true });
		addEvents(1);
		expect(ids(await poll(staticData, { startFrom: 'now' }))).toEqual(['_4']);
	});

	it('from now with no events yet: later events are all emitted', async () => {
		const staticData: IDataObject = {};
		expect(await poll(staticData, { startFrom: 'now' })).toBeNull();
		expect(staticData).toEqual({ started: true });
		addEvents(2);
		expect(ids(await poll(staticData, { startFrom: 'now' }))).toEqual(['_1', '_2']);
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

describe('Trigger — manual mode and errors', () => {
	it('manual: returns the latest events and does not move the cursor', async () => {
		addEvents(5);
		const staticData: IDataObject = { lastEventId: '_1', started: true };
		const result = await poll(staticData, {}, { maxEventsPerPoll: 2 }, 'manual');
		expect(ids(result)).toEqual(['_4', '_5']);
		expect(staticData).toEqual({ lastEventId: '_1', started: true });
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
