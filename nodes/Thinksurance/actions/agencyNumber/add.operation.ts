import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { asObject } from '../../../shared/httpErrors';
import { runItems, withItemData } from '../../../shared/itemRunner';
import { alreadyDoneText, listed, type DoneEntry } from '../../../shared/stopReport';
import { isFilledText, unconfirmedWrite } from '../../../shared/unconfirmedAnswer';
import { invalidField, wholeNumberOption } from '../../../shared/validation';
import {
	firstDuplicateUniqueId,
	insurerKey,
	readAgencyNumber,
	readInsurer,
	toWireSets,
	type AgencyNumberEntry,
	type AgencyNumberSet,
	type Insurer,
} from '../../helpers/agencyNumbers';
import { errorForItem } from '../../helpers/itemErrors';
import { TIMEOUT_OPTION } from '../../transport/timeout';
import {
	ThinksuranceClient,
	ThinksuranceCredentialError,
	type ThinksuranceResponse,
} from '../../transport';
import { AGENCY_NUMBERS_PATH } from '../../transport/hosts';
import { COLLECTION_TYPE_OPTIONS, insurerFields } from './insurerFields';
import {
	columnsNote,
	defaultExpression,
	parameterOf,
	PER_ITEM_COLUMNS,
	readPerItemField,
	spellingsText,
	type PerItemField,
} from './perItemColumns';

const show = { resource: ['agencyNumber'], operation: ['add'] };
const showDefine = { show: { ...show, inputMode: ['define'] } };
const showPerItem = { show: { ...show, inputMode: ['perItem'] } };

const numberFields: INodeProperties[] = [
	{
		displayName: 'Agency Number',
		name: 'agencyNumber',
		type: 'string',
		default: '',
		required: true,
		description: 'The agency number itself',
	},
	{
		displayName: 'Match Code',
		name: 'matchCode',
		type: 'string',
		default: '',
		description: 'Reference shown to users in the booking process; use a text they understand',
	},
	{
		displayName: 'External Insurer ID',
		name: 'externalInsurerId',
		type: 'string',
		default: '',
		description:
			'Reference of the insurer in your CRM; returned in Thinksurance answers such as IPN',
	},
	{
		displayName: 'External Unique ID',
		name: 'externalUniqueId',
		type: 'string',
		default: '',
		description:
			'Your unique ID for this entry. It must be unique across the broker/account and can never be used twice.',
	},
	{
		displayName: 'Default for Tenders',
		name: 'defaultForTenders',
		type: 'boolean',
		default: false,
		description:
			'Whether this number is preselected in manual tenders (if several are, the last wins)',
	},
	{
		displayName: 'Default for Calculations',
		name: 'defaultForCalculations',
		type: 'boolean',
		default: false,
		description:
			'Whether this number is preselected for calculated offers (if several are, the last wins)',
	},
	{
		displayName: 'Collection Type',
		name: 'collectionType',
		type: 'options',
		options: COLLECTION_TYPE_OPTIONS,
		default: '',
	},
	{
		displayName: 'Internal Comment',
		name: 'internalComment',
		type: 'string',
		default: '',
		description: 'Only visible in the Thinksurance admin portal',
	},
	{
		displayName: 'Active',
		name: 'active',
		type: 'boolean',
		default: true,
		description: 'Whether users can choose this number in the booking process',
	},
];

export const description: INodeProperties[] = [
	{
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Define in Node',
				value: 'define',
				description:
					'List insurers and their agency numbers here; sent once per input item (use the node setting Execute Once to send them once)',
			},
			{
				name: 'One Agency Number per Input Item',
				value: 'perItem',
				description:
					'Each input item (e.g. a spreadsheet row) is one agency number; items are grouped by insurer into few requests',
			},
		],
		default: 'define',
		displayOptions: { show },
	},
	{
		displayName: 'Agency Number Sets',
		name: 'agencyNumberSets',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Insurer',
		default: {},
		displayOptions: showDefine,
		options: [
			{
				displayName: 'Insurer',
				name: 'set',
				values: [
					...insurerFields({ expressions: false }),
					{
						displayName: 'Agency Numbers',
						name: 'agencyNumbers',
						type: 'fixedCollection',
						typeOptions: { multipleValues: true },
						placeholder: 'Add Agency Number',
						default: {},
						options: [{ displayName: 'Agency Number', name: 'number', values: numberFields }],
					},
				],
			},
		],
	},
	...insurerFields({ expressions: true }).map((field) => ({
		...field,
		description: `${field.description} ${columnHelp(field.name as PerItemField)}`,
		displayOptions: showPerItem,
	})),
	...(
		[
			{ name: 'agencyNumber', fallback: '' },
			{ name: 'matchCode', fallback: '' },
			{ name: 'externalInsurerId', fallback: '' },
			{ name: 'externalUniqueId', fallback: '' },
			{ name: 'defaultForTenders', fallback: 'false' },
			{ name: 'defaultForCalculations', fallback: 'false' },
			{ name: 'collectionType', fallback: '' },
			{ name: 'internalComment', fallback: '' },
			{ name: 'active', fallback: 'true' },
		] as Array<{ name: PerItemField; fallback: string }>
	).map(({ name, fallback }): INodeProperties => ({
		displayName: PER_ITEM_COLUMNS[name].label,
		name: parameterOf(name),
		type: 'string',
		default: defaultExpression(name, fallback),
		required: name === 'agencyNumber',
		description: `${valueHelp(name)} ${columnHelp(name)}`,
		displayOptions: showPerItem,
	})),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1000 },
				default: 100,
				description: 'Most agency numbers sent in one request. Items are grouped by insurer first.',
				displayOptions: { show: { '/inputMode': ['perItem'] } },
			},
			TIMEOUT_OPTION,
		],
	},
];

/** What a field's column holds. */
function valueHelp(name: PerItemField) {
	if (['defaultForTenders', 'defaultForCalculations', 'active'].includes(name)) {
		return 'true or false (also yes/no, 1/0); empty uses the default shown.';
	}
	if (name === 'collectionType') {
		return 'broker_collection, insurer_collection, mga_collection (or Maklerinkasso, Versichererinkasso, Assekuradeurinkasso), or empty.';
	}
	if (name === 'agencyNumber') return 'The agency number itself (required).';
	return 'Optional.';
}

/** Where a field's value comes from while it is left as it is. */
function columnHelp(name: PerItemField) {
	return `Left as it is, read from the item's column ${spellingsText(name)} (case, spaces, _ and - ignored); drag another column here to use it instead.`;
}

/** POST /api/ipn/agency-numbers. Not idempotent: an externalUniqueId can never be reused. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const client = await ThinksuranceClient.open(this);
	const mode = this.getNodeParameter('inputMode', 0) as string;
	return [mode === 'perItem' ? await addPerItem(this, client) : await addDefined(this, client)];
}

async function addDefined(ctx: IExecuteFunctions, client: ThinksuranceClient) {
	const node = ctx.getNode();
	return await runItems(
		ctx,
		async (itemIndex) => {
			const raw = ctx.getNodeParameter('agencyNumberSets', itemIndex, {}) as IDataObject;
			const rawSets = (raw.set as IDataObject[] | undefined) ?? [];
			if (rawSets.length === 0) {
				throw invalidField(
					node,
					'Agency Number Sets',
					'is empty: add at least one insurer with its agency numbers',
					itemIndex,
				);
			}
			const sets: AgencyNumberSet[] = rawSets.map((rawSet, setIndex) => {
				const where = `Insurer ${setIndex + 1}: `;
				const insurer = readInsurer(node, rawSet, where, itemIndex);
				const rawNumbers =
					((rawSet.agencyNumbers as IDataObject | undefined)?.number as
						IDataObject[] | undefined) ?? [];
				if (rawNumbers.length === 0) {
					throw invalidField(
						node,
						`${where}Agency Numbers`,
						'is empty: add at least one agency number',
						itemIndex,
					);
				}
				const agencyNumbers = rawNumbers.map((number, i) =>
					readAgencyNumber(node, number, `${where}Agency Number ${i + 1}: `, itemIndex),
				);
				return { insurer, agencyNumbers };
			});
			const duplicate = firstDuplicateUniqueId(sets.flatMap((set) => set.agencyNumbers));
			if (duplicate !== undefined) {
				throw invalidField(
					node,
					'External Unique ID',
					`"${duplicate}" is used twice; each external unique ID can be used only once`,
					itemIndex,
				);
			}
			const agencyNumberSets = toWireSets(sets);
			const answer = await client.call({
				method: 'POST',
				path: AGENCY_NUMBERS_PATH,
				body: { agencyNumberSets },
				idempotent: false,
				itemIndex,
				action: 'add the agency numbers',
			});
			const count = sets.reduce((n, s) => n + s.agencyNumbers.length, 0);
			if (!isAddConfirmation(answer)) {
				const numbers = numbersOf(agencyNumberSets);
				throw withItemData(unconfirmedAdd(node, answer, count, itemIndex), {
					agencyNumbers: listed(numbers),
				});
			}
			return { success: true, status: answer.body.status, count, agencyNumberSets };
		},
		{
			stopsTheRun: (error) => error instanceof ThinksuranceCredentialError,
			// A stopped run names the agency numbers already added (n8n then shows no output).
			tookEffect: (output) => ({ agencyNumbers: numbersOf(output.agencyNumberSets) }),
		},
	);
}

interface Row {
	itemIndex: number;
	insurer: Insurer;
	entry: AgencyNumberEntry;
}

async function addPerItem(ctx: IExecuteFunctions, client: ThinksuranceClient) {
	const node = ctx.getNode();
	const count = ctx.getInputData().length;
	const outcomes = new Map<number, IDataObject | Error>();
	const rows: Row[] = [];
	const uniqueIdOwner = new Map<string, number>();

	// 1. Validate every item before anything is sent.
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			const raw = Object.fromEntries(
				(Object.keys(PER_ITEM_COLUMNS) as PerItemField[]).map((field) => [
					field,
					readPerItemField(ctx, field, itemIndex),
				]),
			) as IDataObject;
			const insurer = readItemInsurer(ctx, raw, itemIndex);
			if (raw.agencyNumber === undefined) {
				throw invalidField(
					node,
					'Agency Number',
					`is missing: item ${itemIndex + 1} has no column ${spellingsText('agencyNumber')}; ${columnsNote(ctx.getInputData()[itemIndex]?.json)}. Rename the column or drag it into the Agency Number field.`,
					itemIndex,
				);
			}
			const entry = readAgencyNumber(node, raw, '', itemIndex);
			const id = entry.externalUniqueId;
			if (id !== undefined) {
				const owner = uniqueIdOwner.get(id);
				if (owner !== undefined) {
					throw invalidField(
						node,
						'External Unique ID',
						`"${id}" is already used by item ${owner + 1} of this run; each external unique ID can be used only once`,
						itemIndex,
					);
				}
				uniqueIdOwner.set(id, itemIndex);
			}
			rows.push({ itemIndex, insurer, entry });
		} catch (error) {
			outcomes.set(itemIndex, error as Error);
		}
	}
	// Without "continue on fail" one bad item stops the node before anything is sent.
	const firstInvalid = [...outcomes.values()][0];
	if (firstInvalid && !ctx.continueOnFail()) throw firstInvalid;

	// 2. Group by insurer (in order of first appearance) and cut into requests of batchSize numbers.
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const batchSize = wholeNumberOption(ctx.getNode(), 'Batch Size', options.batchSize, {
		min: 1,
		max: 1000,
		default: 100,
	});
	const byInsurer = new Map<string, Row[]>();
	for (const row of rows) {
		const key = insurerKey(row.insurer);
		byInsurer.set(key, [...(byInsurer.get(key) ?? []), row]);
	}
	const ordered = [...byInsurer.values()].flat();
	const batches: Row[][] = [];
	for (let start = 0; start < ordered.length; start += batchSize)
		batches.push(ordered.slice(start, start + batchSize));

	// 3. Send the batches one after another. A failed request fails every item it carried.
	let stopped: { error: unknown; batch: number } | undefined;
	for (const [batchIndex, batch] of batches.entries()) {
		const label = `batch ${batchIndex + 1} of ${batches.length}`;
		if (stopped) {
			const note = `Not sent: ${label} was skipped because an earlier request failed.`;
			for (const row of batch)
				outcomes.set(row.itemIndex, errorForItem(node, stopped.error, row.itemIndex, note));
			continue;
		}
		const sets = groupRows(batch);
		try {
			const answer = await client.call({
				method: 'POST',
				path: AGENCY_NUMBERS_PATH,
				body: { agencyNumberSets: toWireSets(sets) },
				idempotent: false,
				itemIndex: batch[0].itemIndex,
				action: `add the agency numbers of ${label}`,
			});
			if (!isAddConfirmation(answer)) {
				throw unconfirmedAdd(node, answer, batch.length, batch[0].itemIndex);
			}
			for (const row of batch) {
				outcomes.set(row.itemIndex, {
					success: true,
					status: answer.body.status,
					[row.insurer.field]: row.insurer.value,
					...row.entry,
					batch: batchIndex + 1,
				});
			}
		} catch (error) {
			// Not split and resent row by row: the page does not say a refused request changed
			// nothing, and a row without externalUniqueId could then be added twice.
			const alone =
				batch.length > 1
					? ' To keep one refused number from holding back the others, set Batch Size to 1.'
					: '';
			// The error says what the answer proves; the batch shares it, whatever it was.
			const note = `This item was one of ${batch.length} agency numbers sent together in ${label}; this outcome applies to all of them.${alone}`;
			if (!ctx.continueOnFail()) {
				const later = batchIndex + 1 < batches.length ? ' Later batches were not sent.' : '';
				throw errorForItem(
					node,
					error,
					batch[0].itemIndex,
					`${note} ${alreadyDoneText(addedBefore(batches.slice(0, batchIndex)))}${later}`,
				);
			}
			for (const row of batch)
				outcomes.set(row.itemIndex, errorForItem(node, error, row.itemIndex, note));
			if (error instanceof ThinksuranceCredentialError) {
				stopped = { error, batch: batchIndex };
			}
		}
	}

	// 4. One output or error item per input item, in input order, paired to it.
	return await runItems(ctx, async (itemIndex) => {
		const outcome = outcomes.get(itemIndex);
		if (outcome instanceof Error) throw outcome;
		return outcome ?? {};
	});
}

/** The insurer of a row; a row with none of the three columns is told which columns were looked for. */
function readItemInsurer(ctx: IExecuteFunctions, raw: IDataObject, itemIndex: number) {
	const fields = ['baFinId', 'insurerId', 'supervisingAuthorityId'] as const;
	if (fields.every((field) => raw[field] === undefined || raw[field] === '')) {
		throw invalidField(
			ctx.getNode(),
			'Insurer',
			`is missing: item ${itemIndex + 1} has no column ${fields.map(spellingsText).join(', nor ')}; ${columnsNote(ctx.getInputData()[itemIndex]?.json)}. Rename the column or drag it into BaFin ID, Insurer ID or Supervising Authority ID.`,
			itemIndex,
		);
	}
	return readInsurer(ctx.getNode(), raw, '', itemIndex);
}

function groupRows(rows: Row[]): AgencyNumberSet[] {
	const sets = new Map<string, AgencyNumberSet>();
	for (const row of rows) {
		const key = insurerKey(row.insurer);
		const set = sets.get(key) ?? { insurer: row.insurer, agencyNumbers: [] };
		set.agencyNumbers.push(row.entry);
		sets.set(key, set);
	}
	return [...sets.values()];
}

/**
 * The Add Agency Number page's success answer: HTTP 200 with `{"status": "<text>"}` ("status,
 * string, required: a text providing more information on the successful operation"). Anything
 * else without `error` (an HTML page, `{}`, a cut-off body) does not prove the numbers were added.
 */
function isAddConfirmation(
	answer: ThinksuranceResponse,
): answer is ThinksuranceResponse & { body: { status: string } } {
	return answer.status === 200 && isFilledText(asObject(answer.body)?.status);
}

/** Not resent: an externalUniqueId can never be used twice, so a blind retry can fail or duplicate. */
function unconfirmedAdd(
	node: INode,
	answer: ThinksuranceResponse,
	count: number,
	itemIndex: number,
) {
	return unconfirmedWrite(node, {
		vendor: 'Thinksurance',
		status: answer.status,
		body: answer.body,
		expected: '200 with {"status": "…"}',
		what: `adding ${count} agency number(s)`,
		check: 'list them with Get Many',
		itemIndex,
	});
}

/** The rows of batches that were added, as the stop report lists them. */
function addedBefore(batches: Row[][]): DoneEntry[] {
	return batches.flat().map((row) => ({
		itemIndex: row.itemIndex,
		identifiers: { [row.insurer.field]: row.insurer.value, agencyNumber: row.entry.agencyNumber },
	}));
}

/** The agency numbers of the wire sets an output item carries. */
function numbersOf(sets: unknown): string[] {
	return (Array.isArray(sets) ? (sets as IDataObject[]) : []).flatMap((set) =>
		((set.agencyNumbers as AgencyNumberEntry[] | undefined) ?? []).map(
			(entry) => entry.agencyNumber,
		),
	);
}
