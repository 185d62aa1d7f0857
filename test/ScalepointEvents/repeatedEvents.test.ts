import type { IDataObject } from 'n8n-workflow';

import { MAX_REMEMBERED_EVENTS } from '../../nodes/ScalepointEvents/helpers/emittedEvents';
import { recentKey } from '../../nodes/shared/recentKeys';
import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import type { OutgoingEvent } from '../sandbox/state';
import { runPoll } from './pollHarness';

// "Never loses, repeats or stalls events" when Scalepoint's answers disagree with themselves:
// links.next naming another position than the page, events sent again in a later poll, a page
// that goes backwards. Ids are opaque, so the trigger cannot sort them; it keeps the last id
// received as the position and remembers what it emitted.

let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startScalepointFixture({ eventHoldMs: 300 });
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

async function poll(
	staticData: IDataObject,
	options: IDataObject = {},
	overrides: IDataObject = {},
	mode: 'trigger' | 'manual' = 'trigger',
) {
	const result = await runPoll({
		parameters: {
			host: fx.sandbox.url,
			country: 'dk',
			tenant: 'abcinsurance',
			startFrom: 'oldest',
			options: { longPollTimeoutSeconds: 2, ...options },
			...overrides,
		},
		credentials: fx.credentials(),
		staticData,
		mode,
	});
	return (result?.[0] ?? []).map((item) =>
		item.json.malformed === true ? 'malformed' : item.json.eventId,
	);
}

function addEvents(count: number) {
	return Array.from({ length: count }, (_, index) =>
		fx.sandbox.state.addOutgoingEvent('case_created', { caseNumber: `CN${index}` }),
	);
}

/** The next `receive` answer is exactly `data`, with a links.next naming `nextId` when given. */
function answerOnce(data: unknown[], nextId?: string) {
	const links =
		nextId === undefined ? {} : { next: `${fx.sandbox.url}/receive?lastEventId=${nextId}` };
	fx.sandbox.faults.add({
		route: 'events.receive',
		status: 200,
		body: JSON.stringify({ links, meta: {}, data }),
	});
}

const asked = () =>
	fx.sandbox.requests('events.receive').map((request) => request.query.lastEventId);
const idsOf = (events: OutgoingEvent[]) => events.map((event) => event.id);

describe('Trigger — links.next disagreeing with the page', () => {
	it('a links.next ahead of the page loses nothing: the position is the last event received', async () => {
		const events = addEvents(10);
		// A full page (size 3) whose links.next claims _6: trusting it would skip _4.._6.
		answerOnce(events.slice(0, 3), '_6');
		const staticData: IDataObject = {};
		expect(await poll(staticData, { pageSize: 3 })).toEqual(idsOf(events));
		expect(asked()[1]).toBe('_3');
		expect(staticData.lastEventId).toBe('_10');
	});

	it('a links.next behind the page repeats nothing: the next poll asks after the last event received', async () => {
		const events = addEvents(3);
		answerOnce(events, '_1');
		const staticData: IDataObject = {};
		expect(await poll(staticData)).toEqual(['_1', '_2', '_3']);
		expect(staticData.lastEventId).toBe('_3');
		addEvents(1);
		expect(await poll(staticData)).toEqual(['_4']);
		expect(asked().at(-1)).toBe('_3');
	});

	it('links.next still moves the position past trailing entries without a usable id', async () => {
		const [first, second] = addEvents(3);
		const { id: _id, ...withoutId } = second;
		answerOnce([first, withoutId], '_2');
		const staticData: IDataObject = {};
		expect(await poll(staticData)).toEqual(['_1', 'malformed']);
		expect(staticData.lastEventId).toBe('_2');
		expect(await poll(staticData)).toEqual(['_3']);
	});
});

describe('Trigger — events sent again', () => {
	it('events a later answer repeats (asked after _3, it starts at _2) are emitted once', async () => {
		const events = addEvents(3);
		const staticData: IDataObject = {};
		expect(await poll(staticData)).toEqual(['_1', '_2', '_3']);
		events.push(...addEvents(1));
		answerOnce(events.slice(1, 4));
		expect(await poll(staticData)).toEqual(['_4']);
		expect(asked().at(-1)).toBe('_3');
		expect(staticData.lastEventId).toBe('_4');
	});

	it('a page that goes backwards ([_1, _5, _3]) does not emit _5 twice when the queue comes back to it', async () => {
		const events = addEvents(5);
		answerOnce([events[0], events[4], events[2]]);
		const staticData: IDataObject = {};
		expect(await poll(staticData)).toEqual(['_1', '_5', '_3']);
		expect(staticData.lastEventId).toBe('_3');
		expect(await poll(staticData)).toEqual(['_4']);
		expect(staticData.lastEventId).toBe('_5');
	});

	it('after 2,000 events over many polls, a replay of recent ones is skipped and static data stays bounded', async () => {
		const events = addEvents(2_000);
		const staticData: IDataObject = {};
		const emitted: unknown[] = [];
		for (let polls = 0; polls < 20; polls++) {
			emitted.push(...(await poll(staticData, { maxEventsPerPoll: 100 })));
		}
		expect(emitted).toEqual(idsOf(events));
		expect(staticData.recentlyEmitted).toHaveLength(MAX_REMEMBERED_EVENTS);
		// 500 keys of 12 characters, the position and the settings.
		expect(JSON.stringify(staticData).length).toBeLessThan(8_000);

		// Scalepoint sends the last 400 again, with one new event.
		const [fresh] = addEvents(1);
		answerOnce([...events.slice(-400), fresh]);
		const replayed = await poll(staticData, { pageSize: 1_000, maxEventsPerPoll: 1_000 });
		expect(replayed).toEqual([fresh.id]);
		expect(staticData.recentlyEmitted).toHaveLength(MAX_REMEMBERED_EVENTS);
		expect((staticData.recentlyEmitted as string[]).at(-1)).toBe(recentKey(fresh.id));
	});
});

describe('Trigger — memory of emitted events and settings', () => {
	it('changing Start From forgets the memory with the position: the events asked for come again', async () => {
		addEvents(3);
		const staticData: IDataObject = {};
		expect(await poll(staticData)).toEqual(['_1', '_2', '_3']);
		const again = await poll(staticData, {}, { startFrom: 'eventId', startEventId: '_1' });
		expect(again).toEqual(['_2', '_3']);
	});

	it('a manual run (Fetch Test Event) shows emitted events and leaves the memory alone', async () => {
		addEvents(3);
		const staticData: IDataObject = {};
		expect(await poll(staticData)).toEqual(['_1', '_2', '_3']);
		const stored = JSON.parse(JSON.stringify(staticData));
		expect(await poll(staticData, {}, {}, 'manual')).toEqual(['_1', '_2', '_3']);
		expect(staticData).toEqual(stored);
	});
});
