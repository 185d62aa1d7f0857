import type { INode } from 'n8n-workflow';

import { apiError, asObject } from './httpErrors';

/**
 * Errors for an answer that is not the one the vendor page documents as success. A 2xx alone
 * proves nothing: a proxy's HTML page, a cut-off body or `{}` can come with 200 after the request
 * was processed, or without it ever arriving. So a write is reported as "may have taken effect"
 * (it is never resent automatically) and a read as "not understood" (never as "not found").
 */

/** What the answer was instead, in words: "an HTML page", "truncated or invalid JSON", … */
export function describeAnswer(body: unknown): string {
	if (body === undefined || body === null) return 'an empty body';
	if (typeof body === 'string') {
		const text = body.trim();
		if (text.startsWith('<')) return 'an HTML page';
		// Transports parse JSON bodies; text that still starts like JSON did not parse.
		if (text.startsWith('{') || text.startsWith('[')) return 'truncated or invalid JSON';
		return 'text that is not JSON';
	}
	if (Array.isArray(body)) return 'a JSON list';
	const object = asObject(body);
	if (object && Object.keys(object).length === 0) return 'an empty JSON object';
	// Its fields or the status differ from the documented answer: the message shows both.
	if (object) return 'a JSON object';
	return 'a JSON value that is not an object';
}

export interface UnconfirmedWrite {
	/** "Scalepoint", "Thinksurance". */
	vendor: string;
	status: number;
	body: unknown;
	/** The documented success answer, e.g. `201 with {"_id": …}`. */
	expected: string;
	/** What was sent, e.g. "the event", "the deletion of case CN1". */
	what: string;
	/** Where to look before sending again, e.g. "check case CN1 in Scalepoint". */
	check: string;
	itemIndex?: number;
}

/** A write whose answer does not prove it took effect (nor that it did not). */
export function unconfirmedWrite(node: INode, write: UnconfirmedWrite) {
	return apiError(
		node,
		write.status,
		`${write.vendor} answered ${write.status} with ${describeAnswer(write.body)}, not the documented confirmation (${write.expected})`,
		`${capitalize(write.what)} may have taken effect — check before running again: ${write.check}. It was not sent again automatically.`,
		write.itemIndex,
	);
}

export interface UnreadableRead {
	vendor: string;
	status: number;
	body: unknown;
	/** The documented answer, e.g. `200 with {"agencyNumbers": [...]}`. */
	expected: string;
	/** What was asked, e.g. "the agency number list". */
	what: string;
	/** The next step, e.g. "Check the host and tenant, then run again." */
	next: string;
	itemIndex?: number;
}

/** A read whose answer is not understood: says nothing about what exists. */
export function unreadableRead(node: INode, read: UnreadableRead) {
	return apiError(
		node,
		read.status,
		`${read.vendor} answered ${read.status} with ${describeAnswer(read.body)}, not ${read.what} as documented (${read.expected})`,
		`The answer was not understood, so nothing is reported as found or missing. ${read.next}`,
		read.itemIndex,
	);
}

/** A non-empty text, e.g. a required identifier in an answer. */
export function isFilledText(value: unknown): value is string {
	return typeof value === 'string' && value.trim() !== '';
}

function capitalize(text: string) {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
