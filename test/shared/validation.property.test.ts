import fc from 'fast-check';
import { NodeOperationError } from 'n8n-workflow';

import {
	isEmail,
	isGuid,
	optionalText,
	requireBaseUrl,
	requireEmail,
	requireGuid,
} from '../../nodes/shared/validation';
import { FAKE_NODE, PROPERTY_RUNS } from '../fixtures/fakeNode';

const anything = fc.oneof(
	fc.string({ maxLength: 80 }),
	fc.uuid().map(String),
	fc.emailAddress(),
	fc.anything(),
);

function fieldErrorOr<T>(fieldLabel: string, run: () => T): T | undefined {
	try {
		return run();
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message.startsWith(`${fieldLabel} `)).toBe(true);
		return undefined;
	}
}

describe('validators (generated input)', () => {
	it('optionalText returns trimmed text for simple values and names the field for anything else', () => {
		const hostile = fc.constantFrom<unknown>(
			{ toString: '' },
			[{ toString: '' }],
			Object.create(null),
			{ valueOf: () => 'x' },
		);
		fc.assert(
			fc.property(fc.oneof(anything, hostile), (value) => {
				const text = fieldErrorOr('Timestamp', () => optionalText(FAKE_NODE, 'Timestamp', value));
				const simple =
					value === undefined ||
					value === null ||
					['string', 'number', 'bigint', 'boolean'].includes(typeof value);
				expect(text !== undefined).toBe(simple);
				if (text !== undefined) expect(text).toBe(text.trim());
			}),
			{ numRuns: PROPERTY_RUNS },
		);
	});

	it('requireGuid accepts exactly the GUIDs and names the field otherwise', () => {
		fc.assert(
			fc.property(anything, (value) => {
				const result = fieldErrorOr('Case ID', () => requireGuid(FAKE_NODE, 'Case ID', value));
				if (result !== undefined) expect(isGuid(result)).toBe(true);
			}),
			{ numRuns: PROPERTY_RUNS },
		);
	});

	it('every generated UUID is accepted', () => {
		fc.assert(
			fc.property(fc.uuid(), (uuid) => {
				expect(requireGuid(FAKE_NODE, 'Case ID', uuid)).toBe(uuid);
			}),
			{ numRuns: PROPERTY_RUNS },
		);
	});

	it('requireEmail never throws anything but a field error and accepts generated addresses', () => {
		fc.assert(
			fc.property(anything, (value) => {
				const result = fieldErrorOr('User E-mail', () =>
					requireEmail(FAKE_NODE, 'User E-mail', value),
				);
				if (result !== undefined) expect(isEmail(result)).toBe(true);
			}),
			{ numRuns: PROPERTY_RUNS },
		);
		fc.assert(
			fc.property(fc.emailAddress(), (email) => {
				expect(isEmail(email)).toBe(email.length <= 254);
			}),
			{ numRuns: PROPERTY_RUNS },
		);
	});

	it('requireBaseUrl returns an http(s) origin without query or fragment, or a field error', () => {
		fc.assert(
			fc.property(
				fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string()),
				(value) => {
					const result = fieldErrorOr('Host', () => requireBaseUrl(FAKE_NODE, 'Host', value));
					if (result === undefined) return;
					const url = new URL(result);
					expect(['http:', 'https:']).toContain(url.protocol);
					expect(url.search + url.hash).toBe('');
					expect(result.endsWith('/')).toBe(false);
				},
			),
			{ numRuns: PROPERTY_RUNS },
		);
	});
});
