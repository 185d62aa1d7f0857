import type { IDataObject } from 'n8n-workflow';

import { truncate } from './validation';

/**
 * The identifiers an error item carries in its message (request ID, case number, correlation ID),
 * for a later run that is handed only the message, e.g. to resume a deletion. They are written as
 * JSON after a marker, at the very end of the message, so values can hold anything: a case number
 * with "(" or ", requestId: <guid>" stays inside its JSON string and cannot pose as another field.
 */
const MARKER = 'Identifiers: ';

// A message is read back from user input: bound the work spent on text full of markers.
const MAX_MARKERS_TRIED = 50;

// Identifiers (GUIDs, case numbers, correlation IDs) are short; a longer value is cut so that the
// group, which is added after the message was bounded, cannot make the message unbounded again.
const MAX_VALUE_LENGTH = 200;

/** `Identifiers: {"correlationId":"70c6…","found":false}`, or '' when there is none. */
export function identifiersText(data: IDataObject): string {
	const simple = Object.fromEntries(
		Object.entries(data)
			.filter(
				([, value]) => ['string', 'number', 'boolean'].includes(typeof value) || value === null,
			)
			.map(([key, value]) => [
				key,
				typeof value === 'string' ? truncate(value, MAX_VALUE_LENGTH) : value,
			]),
	);
	return Object.keys(simple).length > 0 ? `${MARKER}${JSON.stringify(simple)}` : '';
}

/**
 * The identifiers written by `identifiersText` at the end of `message`, or undefined.
 *
 * Only the real group parses: it is the last thing in the message and is a JSON object with at
 * least one key. From a marker inside one of its string values, the rest starts `{` followed by
 * escaped text and then that string's closing quote plus `,"key"` or `}`, which is never valid
 * JSON. From a marker earlier in the message (a forged one in a case number or a server text),
 * the real marker's words would have to sit inside a JSON string, which then ends at the quote
 * that opens the real group's first key, leaving that key's bare name: never valid either.
 */
export function identifiersInMessage(message: string): IDataObject | undefined {
	let at = message.lastIndexOf(MARKER);
	for (let tried = 0; at >= 0 && tried < MAX_MARKERS_TRIED; tried++) {
		const parsed = parseObject(message.slice(at + MARKER.length));
		if (parsed) return parsed;
		at = at === 0 ? -1 : message.lastIndexOf(MARKER, at - 1);
	}
	return undefined;
}

function parseObject(text: string): IDataObject | undefined {
	if (!text.startsWith('{"')) return undefined;
	try {
		const value = JSON.parse(text) as unknown;
		return typeof value === 'object' && value !== null && !Array.isArray(value)
			? (value as IDataObject)
			: undefined;
	} catch {
		return undefined;
	}
}
