/**
 * One way to reach the vendor sandbox from a separate n8n process: either an in-process sandbox
 * (`startSandbox`) or an already-running one named by env SANDBOX_URL. Either way it is driven
 * through its HTTP control API (`/__sandbox/`), so tests behave the same for both.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateClientKeyMaterial } from '../../test/sandbox/keys';
import { startSandbox } from '../../test/sandbox/server';
import type { Fault, JournalEntry, RouteName } from '../../test/sandbox/types';
import { REPO_ROOT } from './runtimes';

/** The demo identities `npm run sandbox` (test/sandbox/cli.ts) trusts; kept equal to it. */
export const DEMO = {
	scalepointClientId: 'sandbox-demo-client',
	scalepointClientSecret: 'sandbox-demo-secret',
	scalepointScopes: [
		'self-service:submit',
		'platform-service-provider:write',
		'case:delete',
		'events',
		'platform-case:read',
	],
	thinksurance: {
		hash: 'sandbox-demo-hash',
		secret: 'sandbox-demo-secret',
		brokerTokens: ['sandbox-demo-broker-token'],
		accountTokens: ['sandbox-demo-account-token'],
	},
	/**
	 * The header the sandbox sends, as Thinksurance, to the Thinksurance Trigger example (its
	 * Thinksurance Webhook API credential, Authentication "Header"; equal to the template's
	 * headerName). Thinksurance documents no webhook authentication: a partner agrees on one with
	 * Thinksurance Support. Sent per delivery, so the sandbox CLI needs no copy. Not a secret.
	 */
	thinksuranceWebhook: {
		headerName: 'X-Thinksurance-Webhook-Secret',
		headerSecret: 'sandbox-demo-webhook-secret',
	},
};

export const DEFAULT_KEYS_DIR = resolve(REPO_ROOT, '.runtime', 'sandbox-keys');

export interface DemoKeys {
	certificatePem: string;
	privateKeyPem: string;
	certPath: string;
	keyPath: string;
}

/** Same files and format as the sandbox CLI, so both sides agree on the demo client's key. */
export function demoKeys(dir = process.env.SANDBOX_KEYS_DIR ?? DEFAULT_KEYS_DIR): DemoKeys {
	const certPath = resolve(dir, 'client-certificate.pem');
	const keyPath = resolve(dir, 'client-private-key.pem');
	if (!existsSync(certPath) || !existsSync(keyPath)) {
		mkdirSync(dir, { recursive: true });
		const material = generateClientKeyMaterial();
		writeFileSync(certPath, material.certificatePem);
		writeFileSync(keyPath, material.privateKeyPem, { mode: 0o600 });
	}
	return {
		certPath,
		keyPath,
		certificatePem: readFileSync(certPath, 'utf8'),
		privateKeyPem: readFileSync(keyPath, 'utf8'),
	};
}

export interface SandboxLink {
	url: string;
	tokenUrl: string;
	/** True when this process started it (and `close` stops it). */
	owned: boolean;
	keys: DemoKeys;
	journal(): Promise<JournalEntry[]>;
	requests(route: RouteName): Promise<JournalEntry[]>;
	clearJournal(): Promise<void>;
	reset(): Promise<void>;
	addFault(fault: Fault): Promise<void>;
	clearFaults(): Promise<void>;
	state(): Promise<Record<string, unknown>>;
	patchState(patch: Record<string, unknown>): Promise<void>;
	control(method: string, path: string, body?: unknown): Promise<unknown>;
	close(): Promise<void>;
}

/** SANDBOX_URL set: attach to it; else start one in this process on `port` (0 = any free one). */
export async function openSandbox(
	options: { port?: number; keysDir?: string } = {},
): Promise<SandboxLink> {
	const keys = demoKeys(options.keysDir);
	const external = process.env.SANDBOX_URL?.replace(/\/+$/, '');
	if (external) {
		return linkTo(external, keys, async () => {});
	}
	const sandbox = await startSandbox({
		port: options.port ?? 0,
		startTime: new Date().toISOString(),
		scalepointClients: [
			{
				clientId: DEMO.scalepointClientId,
				certificatePem: keys.certificatePem,
				clientSecret: DEMO.scalepointClientSecret,
				scopes: DEMO.scalepointScopes,
			},
		],
		thinksurance: { users: [DEMO.thinksurance] },
	});
	return { ...linkTo(sandbox.url, keys, () => sandbox.close()), owned: true };
}

function linkTo(url: string, keys: DemoKeys, close: () => Promise<void>): SandboxLink {
	const control = async (method: string, path: string, body?: unknown) => {
		const response = await fetch(`${url}/__sandbox/${path}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(`sandbox ${method} /__sandbox/${path} answered ${response.status}: ${text}`);
		return text ? (JSON.parse(text) as unknown) : undefined;
	};
	const journal = async () => (await control('GET', 'journal')) as JournalEntry[];
	return {
		url,
		tokenUrl: `${url}/connect/token`,
		owned: false,
		keys,
		journal,
		requests: async (route) => (await journal()).filter((entry) => entry.route === route),
		clearJournal: async () => void (await control('DELETE', 'journal')),
		reset: async () => void (await control('POST', 'reset')),
		addFault: async (fault) => void (await control('POST', 'faults', fault)),
		clearFaults: async () => void (await control('DELETE', 'faults')),
		state: async () => (await control('GET', 'state')) as Record<string, unknown>,
		patchState: async (patch) => void (await control('POST', 'state', patch)),
		control,
		close,
	};
}

/** The example credentials (examples/credentials.template.json) filled in for this sandbox. */
export function sandboxCredentials(
	link: Pick<SandboxLink, 'url' | 'tokenUrl' | 'keys'>,
): CredentialRecord[] {
	const values: Record<string, string> = {
		SANDBOX_URL: link.url,
		SANDBOX_TOKEN_URL: link.tokenUrl,
		SCALEPOINT_CLIENT_ID: process.env.SCALEPOINT_CLIENT_ID ?? DEMO.scalepointClientId,
		SCALEPOINT_CERTIFICATE_PEM: link.keys.certificatePem,
		SCALEPOINT_PRIVATE_KEY_PEM: link.keys.privateKeyPem,
		THINKSURANCE_HASH: process.env.THINKSURANCE_HASH ?? DEMO.thinksurance.hash,
		THINKSURANCE_SECRET: process.env.THINKSURANCE_SECRET ?? DEMO.thinksurance.secret,
		THINKSURANCE_BROKER_TOKEN:
			process.env.THINKSURANCE_BROKER_TOKEN ?? DEMO.thinksurance.brokerTokens[0],
		THINKSURANCE_ACCOUNT_TOKEN:
			process.env.THINKSURANCE_ACCOUNT_TOKEN ?? DEMO.thinksurance.accountTokens[0],
		THINKSURANCE_WEBHOOK_SECRET:
			process.env.THINKSURANCE_WEBHOOK_SECRET ?? DEMO.thinksuranceWebhook.headerSecret,
	};
	const template = JSON.parse(
		readFileSync(resolve(REPO_ROOT, 'examples', 'credentials.template.json'), 'utf8'),
	) as CredentialRecord[];
	return fill(template, values) as CredentialRecord[];
}

export interface CredentialRecord {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

function fill(value: unknown, values: Record<string, string>): unknown {
	if (typeof value === 'string') {
		return value.replace(/\$\{([A-Z_]+)\}/g, (whole, name: string) => values[name] ?? whole);
	}
	if (Array.isArray(value)) return value.map((entry) => fill(entry, values));
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([key, entry]) => [key, fill(entry, values)]),
		);
	}
	return value;
}

/** Where the example workflows point (the sandbox CLI's default port). */
export const EXAMPLE_SANDBOX_URL = 'http://127.0.0.1:5680';
