import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runItems } from '../../../shared/itemRunner';
import { unconfirmedWrite } from '../../../shared/unconfirmedAnswer';
import { brokerStatusOf, brokerTokenOf } from '../../helpers/brokerAnswer';
import { TIMEOUT_OPTION } from '../../transport/timeout';
import { ThinksuranceClient, ThinksuranceCredentialError } from '../../transport';
import { BROKERS_PATH } from '../../transport/hosts';
import { brokerFields, CREATE_EXTRA_FIELDS, readBroker } from './brokerFields';

export const description: INodeProperties[] = [
	...brokerFields('create'),
	CREATE_EXTRA_FIELDS,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['broker'], operation: ['create'] } },
		options: [
			{
				displayName: 'Include Broker Token',
				name: 'includeBrokerToken',
				type: 'boolean',
				default: false,
				description:
					"Whether to output the new broker's token (bToken) if Thinksurance's answer holds one (its Create Broker answer is not published). The token is a secret: anyone who can see this execution's data can act as the broker. Get Token returns it too.",
			},
			TIMEOUT_OPTION,
		],
	},
];

/**
 * POST /api/ipn/brokers with X-Account-Token [page: V1.1 Create Broker]. Not idempotent: sent
 * again after it may have reached Thinksurance, it would at best fail as a duplicate and hide
 * that the first one worked. So it is never resent after an ambiguous failure, and refused while
 * n8n's Retry On Fail is on (engineRetry.ts, in the transport).
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const client = await ThinksuranceClient.open(this);
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const includeBrokerToken = options.includeBrokerToken === true;
	const output = await runItems(
		this,
		async (itemIndex) => {
			const broker = readBroker(this, itemIndex, true);
			const externalId = String(broker.bExternalId);
			const recheck = `Check in Thinksurance whether broker ${externalId} exists before running Create again.`;
			const answer = await client.call({
				method: 'POST',
				path: BROKERS_PATH,
				body: broker,
				idempotent: false,
				needsAccountToken: true,
				// Picked out so that it is redacted from every other text of the answer.
				returnedSecret: brokerTokenOf,
				recheck,
				itemIndex,
				action: `create broker ${externalId}`,
			});
			// The page does not publish the answer; what would prove the broker was created is the
			// status text every V1.1 write answers with, or the new broker's token [inferred].
			const status = brokerStatusOf(answer.body);
			if (answer.status !== 200 || (status === undefined && !answer.returnedSecret)) {
				throw unconfirmedWrite(node, {
					vendor: 'Thinksurance',
					status: answer.status,
					body: answer.body,
					expected: '200 with {"status": "…", "bToken": "…"}',
					what: `creating broker ${externalId}`,
					check: `look for broker ${externalId} in Thinksurance`,
					itemIndex,
				});
			}
			const result: IDataObject = {
				success: true,
				status: status ?? null,
				bExternalId: broker.bExternalId,
				type: broker.type,
				brokerTokenReturned: answer.returnedSecret !== undefined,
			};
			// The one secret this operation may show, and only when asked to.
			if (includeBrokerToken && answer.returnedSecret) result.bToken = answer.returnedSecret;
			return result;
		},
		{
			stopsTheRun: (error) => error instanceof ThinksuranceCredentialError,
			// A stopped run names the brokers already created (n8n then shows no output).
			tookEffect: (created) => ({ bExternalId: created.bExternalId as string }),
		},
	);
	return [output];
}
