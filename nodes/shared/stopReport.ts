import type { IDataObject } from 'n8n-workflow';

/**
 * Words for a run that stopped on an error part way (Continue On Fail off): n8n then shows only
 * the error, not the items that had already changed something at the vendor, and a re-run would
 * repeat them (publish an event twice, add a file twice). Bounded: a long run lists the first few.
 */

const LISTED = 20;
const MAX_TEXT = 120;
const MAX_LIST = 10;

export interface DoneEntry {
	/** 0-based input item index. */
	itemIndex: number;
	identifiers: IDataObject;
}

/** "Before the run stopped, 2 item(s) had already taken effect …: item 1 {…}; item 2 {…}." */
export function alreadyDoneText(done: DoneEntry[]): string {
	if (done.length === 0) return 'No other item had taken effect before the run stopped.';
	const listed = done
		.slice(0, LISTED)
		.map((entry) => `item ${entry.itemIndex + 1} ${boundedJson(entry.identifiers)}`);
	const more = done.length > LISTED ? `; and ${done.length - LISTED} more` : '';
	return `Before the run stopped, ${done.length} item(s) had already taken effect and are not undone; leave them out when running again: ${listed.join('; ')}${more}.`;
}

/** "item(s) 4, 5, … and 3 more" for a list of 0-based indexes. */
export function itemList(indexes: number[]): string {
	const shown = indexes.slice(0, LISTED).map((index) => index + 1);
	const more = indexes.length > LISTED ? ` and ${indexes.length - LISTED} more` : '';
	return `item(s) ${shown.join(', ')}${more}`;
}

/** "A1, A2, … and 5 more": a list of values for one identifier field, bounded. */
export function listed(values: string[]): string {
	const shown = values.slice(0, LISTED).join(', ');
	return values.length > LISTED ? `${shown} and ${values.length - LISTED} more` : shown;
}

/** JSON with long texts and lists cut, so one huge value cannot flood the message. */
export function boundedJson(value: IDataObject): string {
	return JSON.stringify(bound(value, 0));
}

function bound(value: unknown, depth: number): unknown {
	if (typeof value === 'string') {
		return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
	}
	if (typeof value !== 'object' || value === null) return value;
	if (depth > 3) return '…';
	if (Array.isArray(value)) {
		const shown = value.slice(0, MAX_LIST).map((entry) => bound(entry, depth + 1));
		return value.length > MAX_LIST ? [...shown, `… ${value.length - MAX_LIST} more`] : shown;
	}
	return Object.fromEntries(
		Object.entries(value).map(([key, entry]) => [key, bound(entry, depth + 1)]),
	);
}
