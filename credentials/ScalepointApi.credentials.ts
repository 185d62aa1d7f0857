import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import {
	credentialHosts,
	ENTRY_HOST,
	requestTargetProblem,
	SANDBOX_HOST,
	TOKEN_URLS,
	WWW_HOST,
} from '../nodes/Scalepoint/hosts';
import { SCOPES } from '../nodes/Scalepoint/scopes';
import { requestScalepointToken } from '../nodes/Scalepoint/auth/tokenRequest';

/**
 * OAuth2 client credentials at Scalepoint's token endpoint, authenticated with a signed JWT client
 * assertion (private_key_jwt, RS256) or a client secret. No stock n8n credential can do this.
 *
 * The token lives in the hidden, expirable `accessToken` field: n8n calls `preAuthentication`
 * when it is empty or after a 401, stores the result encrypted, and every node, execution and
 * worker reuses it. The nodes also clear it themselves once `accessTokenExpiresAt` has passed.
 *
 * The environment decides the API hosts as well as the token URL, and the token is only ever put
 * on requests to those hosts (nodes/Scalepoint/hosts.ts). The editor's credential test is the
 * nodes' `scalepointApiTest` (testedBy): it obtains a token and stops there.
 */
export class ScalepointApi implements ICredentialType {
	name = 'scalepointApi';

	displayName = 'Scalepoint API';

	icon: Icon = {
		light: 'file:../nodes/Scalepoint/scalepoint.svg',
		dark: 'file:../nodes/Scalepoint/scalepoint.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-scalepoint-thinksurance/n8n-nodes-scalepoint-thinksurance/blob/HEAD/README.md#scalepoint-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{
					name: 'Production',
					value: 'production',
					description: `Tokens from ${TOKEN_URLS.production}; APIs at ${WWW_HOST} and ${ENTRY_HOST}`,
				},
				{
					name: 'Sandbox',
					value: 'sandbox',
					description: `Tokens from ${TOKEN_URLS.sandbox}; APIs at ${SANDBOX_HOST}`,
				},
				{
					name: 'Custom (Project Server)',
					value: 'custom',
					description: 'Enter the token URL and API hosts Scalepoint assigned you',
				},
			],
			default: 'production',
			description:
				"Which Scalepoint environment issues the tokens and serves the APIs. Nodes use this environment's hosts; the token is never sent to any other host.",
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
			displayName: 'API Host',
			name: 'customApiHost',
			type: 'string',
			default: '',
			placeholder: 'https://<hostname>',
			description:
				'The host of Self-Service, the Event API and ClaimShop on your project server, e.g. https://sandbox.scalepoint.com',
			displayOptions: { show: { environment: ['custom'] } },
			required: true,
		},
		{
			displayName: 'Hub Property and Files Host',
			name: 'customHubHost',
			type: 'string',
			default: '',
			placeholder: 'Same as API Host',
			description:
				'The host of Hub Property (case deletion) and files to cases (ECB). Leave empty when it is the API Host.',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Additional Allowed Hosts',
			name: 'allowedHosts',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			placeholder: 'https://project-server.example.com',
			description:
				"Further hosts a node's Host parameter may name, e.g. an assigned project server; separated by commas, spaces or new lines. The token is sent to no other host.",
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
				{ name: 'Case Data and Settlements (platform-case:read)', value: SCOPES.caseRead },
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
		// expression evaluation. n8n's HTTP Request node can use this credential with any URL, so
		// the token is only added for the credential's own hosts. That node names its target in
		// `uri` (n8n's legacy request options) and may repeat the header on a redirect to another
		// origin, so its requests have no `url` to check and are refused: fail closed.
		const problem = requestTargetProblem(credentialHosts(credentials), requestOptions);
		if (problem) {
			throw new Error(
				`The Scalepoint credential does not authenticate this request: ${problem}. It adds its token only to requests to these hosts; add the host to the credential's Additional Allowed Hosts if it is a Scalepoint server.`,
			);
		}
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				Authorization: `Bearer ${String(credentials.accessToken ?? '')}`,
			},
		};
	}
}
