import type { IDataObject } from 'n8n-workflow';

import { asObject } from '../../shared/httpErrors';

/** One event of a `receive` answer: `{ id, type, timestamp, attributes: {...} }`. */
export interface ReceivedEvent {
	id: string;
	type?: unknown;
	timestamp?: unknown;
	attributes: IDataObject;
}

export interface ReceivedPage {
	events: ReceivedEvent[];
	/** `lastEventId` of `links.next`, when the answer has one. */
	nextLastEventId?: string;
}

/** Reads the `lastEventId` query parameter of a `links.next` URL (absolute or relative). */
export function lastEventIdFromLink(link: unknown): string | undefined {
	if (typeof link !== 'string' || link === '') return undefined;
	try {
		const id = new URL(link, 'http://relative.invalid').searchParams.get('lastEventId');
		return id === null || id === '' ? undefined : id;
	} catch {
		return undefined;
	}
}

/**
 * Reads a `receive` answer. An empty body means "no new events" (the long poll ended without
 * data); anything else must have a `data` array of events with string or number ids.
 */
export function parseReceivedPage(body: unknown): ReceivedPage | string {
	if (body === undefined || body === null || body === '') return { events: [] };
	const object = asObject(body);
	if (!object) return 'the answer is not a JSON object';
	const data = object.data ?? [];
	if (!Array.isArray(data)) return 'the answer has no data list';
	const events: ReceivedEvent[] = [];
	for (const entry of data) {
		const event = asObject(entry);
		const id = event?.id;
		if (!event || (typeof id !== 'string' && typeof id !== 'number') || String(id) === '') {
			return 'an event in the answer has no id';
		}
		events.push({
			id: String(id),
			type: event.type,
			timestamp: event.timestamp,
			attributes: (asObject(event.attributes) ?? {}) as IDataObject,
		});
	}
	return { events, nextLastEventId: lastEventIdFromLink(asObject(object.links)?.next) };
}

/** The event type used by the filter: the envelope's eventType, else the event's own type. */
export function eventTypeOf(event: ReceivedEvent) {
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
export function eventToJson(event: ReceivedEvent): IDataObject {
	return {
		[EVENT_ID_FIELD]: event.id,
		[RECEIVED_AT_FIELD]: (event.timestamp ?? null) as IDataObject[string],
		...event.attributes,
	};
}

/** Builds the filter from the chosen types; no types chosen keeps every event. */
export function eventTypeFilter(types: string[]) {
	const wanted = new Set(types.map((type) => type.trim()).filter((type) => type !== ''));
	return (event: ReceivedEvent) => wanted.size === 0 || wanted.has(eventTypeOf(event));
}

/** Splits a comma- or space-separated list of event types. */
export function splitTypes(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String);
	if (typeof value !== 'string') return [];
	return value.split(/[\s,]+/).filter((type) => type !== '');
}
