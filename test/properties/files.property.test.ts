import fc from 'fast-check';
import type { IExecuteFunctions } from 'n8n-workflow';

import {
	ALLOWED_EXTENSIONS,
	extensionOf,
	isAllowedExtension,
} from '../../nodes/ScalepointFiles/helpers/allowedExtensions';
import { describeBinary } from '../../nodes/ScalepointFiles/helpers/binaryFiles';
import {
	fileProblem,
	MAX_FILE_BYTES,
	MAX_FILE_NAME_LENGTH,
} from '../../nodes/ScalepointFiles/helpers/fileChecks';
import { buildJsonBody } from '../../nodes/ScalepointFiles/helpers/jsonBodyBuilder';
import { requireEmail, requireGuid } from '../../nodes/shared/validation';
import { FAKE_NODE, PROPERTY_RUNS } from '../fixtures/fakeNode';
import { anyValue, nasty, valueOrFieldError } from './generators';

const runs = { numRuns: PROPERTY_RUNS };

const fileName = fc.oneof(
	nasty,
	fc
		.tuple(nasty, fc.oneof(fc.constantFrom(...ALLOWED_EXTENSIONS), fc.string({ maxLength: 6 })))
		.map(([base, extension]) => `${base}.${extension}`),
	fc
		.tuple(fc.constantFrom(...ALLOWED_EXTENSIONS), fc.constantFrom('', '.', ' ', '..'))
		.map(([extension, tail]) => `file.${extension.toUpperCase()}${tail}`),
	fc
		.string({ minLength: MAX_FILE_NAME_LENGTH - 5, maxLength: MAX_FILE_NAME_LENGTH + 5 })
		.map((base) => `${base}.pdf`),
);
const byteLength = fc.oneof(
	fc.constantFrom(0, 1, MAX_FILE_BYTES, MAX_FILE_BYTES + 1),
	fc.integer({ min: 0, max: 2 * MAX_FILE_BYTES }),
);

describe('Files checks (generated input)', () => {
	it('fileProblem never throws; it passes exactly the files Scalepoint accepts and names the binary property otherwise', () => {
		fc.assert(
			fc.property(fileName, byteLength, fc.string({ maxLength: 20 }), (name, bytes, property) => {
				const problem = fileProblem({
					binaryProperty: property,
					fileName: name,
					byteLength: bytes,
				});
				const acceptable =
					name.trim() !== '' &&
					name.length <= MAX_FILE_NAME_LENGTH &&
					isAllowedExtension(name) &&
					bytes > 0 &&
					bytes <= MAX_FILE_BYTES;
				expect(problem === undefined).toBe(acceptable);
				if (problem !== undefined) {
					expect(problem).toContain(`binary property "${property}"`);
					expect(problem).toMatch(/Set |Use |accepts|requires/);
				}
			}),
			runs,
		);
	});

	it('the extension check is case-insensitive and only looks at the last extension', () => {
		fc.assert(
			fc.property(nasty, fc.constantFrom(...ALLOWED_EXTENSIONS), (base, extension) => {
				const mixed = extension
					.split('')
					.map((c, i) => (i % 2 ? c.toUpperCase() : c))
					.join('');
				expect(isAllowedExtension(`${base}.${mixed}`)).toBe(true);
				expect(extensionOf(`${base}.${mixed}`)).toBe(extension.toLowerCase());
				expect(isAllowedExtension(`${base}.${extension}.exe`)).toBe(
					ALLOWED_EXTENSIONS.includes('exe'),
				);
			}),
			runs,
		);
	});

	it('Case ID / Damage Notification ID: a GUID or an error naming the field', () => {
		fc.assert(
			fc.property(fc.oneof(anyValue, fc.uuid()), (value) => {
				for (const label of ['Case ID', 'Damage Notification ID']) {
					const guid = valueOrFieldError([label], () => requireGuid(FAKE_NODE, label, value));
					if (guid !== undefined)
						expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
				}
			}),
			runs,
		);
	});

	it('User E-Mail: one address without spaces or an error naming the field', () => {
		fc.assert(
			fc.property(fc.oneof(anyValue, fc.emailAddress()), (value) => {
				const email = valueOrFieldError(['User E-Mail'], () =>
					requireEmail(FAKE_NODE, 'User E-Mail', value),
				);
				if (email !== undefined) {
					expect(email).not.toMatch(/\s/);
					expect(email.split('@')).toHaveLength(2);
				}
			}),
			runs,
		);
	});

	it('base64 with whitespace anywhere and with or without padding: exact size, canonical body', async () => {
		// In-memory binary data set by hand (a Code node) need not be canonical: MIME wraps lines.
		const whitespace = fc.constantFrom('\r\n', '\n', ' ', '\t');
		await fc.assert(
			fc.asyncProperty(
				fc.uint8Array({ maxLength: 300 }),
				fc.array(fc.tuple(fc.nat(), whitespace), { maxLength: 8 }),
				fc.boolean(),
				async (raw, breaks, dropPadding) => {
					const bytes = Buffer.from(raw);
					let text = bytes.toString('base64');
					if (dropPadding) text = text.replace(/=+$/, '');
					for (const [at, space] of breaks) {
						const cut = at % (text.length + 1);
						text = text.slice(0, cut) + space + text.slice(cut);
					}
					const file = await describeBinary({} as IExecuteFunctions, 'data', {
						data: text,
						mimeType: 'text/plain',
					});
					expect(file.byteLength).toBe(bytes.length);
					const body = await buildJsonBody(
						[{ source: file.source, byteLength: file.byteLength, label: 'a' }],
						(slots) => ({ content: slots[0] }),
					);
					expect(JSON.parse(body.toString('utf8'))).toEqual({ content: bytes.toString('base64') });
				},
			),
			runs,
		);
	});
});
