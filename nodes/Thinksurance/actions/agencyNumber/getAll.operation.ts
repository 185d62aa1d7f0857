import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { apiError } from '../../../shared/httpErrors';
import { runItems } from '../../../shared/itemRunner';
import { flattenListAnswer } from '../../helpers/listAnswer';
import { TIMEOUT_OPTION } from '../../transport/timeout';
import { ThinksuranceClient, ThinksuranceCredentialError } from '../../transport';
import { AGENCY_NUMBERS_PATH } from '../../transport/hosts';

const show = { show: { resource: ['agencyNumber'], operation: ['getAll'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: show,
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...show.show, returnAll: [false] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 1,
				description: 'How many input items are listed at the same time',
			},
			TIMEOUT_OPTION,
		],
	},
];

const LIST_KEY = '__agencyNumbers';

/**
 * GET /api/ipn/agency-numbers, once per input item; one output item per agency number, each with
 * its insurer identifier. The API has no paging, so Limit cuts the list on our side. Reading is
 * safe to repeat, so network failures and 5xx answers are retried with backoff.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const client = await ThinksuranceClient.open(this);
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const perInput = await runItems(
		this,
		async (itemIndex) => {
			const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
			const limit = returnAll
				? Infinity
				: (this.getNodeParameter('limit', itemIndex, 50) as number);
			const answer = await client.call({
				method: 'GET',
				path: AGENCY_NUMBERS_PATH,
				idempotent: true,
				itemIndex,
				action: 'list the agency numbers',
			});
			const numbers = flattenListAnswer(answer);
			if (!numbers) {
				throw apiError(
					node,
					200,
					'Thinksurance answered the agency number list in an unknown shape',
					'Expected a list under agencyNumberSets or agencyNumbers. Check that the credential points to the Thinksurance IPN API, then run again.',
					itemIndex,
				);
			}
			return { [LIST_KEY]: numbers.slice(0, limit) };
		},
		{
			concurrency: Number(options.concurrency ?? 1),
			stopsTheRun: (error) => error instanceof ThinksuranceCredentialError,
		},
	);
	return [
		perInput.flatMap((item) => {
			const numbers = item.json[LIST_KEY] as IDataObject[] | undefined;
			if (item.error || !numbers) return [item];
			return numbers.map((json) => ({ json, pairedItem: item.pairedItem }));
		}),
	];
}
