import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { asObject } from '../../../shared/httpErrors';
import { runItems, withItemData } from '../../../shared/itemRunner';
import { listed } from '../../../shared/stopReport';
import { isFilledText, unconfirmedWrite } from '../../../shared/unconfirmedAnswer';
import { invalidField } from '../../../shared/validation';
import { TIMEOUT_OPTION } from '../../transport/timeout';
import {
	ThinksuranceClient,
	ThinksuranceCredentialError,
	type ThinksuranceResponse,
} from '../../transport';
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
			if (!isDeleteConfirmation(answer)) {
				const error = unconfirmedWrite(node, {
					vendor: 'Thinksurance',
					status: answer.status,
					body: answer.body,
					expected: '200 with {"status": "…"}',
					what: `deleting ${names ? `agency number(s) ${listed(names)}` : 'all agency numbers'} of ${insurer.field} ${insurer.value}`,
					check: 'list them with Get Many',
					itemIndex,
				});
				throw withItemData(error, {
					[insurer.field]: insurer.value,
					agencyNumbers: names ? listed(names) : 'all',
				});
			}
			return {
				success: true,
				status: answer.body.status,
				[insurer.field]: insurer.value,
				deleted: names ?? 'all',
			};
		},
		{
			stopsTheRun: (error) => error instanceof ThinksuranceCredentialError,
			// A stopped run names what was already deleted (n8n then shows no output items).
			tookEffect: (output) =>
				Object.fromEntries(
					Object.entries(output).filter(([key]) => key !== 'success' && key !== 'status'),
				),
		},
	);
	return [results];
}

/**
 * Success, by the add page's pattern: the Delete Agency Number page's response section could not be
 * read (API notes: "Response: [unclear]"), and the V1.1 pages answer a success with HTTP 200 and
 * `{"status": "<text>"}`. Anything else without `error` (HTML, `{}`, a cut-off body) proves nothing.
 */
function isDeleteConfirmation(
	answer: ThinksuranceResponse,
): answer is ThinksuranceResponse & { body: { status: string } } {
	return answer.status === 200 && isFilledText(asObject(answer.body)?.status);
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
