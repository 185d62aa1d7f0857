/**
 * `npm run sandbox`: the fake vendor APIs with demo data, for trying the nodes by hand.
 * Its state is in memory (empty at every start); only the demo key pair is kept between runs.
 * Stops on SIGINT/SIGTERM/SIGHUP and when its parent (npm) dies, and says so.
 * Env: SANDBOX_PORT (default 5680), SANDBOX_KEYS_DIR (default .runtime/sandbox-keys).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { whenParentDies } from '../../scripts/runtime/shutdown';
import { DOCUMENTED_EVENT_TYPES, exampleEventAttributes } from './eventExamples';
import { generateClientKeyMaterial } from './keys';
import { startSandbox } from './server';

const DEMO_CLIENT_ID = 'sandbox-demo-client';
const DEMO_CLIENT_SECRET = 'sandbox-demo-secret';
const DEMO_SCOPES = [
	'self-service:submit',
	'platform-service-provider:write',
	'case:delete',
	'events',
	'platform-case:read',
];
const DEMO_THINKSURANCE = {
	hash: 'sandbox-demo-hash',
	secret: 'sandbox-demo-secret',
	brokerTokens: ['sandbox-demo-broker-token'],
	accountTokens: ['sandbox-demo-account-token'],
};

/** Reuses the demo key pair across runs so a credential saved in n8n keeps working. */
function demoKeyFiles(dir: string): {
	certPath: string;
	keyPath: string;
	certificatePem: string;
	kept: boolean;
} {
	const certPath = resolve(dir, 'client-certificate.pem');
	const keyPath = resolve(dir, 'client-private-key.pem');
	const kept = existsSync(certPath) && existsSync(keyPath);
	if (!kept) {
		mkdirSync(dir, { recursive: true });
		const material = generateClientKeyMaterial();
		writeFileSync(certPath, material.certificatePem);
		writeFileSync(keyPath, material.privateKeyPem, { mode: 0o600 });
	}
	return { certPath, keyPath, certificatePem: readFileSync(certPath, 'utf8'), kept };
}

async function main(): Promise<void> {
	const port = Number(process.env.SANDBOX_PORT ?? 5680);
	const keysDir = resolve(process.env.SANDBOX_KEYS_DIR ?? '.runtime/sandbox-keys');
	const keys = demoKeyFiles(keysDir);
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
	// One event of each documented type as the vendor pages show it; the case_settled one names
	// the seeded case and settlement revision (caseSeed.ts), which the Case Data routes answer for.
	for (const type of DOCUMENTED_EVENT_TYPES)
		sandbox.state.addOutgoingEvent(type, exampleEventAttributes(type));

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
		'',
		'State: fresh. It lives in memory: every start is empty, and POST /__sandbox/reset empties it',
		`while running. The demo key pair was ${keys.kept ? 'kept from an earlier run' : 'generated'} in`,
		`${keysDir} (kept so saved credentials keep working; delete the folder for a new one).`,
		'Ctrl+C stops.',
	];
	console.log(lines.join('\n'));

	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		// After a parent's death stdout may be a closed pipe: that must not stop the stopping.
		process.stdout.on('error', () => undefined);
		const done = (code: number) => {
			try {
				console.log(`stopped the sandbox on ${sandbox.url} (pid ${process.pid})`);
			} finally {
				process.exit(code);
			}
		};
		sandbox.close().then(
			() => done(0),
			() => done(1),
		);
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
	// `npm run sandbox` does not pass a signal through its `sh -c`; when npm dies, so does this.
	whenParentDies(stop);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
