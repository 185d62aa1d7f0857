import type { IDataObject } from 'n8n-workflow';

import { recentKey } from '../../shared/recentKeys';
import { MAX_REMEMBERED_EVENTS } from './emittedEvents';
import {
	isMalformed,
	type EventFields,
	type MalformedEvent,
	type PageEntry,
	type ReceivedPage,
} from './receivedEvents';

/** Where the first poll starts: the trigger's "Start From" parameter. */
export type StartFrom = 'now' | 'oldest' | 'eventId';

/** The "Start From" settings a position was made for. */
export interface StartSettings {
	startFrom: StartFrom;
	/** Only for `eventId`: the id to start after. */
	startEventId?: string;
}

/** What the trigger keeps in the workflow static data between polls and restarts. */
export interface EventCursor extends Partial<StartSettings> {
	/** The id of the last event processed (emitted or filtered out). */
	lastEventId?: string;
	/** True once the start position was applied; later polls continue from lastEventId. */
	started?: boolean;
	/** "Now" only, until the walk to the newest event is done: when the trigger first polled (ISO). */
	activatedAt?: string;
	/**
	 * Fingerprints of malformed entries right after `lastEventId` that were already emitted: the
	 * answer gave no position past them, so the next poll reads them again but does not emit them
	 * again. At most `MAX_SURFACED` (static data stays small whatever Scalepoint sends).
	 */
	surfacedMalformed?: string[];
	/**
	 * Keys (short hashes, see emittedEvents.ts) of the events emitted most recently, newest last:
	 * an event Scalepoint sends again in a later poll is not emitted again. At most
	 * `MAX_REMEMBERED_EVENTS`; forgotten with the position when "Start From" changes.
	 */
	recentlyEmitted?: string[];
}

export const MAX_SURFACED = 50;

export interface PollSettings {
	/** Events processed at most in one poll (emitted or filtered out). */
	maxEvents: number;
	/** A page with this many events is full: more are waiting, so ask again at once. */
	pageSize: number;
	keep: (event: PageEntry) => boolean;
	/** False when the poll must stop asking (time budget); checked before every follow-up page. */
	mayContinue: () => boolean;
	/**
	 * Fingerprints of malformed entries already emitted at the starting position (entries the
	 * cursor could not move past then): they are not emitted again.
	 */
	alreadySurfaced?: ReadonlySet<string>;
	/** Keys (`recentKey`) of events emitted by earlier polls: they are not emitted again. */
	alreadyEmitted?: ReadonlySet<string>;
}

/** Fetches one page after `lastEventId`; `null` when the long poll ended without an answer. */
export type FetchPage = (lastEventId: string | undefined) => Promise<ReceivedPage | null>;

export interface PollResult {
	/** Events (and malformed entries) that passed the filter, oldest first, each id once. */
	kept: PageEntry[];
	/** Cursor after the last processed event: the last usable id received. */
	lastEventId?: string;
	/** True when the last page was shorter than a full page: nothing more is waiting. */
	reachedEnd: boolean;
	/**
	 * Malformed entries after the final cursor: the answer gave no position past them (no usable
	 * links.next and no good event after them), so the next poll reads them again.
	 */
	notPassed: MalformedEvent[];
}

/**
 * Reads events after `lastEventId`, following `links.next` while pages are full, until
 * `maxEvents` were processed, the server has nothing more or the time budget is spent. Events the
 * filter drops still move the cursor, so they are not read again. An id seen twice in one poll, or
 * emitted by an earlier poll (`alreadyEmitted`), is emitted once. Malformed entries are emitted in
 * their place (they have no id, so they do not count towards `maxEvents`); the cursor moves past
 * them with the next good event or links.next.
 */
export async function readEvents(
	fetchPage: FetchPage,
	startAfter: string | undefined,
	settings: PollSettings,
): Promise<PollResult> {
	const kept: PageEntry[] = [];
	const seen = new Set<string>();
	let lastEventId = startAfter;
	let notPassed: MalformedEvent[] = [];
	let processed = 0;
	const done = (reachedEnd: boolean) => ({ kept, lastEventId, reachedEnd, notPassed });
	for (let first = true; first || settings.mayContinue(); first = false) {
		const page = await fetchPage(lastEventId);
		if (page === null || page.events.length === 0) return done(true);
		const taken = takeEvents(page.events, settings.maxEvents - processed);
		for (const entry of taken) {
			if (isMalformed(entry)) {
				notPassed.push(entry);
				const surfaced =
					lastEventId === startAfter && settings.alreadySurfaced?.has(entry.fingerprint);
				if (!surfaced && settings.keep(entry)) kept.push(entry);
				continue;
			}
			lastEventId = entry.id;
			notPassed = [];
			processed++;
			if (seen.has(entry.id) || settings.alreadyEmitted?.has(recentKey(entry.id))) continue;
			seen.add(entry.id);
			if (settings.keep(entry)) kept.push(entry);
		}
		// The cursor is the last usable id received. links.next may disagree with the page (a proxy,
		// a server bug): ahead of it, trusting it loses events; behind it, it repeats them. It only
		// moves the cursor past a page whose last entries have no usable id, which nothing else can
		// (and only when the whole page was taken; after a partial take the cursor is ours).
		const endsUnusable = isMalformed(page.events[page.events.length - 1]);
		if (endsUnusable && taken.length === page.events.length && page.nextLastEventId !== undefined) {
			lastEventId = page.nextLastEventId;
			notPassed = [];
		}
		if (taken.length < page.events.length || processed >= settings.maxEvents) return done(false);
		if (page.events.length < settings.pageSize) return done(true);
	}
	return done(false);
}

/**
 * The entries up to and including the `room`-th good event (all of them if there are fewer).
 * Malformed entries before it come along; those after it wait for the next poll, which can move
 * past them.
 */
function takeEvents(entries: PageEntry[], room: number) {
	let good = 0;
	for (let index = 0; index < entries.length; index++) {
		if (!isMalformed(entries[index]) && ++good >= room) return entries.slice(0, index + 1);
	}
	return entries;
}

/** Reads the cursor from the node's static data, ignoring anything malformed. */
export function readCursor(staticData: IDataObject): EventCursor {
	const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
	const startFrom = text(staticData.startFrom);
	const texts = (value: unknown) =>
		Array.isArray(value) ? value.filter((entry) => typeof entry === 'string') : [];
	const surfaced = texts(staticData.surfacedMalformed);
	const emitted = texts(staticData.recentlyEmitted);
	return {
		lastEventId: text(staticData.lastEventId),
		started: staticData.started === true,
		startFrom: isStartFrom(startFrom) ? startFrom : undefined,
		startEventId: text(staticData.startEventId),
		activatedAt: text(staticData.activatedAt),
		...(surfaced.length > 0 ? { surfacedMalformed: surfaced.slice(0, MAX_SURFACED) } : {}),
		...(emitted.length > 0 ? { recentlyEmitted: emitted.slice(-MAX_REMEMBERED_EVENTS) } : {}),
	};
}

export function writeCursor(staticData: IDataObject, cursor: EventCursor) {
	for (const key of ['lastEventId', 'startFrom', 'startEventId', 'activatedAt'] as const) {
		const value = cursor[key];
		if (value === undefined) delete staticData[key];
		else staticData[key] = value;
	}
	const surfaced = cursor.surfacedMalformed?.slice(0, MAX_SURFACED) ?? [];
	if (surfaced.length > 0) staticData.surfacedMalformed = surfaced;
	else delete staticData.surfacedMalformed;
	const emitted = cursor.recentlyEmitted?.slice(-MAX_REMEMBERED_EVENTS) ?? [];
	if (emitted.length > 0) staticData.recentlyEmitted = emitted;
	else delete staticData.recentlyEmitted;
	staticData.started = cursor.started === true;
}

/**
 * What to remember of a poll's malformed entries: the fingerprints of those the cursor could not
 * move past (still right after it), together with the ones remembered before at the same position.
 */
export function surfacedAfter(result: PollResult, before: EventCursor): string[] | undefined {
	const carried = result.lastEventId === before.lastEventId ? (before.surfacedMalformed ?? []) : [];
	const all = [...new Set([...carried, ...result.notPassed.map((entry) => entry.fingerprint)])];
	return all.length > 0 ? all.slice(0, MAX_SURFACED) : undefined;
}

export function isStartFrom(value: unknown): value is StartFrom {
	return value === 'now' || value === 'oldest' || value === 'eventId';
}

/**
 * The position to poll from under the current "Start From" settings. n8n keeps static data across
 * deactivate/activate and parameter edits, so the settings are stored next to the cursor: when
 * they differ from the stored ones the user changed "Start From" (or the id), and the trigger
 * starts over from the new setting. Static data of an earlier version has a started cursor but no
 * settings: it keeps its position and adopts the current settings.
 */
export function cursorFor(stored: EventCursor, settings: StartSettings): EventCursor {
	const current = { startFrom: settings.startFrom, startEventId: settings.startEventId };
	// An earlier version's position (also one in the middle of its walk to "Now") is kept.
	if (stored.startFrom === undefined && (stored.started || stored.lastEventId !== undefined)) {
		return { ...stored, ...current };
	}
	if (stored.startFrom === settings.startFrom && stored.startEventId === settings.startEventId) {
		return stored;
	}
	// Starting over forgets the position and the memory of emitted events with it: the user asked
	// for those events again (for example "Oldest Retained Event" to re-read the queue).
	return { ...current, started: false };
}

/**
 * For "Now": true when Scalepoint queued the event at or after `since` (ms on Scalepoint's clock).
 * An event without a readable timestamp cannot be placed and counts as older.
 */
export function queuedAtOrAfter(event: EventFields, since: number) {
	const queuedAt = typeof event.timestamp === 'string' ? parseAsUtc(event.timestamp) : NaN;
	return !Number.isNaN(queuedAt) && queuedAt >= since;
}

/**
 * Milliseconds of an ISO timestamp; one without a zone is read as UTC (Scalepoint's queue time), not
 * as this machine's local time, which would place it hours off.
 */
function parseAsUtc(timestamp: string) {
	const hasZone = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/.test(timestamp.trim());
	const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(timestamp.trim());
	return Date.parse(hasZone || dateOnly ? timestamp : `${timestamp}Z`);
}
