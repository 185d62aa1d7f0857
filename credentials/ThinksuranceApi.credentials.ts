import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { BASE_URLS, foreignTargetProblem } from '../nodes/Thinksurance/transport/hosts';
import { identityHeaders } from '../nodes/Thinksurance/transport/identity';
import { requestThinksuranceToken } from '../nodes/Thinksurance/transport/tokenRequest';

/**
 * Thinksurance Public API V1.1: hash + secret -> a bearer token valid 15 minutes, plus the
 * X-Broker-Token / X-Account-Token identity headers on every call.
 *
 * The token lives in the hidden, expirable `token` field: n8n calls `preAuthentication` when it is
 * empty, stores the result encrypted and every execution reuses it. The node clears it once
 * `tokenExpiresAt` has passed or after an "invalid token" answer.
 *
 * No declarative `test`: n8n would send it and read its answer whole, without a limit or a
 * deadline. The Thinksurance node tests the credential instead (`testedBy: 'thinksuranceApiTest'`,
 * nodes/Thinksurance/credentialTest.ts).
 */
export class ThinksuranceApi implements ICredentialType {
	name = 'thinksuranceApi';

	displayName = 'Thinksurance API';

	icon: Icon = {
		light: 'file:../nodes/Thinksurance/thinksurance.svg',
		dark: 'file:../nodes/Thinksurance/thinksurance.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-scalepoint-thinksurance/n8n-nodes-scalepoint-thinksurance/blob/HEAD/README.md#thinksurance-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Development', value: 'development', description: BASE_URLS.development },
				{
					name: 'Production',
					value: 'production',
					description: `${BASE_URLS.production} — a guess: Thinksurance does not publish its production host. Use Custom Base URL if yours differs.`,
				},
				{ name: 'Custom Base URL', value: 'custom' },
			],
			default: 'development',
		},
		{
			displayName: 'Base URL',
			name: 'customBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://ipn.example.thinksurance.de',
			description: 'The Thinksurance host, without /api/ipn/...',
			displayOptions: { show: { environment: ['custom'] } },
			required: true,
		},
		{
			displayName: 'Hash',
			name: 'hash',
			type: 'string',
			default: '',
			required: true,
			description: 'The API user hash Thinksurance gave you',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API user secret Thinksurance gave you',
		},
		{
			displayName: 'Broker Token',
			name: 'brokerToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Sent as X-Broker-Token. Enter a Broker Token, an Account Token or both.',
		},
		{
			displayName: 'Account Token',
			name: 'accountToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Sent as X-Account-Token. Enter a Broker Token, an Account Token or both.',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Token Expires At',
			name: 'tokenExpiresAt',
			type: 'hidden',
			// Not a secret (epoch ms), but the name contains "token", which n8n's lint treats as one.
			typeOptions: { password: true },
			default: 0,
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const token = await requestThinksuranceToken(this.helpers.httpRequest, credentials);
		return { token: token.token, tokenExpiresAt: token.expiresAt };
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		// n8n's HTTP Request node can use this credential with any URL: the token and identity
		// headers go only to the credential's own host.
		const problem = foreignTargetProblem(credentials, requestOptions);
		if (problem) {
			throw new Error(
				`The Thinksurance credential does not authenticate this request: ${problem}. It adds its token and identity headers only to requests to its own Base URL.`,
			);
		}
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				...identityHeaders(credentials),
				Authorization: `Bearer ${String(credentials.token ?? '')}`,
			},
		};
	}
}
