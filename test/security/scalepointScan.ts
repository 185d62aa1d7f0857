/** The Scalepoint credential fields, node parameters and echoes the secret scans use. */
import { createPrivateKey } from 'node:crypto';

import { ALL_SCOPES, startScalepointFixture } from '../fixtures/scalepoint';
import { credentialsHelperWith } from '../harness/runWorkflow';
import { IN_WINDOW } from '../faults/subjects';
import { generateClientKeyMaterial } from '../sandbox/keys';
import { CASE_READ_SCOPE } from '../sandbox/routes/caseData';
import { pemPieces } from './leakScan';
import type { ScanEnv, VendorScan } from './secretScan';

const CLIENT_SECRET = 'LEAKCHECK-sp-client-secret-7f3a9c41';
const PASSPHRASE = 'LEAKCHECK-passphrase-b81d02e7';
// The ECB security token must be a GUID; this one is recognisable (5ec... = "sec").
const ECB_SECURITY_TOKEN = '5ec0e7a0-5ec0-4e7a-8000-5ec0e7a05ec0';
const keys = generateClientKeyMaterial({ passphrase: PASSPHRASE, modulusLength: 2048 });
const plainKey = createPrivateKey({ key: keys.privateKeyPem, passphrase: PASSPHRASE })
	.export({ type: 'pkcs8', format: 'pem' })
	.toString();

const SECRETS = {
	'client secret': CLIENT_SECRET,
	passphrase: PASSPHRASE,
	'ECB security token': ECB_SECURITY_TOKEN,
	...pemPieces('encrypted private key', keys.privateKeyPem),
	...pemPieces('decrypted private key', plainKey),
};

// Every node's scope, the Case Data reads' platform-case:read included.
const SCOPES = [...ALL_SCOPES, CASE_READ_SCOPE];
const base = (env: ScanEnv) => ({
	environment: 'custom',
	customTokenUrl: env.sandbox.tokenUrl,
	customApiHost: env.sandbox.url,
	scopes: SCOPES,
	additionalScopes: '',
	certificate: keys.certificatePem,
	privateKey: keys.privateKeyPem,
	passphrase: PASSPHRASE,
	clientSecret: CLIENT_SECRET,
});
const stored = (token?: string) =>
	token
		? { accessToken: token, accessTokenExpiresAt: Date.now() + 3_600_000 }
		: { accessToken: '', accessTokenExpiresAt: 0 };

export const scalepointScan: VendorScan = {
	vendor: 'scalepoint',
	async start(subject) {
		const fx = await startScalepointFixture({
			eventHoldMs: 200,
			...(subject.id === 'caseDeletion' ? { startTime: IN_WINDOW } : {}),
		});
		fx.sandbox.addScalepointClient({
			clientId: 'leak-jwt',
			certificatePem: keys.certificatePem,
			scopes: SCOPES,
		});
		fx.sandbox.addScalepointClient({
			clientId: 'leak-secret',
			clientSecret: CLIENT_SECRET,
			scopes: SCOPES,
		});
		const env: ScanEnv = {
			sandbox: fx.sandbox,
			vendor: 'scalepoint',
			defaults: {},
			credentials: (overrides = {}) =>
				credentialsHelperWith({ scalepointApi: { ...env.defaults, ...overrides } }),
			prepare: () => {
				fx.sandbox.state.ecbSecurityToken = ECB_SECURITY_TOKEN;
			},
			close: () => fx.sandbox.close(),
		};
		return env;
	},
	variants: [
		{
			name: 'private key JWT (encrypted key + passphrase)',
			data: (env, token) => ({
				...base(env as ScanEnv),
				clientId: 'leak-jwt',
				authentication: 'privateKeyJwt',
				...stored(token),
			}),
			// The JWT path is credential code shared by every node: one node is enough (and the
			// deletion sandbox runs at a fixed clock, where a JWT would be refused for its time).
			skip: (subject) => subject.id !== 'selfService',
		},
		{
			name: 'client secret',
			data: (env, token) => ({
				...base(env as ScanEnv),
				clientId: 'leak-secret',
				authentication: 'clientSecret',
				...stored(token),
			}),
		},
	],
	secrets: SECRETS,
	registerToken(env, token) {
		env.sandbox.state.scalepointTokens.set(token, {
			clientId: 'leak-secret',
			scopes: SCOPES,
			expiresAtMs: env.sandbox.clock.now().getTime() + 3_600_000,
		});
	},
	issuedTokens: (env) => [...env.sandbox.state.scalepointTokens.keys()],
	parameters: (subject) =>
		subject.id === 'files' ? { securityToken: ECB_SECURITY_TOKEN } : undefined,
	tokenEcho: () =>
		JSON.stringify({
			error: 'invalid_client',
			error_description: `rejected client_id=leak-secret&client_secret=${CLIENT_SECRET}`,
		}),
	// Only what was sent can come back: the ECB token only from the Files API.
	echo: (token, subject) =>
		JSON.stringify({
			error: 'invalid_client',
			error_description: `rejected client_secret=${CLIENT_SECRET} passphrase=${PASSPHRASE} Authorization: Bearer ${token}${subject.id === 'files' ? ` securityToken=${ECB_SECURITY_TOKEN}` : ''}`,
			message: `Bearer ${token} ${CLIENT_SECRET}`,
			code: `UNAUTHORIZED ${token}`,
		}),
};
