import { randomUUID } from 'node:crypto';
import type { IDataObject, INode } from 'n8n-workflow';

import { headerLengthProblem } from '../../shared/headerLength';
import {
	invalidField,
	optionalText,
	quoteValue,
	requireGuid,
	requireText,
	truncate,
} from '../../shared/validation';
import { ENVELOPE_FIELDS } from './eventTypes';

/**
 * The envelope Scalepoint requires on every published event (Event API page, "Publish event
 * data"): eventType, payloadVersion, correlationId and timestamp come first, the event body after.
 */
export interface Envelope {
	eventType: string;
	payloadVersion: string;
	correlationId: string;
	timestamp: string;
}

/** ISO-8601 date and time with a zone: `Z` or an offset such as `+02:00`. */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Event types travel in an HTTP header: visible ASCII without spaces only. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** Event types are names such as payment_status_updated: far shorter than this. */
export const MAX_EVENT_TYPE_LENGTH = 128;

export function requireEventType(node: INode, value: unknown, itemIndex?: number) {
	const text = requireText(node, 'Event Type', value, itemIndex, Number.POSITIVE_INFINITY);
	const tooLong = headerLengthProblem(text, 'Event-Type', MAX_EVENT_TYPE_LENGTH);
	if (tooLong) {
		throw invalidField(
			node,
			'Event Type',
			`${tooLong} (starts with "${truncate(text)}")`,
			itemIndex,
			'Nothing was sent. Map the event type, such as payment_status_updated, not a whole text.',
		);
	}
	if (!HEADER_SAFE.test(text)) {
		throw invalidField(
			node,
			'Event Type',
			`must be one word without spaces, such as payment_status_updated (got "${truncate(text)}")`,
			itemIndex,
		);
	}
	return text;
}

/** The given correlation ID, or a new GUID: every event gets its own unless the user sets one. */
export function correlationIdOf(node: INode, value: unknown, itemIndex?: number) {
	if (value === undefined || value === null || value === '') return randomUUID();
	const text = requireText(node, 'Correlation ID', value, itemIndex);
	if (!HEADER_SAFE.test(text)) {
		throw invalidField(
			node,
			'Correlation ID',
			'must not contain spaces or control characters',
			itemIndex,
		);
	}
	return text;
}

/** The given timestamp (ISO-8601 with a zone), or now. Dates from expressions are accepted too. */
export function timestampOf(node: INode, value: unknown, now: () => Date, itemIndex?: number) {
	if (value === undefined || value === null || value === '') return now().toISOString();
	// An invalid Date (or Luxon DateTime) from an expression would throw or print "null".
	const text = typeof value === 'string' ? value.trim() : '';
	if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
	const toISO = (value as { toISO?: unknown }).toISO;
	if (typeof toISO === 'function') {
		const iso: unknown = toISO.call(value);
		if (typeof iso === 'string') return iso;
	}
	if (!ISO_WITH_ZONE.test(text) || Number.isNaN(Date.parse(text))) {
		throw invalidField(
			node,
			'Timestamp',
			`must be an ISO-8601 date and time with a time zone, such as 2017-07-25T10:31:28.251Z or 2017-07-25T12:31:28+02:00 (got ${quoteValue(value)})`,
			itemIndex,
			'Leave it empty to use the current time.',
		);
	}
	return text;
}

/** Parses the JSON body parameter: it must be one JSON object. */
export function bodyFromJson(node: INode, value: unknown, itemIndex?: number): IDataObject {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value) as unknown;
		} catch (error) {
			throw invalidField(
				node,
				'Event Body (JSON)',
				`is not valid JSON: ${(error as Error).message}`,
				itemIndex,
			);
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw invalidField(
			node,
			'Event Body (JSON)',
			'must be a JSON object such as {"payment": {...}}',
			itemIndex,
		);
	}
	const body = parsed as IDataObject;
	const clash = ENVELOPE_FIELDS.find((field) => field in body);
	if (clash) {
		throw invalidField(
			node,
			'Event Body (JSON)',
			`must not contain "${clash}"`,
			itemIndex,
			`The node sets ${ENVELOPE_FIELDS.join(', ')} from its own parameters. Remove "${clash}" from the JSON and use the parameter instead.`,
		);
	}
	return body;
}

/** The input item's fields as the event body; envelope fields in the item are replaced by the node's. */
export function bodyFromItem(json: IDataObject): IDataObject {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(json)) {
		if (!(ENVELOPE_FIELDS as readonly string[]).includes(key)) body[key] = value;
	}
	return body;
}

export interface PaymentStatusFields {
	paymentUuid: unknown;
	paymentStatus: unknown;
	statusReason: unknown;
}

/** `payment_status_updated`: `payment { uuid, status, statusReason }` as on the Event API page. */
export function paymentStatusBody(node: INode, fields: PaymentStatusFields, itemIndex?: number) {
	const payment: IDataObject = {
		// A UUID on the page's example; a typo is caught here instead of by Scalepoint after sending.
		uuid: requireGuid(node, 'Payment UUID', fields.paymentUuid, itemIndex),
		status: requireText(node, 'Payment Status', fields.paymentStatus, itemIndex),
	};
	const reason = typeof fields.statusReason === 'string' ? fields.statusReason.trim() : '';
	if (reason !== '') payment.statusReason = reason;
	return { payment };
}

export const FRAUD_STATUSES = ['FRAUDULENT', 'NOT_FRAUDULENT'] as const;
export const CASE_IDENTIFIERS = ['uuid', 'token', 'number'] as const;

export interface FraudStatusFields {
	fraudStatus: unknown;
	caseIdentifierType: unknown;
	caseIdentifier: unknown;
	caseType: unknown;
}

/** `fraud_status`: `status` FRAUDULENT / NOT_FRAUDULENT and `case { uuid | token | number, caseType }`. */
export function fraudStatusBody(node: INode, fields: FraudStatusFields, itemIndex?: number) {
	const status = requireText(node, 'Fraud Status', fields.fraudStatus, itemIndex);
	if (!(FRAUD_STATUSES as readonly string[]).includes(status)) {
		throw invalidField(
			node,
			'Fraud Status',
			`must be FRAUDULENT or NOT_FRAUDULENT (got "${truncate(status)}")`,
			itemIndex,
		);
	}
	const identifierType = optionalText(
		node,
		'Identify Case By',
		fields.caseIdentifierType,
		itemIndex,
	);
	if (!(CASE_IDENTIFIERS as readonly string[]).includes(identifierType)) {
		throw invalidField(node, 'Identify Case By', 'must be uuid, token or number', itemIndex);
	}
	const caseFields: IDataObject = {
		[identifierType]: requireText(node, 'Case Identifier', fields.caseIdentifier, itemIndex),
	};
	const caseType = typeof fields.caseType === 'string' ? fields.caseType.trim() : '';
	if (caseType !== '') caseFields.caseType = caseType;
	return { status, case: caseFields };
}

/** The request body: the envelope first, then the event body. */
export function buildEvent(envelope: Envelope, body: IDataObject): IDataObject {
	return { ...envelope, ...body };
}
