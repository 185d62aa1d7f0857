import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runItems } from '../../../shared/itemRunner';
import { unreadableRead } from '../../../shared/unconfirmedAnswer';
import { invalidField, quoteValue, wholeNumberOption } from '../../../shared/validation';
import { inquiriesOf, withoutBrokerToken } from '../../helpers/inquiryAnswer';
import { TIMEOUT_OPTION } from '../../transport/timeout';
import { ThinksuranceClient, ThinksuranceCredentialError } from '../../transport';
import { expandLists, firstEmptyList, resultLimit, returnAllFields } from '../../helpers/returnAll';
import { INQUIRIES_PATH } from '../../transport/hosts';

const show = { show: { resource: ['inquiry'], operation: ['getAll'] } };

export const description: INodeProperties[] = [
	...returnAllFields(show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Inquiry ID',
				name: 'inquiryId',
				type: 'string',
				default: '',
				placeholder: '187888',
				description:
					'Only this inquiry (a whole number, as in the iId of an inquiry or the referenceId of a Thinksurance notification)',
			},
			{
				displayName: 'Last Days',
				name: 'lastDays',
				type: 'number',
				typeOptions: { minValue: 1, numberPrecision: 0 },
				default: 30,
				description:
					'Only inquiries created or updated in this many last days. Without this filter Thinksurance returns the last three months.',
			},
		],
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
				displayName: 'Include Broker Tokens',
				name: 'includeBrokerTokens',
				type: 'boolean',
				default: false,
				description:
					"Whether to output each inquiry's data.bToken as Thinksurance sends it. It is a secret (it identifies the broker to Thinksurance), so by default it shows [redacted]; data.bExternalId names the broker either way. The credential's own tokens are always redacted.",
			},
			TIMEOUT_OPTION,
		],
	},
];

const LIST_KEY = '__inquiries';

/**
 * GET /api/ipn/inquiries [page: V1.1 Get IP Notifications], once per input item; one output item
 * per inquiry. The identity headers come from the credential: with a Broker Token the broker's
 * inquiries, with an Account Token only those of the account (as the page describes). The API has
 * no paging, so Limit cuts the list on our side. Reading is safe to repeat: network failures and
 * 5xx answers are retried with backoff.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const client = await ThinksuranceClient.open(this);
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const includeBrokerTokens = options.includeBrokerTokens === true;
	// Each input's query, put into words only for the hint about an empty list.
	const queries = new Map<number, Record<string, string>>();
	const perInput = await runItems(
		this,
		async (itemIndex) => {
			const limit = resultLimit(this, itemIndex);
			const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
			const query = readFilters(node, filters, itemIndex);
			queries.set(itemIndex, query);
			const answer = await client.call({
				method: 'GET',
				path: INQUIRIES_PATH,
				query,
				idempotent: true,
				itemIndex,
				action: 'list the inquiries',
			});
			const askedId = query.inquiryId === undefined ? undefined : Number(query.inquiryId);
			const { inquiries, problem } = answer.status === 200 ? inquiriesOf(answer.body, askedId) : {};
			if (!inquiries) {
				throw unreadableRead(node, {
					vendor: 'Thinksurance',
					status: answer.status,
					body: answer.body,
					expected: '200 with {"<inquiry id>": {"sHash": …, "data": {"iId": …}}}',
					what: 'the inquiry list',
					next: `${problem ? `${problem} ` : ''}Check that the credential points to the Thinksurance IPN API, then run again.`,
					itemIndex,
				});
			}
			const shown = includeBrokerTokens ? inquiries : inquiries.map(withoutBrokerToken);
			return { [LIST_KEY]: shown.slice(0, limit) };
		},
		{ stopsTheRun: (error) => error instanceof ThinksuranceCredentialError },
	);
	const output = expandLists(perInput, LIST_KEY);
	const empty = firstEmptyList(perInput, LIST_KEY);
	if (empty >= 0) {
		const query = queries.get(empty);
		// Without it the editor shows only "No output data in this branch", which reads like a fault.
		this.addExecutionHints({
			message: `Thinksurance answered with no inquiries ${query ? filterWords(query) : ''} for the broker/account of this credential (with a Broker Token only that broker's inquiries are listed). Widen Last Days or check the Inquiry ID.`,
			location: 'outputPane',
		});
	}
	return [output];
}

/**
 * The two documented query parameters, both ints [page]: checked here so that a value Thinksurance
 * would misread (text, a fraction, 0 or less) is refused with the field's name before sending.
 */
function readFilters(node: INode, filters: IDataObject, itemIndex: number) {
	const query: Record<string, string> = {};
	const inquiryId = filters.inquiryId;
	if (inquiryId !== undefined && inquiryId !== null && String(inquiryId).trim() !== '') {
		const text = typeof inquiryId === 'number' ? String(inquiryId) : inquiryId;
		if (typeof text !== 'string' || !/^\d{1,15}$/.test(text.trim()) || Number(text) < 1) {
			throw invalidField(
				node,
				'Inquiry ID',
				`must be a whole number such as 187888 (got ${quoteValue(inquiryId)})`,
				itemIndex,
			);
		}
		query.inquiryId = String(Number(text));
	}
	if (filters.lastDays !== undefined && filters.lastDays !== null && filters.lastDays !== '') {
		const lastDays = wholeNumberOption(
			node,
			'Last Days',
			filters.lastDays,
			{ min: 1, default: 1 },
			itemIndex,
		);
		query.lastDays = String(lastDays);
	}
	return query;
}

/** "for inquiry 7 in the last 30 days", for the empty-list hint. */
function filterWords(query: Record<string, string>) {
	const inquiry = query.inquiryId ? `for inquiry ${query.inquiryId} ` : '';
	const days = query.lastDays
		? `in the last ${query.lastDays} day(s)`
		: "in Thinksurance's default window (the last three months)";
	return `${inquiry}${days}`;
}
