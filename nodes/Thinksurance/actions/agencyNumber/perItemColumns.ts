import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * "One Agency Number per Input Item" reads spreadsheet rows, whose headers are written by people:
 * "BaFin ID", "bafin_id", "Agency Number", "Agenturnummer". A field left at its default reads its
 * column under any of these spellings (compared without case, spaces, `_`, `-` or `.`); a field
 * the user mapped (an expression of their own) is read as they wrote it.
 */
export const PER_ITEM_COLUMNS = {
	baFinId: { label: 'BaFin ID', variants: ['baFinId', 'BaFin', 'BaFin Nr', 'BaFin Nummer'] },
	insurerId: { label: 'Insurer ID', variants: ['insurerId', 'Versicherer ID'] },
	supervisingAuthorityId: {
		label: 'Supervising Authority ID',
		variants: ['supervisingAuthorityId', 'Aufsichtsbehörde ID'],
	},
	agencyNumber: {
		label: 'Agency Number',
		variants: ['agencyNumber', 'Agenturnummer', 'Vermittlernummer'],
	},
	matchCode: { label: 'Match Code', variants: ['matchCode', 'Matchcode'] },
	externalInsurerId: { label: 'External Insurer ID', variants: ['externalInsurerId'] },
	externalUniqueId: { label: 'External Unique ID', variants: ['externalUniqueId'] },
	defaultForTenders: { label: 'Default for Tenders', variants: ['defaultForTenders'] },
	defaultForCalculations: {
		label: 'Default for Calculations',
		variants: ['defaultForCalculations'],
	},
	collectionType: { label: 'Collection Type', variants: ['collectionType', 'Inkasso'] },
	internalComment: { label: 'Internal Comment', variants: ['internalComment', 'Comment'] },
	active: { label: 'Active', variants: ['active', 'Aktiv'] },
} as const;

export type PerItemField = keyof typeof PER_ITEM_COLUMNS;

/** The parameter of the node that maps a field (the insurer fields keep their own names). */
export function parameterOf(field: PerItemField): string {
	return field === 'baFinId' || field === 'insurerId' || field === 'supervisingAuthorityId'
		? field
		: `${field}Value`;
}

/** The default expression of a mapping parameter: the column under its API name. */
export function defaultExpression(field: PerItemField, fallback = ''): string {
	return `={{ $json.${field} ?? ${JSON.stringify(fallback)} }}`;
}

function normalized(name: string): string {
	return name.toLowerCase().replace(/[\s_\-.]/g, '');
}

/** Every spelling a field's column is found under, API name first. */
export function spellingsOf(field: PerItemField): string[] {
	const { label, variants } = PER_ITEM_COLUMNS[field];
	return [...new Set([variants[0], label, ...variants.slice(1)])];
}

/** The value of `field`'s column in a row, found under any accepted spelling. */
export function columnValue(row: IDataObject, field: PerItemField): unknown {
	const wanted = new Set(spellingsOf(field).map(normalized));
	const column = Object.keys(row).find((key) => wanted.has(normalized(key)));
	return column === undefined ? undefined : row[column];
}

/**
 * The value of one field for one item: its column (any spelling) while the parameter is left at
 * its default, else the parameter as the user mapped it.
 */
export function readPerItemField(
	ctx: IExecuteFunctions,
	field: PerItemField,
	itemIndex: number,
): unknown {
	const parameter = parameterOf(field);
	const raw = ctx.getNode().parameters[parameter];
	const atDefault =
		raw === undefined ||
		(typeof raw === 'string' && raw.replace(/\s/g, '').startsWith(`={{$json.${field}??`));
	if (atDefault) return columnValue(ctx.getInputData()[itemIndex]?.json ?? {}, field);
	return ctx.getNodeParameter(parameter, itemIndex, '') as unknown;
}

/** "its columns are: A, B" — to say, beside a missing field, what the row does hold. */
export function columnsNote(row: IDataObject | undefined): string {
	const names = Object.keys(row ?? {});
	if (names.length === 0) return 'the item has no fields';
	const shown = names.slice(0, 12).join(', ');
	return `the item's columns are: ${shown}${names.length > 12 ? ', …' : ''}`;
}

/** "agencyNumber, Agency Number or Agenturnummer" — the spellings read for a field. */
export function spellingsText(field: PerItemField): string {
	const names = spellingsOf(field).map((name) => `"${name}"`);
	return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}
