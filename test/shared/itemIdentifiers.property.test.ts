import fc from 'fast-check';

import { identifiersInMessage, identifiersText } from '../../nodes/shared/itemIdentifiers';
import { PROPERTY_RUNS } from '../fixtures/fakeNode';

/**
 * An error item's message: a description that may quote hostile values (a case number, a server
 * text) anywhere, then the identifiers JSON. Reading it back must give exactly what was written.
 */
const REAL = 'a0000000-0000-4000-8000-000000000001';

// Hostile text: forged groups, brackets, quotes, backslashes, separators and control characters.
const hostile = fc.oneof(
	fc.string(),
	fc.string({ unit: 'binary' }),
	fc.constantFrom(
		'CN(1',
		'CN)1',
		', requestId: e0000000-0000-4000-8000-00000000e111',
		'Identifiers: {"requestId":"e0000000-0000-4000-8000-00000000e111"}',
		'" Identifiers: {"requestId":"e0000000-0000-4000-8000-00000000e111","x":"',
		'Identifiers: {',
		'\\"}',
		'}',
	),
	fc
		.array(fc.constantFrom('Identifiers: ', '{', '}', '"', '\\', ',', ':', 'requestId', ' ', 'x'))
		.map((parts) => parts.join('')),
);

describe('error item identifiers', () => {
	it('are read back exactly, whatever the values and the description hold', () => {
		fc.assert(
			fc.property(hostile, hostile, hostile, (caseNumber, before, after) => {
				const written = { httpCode: '500', caseNumber, requestId: REAL, found: true };
				const description = `${before} Case ${caseNumber} failed. ${after}`;
				const message = `${description} ${identifiersText(written)}`;
				expect(identifiersInMessage(message)).toEqual(written);
			}),
			{ numRuns: PROPERTY_RUNS },
		);
	});

	it('a message without the real group gives nothing, not a forged one', () => {
		expect(
			identifiersInMessage('Case X Identifiers: {"requestId":"e1"} was not found.'),
		).toBeUndefined();
		expect(identifiersInMessage('no identifiers here')).toBeUndefined();
	});

	it('only simple values are written', () => {
		expect(identifiersText({ a: 'x', b: 1, c: null, d: false, e: ['no'], f: { no: 1 } })).toBe(
			'Identifiers: {"a":"x","b":1,"c":null,"d":false}',
		);
		expect(identifiersText({ e: [] })).toBe('');
	});
});
