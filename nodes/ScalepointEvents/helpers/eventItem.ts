import type { IDataObject } from 'n8n-workflow';

import { liftable, liftIdentifiers } from './liftedFields';
import {
	EVENT_ID_FIELD,
	eventToJson,
	eventTypeOf,
	isMalformed,
	malformedToJson,
	RECEIVED_AT_FIELD,
	type PageEntry,
	type ReceivedEvent,
} from './receivedEvents';

/** Where a version 2 item keeps the event exactly as Scalepoint sent it. */
export const VENDOR_EVENT_FIELD = 'event';

/**
 * The version 2 item: what a next node needs on top, the vendor's event untouched below.
 *
 * `{ eventId, eventType, receivedAt, <identifiers of the type>, event: { id, type, timestamp, attributes } }`
 *
 * The identifiers are those the event's type documents (liftedFields.ts), each present only when
 * the event carries it. Nothing of the event is merged into the top level, so no vendor field can
 * hide one of ours (version 1 spreads the attributes and has to choose which wins).
 */
export function eventToItemV2(event: ReceivedEvent): IDataObject {
	const eventType = eventTypeOf(event);
	const item: IDataObject = { [EVENT_ID_FIELD]: event.id };
	if (liftable(eventType)) item.eventType = eventType;
	if (liftable(event.timestamp)) item[RECEIVED_AT_FIELD] = event.timestamp;
	Object.assign(item, liftIdentifiers(eventType, event.attributes));
	item[VENDOR_EVENT_FIELD] = event.raw as IDataObject;
	return item;
}

/**
 * The output item of any entry of an answer, in the shape of the node's version. A malformed
 * entry has the same item in both versions (`malformed`, `problem`, `rawEvent`).
 */
export function entryToItem(entry: PageEntry, nodeVersion: number): IDataObject {
	if (isMalformed(entry)) return malformedToJson(entry);
	return nodeVersion >= 2 ? eventToItemV2(entry) : eventToJson(entry);
}
