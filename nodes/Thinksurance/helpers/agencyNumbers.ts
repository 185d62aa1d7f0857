import type { IDataObject, INode } from 'n8n-workflow';

import { invalidField, quoteValue, truncate } from '../../shared/validation';

/** Field rules of the "Add Agency Number" page (Agency Number Holder / Agency Number schemes). */

export const INSURER_ID_FIELDS = ['baFinId', 'insurerId', 'supervisingAuthorityId'] as const;
export type InsurerIdField = (typeof INSURER_ID_FIELDS)[number];

const INSURER_ID_LABELS: Record<InsurerIdField, string> = {
	baFinId: 'BaFin ID',
	insurerId: 'Insurer ID',
	supervisingAuthorityId: 'Supervising Authority ID',
};

export const COLLECTION_TYPES = [
	'broker_collection',
	'insurer_collection',
	'mga_collection',
] as const;

// Spreadsheets often hold the German names the vendor page gives next to each value.
const COLLECTION_TYPE_ALIASES: Record<string, string> = {
	maklerinkasso: 'broker_collection',
	versichererinkasso: 'insurer_collection',
	assekuradeurinkasso: 'mga_collection',
};

export interface Insurer {
	field: InsurerIdField;
	value: string;
}

export interface AgencyNumberEntry extends IDataObject {
	agencyNumber: string;
	matchCode?: string;
	externalInsurerId?: string;
	externalUniqueId?: string;
	defaultForTenders: boolean;
	defaultForCalculations: boolean;
	collectionType?: string;
	internalComment?: string;
	active: boolean;
}

export interface AgencyNumberSet {
	insurer: Insurer;
	agencyNumbers: AgencyNumberEntry[];
}

/** "BaFin ID" etc., for messages. */
export function insurerLabel(insurer: Insurer) {
	return `${INSURER_ID_LABELS[insurer.field]} ${insurer.value}`;
}

export function insurerKey(insurer: Insurer) {
	return `${insurer.field}:${insurer.value}`;
}

function optionalText(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	return text === '' ? undefined : text;
}

/** Exactly one of BaFin ID / Insurer ID / Supervising Authority ID must be filled. */
export function readInsurer(
	node: INode,
	raw: IDataObject,
	where: string,
	itemIndex?: number,
): Insurer {
	const filled = INSURER_ID_FIELDS.map((field) => ({
		field,
		value: optionalText(raw[field]),
	})).filter((entry): entry is Insurer => entry.value !== undefined);
	for (const field of INSURER_ID_FIELDS) {
		const value = raw[field];
		// A blank cell ("  ") is empty, not a wrong type.
		if (
			value !== undefined &&
			value !== null &&
			typeof value !== 'string' &&
			optionalText(value) === undefined
		) {
			throw invalidField(
				node,
				`${where}${INSURER_ID_LABELS[field]}`,
				'must be text or a number',
				itemIndex,
			);
		}
	}
	if (filled.length !== 1) {
		throw invalidField(
			node,
			`${where}Insurer`,
			filled.length === 0
				? 'is missing: fill exactly one of BaFin ID, Insurer ID or Supervising Authority ID'
				: `is ambiguous: fill exactly one of BaFin ID, Insurer ID or Supervising Authority ID (got ${filled.map((f) => INSURER_ID_LABELS[f.field]).join(' and ')})`,
			itemIndex,
		);
	}
	return filled[0];
}

/** Accepts true/false as booleans or as text (spreadsheets): true/false, yes/no, 1/0. */
export function readBoolean(
	node: INode,
	label: string,
	value: unknown,
	fallback: boolean,
	itemIndex?: number,
): boolean {
	if (typeof value === 'boolean') return value;
	if (value === undefined || value === null || value === '') return fallback;
	if (value === 1 || value === 0) return value === 1;
	if (typeof value === 'string') {
		const text = value.trim().toLowerCase();
		if (['true', 'yes', '1'].includes(text)) return true;
		if (['false', 'no', '0'].includes(text)) return false;
	}
	throw invalidField(node, label, `must be true or false (got ${quoteValue(value)})`, itemIndex);
}

export function readCollectionType(node: INode, label: string, value: unknown, itemIndex?: number) {
	const text = optionalText(value);
	if (text === undefined || text.toLowerCase() === 'none') return undefined;
	const normalized = COLLECTION_TYPE_ALIASES[text.toLowerCase()] ?? text;
	if ((COLLECTION_TYPES as readonly string[]).includes(normalized)) return normalized;
	throw invalidField(
		node,
		label,
		`must be one of ${COLLECTION_TYPES.join(', ')} or empty (got "${truncate(text)}")`,
		itemIndex,
	);
}

/**
 * One agency number from node parameters or an input item. Required: agencyNumber; booleans fall
 * back to the documented defaults (not default for tenders/calculations, active).
 */
export function readAgencyNumber(
	node: INode,
	raw: IDataObject,
	where: string,
	itemIndex?: number,
): AgencyNumberEntry {
	const agencyNumber = optionalText(raw.agencyNumber);
	if (agencyNumber === undefined) {
		throw invalidField(node, `${where}Agency Number`, 'is required', itemIndex);
	}
	const entry: AgencyNumberEntry = {
		agencyNumber,
		defaultForTenders: readBoolean(
			node,
			`${where}Default for Tenders`,
			raw.defaultForTenders,
			false,
			itemIndex,
		),
		defaultForCalculations: readBoolean(
			node,
			`${where}Default for Calculations`,
			raw.defaultForCalculations,
			false,
			itemIndex,
		),
		active: readBoolean(node, `${where}Active`, raw.active, true, itemIndex),
	};
	const labels = {
		matchCode: 'Match Code',
		externalInsurerId: 'External Insurer ID',
		externalUniqueId: 'External Unique ID',
		internalComment: 'Internal Comment',
	} as const;
	for (const [field, label] of Object.entries(labels) as Array<[keyof typeof labels, string]>) {
		const value = raw[field];
		if (value !== undefined && value !== null && typeof value === 'object') {
			throw invalidField(node, `${where}${label}`, 'must be text', itemIndex);
		}
		const text = optionalText(value);
		if (text !== undefined) entry[field] = text;
	}
	const collectionType = readCollectionType(
		node,
		`${where}Collection Type`,
		raw.collectionType,
		itemIndex,
	);
	if (collectionType) entry.collectionType = collectionType;
	return entry;
}

/** The documented wire shape: one holder per insurer with its agency numbers. */
export function toWireSets(sets: AgencyNumberSet[]): IDataObject[] {
	return sets.map((set) => ({
		[set.insurer.field]: set.insurer.value,
		agencyNumbers: set.agencyNumbers,
	}));
}

/**
 * An externalUniqueId can be used only once per broker/account, ever; a duplicate inside one
 * request would make Thinksurance refuse the whole request. Returns the first duplicate, if any.
 */
export function firstDuplicateUniqueId(entries: AgencyNumberEntry[]): string | undefined {
	const seen = new Set<string>();
	for (const entry of entries) {
		const id = entry.externalUniqueId;
		if (id === undefined) continue;
		if (seen.has(id)) return id;
		seen.add(id);
	}
	return undefined;
}
