import type { INode } from 'n8n-workflow';

import {
	bodyFromItem,
	correlationIdOf,
	fraudStatusBody,
	timestampOf,
} from '../../nodes/ScalepointEvents/helpers/envelope';

const node = {
	name: 'Scalepoint Events',
	type: 'x',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
} as unknown as INode;
const now = () => new Date('2026-01-15T18:00:00.000Z');

describe('envelope helpers', () => {
	it('timestamp: empty is now; offsets and Z are accepted; no zone is refused', () => {
		expect(timestampOf(node, '', now)).toBe('2026-01-15T18:00:00.000Z');
		expect(timestampOf(node, '2017-07-25T10:31:28.2519514Z', now)).toBe(
			'2017-07-25T10:31:28.2519514Z',
		);
		expect(timestampOf(node, '2017-07-25T12:31:28+02:00', now)).toBe('2017-07-25T12:31:28+02:00');
		expect(timestampOf(node, new Date('2020-01-01T00:00:00Z'), now)).toBe(
			'2020-01-01T00:00:00.000Z',
		);
		expect(() => timestampOf(node, '2017-07-25T10:31:28', now)).toThrow(
			'Timestamp must be an ISO-8601',
		);
	});

	it('correlation ID: empty gives a new GUID each time', () => {
		const a = correlationIdOf(node, '');
		expect(a).toMatch(/^[0-9a-f-]{36}$/);
		expect(correlationIdOf(node, undefined)).not.toBe(a);
		expect(correlationIdOf(node, 'order-1')).toBe('order-1');
		expect(() => correlationIdOf(node, 'a b')).toThrow('Correlation ID must not contain spaces');
	});

	it('fraud_status: checks the status and builds case { <identifier>, caseType }', () => {
		expect(
			fraudStatusBody(node, {
				fraudStatus: 'FRAUDULENT',
				caseIdentifierType: 'uuid',
				caseIdentifier: 'u-1',
				caseType: '',
			}),
		).toEqual({
			status: 'FRAUDULENT',
			case: { uuid: 'u-1' },
		});
		expect(() =>
			fraudStatusBody(node, {
				fraudStatus: 'MAYBE',
				caseIdentifierType: 'uuid',
				caseIdentifier: 'u',
				caseType: '',
			}),
		).toThrow('Fraud Status must be FRAUDULENT or NOT_FRAUDULENT');
	});

	it('fraud body: a list or object as the identifier type is refused by name, never stringified', () => {
		// Found by the property test: String() of a list holding {toString: ''} throws a TypeError.
		for (const caseIdentifierType of [[{ toString: '' }], { uuid: 1 }, ['uuid']]) {
			expect(() =>
				fraudStatusBody(node, {
					fraudStatus: 'FRAUDULENT',
					caseIdentifierType,
					caseIdentifier: 'u',
					caseType: '',
				}),
			).toThrow(/^Identify Case By must be text \(got (a list|an object)\)$/);
		}
	});

	it('input item body: drops envelope fields, keeps the rest', () => {
		expect(
			bodyFromItem({
				eventType: 'x',
				correlationId: 'y',
				timestamp: 'z',
				payloadVersion: '1',
				a: 1,
			}),
		).toEqual({ a: 1 });
	});
});
