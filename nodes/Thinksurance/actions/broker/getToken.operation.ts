import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runItems } from '../../../shared/itemRunner';
import { unreadableRead } from '../../../shared/unconfirmedAnswer';
import { brokerStatusOf, brokerTokenOf } from '../../helpers/brokerAnswer';
import { TIMEOUT_OPTION } from '../../transport/timeout';
import { ThinksuranceClient, ThinksuranceCredentialError } from '../../transport';
import { BROKER_TOKENS_PATH } from '../../transport/hosts';
import { brokerFields, readBroker } from './brokerFields';

export const description: INodeProperties[] = [
	{
		displayName:
			"The output field bToken holds the broker's token in plain text: it is a secret (with the API user's hash and secret it acts as the broker), shown because returning it is what this operation is for. Use it in the next node, e.g. as the Broker Token of another Thinksurance credential or in an expression, and keep the execution data private.",
		name: 'brokerTokenNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['broker'], operation: ['getToken'] } },
	},
	...brokerFields('getToken'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['broker'], operation: ['getToken'] } },
		options: [TIMEOUT_OPTION],
	},
];

/**
 * POST /api/ipn/brokers/tokens with X-Account-Token [page: V1.1 Get Broker Token] -> {status,
 * bToken}. The page names the action "create broker", so Thinksurance may create a broker that
 * does not exist yet [inferred], and no page says that asking twice is harmless. So it is treated
 * like Create: never resent after an ambiguous failure (timeout, dropped connection, 5xx), and
 * refused while n8n's Retry On Fail is on.
 *
 * The token is the one secret this package outputs: the transport hands it over unredacted, apart
 * from the answer (see `returnedSecret`), so it is also correct when it equals the credential's
 * own Broker Token, and no error text can show it.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const client = await ThinksuranceClient.open(this);
	const output = await runItems(
		this,
		async (itemIndex) => {
			const broker = readBroker(this, itemIndex, false);
			const externalId = String(broker.bExternalId);
			const answer = await client.call({
				method: 'POST',
				path: BROKER_TOKENS_PATH,
				body: broker,
				idempotent: false,
				recheck: `Check in Thinksurance whether broker ${externalId} exists before running Get Token again.`,
				needsAccountToken: true,
				returnedSecret: brokerTokenOf,
				itemIndex,
				action: `get the token of broker ${externalId}`,
			});
			const bToken = answer.status === 200 ? answer.returnedSecret : undefined;
			if (bToken === undefined) {
				throw unreadableRead(node, {
					vendor: 'Thinksurance',
					status: answer.status,
					body: answer.body,
					expected: '200 with {"status": "…", "bToken": "…"}',
					what: 'a broker token',
					next: 'Check that the credential points to the Thinksurance IPN API and that its Account Token is right, then run again.',
					itemIndex,
				});
			}
			return {
				bToken,
				status: brokerStatusOf(answer.body) ?? null,
				bExternalId: broker.bExternalId,
				type: broker.type,
			};
		},
		{ stopsTheRun: (error) => error instanceof ThinksuranceCredentialError },
	);
	return [output];
}
