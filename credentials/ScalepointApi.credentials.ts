import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { TOKEN_URLS } from '../nodes/Scalepoint/hosts';
import { SCOPES } from '../nodes/Scalepoint/scopes';
import { requestScalepointToken } from '../nodes/Scalepoint/auth/tokenRequest';

/**
 * OAuth2 client credentials at Scalepoint's token endpoint, authenticated with a signed JWT client
 * assertion (private_key_jwt, RS256) or a client secret. No stock n8n credential can do this.
 *
 * The token lives in the hidden, expirable `accessToken` field: n8n calls `preAuthentication`
 * when it is empty or after a 401, stores the result encrypted, and every node, execution and
 * worker reuses it. The nodes also clear it themselves once `accessTokenExpiresAt` has passed.
 */
export class ScalepointApi implements ICredentialType {
	name = 'scalepointApi';

	displayName = 'Scalepoint API';

	icon: Icon = {
		light: 'file:../nodes/Scalepoint/scalepoint.svg',
		dark: 'file:../nodes/Scalepoint/scalepoint.dark.svg',
	};

	documentationUrl =
		'https://www.npmjs.com/package/n8n-nodes-scalepoint-thinksurance#scalepoint-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: TOKEN_URLS.production },
				{ name: 'Sandbox', value: 'sandbox', description: TOKEN_URLS.sandbox },
				{ name: 'Custom Token URL', value: 'custom' },
			],
			default: 'production',
			description:
				'Which Scalepoint token endpoint issues the tokens. The API hosts are chosen in each node.',
		},
		{
			displayName: 'Token URL',
			name: 'customTokenUrl',
			type: 'string',
			default: '',
			placeholder: 'https://accounts.example.com/connect/token',
			description:
				'The full token endpoint URL. It is also the audience of the client assertion, so it must match exactly what Scalepoint publishes.',
			displayOptions: { show: { environment: ['custom'] } },
			required: true,
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'The client ID Scalepoint registered for you',
		},
		{
			displayName: 'Authentication Method',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'Private Key JWT (Recommended)',
					value: 'privateKeyJwt',
					description:
						'Sign a short-lived JWT with your private key; Scalepoint checks it with your registered certificate',
				},
				{
					name: 'Client Secret',
					value: 'clientSecret',
					description: 'Send the client secret Scalepoint gave you',
				},
			],
			default: 'privateKeyJwt',
		},
		{
			displayName: 'Certificate',
			name: 'certificate',
			type: 'string',
			// Not a secret, but masked like the key so both PEM fields behave the same on paste.
			typeOptions: { password: true },
			default: '',
			placeholder: '-----BEGIN CERTIFICATE-----',
			description:
				'The PEM certificate you registered with Scalepoint (self-signed, RSA 2048-bit, SHA-256)',
			displayOptions: { show: { authentication: ['privateKeyJwt'] } },
			required: true,
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: '-----BEGIN PRIVATE KEY-----',
			description:
				'The PEM private key of the certificate (PKCS#8 or PKCS#1). It never leaves n8n: only signatures are sent.',
			displayOptions: { show: { authentication: ['privateKeyJwt'] } },
			required: true,
		},
		{
			displayName: 'Private Key Passphrase',
			name: 'passphrase',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for an encrypted private key',
			displayOptions: { show: { authentication: ['privateKeyJwt'] } },
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authentication: ['clientSecret'] } },
			required: true,
		},
		{
			displayName: 'Scopes',
			name: 'scopes',
			type: 'multiOptions',
			options: [
				{ name: 'Case Deletion (case:delete)', value: SCOPES.caseDelete },
				{ name: 'Case Integration (case_integration)', value: SCOPES.caseIntegration },
				{ name: 'Events (events)', value: SCOPES.events },
				{ name: 'Files to Cases (platform-service-provider:write)', value: SCOPES.filesWrite },
				{ name: 'Self-Service Submit (self-service:submit)', value: SCOPES.selfServiceSubmit },
			],
			default: [],
			description:
				'The scopes to request. Each node names the scope it needs; Scalepoint must have granted them to your client.',
		},
		{
			displayName: 'Additional Scopes',
			name: 'additionalScopes',
			type: 'string',
			default: '',
			placeholder: 'scope:one scope:two',
			description: 'Further scopes, separated by spaces',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Access Token Expires At',
			name: 'accessTokenExpiresAt',
			type: 'hidden',
			typeOptions: { password: true },
			default: 0,
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const token = await requestScalepointToken(this.helpers.httpRequest, credentials);
		return { accessToken: token.accessToken, accessTokenExpiresAt: token.expiresAt };
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		// A function rather than a generic template: it runs for every request and needs no
		// expression evaluation.
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				Authorization: `Bearer ${String(credentials.accessToken ?? '')}`,
			},
		};
	}

	// n8n forces `preAuthentication` when it tests a credential, so the test answers "can a token
	// be obtained with these scopes?"; the request itself only checks the identity server answers.
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ $credentials.environment === "custom" ? $credentials.customTokenUrl.replace(/\\/connect\\/token\\/?$/, "") : $credentials.environment === "sandbox" ? "${TOKEN_URLS.sandbox.replace('/connect/token', '')}" : "${TOKEN_URLS.production.replace('/connect/token', '')}" }}`,
			url: '/.well-known/openid-configuration',
			method: 'GET',
		},
	};
}
