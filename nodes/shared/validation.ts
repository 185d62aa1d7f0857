import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { boundedText, MAX_DESCRIPTION_LENGTH, MAX_MESSAGE_LENGTH } from './messageLength';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Deliberately simple: one @, no spaces, a dot in the domain. The server is the final judge.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isGuid(value: unknown): value is string {
	return typeof value === 'string' && GUID.test(value);
}

export function isEmail(value: unknown): value is string {
	return typeof value === 'string' && value.length <= 254 && EMAIL.test(value);
}

/** A user-facing error about one parameter; the message always names the field. */
export function invalidField(
	node: INode,
	fieldLabel: string,
	problem: string,
	itemIndex?: number,
	description?: string,
) {
	return new NodeOperationError(node, boundedText(`${fieldLabel} ${problem}`, MAX_MESSAGE_LENGTH), {
		itemIndex,
		description: boundedText(description, MAX_DESCRIPTION_LENGTH),
	});
}

/**
 * Every required text field is an identifier or a short code (country, tenant, case number, token,
 * event type). None comes near this length; a value that does is a mapping mistake (a whole item or
 * file in the field), refused before it is sent in a URL or body and echoed into error texts.
 */
export const MAX_IDENTIFIER_LENGTH = 1_000;

/** `maxLength`: a caller with a tighter limit and its own wording checks it after this. */
export function requireText(
	node: INode,
	fieldLabel: string,
	value: unknown,
	itemIndex?: number,
	maxLength = MAX_IDENTIFIER_LENGTH,
) {
	if (typeof value === 'number') return String(value);
	if (typeof value !== 'string' || value.trim() === '') {
		throw invalidField(node, fieldLabel, 'is required', itemIndex);
	}
	const text = value.trim();
	if (text.length > maxLength) {
		throw invalidField(
			node,
			fieldLabel,
			`is ${text.length} characters long; at most ${maxLength} are accepted. Check the expression or input column that fills it`,
			itemIndex,
		);
	}
	return text;
}

/**
 * Text of an optional field: '' when empty, trimmed text for a string, number or boolean.
 * Anything else (an object or list from an expression) is refused with the field's name rather
 * than turned into text, because converting an arbitrary object can throw or yield "[object Object]".
 */
export function optionalText(node: INode, fieldLabel: string, value: unknown, itemIndex?: number) {
	if (value === undefined || value === null) return '';
	if (['string', 'number', 'bigint', 'boolean'].includes(typeof value)) {
		return String(value).trim();
	}
	throw invalidField(node, fieldLabel, `must be text (got ${quoteValue(value)})`, itemIndex);
}

export function requireGuid(node: INode, fieldLabel: string, value: unknown, itemIndex?: number) {
	const text = requireText(node, fieldLabel, value, itemIndex);
	if (!isGuid(text)) {
		throw invalidField(
			node,
			fieldLabel,
			`must be a GUID such as 11111111-2222-3333-4444-555555555555 (got "${truncate(text)}")`,
			itemIndex,
		);
	}
	return text;
}

export function requireEmail(node: INode, fieldLabel: string, value: unknown, itemIndex?: number) {
	const text = requireText(node, fieldLabel, value, itemIndex);
	if (!isEmail(text)) {
		throw invalidField(
			node,
			fieldLabel,
			`must be an e-mail address (got "${truncate(text)}")`,
			itemIndex,
		);
	}
	return text;
}

export interface WholeNumberRange {
	min: number;
	max?: number;
	/** Used when the option is not set (undefined or null). */
	default: number;
}

/**
 * A whole-number option: a number, or text holding one (an expression may well give "5").
 * Anything else — other text, NaN, a fraction, a value outside the range — is refused with the
 * field's name and the value, so nothing is sent with a setting the user did not mean. (Silently
 * using a default instead has sent one item and cancelled the rest for a Concurrency of "abc".)
 */
export function wholeNumberOption(
	node: INode,
	fieldLabel: string,
	value: unknown,
	range: WholeNumberRange,
	itemIndex?: number,
) {
	if (value === undefined || value === null) return range.default;
	const number = toNumber(value);
	const { min, max } = range;
	if (!Number.isInteger(number) || number < min || (max !== undefined && number > max)) {
		const allowed = max === undefined ? `${min} or more` : `from ${min} to ${max}`;
		throw invalidField(
			node,
			fieldLabel,
			`must be a whole number ${allowed} (got ${quoteValue(value)})`,
			itemIndex,
		);
	}
	return number;
}

/** A number, or decimal text of one; NaN for anything else ('', '0x10', '1e3', true, objects). */
function toNumber(value: unknown) {
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && /^\s*[+-]?\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
	return NaN;
}

/**
 * User input quoted back in an error message: text and numbers shortened and quoted, anything
 * else only named (an object from an item may not even convert to text).
 */
export function quoteValue(value: unknown) {
	if (['string', 'number', 'bigint', 'boolean'].includes(typeof value)) {
		return `"${truncate(String(value))}"`;
	}
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	return Array.isArray(value) ? 'a list' : `an ${typeof value}`;
}

/** Shortens user input quoted back in an error message. */
export function truncate(text: string, max = 60) {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Accepts the URL of a host, with or without a trailing slash, and returns its origin. */
export function requireBaseUrl(
	node: INode,
	fieldLabel: string,
	value: unknown,
	itemIndex?: number,
) {
	const text = requireText(node, fieldLabel, value, itemIndex);
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw invalidField(
			node,
			fieldLabel,
			`must be a URL such as https://api.example.com (got "${truncate(text)}")`,
			itemIndex,
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw invalidField(node, fieldLabel, 'must start with https://', itemIndex);
	}
	if (url.username || url.password || url.search || url.hash) {
		throw invalidField(
			node,
			fieldLabel,
			'must not contain a user, password, query or fragment',
			itemIndex,
		);
	}
	return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
