import fc from 'fast-check';

import {
	bodyFromItem,
	bodyFromJson,
	buildEvent,
	correlationIdOf,
	fraudStatusBody,
	paymentStatusBody,
	requireEventType,
	timestampOf,
} from '../../nodes/ScalepointEvents/helpers/envelope';
import { FAKE_NODE, PROPERTY_RUNS } from '../fixtures/fakeNode';
import { anyValue, nasty, valueOrFieldError } from './generators';

const HEADER_SAFE = /^[\x21-\x7e]+$/;
const ENVELOPE = ['eventType', 'payloadVersion', 'correlationId', 'timestamp'];
const runs = { numRuns: PROPERTY_RUNS };

describe('Events envelope (generated input)', () => {
	it('Event Type: a header-safe word or an error naming the field', () => {
		fc.assert(
			fc.property(anyValue, (value) => {
				const type = valueOrFieldError(['Event Type'], () => requireEventType(FAKE_NODE, value));
				if (type !== undefined) expect(type).toMatch(HEADER_SAFE);
			}),
			runs,
		);
	});

	it('Correlation ID: header-safe (a new GUID when empty) or an error naming the field', () => {
		fc.assert(
			fc.property(anyValue, (value) => {
				const id = valueOrFieldError(['Correlation ID'], () => correlationIdOf(FAKE_NODE, value));
				if (id !== undefined) expect(id).toMatch(HEADER_SAFE);
			}),
			runs,
		);
	});

	it('Timestamp: a parseable ISO date with a zone, or an error naming the field', () => {
		const now = () => new Date('2026-01-01T00:00:00Z');
		fc.assert(
			fc.property(
				fc.oneof(
					anyValue,
					fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
				),
				(value) => {
					const text = valueOrFieldError(['Timestamp'], () => timestampOf(FAKE_NODE, value, now));
					if (text !== undefined) expect(Number.isNaN(Date.parse(text))).toBe(false);
				},
			),
			runs,
		);
	});

	it('Event Body (JSON): a plain object without envelope fields, or an error naming the field', () => {
		const jsonish = fc.oneof(
			anyValue,
			fc.json(),
			fc
				.dictionary(fc.oneof(fc.constantFrom(...ENVELOPE), fc.string()), fc.jsonValue())
				.map((object) => JSON.stringify(object)),
		);
		fc.assert(
			fc.property(jsonish, (value) => {
				const body = valueOrFieldError(['Event Body (JSON)'], () => bodyFromJson(FAKE_NODE, value));
				if (body === undefined) return;
				expect(typeof body === 'object' && body !== null && !Array.isArray(body)).toBe(true);
				for (const field of ENVELOPE) expect(Object.keys(body)).not.toContain(field);
			}),
			runs,
		);
	});

	it('an input item can never override the envelope', () => {
		fc.assert(
			fc.property(
				fc.dictionary(fc.oneof(fc.constantFrom(...ENVELOPE), fc.string()), fc.jsonValue()),
				(json) => {
					const envelope = {
						eventType: 'payment_status_updated',
						payloadVersion: '1',
						correlationId: 'c',
						timestamp: '2026-01-01T00:00:00.000Z',
					};
					const event = buildEvent(envelope as never, bodyFromItem(json as never));
					for (const field of ENVELOPE)
						expect(event[field]).toBe(envelope[field as keyof typeof envelope]);
				},
			),
			runs,
		);
	});

	it('payment and fraud bodies: the documented shape or an error naming the field', () => {
		const fraudStatus = fc.oneof(fc.constantFrom('FRAUDULENT', 'NOT_FRAUDULENT'), anyValue);
		const identifierType = fc.oneof(fc.constantFrom('uuid', 'token', 'number'), anyValue);
		fc.assert(
			fc.property(anyValue, anyValue, anyValue, fraudStatus, identifierType, (a, b, c, s, t) => {
				const payment = valueOrFieldError(['Payment UUID', 'Payment Status'], () =>
					paymentStatusBody(FAKE_NODE, { paymentUuid: a, paymentStatus: b, statusReason: c }),
				);
				if (payment)
					expect(Object.keys(payment.payment)).toEqual(expect.arrayContaining(['uuid', 'status']));
				const fraud = valueOrFieldError(
					['Fraud Status', 'Identify Case By', 'Case Identifier'],
					() =>
						fraudStatusBody(FAKE_NODE, {
							fraudStatus: s,
							caseIdentifierType: t,
							caseIdentifier: a,
							caseType: b,
						}),
				);
				if (fraud) {
					expect(['FRAUDULENT', 'NOT_FRAUDULENT']).toContain(fraud.status);
					const keys = Object.keys(fraud.case).filter((key) => key !== 'caseType');
					expect(keys).toEqual([t]);
				}
			}),
			runs,
		);
	});

	it('nasty text never escapes into another header value', () => {
		fc.assert(
			fc.property(nasty, (value) => {
				const type = valueOrFieldError(['Event Type'], () => requireEventType(FAKE_NODE, value));
				if (type !== undefined) expect(type).not.toMatch(/[\r\n\s]/);
			}),
			runs,
		);
	});
});
