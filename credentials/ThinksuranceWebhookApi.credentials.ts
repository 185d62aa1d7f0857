import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * What the Thinksurance Trigger expects on each call Thinksurance makes to it: a header with a
 * secret, or Basic auth. Thinksurance documents no webhook authentication (V2 Notification page),
 * so these are the values agreed with Thinksurance Support when the webhook URL is handed over.
 *
 * The package's own credential because n8n's verification rules forbid a node to use credentials
 * of another package (n8n's Header Auth and Basic Auth included). n8n never sends a request with
 * it, so it has no `authenticate`; the trigger compares what a call presents against it
 * (nodes/ThinksuranceTrigger/helpers/webhookAuth.ts), and its editor test checks the fields only
 * (nodes/ThinksuranceTrigger/helpers/credentialTest.ts): Thinksurance has no endpoint to ask.
 */
export class ThinksuranceWebhookApi implements ICredentialType {
	name = 'thinksuranceWebhookApi';

	displayName = 'Thinksurance Webhook API';

	icon: Icon = {
		light: 'file:../nodes/ThinksuranceTrigger/thinksurance.svg',
		dark: 'file:../nodes/ThinksuranceTrigger/thinksurance.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-scalepoint-thinksurance/n8n-nodes-scalepoint-thinksurance/blob/HEAD/docs/nodes/ThinksuranceTrigger.md#authentication-not-documented-by-thinksurance';

	properties: INodeProperties[] = [
		{
			displayName:
				'Thinksurance does not document how it authenticates its webhook calls: enter what you agreed with Thinksurance Support.',
			name: 'agreementNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'Basic Auth',
					value: 'basicAuth',
					description: 'Thinksurance sends Authorization: Basic with a user and password',
				},
				{
					name: 'Header',
					value: 'header',
					description: 'Thinksurance sends a header of your choice carrying a secret',
				},
			],
			default: 'header',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: '',
			placeholder: 'X-Thinksurance-Webhook-Secret',
			required: true,
			displayOptions: { show: { authentication: ['header'] } },
		},
		{
			displayName: 'Header Value',
			name: 'headerSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The secret Thinksurance sends in that header. Use a long random value.',
			displayOptions: { show: { authentication: ['header'] } },
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['basicAuth'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['basicAuth'] } },
		},
	];
}
