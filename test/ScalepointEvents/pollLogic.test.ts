import {
	readEvents,
	readCursor,
	writeCursor,
	type FetchPage,
} from '../../nodes/ScalepointEvents/helpers/pollEvents';
import {
	eventToJson,
	eventTypeFilter,
	lastEventIdFromLink,
	parseReceivedPage,
	type ReceivedEvent,
} from '../../nodes/ScalepointEvents/helpers/receivedEvents';

const event = (id: string, eventType = 'case_created'): ReceivedEvent => ({
	id,
	type: 'event',
	timestamp: 't',
	attributes: { eventType },
});

/** A fake server: a queue of ids, pages of `size`, links.next naming the last id of the page. */
function queue(count: number, size: number) {
	const events = Array.from({ length: count }, (_, index) =>
		event(`_${index + 1}`, index % 2 ? 'claim_updated' : 'case_created'),
	);
	const calls: Array<string | undefined> = [];
	const fetchPage: FetchPage = async (lastEventId) => {
		calls.push(lastEventId);
		const from = lastEventId === undefined ? 0 : events.findIndex((e) => e.id === lastEventId) + 1;
		const page = events.slice(from, from + size);
		return { events: page, nextLastEventId: page.at(-1)?.id ?? lastEventId };
	};
	return { fetchPage, calls };
}

describe('readEvents', () => {
	const settings = { maxEvents: 100, pageSize: 10, keep: () => true, mayContinue: () => true };

	it('follows full pages and stops at a short one', async () => {
		const { fetchPage, calls } = queue(25, 10);
		const result = await readEvents(fetchPage, undefined, settings);
		expect(result.kept.map((e) => e.id)).toHaveLength(25);
		expect(calls).toEqual([undefined, '_10', '_20']);
		expect(result).toMatchObject({ lastEventId: '_25', reachedEnd: true });
	});

	it('a partial take of a page sets the cursor to the last event taken, not links.next', async () => {
		const { fetchPage } = queue(25, 10);
		const result = await readEvents(fetchPage, undefined, { ...settings, maxEvents: 15 });
		expect(result).toMatchObject({ lastEventId: '_15', reachedEnd: false });
		expect(result.kept).toHaveLength(15);
	});

	it('filtered-out events move the cursor', async () => {
		const { fetchPage } = queue(4, 10);
		const result = await readEvents(fetchPage, undefined, {
			...settings,
			keep: eventTypeFilter(['claim_updated']),
		});
		expect(result.kept.map((e) => e.id)).toEqual(['_2', '_4']);
		expect(result.lastEventId).toBe('_4');
	});

	it('stops following when the time budget is spent, keeping the cursor it reached', async () => {
		const { fetchPage, calls } = queue(30, 10);
		const result = await readEvents(fetchPage, '_0', { ...settings, mayContinue: () => false });
		expect(calls).toHaveLength(1);
		expect(result).toMatchObject({ lastEventId: '_10', reachedEnd: false });
	});

	it('null (timed-out long poll) keeps the cursor', async () => {
		const result = await readEvents(async () => null, '_7', settings);
		expect(result).toEqual({ kept: [], lastEventId: '_7', reachedEnd: true });
	});
});

describe('answer parsing', () => {
	it('reads lastEventId from absolute and relative links.next', () => {
		expect(
			lastEventIdFromLink(
				'https://www.scalepoint.com/api/events/v1/dk/external/abc/receive?lastEventId=_122047',
			),
		).toBe('_122047');
		expect(lastEventIdFromLink('/receive?limit=5&lastEventId=_9')).toBe('_9');
		expect(lastEventIdFromLink('/receive')).toBeUndefined();
		expect(lastEventIdFromLink(42)).toBeUndefined();
	});

	it('an empty body is no events; malformed answers are named', () => {
		expect(parseReceivedPage(undefined)).toEqual({ events: [] });
		expect(parseReceivedPage('<html>')).toBe('the answer is not a JSON object');
		expect(parseReceivedPage({ data: {} })).toBe('the answer has no data list');
		expect(parseReceivedPage({ data: [{ type: 'event' }] })).toBe(
			'an event in the answer has no id',
		);
		expect(
			parseReceivedPage({
				links: { next: '?lastEventId=_3' },
				data: [{ id: '_3', attributes: { a: 1 } }],
			}),
		).toEqual({
			events: [{ id: '_3', type: undefined, timestamp: undefined, attributes: { a: 1 } }],
			nextLastEventId: '_3',
		});
	});

	it('the event id, type and timestamp win over attributes of the same name', () => {
		expect(
			eventToJson({
				id: '_1',
				type: 'event',
				timestamp: 'T',
				attributes: { id: 'x', eventType: 'case_created' },
			}),
		).toEqual({
			id: '_1',
			type: 'event',
			timestamp: 'T',
			eventType: 'case_created',
		});
	});

	it('cursor read/write ignores malformed static data', () => {
		expect(readCursor({ lastEventId: 5, started: 'yes' })).toEqual({
			lastEventId: undefined,
			started: false,
		});
		const data = { lastEventId: '_1', started: true };
		writeCursor(data, { started: true });
		expect(data).toEqual({ started: true });
	});
});
