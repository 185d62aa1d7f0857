import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

import {
	cursorFor,
	queuedAtOrAfter,
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

const event = (id: string, eventType = 'case_created'): ReceivedEvent => {
	const sent = { id, type: 'event', timestamp: 't', attributes: { eventType } };
	return { ...sent, raw: sent };
};

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

const REPO_ROOT = resolve(__dirname, '../..');

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
		expect(result).toEqual({ kept: [], lastEventId: '_7', reachedEnd: true, notPassed: [] });
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
		expect(parseReceivedPage({ data: [{ type: 'event' }] })).toEqual({
			events: [
				{
					type: 'event',
					timestamp: undefined,
					attributes: {},
					problem: 'the event has no id',
					raw: { type: 'event' },
					fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
				},
			],
		});
		expect(
			parseReceivedPage({
				links: { next: '?lastEventId=_3' },
				data: [{ id: '_3', attributes: { a: 1 } }],
			}),
		).toEqual({
			events: [
				{
					id: '_3',
					type: undefined,
					timestamp: undefined,
					attributes: { a: 1 },
					raw: { id: '_3', attributes: { a: 1 } },
				},
			],
			nextLastEventId: '_3',
		});
	});

	it('the item keeps every attribute as published and adds eventId and receivedAt; type is dropped', () => {
		expect(
			eventToJson({
				id: '_1',
				type: 'event',
				timestamp: '2024-05-01T10:00:00.000Z',
				attributes: { id: 'x', type: 'motor', timestamp: 'T', eventType: 'case_created' },
			}),
		).toEqual({
			eventId: '_1',
			receivedAt: '2024-05-01T10:00:00.000Z',
			id: 'x',
			type: 'motor',
			timestamp: 'T',
			eventType: 'case_created',
		});
	});

	it('an attribute named eventId or receivedAt is never overwritten either', () => {
		expect(
			eventToJson({
				id: '_1',
				timestamp: 'Q',
				attributes: { eventId: 'publisher', receivedAt: 'publisher' },
			}),
		).toEqual({ eventId: 'publisher', receivedAt: 'publisher' });
	});
});

describe('position and Start From', () => {
	it('cursor read/write ignores malformed static data', () => {
		expect(
			readCursor({ lastEventId: 5, started: 'yes', startFrom: 'later', activatedAt: 1 }),
		).toEqual({
			lastEventId: undefined,
			started: false,
			startFrom: undefined,
			startEventId: undefined,
			activatedAt: undefined,
		});
		const data = { lastEventId: '_1', started: true, startFrom: 'now', activatedAt: 'T' };
		writeCursor(data, { started: true, startFrom: 'oldest' });
		expect(data).toEqual({ started: true, startFrom: 'oldest' });
	});

	it('same settings keep the position; changed settings (mode or id) start over', () => {
		const stored = {
			lastEventId: '_9',
			started: true,
			startFrom: 'eventId' as const,
			startEventId: '_1',
		};
		expect(cursorFor(stored, { startFrom: 'eventId', startEventId: '_1' })).toBe(stored);
		expect(cursorFor(stored, { startFrom: 'eventId', startEventId: '_2' })).toEqual({
			startFrom: 'eventId',
			startEventId: '_2',
			started: false,
		});
		expect(cursorFor(stored, { startFrom: 'now' })).toEqual({
			startFrom: 'now',
			startEventId: undefined,
			started: false,
		});
	});

	it('a started position without stored settings (earlier version) is kept and adopts them', () => {
		expect(cursorFor({ lastEventId: '_9', started: true }, { startFrom: 'now' })).toEqual({
			lastEventId: '_9',
			started: true,
			startFrom: 'now',
			startEventId: undefined,
		});
	});

	it('a position in the middle of an earlier version\'s walk to "Now" is kept too', () => {
		expect(cursorFor({ lastEventId: '_500', started: false }, { startFrom: 'now' })).toEqual({
			lastEventId: '_500',
			started: false,
			startFrom: 'now',
			startEventId: undefined,
		});
	});

	it("a queue time without a zone is UTC, whatever the machine's time zone", () => {
		// The time zone is fixed when a process starts, so the check runs in one set to Copenhagen.
		const script = [
			"const { queuedAtOrAfter } = require('./nodes/ScalepointEvents/helpers/pollEvents');",
			"const since = Date.parse('2024-05-01T10:00:00Z');",
			"const at = (timestamp) => ({ id: '_1', timestamp, attributes: {} });",
			"console.log(JSON.stringify([queuedAtOrAfter(at('2024-05-01T10:30:00'), since), queuedAtOrAfter(at('2024-05-01T09:30:00.123'), since)]));",
		].join('\n');
		const output = execFileSync(
			process.execPath,
			['-r', 'ts-node/register/transpile-only', '-e', script],
			{ cwd: REPO_ROOT, env: { ...process.env, TZ: 'Europe/Copenhagen' }, encoding: 'utf8' },
		);
		expect(JSON.parse(output)).toEqual([true, false]);
	});

	it('"Now" keeps events queued at or after activation; an unreadable timestamp counts as older', () => {
		const at = (timestamp: unknown): ReceivedEvent => ({
			id: '_1',
			timestamp,
			attributes: {},
			raw: { id: '_1', timestamp },
		});
		const since = Date.parse('2024-05-01T10:00:00Z');
		expect(queuedAtOrAfter(at('2024-05-01T10:00:00.000Z'), since)).toBe(true);
		expect(queuedAtOrAfter(at('2024-05-01T12:00:00.0000001+02:00'), since)).toBe(true);
		expect(queuedAtOrAfter(at('2024-05-01T09:59:59.999Z'), since)).toBe(false);
		expect(queuedAtOrAfter(at('yesterday'), since)).toBe(false);
		expect(queuedAtOrAfter(at(undefined), since)).toBe(false);
	});
});
