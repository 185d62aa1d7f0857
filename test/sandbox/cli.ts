/**
 * `npm run sandbox`: the fake vendor APIs with demo data, for trying the nodes by hand.
 * Env: SANDBOX_PORT (default 5680), SANDBOX_KEYS_DIR (default .runtime/sandbox-keys).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateClientKeyMaterial } from './keys';
import { startSandbox } from './server';

const DEMO_CLIENT_ID = 'sandbox-demo-client';
const DEMO_CLIENT_SECRET = 'sandbox-demo-secret';
const DEMO_SCOPES = [
	'self-service:submit',
	'platform-service-provider:write',
	'case:delete',
	'events',
];
const DEMO_THINKSURANCE = {
	hash: 'sandbox-demo-hash',
	secret: 'sandbox-demo-secret',
	brokerTokens: ['sandbox-demo-broker-token'],
	accountTokens: ['sandbox-demo-account-token'],
};

/** Reuses the demo key pair across runs so a credential saved in n8n keeps working. */
function demoKeyFiles(dir: string): { certPath: string; keyPath: string; certificatePem: string } {
	const certPath = resolve(dir, 'client-certificate.pem');
	const keyPath = resolve(dir, 'client-private-key.pem');
	if (!existsSync(certPath) || !existsSync(keyPath)) {
		mkdirSync(dir, { recursive: true });
		const material = generateClientKeyMaterial();
		writeFileSync(certPath, material.certificatePem);
		writeFileSync(keyPath, material.privateKeyPem, { mode: 0o600 });
	}
	return { certPath, keyPath, certificatePem: readFileSync(certPath, 'utf8') };
}

async function main(): Promise<void> {
	const port = Number(process.env.SANDBOX_PORT ?? 5680);
	const keys = demoKeyFiles(resolve(process.env.SANDBOX_KEYS_DIR ?? '.runtime/sandbox-keys'));
	const sandbox = await startSandbox({
		port,
		scalepointClients: [
			{
				clientId: DEMO_CLIENT_ID,
				certificatePem: keys.certificatePem,
				clientSecret: DEMO_CLIENT_SECRET,
				scopes: DEMO_SCOPES,
			},
		],
		thinksurance: { users: [DEMO_THINKSURANCE] },
	});
	sandbox.state.addOutgoingEvent('case_created', {
		case: { token: 'd1a72df4-f7d5-402c-a495-cc31b8b39a59' },
	});
	sandbox.state.addOutgoingEvent('claim_updated', { case: { number: 'CN10000' } });

	const lines = [
		`Sandbox listening on ${sandbox.url} (clock starts at ${sandbox.clock.now().toISOString()})`,
		'',
		'Scalepoint',
		`  token URL        ${sandbox.tokenUrl}`,
		`  API base URL     ${sandbox.url}`,
		`  client id        ${DEMO_CLIENT_ID}`,
		`  client secret    ${DEMO_CLIENT_SECRET}`,
		`  scopes           ${DEMO_SCOPES.join(' ')}`,
		`  certificate      ${keys.certPath}`,
		`  private key      ${keys.keyPath}`,
		'  country/tenant   dk / abcinsurance (ECB/Hub tenants: host, abcinsurance)',
		'',
		'Thinksurance',
		`  base URL         ${sandbox.url}`,
		`  hash             ${DEMO_THINKSURANCE.hash}`,
		`  secret           ${DEMO_THINKSURANCE.secret}`,
		`  broker token     ${DEMO_THINKSURANCE.brokerTokens[0]}`,
		`  account token    ${DEMO_THINKSURANCE.accountTokens[0]}`,
		'',
		`Control API: ${sandbox.url}/__sandbox/ (journal, reset, faults, clock, events, clients, state)`,
		'Ctrl+C stops.',
	];
	console.log(lines.join('\n'));

	const stop = () => {
		sandbox.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
