import type { IDataObject } from 'n8n-workflow';

import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { SEEDED_CASE, SEEDED_REVISION_TOKEN } from '../sandbox/caseSeed';
import {
	DOCUMENTED_EVENT_TYPES,
	exampleEventAttributes,
	type DocumentedEventType,
} from '../sandbox/eventExamples';
import type { OutgoingEvent } from '../sandbox/state';
import { runPoll } from './pollHarness';

// Version 2 of the Events Trigger: the event type filter with every documented type (plus custom
// ones) and the identifiers each type documents lifted to the top of the item, the event kept as
// Scalepoint sent it. Events come from the sandbox with the payloads the vendor pages show
// (test/sandbox/eventExamples.ts).

let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startScalepointFixture({ eventHoldMs: 300 });
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

async function poll(
	staticData: IDataObject,
	parameters: IDataObject = {},
	options: IDataObject = {},
	typeVersion = 2,
) {
	const result = await runPoll({
		parameters: {
			host: fx.sandbox.url,
			country: 'dk',
			tenant: 'abcinsurance',
			startFrom: 'oldest',
			options: { longPollTimeoutSeconds: 2, ...options },
			...parameters,
		},
		credentials: fx.credentials(),
		staticData,
		typeVersion,
	});
	return (result?.[0] ?? []).map((item) => item.json);
}

const ids = (items: IDataObject[]) =>
	items.map((json) => (json.malformed === true ? 'malformed' : json.eventId));
const types = (items: IDataObject[]) => items.map((json) => json.eventType);
const received = () => fx.sandbox.requests('events.receive');

function addDocumented(type: DocumentedEventType) {
	return fx.sandbox.state.addOutgoingEvent(type, exampleEventAttributes(type));
}
/** One event of each documented type, in the list's order: ids _1 … _8. */
const addOneOfEach = () => DOCUMENTED_EVENT_TYPES.map(addDocumented);

/** The event as it travelled: what the item must carry untouched. */
const asSent = (event: OutgoingEvent) => JSON.parse(JSON.stringify(event)) as IDataObject;

/** The next `receive` answer is exactly this text. */
function answerOnce(body: string) {
	fx.sandbox.faults.add({ route: 'events.receive', status: 200, body });
}

describe('Events Trigger v2 — filter', () => {
	it('one type: only case_settled events start the workflow', async () => {
		addOneOfEach();
		const items = await poll({}, { eventTypes: ['case_settled'] });
		expect(types(items)).toEqual(['case_settled']);
	});

	it('several types plus a custom one (comma-separated, spaces allowed)', async () => {
		addOneOfEach();
		fx.sandbox.state.addOutgoingEvent('claim_note_added', { case: { number: 'CN1' } });
		fx.sandbox.state.addOutgoingEvent('payment_reminder');
		const items = await poll(
			{},
			{
				eventTypes: ['repair_updated', 'claim_updated'],
				customEventTypes: ' claim_note_added ,payment_reminder',
			},
		);
		expect(types(items)).toEqual([
			'claim_updated',
			'repair_updated',
			'claim_note_added',
			'payment_reminder',
		]);
	});

	it('custom types alone filter too', async () => {
		addOneOfEach();
		fx.sandbox.state.addOutgoingEvent('claim_note_added');
		expect(types(await poll({}, { customEventTypes: 'claim_note_added' }))).toEqual([
			'claim_note_added',
		]);
	});

	it('nothing chosen keeps every event, documented or not', async () => {
		addOneOfEach();
		fx.sandbox.state.addOutgoingEvent('claim_note_added');
		const items = await poll({}, { eventTypes: [], customEventTypes: '' });
		expect(types(items)).toEqual([...DOCUMENTED_EVENT_TYPES, 'claim_note_added']);
		// As version 2 items: every one carries the event as sent.
		expect(items.every((json) => typeof json.event === 'object')).toBe(true);
	});

	it('offers the eight documented types in the editor, only on version 2', () => {
		const { ScalepointEventsTrigger } =
			require('../../nodes/ScalepointEvents/ScalepointEventsTrigger.node') as typeof import('../../nodes/ScalepointEvents/ScalepointEventsTrigger.node');
		const description = new ScalepointEventsTrigger().description;
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
		const filter = description.properties.find((property) => property.name === 'eventTypes');
		expect(filter?.displayOptions).toEqual({ show: { '@version': [2] } });
		expect(
			(filter?.options ?? []).map((option) => (option as { value: string }).value).sort(),
		).toEqual([...DOCUMENTED_EVENT_TYPES].sort());
	});
});

describe('Events Trigger v2 — filtered events are skipped for good', () => {
	it('the cursor moves past them: a second poll neither re-emits them nor loses the next match', async () => {
		addDocumented('case_settled');
		addDocumented('case_created');
		addDocumented('claim_updated');
		const staticData: IDataObject = {};
		const filter = { eventTypes: ['case_settled'] };
		expect(ids(await poll(staticData, filter))).toEqual(['_1']);
		expect(staticData.lastEventId).toBe('_3');

		addDocumented('claim_updated');
		addDocumented('case_settled');
		expect(ids(await poll(staticData, filter))).toEqual(['_5']);
		expect(received().at(-1)?.query).toEqual({ lastEventId: '_3' });

		expect(await poll(staticData, filter)).toEqual([]);
		expect(received().at(-1)?.query).toEqual({ lastEventId: '_5' });
		// Widening the filter later does not bring the skipped events back.
		expect(await poll(staticData, { eventTypes: [] })).toEqual([]);
	});

	it('a poll that reads only filtered events (up to the maximum) still moves the cursor', async () => {
		addDocumented('case_created');
		addDocumented('claim_updated');
		addDocumented('case_settled');
		const staticData: IDataObject = {};
		const settings = { eventTypes: ['case_settled'] };
		expect(await poll(staticData, settings, { maxEventsPerPoll: 2 })).toEqual([]);
		expect(staticData.lastEventId).toBe('_2');
		expect(ids(await poll(staticData, settings, { maxEventsPerPoll: 2 }))).toEqual(['_3']);
	});
});

describe('Events Trigger v2 — identifiers lifted per type', () => {
	const claimShop = {
		caseUuid: SEEDED_CASE.uuid,
		caseToken: SEEDED_CASE.token,
		caseNumber: SEEDED_CASE.number,
		caseType: SEEDED_CASE.caseType,
		externalClaimId: SEEDED_CASE.externalClaimId,
	};
	const hubRepair = {
		caseId: '2f29eca7-bec3-4061-8817-6b29cf13464d',
		caseNumber: '20200826-01',
		serviceId: '25875a6d-5c7b-48e3-8cb9-e620378d99bc',
		serviceReferenceNumber: '20200826-01-8',
	};
	const expected: Record<DocumentedEventType, IDataObject> = {
		case_created: {
			caseToken: 'sub.6a5bf862-a1e4-4c3b-9f64-09e7761170cc',
			caseNumber: 'SP20240502000019008',
			policyNumber: '7654',
		},
		claim_updated: claimShop,
		case_settled: {
			caseUuid: SEEDED_CASE.uuid,
			caseToken: SEEDED_CASE.token,
			caseNumber: SEEDED_CASE.number,
			externalClaimId: SEEDED_CASE.externalClaimId,
			revisionToken: SEEDED_REVISION_TOKEN,
		},
		claimline_changed: claimShop,
		auto_settlement_failed: claimShop,
		attachments_updated: claimShop,
		repair_service_requested: {
			...hubRepair,
			caseExternalId: 'f2065569-a90b-4ebc-92d0-48d2dec9442a',
		},
		repair_updated: { ...hubRepair, servicePartnerId: '30574be6-fe0c-45f3-8c3d-016211c166bb' },
	};

	it.each(DOCUMENTED_EVENT_TYPES)(
		'%s: its documented identifiers on top, the event as sent below',
		async (type) => {
			const event = addDocumented(type);
			const [item] = await poll({});
			expect(item).toEqual({
				eventId: event.id,
				eventType: type,
				receivedAt: event.timestamp,
				...expected[type],
				event: asSent(event),
			});
		},
	);

	it('a documented field the event does not carry is left out, never invented', async () => {
		// case_created's first page example has no case number; case_settled has no caseType.
		const created = fx.sandbox.state.addOutgoingEvent('case_created', {
			case: { token: 'ic.d474de7d-3895-4123-9cc6-8143e5481d0e' },
		});
		addDocumented('case_settled');
		const [first, second] = await poll({});
		expect(first).toEqual({
			eventId: created.id,
			eventType: 'case_created',
			receivedAt: created.timestamp,
			caseToken: 'ic.d474de7d-3895-4123-9cc6-8143e5481d0e',
			event: asSent(created),
		});
		expect(second).not.toHaveProperty('caseType');
	});

	it('a custom type gets no identifiers (none are documented for it)', async () => {
		const event = fx.sandbox.state.addOutgoingEvent('claim_note_added', {
			case: { token: 'c.1', number: 'CN1' },
		});
		expect(await poll({})).toEqual([
			{
				eventId: event.id,
				eventType: 'claim_note_added',
				receivedAt: event.timestamp,
				event: asSent(event),
			},
		]);
	});
});

describe('Events Trigger v2 — hostile event fields do not break lifting', () => {
	it('wrong types, a huge string and prototype keys: nothing bogus lifted, the event still emitted whole', async () => {
		const huge = 'c.'.padEnd(1_000_000, 'x');
		// Raw JSON: "__proto__" and "constructor" arrive as own keys, as from any JSON parser.
		answerOnce(
			`{"links":{},"meta":{},"data":[` +
				`{"id":"_1","type":"event","timestamp":"2024-05-02T07:00:00Z","attributes":{"eventType":"case_settled","case":{"uuid":42,"token":${JSON.stringify(huge)},"number":["CN1"],"externalClaimId":null},"settlement":"C3BEDF01"}},` +
				`{"id":"_2","type":"event","timestamp":{"at":1},"attributes":{"eventType":"claim_updated","case":{"__proto__":{"token":"c.polluted"},"constructor":{"token":"c.ctor"},"number":"CN2"}}},` +
				`{"id":"_3","type":"event","timestamp":"2024-05-02T07:00:02Z","attributes":{"eventType":"case_created","__proto__":{"case":{"token":"c.proto"}},"case":"c.not-an-object"}},` +
				`{"id":"_4","type":"case_settled","timestamp":"2024-05-02T07:00:03Z","attributes":{"eventType":7,"case":[{"token":"c.array"}],"settlement":{"revisionToken":"r-1"}}},` +
				`{"id":"_5","type":"event","attributes":"not an object"}` +
				`]}`,
		);
		const items = await poll({});
		expect(ids(items)).toEqual(['_1', '_2', '_3', '_4', '_5']);
		const [settled, updated, created, fallback, bare] = items;

		expect(settled).toEqual({
			eventId: '_1',
			eventType: 'case_settled',
			receivedAt: '2024-05-02T07:00:00Z',
			event: expect.any(Object),
		});
		// The huge token is not lifted, but the event keeps it, untouched.
		expect(
			((settled.event as IDataObject).attributes as { case: { token: string } }).case.token,
		).toBe(huge);

		// An own "__proto__" / "constructor" key is data: not read as the case's token.
		expect(updated).toEqual({
			eventId: '_2',
			eventType: 'claim_updated',
			caseNumber: 'CN2',
			event: expect.any(Object),
		});
		expect(created).toEqual({
			eventId: '_3',
			eventType: 'case_created',
			receivedAt: '2024-05-02T07:00:02Z',
			event: expect.any(Object),
		});
		// eventType that is not text: the event's own type names it (as the filter reads it).
		expect(fallback).toEqual({
			eventId: '_4',
			eventType: 'case_settled',
			receivedAt: '2024-05-02T07:00:03Z',
			revisionToken: 'r-1',
			event: expect.any(Object),
		});
		// Attributes that are not an object: nothing to lift; the event as sent.
		expect(bare).toEqual({
			eventId: '_5',
			eventType: 'event',
			event: { id: '_5', type: 'event', attributes: 'not an object' },
		});
		// Nothing leaked into prototypes.
		expect(({} as Record<string, unknown>).token).toBeUndefined();
		expect(({} as Record<string, unknown>).case).toBeUndefined();
	});

	it('a huge event type is neither lifted nor matched, and does not stop the poll', async () => {
		answerOnce(
			JSON.stringify({
				links: {},
				data: [
					{ id: '_1', type: 'event', attributes: { eventType: 'x'.repeat(100_000) } },
					{
						id: '_2',
						type: 'event',
						attributes: exampleEventAttributesWithType('case_settled'),
					},
				],
			}),
		);
		const staticData: IDataObject = {};
		const all = await poll(staticData);
		expect(all[0]).toEqual({ eventId: '_1', event: expect.any(Object) });
		expect(all[1]).toMatchObject({ eventId: '_2', revisionToken: SEEDED_REVISION_TOKEN });
	});
});

describe('Events Trigger v2 — the promises of version 1 hold', () => {
	it('a malformed entry is the same flagged item, between lifted events', async () => {
		const first = addDocumented('case_settled');
		const second = addDocumented('claim_updated');
		const { id: _dropped, ...withoutId } = asSent(second);
		answerOnce(
			JSON.stringify({
				links: {},
				meta: {},
				data: [asSent(first), withoutId, asSent(addDocumented('repair_updated'))],
			}),
		);
		const staticData: IDataObject = {};
		const items = await poll(staticData);
		expect(ids(items)).toEqual(['_1', 'malformed', '_3']);
		expect(items[0]).toMatchObject({ revisionToken: SEEDED_REVISION_TOKEN });
		expect(items[1]).toEqual({
			malformed: true,
			problem: expect.stringContaining('the event has no id'),
			rawEvent: withoutId,
		});
		expect(staticData.lastEventId).toBe('_3');
	});

	it('an event Scalepoint sends again in a later poll is not emitted twice', async () => {
		const settled = addDocumented('case_settled');
		const staticData: IDataObject = {};
		expect(ids(await poll(staticData))).toEqual(['_1']);
		const next = addDocumented('case_settled');
		// Scalepoint repeats _1 before the new event.
		answerOnce(JSON.stringify({ links: {}, data: [asSent(settled), asSent(next)] }));
		const again = await poll(staticData);
		expect(again).toHaveLength(1);
		expect(again[0]).toMatchObject({ eventId: '_2', revisionToken: SEEDED_REVISION_TOKEN });
	});
});

describe('Events Trigger v1 — saved triggers keep their items', () => {
	it('version 1: attributes spread with eventId and receivedAt; no lifted fields, no event object', async () => {
		const event = addDocumented('case_settled');
		const items = await poll({}, {}, {}, 1);
		expect(items).toEqual([
			{
				...(asSent(event).attributes as IDataObject),
				eventId: event.id,
				receivedAt: event.timestamp,
			},
		]);
		expect(items[0]).not.toHaveProperty('revisionToken');
		expect(items[0]).not.toHaveProperty('event');
	});

	it('version 1 filters with its own options and ignores the version 2 fields', async () => {
		addOneOfEach();
		const items = await poll(
			{},
			{ eventTypes: ['case_created'], customEventTypes: 'repair_updated' },
			{ eventTypes: ['claim_updated'], otherEventTypes: 'claimline_changed' },
			1,
		);
		expect(types(items)).toEqual(['claim_updated', 'claimline_changed']);
	});
});

function exampleEventAttributesWithType(type: DocumentedEventType) {
	return { ...exampleEventAttributes(type), eventType: type, payloadVersion: '1.0.0' };
}
