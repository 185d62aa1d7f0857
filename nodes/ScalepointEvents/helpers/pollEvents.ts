import type { IDataObject } from 'n8n-workflow';

import type { ReceivedEvent, ReceivedPage } from './receivedEvents';

/** What the trigger keeps in the workflow static data between polls and restarts. */
export interface EventCursor {
	/** The id of the last event processed (emitted or filtered out). */
	lastEventId?: string;
	/** True once the start position was applied; later polls continue from lastEventId. */
	started?: boolean;
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
	return {
		lastEventId: typeof staticData.lastEventId === 'string' ? staticData.lastEventId : undefined,
		started: staticData.started === true,
	};
}

export function writeCursor(staticData: IDataObject, cursor: EventCursor) {
	if (cursor.lastEventId === undefined) delete staticData.lastEventId;
	else staticData.lastEventId = cursor.lastEventId;
	staticData.started = cursor.started === true;
}
