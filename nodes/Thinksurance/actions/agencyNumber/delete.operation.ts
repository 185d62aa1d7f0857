import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runItems } from '../../../shared/itemRunner';
import { invalidField } from '../../../shared/validation';
import { TIMEOUT_OPTION } from '../../transport/timeout';
import { ThinksuranceClient, ThinksuranceCredentialError } from '../../transport';
import { AGENCY_NUMBERS_PATH } from '../../transport/hosts';
import { insurerFields, readInsurerParameters } from './insurerFields';

const show = { resource: ['agencyNumber'], operation: ['delete'] };

export const description: INodeProperties[] = [
	...insurerFields({ expressions: false }).map((field) => ({ ...field, displayOptions: { show } })),
	{
		displayName: 'Delete',
		name: 'deleteScope',
		type: 'options',
		options: [
			{ name: 'Only the Listed Agency Numbers', value: 'listed' },
			{ name: 'All Agency Numbers of This Insurer', value: 'all' },
		],
		default: 'listed',
		description:
			'Deleting every number of the insurer has to be chosen explicitly, so an empty list never deletes everything',
		displayOptions: { show },
	},
	{
		displayName: 'Agency Numbers',
		name: 'agencyNumbers',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'A1, A2',
		description:
			'The agency numbers to delete, separated by commas (or an array from an expression)',
		displayOptions: { show: { ...show, deleteScope: ['listed'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [TIMEOUT_OPTION],
	},
];

/**
 * DELETE /api/ipn/agency-numbers with a JSON body naming the insurer and optionally its numbers.
 * Not repeated after it may have reached Thinksurance: a second delete would answer "not found".
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const client = await ThinksuranceClient.open(this);
	const results = await runItems(
		this,
		async (itemIndex) => {
			const read = (name: string) => this.getNodeParameter(name, itemIndex, '') as unknown;
			const insurer = readInsurerParameters(this, itemIndex);
			const set: IDataObject = { [insurer.field]: insurer.value };
			let names: string[] | undefined;
			if (read('deleteScope') !== 'all') {
				names = listOf(read('agencyNumbers'));
				if (names.length === 0) {
					throw invalidField(
						node,
						'Agency Numbers',
						'is empty: list the numbers to delete, or choose "All Agency Numbers of This Insurer"',
						itemIndex,
					);
				}
				set.agencyNumbers = names.map((agencyNumber) => ({ agencyNumber }));
			}
			const answer = await client.call({
				method: 'DELETE',
				path: AGENCY_NUMBERS_PATH,
				body: { agencyNumberSets: [set] },
				idempotent: false,
				itemIndex,
				action: 'delete the agency numbers',
			});
			const status = (answer as { status?: unknown } | undefined)?.status;
			return {
				success: true,
				status: typeof status === 'string' ? status : 'deleted',
				[insurer.field]: insurer.value,
				deleted: names ?? 'all',
			};
		},
		{ stopsTheRun: (error) => error instanceof ThinksuranceCredentialError },
	);
	return [results];
}

function listOf(value: unknown): string[] {
	const parts = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(',')
			: value === undefined || value === null
				? []
				: [value];
	return parts
		.map((part) =>
			typeof part === 'object' && part !== null ? (part as IDataObject).agencyNumber : part,
		)
		.filter((part) => typeof part === 'string' || typeof part === 'number')
		.map((part) => String(part).trim())
		.filter((part) => part !== '');
}
