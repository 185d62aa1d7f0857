import type { IDataObject } from 'n8n-workflow';

import type { ReceivedEvent, ReceivedPage } from './receivedEvents';

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
}

export interface PollSettings {
	/** Events processed at most in one poll (emitted or filtered out). */
	maxEvents: number;
	/** A page with this many events is full: more are waiting, so ask again at once. */
	pageSize: number;
	keep: (event: ReceivedEvent) => boolean;
	/** False when the poll must stop asking (time budget); checked before every follow-up page. */
	mayContinue: () => boolean;
}

/** Fetches one page after `lastEventId`; `null` when the long poll ended without an answer. */
export type FetchPage = (lastEventId: string | undefined) => Promise<ReceivedPage | null>;

export interface PollResult {
	/** Events that passed the filter, oldest first. */
	kept: ReceivedEvent[];
	/** Cursor after the last processed event. */
	lastEventId?: string;
	/** True when the last page was shorter than a full page: nothing more is waiting. */
	reachedEnd: boolean;
}

/**
 * Reads events after `lastEventId`, following `links.next` while pages are full, until
 * `maxEvents` were processed, the server has nothing more or the time budget is spent. Events the
 * filter drops still move the cursor, so they are not read again.
 */
export async function readEvents(
	fetchPage: FetchPage,
	startAfter: string | undefined,
	settings: PollSettings,
): Promise<PollResult> {
	const kept: ReceivedEvent[] = [];
	let lastEventId = startAfter;
	let processed = 0;
	for (let first = true; first || settings.mayContinue(); first = false) {
		const page = await fetchPage(lastEventId);
		if (page === null || page.events.length === 0) return { kept, lastEventId, reachedEnd: true };
		const room = settings.maxEvents - processed;
		const taken = page.events.slice(0, room);
		for (const event of taken) {
			lastEventId = event.id;
			if (settings.keep(event)) kept.push(event);
		}
		processed += taken.length;
		// Only a whole page lets links.next speak for the cursor; after a partial take it is ours.
		if (taken.length === page.events.length && page.nextLastEventId !== undefined) {
			lastEventId = page.nextLastEventId;
		}
		if (taken.length < page.events.length || processed >= settings.maxEvents) {
			return { kept, lastEventId, reachedEnd: false };
		}
		if (page.events.length < settings.pageSize) return { kept, lastEventId, reachedEnd: true };
	}
	return { kept, lastEventId, reachedEnd: false };
}

/** Reads the cursor from the node's static data, ignoring anything malformed. */
export function readCursor(staticData: IDataObject): EventCursor {
	const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
	const startFrom = text(staticData.startFrom);
	return {
		lastEventId: text(staticData.lastEventId),
		started: staticData.started === true,
		startFrom: isStartFrom(startFrom) ? startFrom : undefined,
		startEventId: text(staticData.startEventId),
		activatedAt: text(staticData.activatedAt),
	};
}

export function writeCursor(staticData: IDataObject, cursor: EventCursor) {
	for (const key of ['lastEventId', 'startFrom', 'startEventId', 'activatedAt'] as const) {
		const value = cursor[key];
		if (value === undefined) delete staticData[key];
		else staticData[key] = value;
	}
	staticData.started = cursor.started === true;
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
	return { ...current, started: false };
}

/**
 * For "Now": true when Scalepoint queued the event at or after `since` (ms on Scalepoint's clock).
 * An event without a readable timestamp cannot be placed and counts as older.
 */
export function queuedAtOrAfter(event: ReceivedEvent, since: number) {
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
