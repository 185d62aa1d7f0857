import fc from 'fast-check';

import {
	COLLECTION_TYPES,
	INSURER_ID_FIELDS,
	readAgencyNumber,
	readBoolean,
	readCollectionType,
	readInsurer,
	toWireSets,
} from '../../nodes/Thinksurance/helpers/agencyNumbers';
import { FAKE_NODE, PROPERTY_RUNS } from '../fixtures/fakeNode';
import { anyValue, valueOrFieldError } from './generators';

const runs = { numRuns: PROPERTY_RUNS };
const idValue = fc.oneof(
	fc.constantFrom(undefined, null, '', '  ', '5405', 5036, 0),
	fc.string({ maxLength: 12 }),
	anyValue,
);
const booleanish = fc.oneof(
	fc.boolean(),
	fc.constantFrom('true', 'FALSE', ' yes ', 'No', '1', '0', 1, 0, 2, 'ja', '', null, undefined),
	anyValue,
);
const collectionType = fc.oneof(
	fc.constantFrom(...COLLECTION_TYPES, 'Maklerinkasso', 'VERSICHERERINKASSO', 'none', '', 'other'),
	anyValue,
);

describe('Thinksurance agency-number sets (generated input)', () => {
	it('an insurer is exactly one identifier: zero or two give an error naming Insurer', () => {
		fc.assert(
			fc.property(idValue, idValue, idValue, (baFinId, insurerId, supervisingAuthorityId) => {
				const raw = { baFinId, insurerId, supervisingAuthorityId } as never;
				const insurer = valueOrFieldError(
					['Insurer', 'BaFin ID', 'Insurer ID', 'Supervising Authority ID'],
					() => readInsurer(FAKE_NODE, raw, ''),
				);
				const filled = INSURER_ID_FIELDS.filter((field) => {
					const value = (raw as Record<string, unknown>)[field];
					return (
						(typeof value === 'string' && value.trim() !== '') ||
						typeof value === 'number' ||
						typeof value === 'bigint'
					);
				});
				if (insurer) {
					expect(filled).toEqual([insurer.field]);
					const [set] = toWireSets([{ insurer, agencyNumbers: [] } as never]);
					expect(Object.keys(set).sort()).toEqual(['agencyNumbers', insurer.field].sort());
				} else {
					// Refused: not exactly one filled, or another field holds something that is not text.
					const unusable = INSURER_ID_FIELDS.some((field) => {
						const value = (raw as Record<string, unknown>)[field];
						return value !== undefined && value !== null && value !== '' && !isText(value);
					});
					expect(filled.length !== 1 || unusable).toBe(true);
				}
			}),
			runs,
		);
	});

	it('booleans: true/false, yes/no, 1/0 (any case), the default when empty, else an error naming the field', () => {
		fc.assert(
			fc.property(booleanish, fc.boolean(), (value, fallback) => {
				const result = valueOrFieldError(['Active'], () =>
					readBoolean(FAKE_NODE, 'Active', value, fallback),
				);
				if (result === undefined) return;
				expect(typeof result).toBe('boolean');
				if (value === undefined || value === null || value === '') expect(result).toBe(fallback);
			}),
			runs,
		);
	});

	it('collection type: one of the documented values (aliases too), empty, or an error naming the field', () => {
		fc.assert(
			fc.property(collectionType, (value) => {
				const result = valueOrFieldError(['Collection Type'], () =>
					readCollectionType(FAKE_NODE, 'Collection Type', value),
				);
				if (result !== undefined) expect(COLLECTION_TYPES).toContain(result);
			}),
			runs,
		);
	});

	it('a whole agency number from an item: the documented fields only, or an error naming the field', () => {
		const row = fc.record(
			{
				agencyNumber: fc.oneof(fc.string({ maxLength: 10 }), anyValue),
				defaultForTenders: booleanish,
				defaultForCalculations: booleanish,
				active: booleanish,
				matchCode: anyValue,
				externalUniqueId: anyValue,
				collectionType,
			},
			{ requiredKeys: [] },
		);
		const allowed = [
			'agencyNumber',
			'defaultForTenders',
			'defaultForCalculations',
			'active',
			'matchCode',
			'externalInsurerId',
			'externalUniqueId',
			'internalComment',
			'collectionType',
		];
		fc.assert(
			fc.property(row, (raw) => {
				const entry = valueOrFieldError(
					[
						'Agency Number',
						'Default for Tenders',
						'Default for Calculations',
						'Active',
						'Match Code',
						'External Unique ID',
						'Collection Type',
					],
					() => readAgencyNumber(FAKE_NODE, raw as never, ''),
				);
				if (!entry) return;
				for (const key of Object.keys(entry)) expect(allowed).toContain(key);
				expect(typeof entry.agencyNumber).toBe('string');
				expect(entry.agencyNumber.trim()).not.toBe('');
			}),
			runs,
		);
	});
});

function isText(value: unknown) {
	return typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string';
}
