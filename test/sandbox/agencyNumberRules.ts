import { isRecord } from './http';
import { INSURER_ID_FIELDS, type AgencyNumber, type InsurerIdField } from './state';

/** The Thinksurance agency-number page's field rules, for add and delete bodies. */

export const COLLECTION_TYPES = ['broker_collection', 'insurer_collection', 'mga_collection'];
const OPTIONAL_STRINGS = [
	'matchCode',
	'externalInsurerId',
	'externalUniqueId',
	'internalComment',
] as const;
const REQUIRED_BOOLEANS = ['defaultForTenders', 'defaultForCalculations', 'active'] as const;

interface InsurerRef {
	idField: InsurerIdField;
	idValue: string;
}
type Checked<T> = { sets: T[] } | { error: string };

function setsOf(body: unknown): unknown[] | string {
	if (
		!isRecord(body) ||
		!Array.isArray(body.agencyNumberSets) ||
		body.agencyNumberSets.length === 0
	) {
		return 'agencyNumberSets is required and must be a non-empty array.';
	}
	return body.agencyNumberSets;
}

/** Exactly one of baFinId / insurerId / supervisingAuthorityId, as a non-empty string. */
function insurerOf(set: unknown, where: string): InsurerRef | string {
	if (!isRecord(set)) return `${where} must be an object.`;
	const present = INSURER_ID_FIELDS.filter(
		(field) => set[field] !== undefined && set[field] !== null,
	);
	if (present.length !== 1) {
		return `${where}: exactly one of baFinId, insurerId, supervisingAuthorityId is required.`;
	}
	const idValue = set[present[0]];
	if (typeof idValue !== 'string' || idValue.trim() === '') {
		return `${where}.${present[0]} must be a non-empty string.`;
	}
	return { idField: present[0], idValue };
}

function agencyNumberOf(value: unknown, where: string): AgencyNumber | string {
	if (!isRecord(value)) return `${where} must be an object.`;
	if (typeof value.agencyNumber !== 'string' || value.agencyNumber.trim() === '') {
		return `${where}.agencyNumber is required.`;
	}
	for (const field of REQUIRED_BOOLEANS) {
		if (typeof value[field] !== 'boolean')
			return `${where}.${field} is required and must be a boolean.`;
	}
	for (const field of OPTIONAL_STRINGS) {
		if (value[field] !== undefined && value[field] !== null && typeof value[field] !== 'string') {
			return `${where}.${field} must be a string.`;
		}
	}
	const collectionType = value.collectionType;
	if (
		collectionType !== undefined &&
		collectionType !== null &&
		!COLLECTION_TYPES.includes(collectionType as string)
	) {
		return `${where}.collectionType must be one of ${COLLECTION_TYPES.join(', ')}.`;
	}
	// Only the documented fields are kept.
	const kept: AgencyNumber = {
		agencyNumber: value.agencyNumber,
		defaultForTenders: value.defaultForTenders as boolean,
		defaultForCalculations: value.defaultForCalculations as boolean,
		active: value.active as boolean,
	};
	for (const field of [...OPTIONAL_STRINGS, 'collectionType'] as const) {
		if (typeof value[field] === 'string') kept[field] = value[field] as string;
	}
	return kept;
}

export function checkAddSets(
	body: unknown,
): Checked<InsurerRef & { agencyNumbers: AgencyNumber[] }> {
	const sets = setsOf(body);
	if (typeof sets === 'string') return { error: sets };
	const checked: Array<InsurerRef & { agencyNumbers: AgencyNumber[] }> = [];
	for (const [index, set] of sets.entries()) {
		const where = `agencyNumberSets[${index}]`;
		const insurer = insurerOf(set, where);
		if (typeof insurer === 'string') return { error: insurer };
		const numbers = (set as Record<string, unknown>).agencyNumbers;
		if (!Array.isArray(numbers) || numbers.length === 0) {
			return { error: `${where}.agencyNumbers is required and must be a non-empty array.` };
		}
		const agencyNumbers: AgencyNumber[] = [];
		for (const [i, number] of numbers.entries()) {
			const result = agencyNumberOf(number, `${where}.agencyNumbers[${i}]`);
			if (typeof result === 'string') return { error: result };
			agencyNumbers.push(result);
		}
		checked.push({ ...insurer, agencyNumbers });
	}
	return { sets: checked };
}

export function checkDeleteSets(body: unknown): Checked<InsurerRef & { agencyNumbers?: string[] }> {
	const sets = setsOf(body);
	if (typeof sets === 'string') return { error: sets };
	const checked: Array<InsurerRef & { agencyNumbers?: string[] }> = [];
	for (const [index, set] of sets.entries()) {
		const where = `agencyNumberSets[${index}]`;
		const insurer = insurerOf(set, where);
		if (typeof insurer === 'string') return { error: insurer };
		const numbers = (set as Record<string, unknown>).agencyNumbers;
		if (numbers === undefined || numbers === null) {
			checked.push(insurer);
			continue;
		}
		if (!Array.isArray(numbers) || numbers.length === 0) {
			return { error: `${where}.agencyNumbers must be a non-empty array when given.` };
		}
		const names: string[] = [];
		for (const [i, number] of numbers.entries()) {
			if (
				!isRecord(number) ||
				typeof number.agencyNumber !== 'string' ||
				number.agencyNumber === ''
			) {
				return { error: `${where}.agencyNumbers[${i}].agencyNumber is required.` };
			}
			names.push(number.agencyNumber);
		}
		checked.push({ ...insurer, agencyNumbers: names });
	}
	return { sets: checked };
}
