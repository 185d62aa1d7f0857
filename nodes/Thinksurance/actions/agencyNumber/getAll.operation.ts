import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runItems } from '../../../shared/itemRunner';
import { wholeNumberOption } from '../../../shared/validation';
import { unreadableRead } from '../../../shared/unconfirmedAnswer';
import { flattenListAnswer } from '../../helpers/listAnswer';
import { TIMEOUT_OPTION } from '../../transport/timeout';
import { ThinksuranceClient, ThinksuranceCredentialError } from '../../transport';
import { expandLists, firstEmptyList, resultLimit, returnAllFields } from '../../helpers/returnAll';
import { AGENCY_NUMBERS_PATH } from '../../transport/hosts';

const show = { show: { resource: ['agencyNumber'], operation: ['getAll'] } };
const MAX_CONCURRENCY = 10;

export const description: INodeProperties[] = [
	...returnAllFields(show),
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
				typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
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
	const concurrency = wholeNumberOption(node, 'Concurrency', options.concurrency, {
		min: 1,
		max: MAX_CONCURRENCY,
		default: 1,
	});
	const perInput = await runItems(
		this,
		async (itemIndex) => {
			const limit = resultLimit(this, itemIndex);
			const answer = await client.call({
				method: 'GET',
				path: AGENCY_NUMBERS_PATH,
				idempotent: true,
				itemIndex,
				action: 'list the agency numbers',
			});
			// Only the documented list counts: an empty or unreadable answer is never "no numbers".
			const numbers = answer.status === 200 ? flattenListAnswer(answer.body) : undefined;
			if (!numbers) {
				throw unreadableRead(node, {
					vendor: 'Thinksurance',
					status: answer.status,
					body: answer.body,
					expected:
						'200 with {"agencyNumbers": [{"baFinId": …, "agencyNumbers": [{"agencyNumber": …}]}]}',
					what: 'the agency number list',
					next: 'Check that the credential points to the Thinksurance IPN API, then run again.',
					itemIndex,
				});
			}
			return { [LIST_KEY]: numbers.slice(0, limit) };
		},
		{
			concurrency,
			stopsTheRun: (error) => error instanceof ThinksuranceCredentialError,
		},
	);
	const output = expandLists(perInput, LIST_KEY);
	if (firstEmptyList(perInput, LIST_KEY) >= 0) {
		// Without it the editor shows only "No output data in this branch", which reads like a fault.
		this.addExecutionHints({
			message:
				'Thinksurance answered with an empty list: the broker/account of this credential has no agency numbers yet (or not for the Broker/Account Token it uses). Add some with the Add operation.',
			location: 'outputPane',
		});
	}
	return [output];
}
