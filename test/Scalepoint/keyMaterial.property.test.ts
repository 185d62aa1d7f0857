import fc from 'fast-check';

import {
	KeyMaterialError,
	loadClientKeyMaterial,
	normalisePem,
} from '../../nodes/Scalepoint/auth/keyMaterial';
import { PROPERTY_RUNS } from '../fixtures/fakeNode';
import { generateClientKeyMaterial } from '../sandbox/keys';

const keys = generateClientKeyMaterial();
const now = new Date();

// Ways a PEM gets mangled on its way into a form field.
const mangle = fc.constantFrom<(pem: string) => string>(
	(pem) => pem,
	(pem) => pem.replace(/\n/g, '\r\n'),
	(pem) => pem.replace(/\n/g, ' '),
	(pem) => pem.replace(/\n/g, ''),
	(pem) => pem.replace(/\n/g, '\\n'),
	(pem) =>
		pem
			.split('\n')
			.map((line) => `   ${line}\t`)
			.join('\n'),
	(pem) => `\n\n${pem}\n\n`,
);

describe('key material (generated input)', () => {
	it('any mangling of a valid PEM normalises to the same text and still loads', () => {
		const expectedCert = normalisePem(keys.certificatePem);
		const expectedKey = normalisePem(keys.privateKeyPem);
		fc.assert(
			fc.property(mangle, mangle, (mangleCert, mangleKey) => {
				expect(normalisePem(mangleCert(keys.certificatePem))).toBe(expectedCert);
				expect(normalisePem(mangleKey(keys.privateKeyPem))).toBe(expectedKey);
			}),
			{ numRuns: PROPERTY_RUNS },
		);
		const loaded = loadClientKeyMaterial(
			keys.certificatePem.replace(/\n/g, ' '),
			keys.privateKeyPem.replace(/\n/g, '\\n'),
			'',
			now,
		);
		expect(loaded.x5t).toBe(keys.x5t);
	});

	it('garbage, truncated or swapped PEM only ever yields a KeyMaterialError that names a field', () => {
		const truncatedCert = fc
			.nat({ max: keys.certificatePem.length })
			.map((n) => keys.certificatePem.slice(0, n));
		const truncatedKey = fc
			.nat({ max: keys.privateKeyPem.length })
			.map((n) => keys.privateKeyPem.slice(0, n));
		const input = fc.oneof(
			fc.string({ maxLength: 100 }),
			truncatedCert,
			truncatedKey,
			fc.constant(''),
			fc.anything(),
		);
		fc.assert(
			fc.property(
				input,
				input,
				fc.oneof(fc.constant(''), fc.string({ maxLength: 10 })),
				(certificate, privateKey, passphrase) => {
					try {
						loadClientKeyMaterial(certificate, privateKey, passphrase, now);
					} catch (error) {
						expect(error).toBeInstanceOf(KeyMaterialError);
						expect((error as Error).message).toMatch(
							/^(Certificate|Private Key|Private Key Passphrase): /,
						);
						expect((error as Error).message).not.toContain('MII');
						return;
					}
					// Only the complete, matching pair loads.
					expect(normalisePem(certificate)).toBe(normalisePem(keys.certificatePem));
				},
			),
			{ numRuns: PROPERTY_RUNS },
		);
	});
});
