import type { IDataObject } from 'n8n-workflow';

import { readEvents, type FetchPage } from '../../nodes/ScalepointEvents/helpers/pollEvents';
import {
	eventTypeFilter,
	lastEventIdFromLink,
	parseReceivedPage,
	type ReceivedPage,
} from '../../nodes/ScalepointEvents/helpers/receivedEvents';
import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import type { OutgoingEvent } from '../sandbox/state';
import { runPoll } from './pollHarness';

const LONG_ID = 'x'.repeat(10_240);

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
			options: { longPollTimeoutSeconds: 2 },
		},
		credentials: fx.credentials(),
		staticData,
	});
}

const items = (result: Awaited<ReturnType<typeof poll>>) =>
	(result?.[0] ?? []).map((item) => item.json);
const ids = (result: Awaited<ReturnType<typeof poll>>) =>
	items(result).map((json) => (json.malformed === true ? 'malformed' : json.eventId));
const received = () => fx.sandbox.requests('events.receive');

function addEvents(count: number) {
	return Array.from({ length: count }, (_, index) =>
		fx.sandbox.state.addOutgoingEvent('case_created', { caseNumber: `CN${index}` }),
	);
}

/** The next `receive` answer is exactly this (links.next naming `nextId`, as the page shows). */
function answerOnce(data: unknown[], nextId?: string) {
	const next =
		nextId === undefined ? {} : { next: `${fx.sandbox.url}/receive?lastEventId=${nextId}` };
	fx.sandbox.faults.add({
		route: 'events.receive',
		status: 200,
		body: JSON.stringify({ links: next, meta: {}, data }),
	});
}

const withoutId = ({ id: _id, ...rest }: OutgoingEvent) => rest;

describe('Trigger — one bad event never stalls it', () => {
	it('an event without an id between good ones: the good ones are emitted, the bad one flagged, the cursor moves on', async () => {
		const [first, second, third] = addEvents(4);
		answerOnce([first, withoutId(second), third], third.id);
		const staticData: IDataObject = {};

		const result = await poll(staticData);
		expect(ids(result)).toEqual(['_1', 'malformed', '_3']);
		expect(items(result)[1]).toEqual({
			malformed: true,
			problem: expect.stringContaining('the event has no id'),
			rawEvent: JSON.parse(JSON.stringify(withoutId(second))),
		});
		expect(staticData.lastEventId).toBe('_3');

		// The next poll continues after it.
		expect(ids(await poll(staticData))).toEqual(['_4']);
		expect(received().at(-1)?.query).toEqual({ lastEventId: '_3' });
	});

	it('duplicate ids in one answer are emitted once', async () => {
		const [first, second, third] = addEvents(3);
		answerOnce([first, second, second, first, third], third.id);
		const staticData: IDataObject = {};
		expect(ids(await poll(staticData))).toEqual(['_1', '_2', '_3']);
		expect(staticData.lastEventId).toBe('_3');
	});

	it('a 10 kB id is not stored: the event is flagged and the static data stays small', async () => {
		const [first, second, third] = addEvents(3);
		answerOnce([first, { ...second, id: LONG_ID }, third], third.id);
		const staticData: IDataObject = {};
		const result = await poll(staticData);
		expect(ids(result)).toEqual(['_1', 'malformed', '_3']);
		expect(String(items(result)[1].problem)).toContain('10240 characters long');
		expect(staticData.lastEventId).toBe('_3');
		expect(JSON.stringify(staticData).length).toBeLessThan(500);
	});

	it('a bad last event with no usable links.next: flagged once, and later polls go on', async () => {
		const [first, second] = addEvents(3);
		const bad = { ...second, id: LONG_ID };
		// links.next names the 10 kB id: unusable as a position, so ignored.
		answerOnce([first, bad], LONG_ID);
		const staticData: IDataObject = {};
		expect(ids(await poll(staticData))).toEqual(['_1', 'malformed']);
		expect(staticData.lastEventId).toBe('_1');
		expect(JSON.stringify(staticData).length).toBeLessThan(500);

		// The same answer again at the same position: the bad event is not emitted twice.
		answerOnce([bad], LONG_ID);
		expect(await poll(staticData)).toBeNull();
		expect(received().at(-1)?.query).toEqual({ lastEventId: '_1' });

		// Later answers move the cursor past it (here the sandbox's own queue) and emit what follows.
		expect(ids(await poll(staticData))).toEqual(['_2', '_3']);
		expect(staticData).toMatchObject({ lastEventId: '_3', started: true, startFrom: 'oldest' });
		expect(Object.keys(staticData).sort()).toEqual([
			'lastEventId',
			'recentlyEmitted',
			'startFrom',
			'started',
		]);
	});
});

describe('readEvents with malformed entries', () => {
	const good = (id: string) => ({ id, attributes: { eventType: 'case_created' } });
	const pageOf = (data: unknown[], next?: string) =>
		parseReceivedPage({
			data,
			links: { next: next && `/receive?lastEventId=${next}` },
		}) as ReceivedPage;
	const settings = { maxEvents: 100, pageSize: 10, keep: () => true, mayContinue: () => true };

	it('malformed entries do not count towards the maximum; those after the last taken event wait', async () => {
		const page = pageOf([good('_1'), { id: null }, good('_2'), { id: '' }, good('_3')], '_3');
		const fetchPage: FetchPage = async () => page;
		const result = await readEvents(fetchPage, undefined, { ...settings, maxEvents: 2 });
		expect(result.kept.map((entry) => entry.id ?? 'malformed')).toEqual(['_1', 'malformed', '_2']);
		expect(result.lastEventId).toBe('_2');
		expect(result.notPassed).toEqual([]);
	});

	it('a type filter keeps a malformed entry whose type cannot be read, drops one of another type', () => {
		const keep = eventTypeFilter(['claim_updated']);
		const [unknown, other] = pageOf([
			{ id: 7n.toString().repeat(300) },
			{ attributes: { eventType: 'case_created' } },
		]).events;
		expect(keep(unknown)).toBe(true);
		expect(keep(other)).toBe(false);
	});

	it('a links.next whose id is too long to be a position is ignored', () => {
		expect(lastEventIdFromLink(`/receive?lastEventId=${LONG_ID}`)).toBeUndefined();
	});
});
