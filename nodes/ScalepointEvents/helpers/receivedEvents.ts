import { createHash } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { asObject } from '../../shared/httpErrors';

/** What the filters read of an event: `{ type, timestamp, attributes: {...} }`. */
export interface EventFields {
	type?: unknown;
	timestamp?: unknown;
	attributes: IDataObject;
}

/** One event of a `receive` answer: `{ id, type, timestamp, attributes: {...} }`. */
export interface ReceivedEvent extends EventFields {
	id: string;
	/** The entry exactly as Scalepoint sent it (version 2 items carry it as `event`). */
	raw: unknown;
}

/** An entry of a `receive` answer that cannot be used as an event (see `malformedToJson`). */
export interface MalformedEvent extends EventFields {
	id?: undefined;
	/** What is wrong with it, for the user. */
	problem: string;
	/** The entry exactly as Scalepoint sent it. */
	raw: unknown;
	/** A short hash of the entry: what the trigger remembers of one it has already surfaced. */
	fingerprint: string;
}

export type PageEntry = ReceivedEvent | MalformedEvent;

export interface ReceivedPage {
	/** The answer's entries in order, usable or not. */
	events: PageEntry[];
	/** `lastEventId` of `links.next`, when the answer has a usable one. */
	nextLastEventId?: string;
}

/**
 * Ids are short opaque strings such as `_122047`. A longer one cannot be a position: it would be
 * stored in the workflow's static data and sent back in every URL. Such an event is malformed.
 */
export const MAX_EVENT_ID_LENGTH = 200;

export function isMalformed(entry: PageEntry): entry is MalformedEvent {
	return 'problem' in entry;
}

/** Reads the `lastEventId` query parameter of a `links.next` URL (absolute or relative). */
export function lastEventIdFromLink(link: unknown): string | undefined {
	if (typeof link !== 'string' || link === '') return undefined;
	try {
		const id = new URL(link, 'http://relative.invalid').searchParams.get('lastEventId');
		return id === null || id === '' || id.length > MAX_EVENT_ID_LENGTH ? undefined : id;
	} catch {
		return undefined;
	}
}

/**
 * Reads a `receive` answer. An empty body means "no new events" (the long poll ended without
 * data); anything else must have a `data` list. An entry of that list without a usable id is kept
 * in its place as a `MalformedEvent`: the events around it are still good, and one bad entry must
 * not stop the trigger.
 */
export function parseReceivedPage(body: unknown): ReceivedPage | string {
	if (body === undefined || body === null || body === '') return { events: [] };
	const object = asObject(body);
	if (!object) return 'the answer is not a JSON object';
	const data = object.data ?? [];
	if (!Array.isArray(data)) return 'the answer has no data list';
	const events = data.map(toEntry);
	return { events, nextLastEventId: lastEventIdFromLink(asObject(object.links)?.next) };
}

function toEntry(entry: unknown): PageEntry {
	const event = asObject(entry);
	const fields: EventFields = {
		type: event?.type,
		timestamp: event?.timestamp,
		attributes: (asObject(event?.attributes) ?? {}) as IDataObject,
	};
	const problem = idProblem(event);
	if (problem === undefined) return { id: String(event?.id), ...fields, raw: entry };
	return { ...fields, problem, raw: entry, fingerprint: fingerprintOf(entry) };
}

function idProblem(event: Record<string, unknown> | undefined) {
	if (!event) return 'the entry is not an event object';
	const id = event.id;
	if (typeof id !== 'string' && typeof id !== 'number') return 'the event has no id';
	const text = String(id);
	if (text.trim() === '') return 'the event has an empty id';
	if (text.length > MAX_EVENT_ID_LENGTH) {
		return `the event's id is ${text.length} characters long (Scalepoint's ids are short, such as _122047)`;
	}
	return undefined;
}

function fingerprintOf(entry: unknown) {
	return createHash('sha256')
		.update(JSON.stringify(entry) ?? 'undefined')
		.digest('hex')
		.slice(0, 16);
}

/** The event type used by the filter: the envelope's eventType, else the event's own type. */
export function eventTypeOf(event: EventFields) {
	const fromAttributes = event.attributes.eventType;
	if (typeof fromAttributes === 'string' && fromAttributes !== '') return fromAttributes;
	return typeof event.type === 'string' ? event.type : '';
}

/** The names under which the item carries the event's own id and queue time. */
export const EVENT_ID_FIELD = 'eventId';
export const RECEIVED_AT_FIELD = 'receivedAt';

/**
 * The output item: every attribute exactly as published (the envelope's `eventType`,
 * `payloadVersion`, `correlationId`, `timestamp` and the business fields), plus the event's id as
 * `eventId` and Scalepoint's queue time as `receivedAt`. Attributes always win: if a publisher
 * already used one of these two names, its value is kept and the event's own value is left out.
 * The event's `type` (always "event") carries nothing and is not copied.
 */
export function eventToJson(event: Omit<ReceivedEvent, 'raw'>): IDataObject {
	return {
		[EVENT_ID_FIELD]: event.id,
		[RECEIVED_AT_FIELD]: (event.timestamp ?? null) as IDataObject[string],
		...event.attributes,
	};
}

/**
 * Builds the filter from the chosen types; no types chosen keeps every event. A malformed entry
 * whose type cannot be read passes: the filter cannot tell it is unwanted, so the user sees it.
 */
export function eventTypeFilter(types: string[]) {
	const wanted = new Set(types.map((type) => type.trim()).filter((type) => type !== ''));
	return (event: PageEntry) => {
		const type = eventTypeOf(event);
		return wanted.size === 0 || wanted.has(type) || (isMalformed(event) && type === '');
	};
}

/** The flag on the item of an entry that could not be used as an event. */
export const MALFORMED_FIELD = 'malformed';

/**
 * The item of a malformed entry: `malformed: true`, the `problem` and the entry as sent
 * (`rawEvent`). It is emitted in its place among the good events rather than thrown: a poll can
 * either emit items or fail, and failing would hold back the good events of the same answer (and
 * of every later poll) for one bad entry. An item is something the workflow can route (an IF on
 * `malformed`) and a person can read in the execution; the trigger has already moved past it.
 */
export function malformedToJson(event: MalformedEvent): IDataObject {
	return {
		[MALFORMED_FIELD]: true,
		problem: `Scalepoint sent an entry that is not a usable event: ${event.problem}. The trigger went on past it; its content is in rawEvent. Ask Scalepoint about it if you need this event.`,
		rawEvent: (event.raw ?? null) as IDataObject[string],
	};
}

/** Splits a comma- or space-separated list of event types. */
export function splitTypes(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String);
	if (typeof value !== 'string') return [];
	return value.split(/[\s,]+/).filter((type) => type !== '');
}
