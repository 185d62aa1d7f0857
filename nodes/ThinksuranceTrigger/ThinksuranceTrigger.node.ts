import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { recentKey } from '../shared/recentKeys';
import { acceptAndEmit, refuse } from './helpers/answers';
import { MAX_NOTIFICATION_DEPTH, tooDeepAttribute } from './helpers/bodyDepth';
import { MAX_NOTIFICATION_BYTES, receivedBytes } from './helpers/bodySize';
import { thinksuranceWebhookApiTest } from './helpers/credentialTest';
import { checkNotification, notificationToJson } from './helpers/notification';
import { NotificationClaim } from './helpers/notificationClaims';
import { emittedMemory } from './helpers/receivedNotifications';
import { checkAuthentication } from './helpers/webhookAuth';

export class ThinksuranceTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Thinksurance Trigger',
		name: 'thinksuranceTrigger',
		icon: { light: 'file:thinksurance.svg', dark: 'file:thinksurance.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'V2 notifications',
		description:
			'Start a workflow when Thinksurance sends a V2 notification (inquiry created, updated, ordered, …)',
		defaults: { name: 'Thinksurance Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// The package's own credential: Thinksurance does not document how it authenticates its calls,
		// so it holds the header or Basic auth the user agreed with Thinksurance Support.
		credentials: [
			{
				name: 'thinksuranceWebhookApi',
				required: true,
				testedBy: 'thinksuranceWebhookApiTest',
				displayOptions: { show: { authentication: ['credential'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'notifications',
			},
		],
		properties: [
			{
				displayName:
					"Send this node's production URL to Thinksurance Support: there is no API to register it. No Thinksurance API credential is needed to receive notifications.",
				name: 'registrationNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{
						name: 'Header or Basic Auth (Credential)',
						value: 'credential',
						description:
							'Accept only calls carrying the header or Basic auth held in a Thinksurance Webhook API credential',
					},
					{
						name: 'None',
						value: 'none',
						description: 'Accept every call: anyone who knows the URL can start the workflow',
					},
				],
				default: 'none',
				description:
					'How Thinksurance proves a call is theirs. Thinksurance does not document this: agree on a header or Basic auth with Thinksurance Support.',
			},
		],
	};

	// The editor's credential test: checks the fields, sends nothing (see credentialTest.ts).
	methods = { credentialTest: { thinksuranceWebhookApiTest } };

	// Thinksurance has no subscription API (the partner sends the URL to Thinksurance Support), so
	// there is nothing to register, check or remove on their side when the workflow is activated or
	// deactivated: the webhook "exists" as soon as n8n listens on the URL.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		// Claimed before the first await, so that two deliveries of one notification in flight at
		// once cannot both pass the duplicate check (see notificationClaims.ts); released in
		// `finally` unless emitted, so a refused delivery does not block a correct redelivery.
		const claim = NotificationClaim.take(this);
		try {
			return await receive(this, claim);
		} finally {
			claim.release();
		}
	}
}

async function receive(
	context: IWebhookFunctions,
	claim: NotificationClaim,
): Promise<IWebhookResponseData> {
	const auth = await checkAuthentication(context);
	if (!auth.ok) return refuse(context, auth.status, [auth.reason], auth.headers);

	// Refusals are 4xx, answered before anything is emitted. Thinksurance retries an error at most
	// three times in all, then Thinksurance Support contacts the partner (V2 Notification page), so
	// a 4xx cannot make it retry forever; 400 with `errors` is the page's own error example and
	// tells Support what was wrong. Answering 204 to a body the node cannot use would instead drop
	// the notification without anyone hearing of it.
	if (receivedBytes(context) > MAX_NOTIFICATION_BYTES) {
		return refuse(context, 413, [
			`The notification is larger than ${MAX_NOTIFICATION_BYTES / 1024} kB; notifications carry references only.`,
		]);
	}
	const checked = checkNotification(context.getBodyData());
	if (!checked.ok) return refuse(context, 400, checked.errors);
	const tooDeep = tooDeepAttribute(checked.notification, MAX_NOTIFICATION_DEPTH);
	if (tooDeep !== undefined) {
		return refuse(context, 400, [
			`Attribute '${tooDeep}' is nested deeper than ${MAX_NOTIFICATION_DEPTH} levels; notifications carry references only.`,
		]);
	}

	// A delivery Thinksurance repeats (it did not see the 204) is answered 204 again, not emitted.
	// The static data survives restarts; the claim covers calls in flight in this process.
	const staticData = context.getWorkflowStaticData('node') as IDataObject;
	const key = recentKey(checked.notification.notificationId);
	if ((await claim.outcome(key)) === 'emittedBefore') return acceptAndEmit(context);
	const memory = emittedMemory(staticData, key);
	if (memory.emittedBefore) {
		claim.emitted();
		return acceptAndEmit(context);
	}
	// Remembered last, right before the item is emitted: an id remembered for a notification
	// that was then refused or failed would answer its redelivery 204 and emit nothing.
	const item = { json: notificationToJson(checked.notification) };
	memory.remember();
	claim.emitted();
	return acceptAndEmit(context, [[item]]);
}
