import '../harness/environment';

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { CredentialTestContext } from 'n8n-core';

import { scalepointApiTest } from '../../nodes/Scalepoint/credentialTest';
import { credentialsHelperWith, runNode } from '../harness/runWorkflow';
import { errorFacts } from '../harness/errorItems';

/**
 * n8n reads an answer whole, without a limit (found by an outside review: an 800 MB token answer
 * grew the credential test by 1.6 GB). Every answer is now read up to a cap (1 MB for tokens,
 * 64 MB for API answers) and the connection closed beyond it. The proof is what the flooding
 * server managed to write before the client closed: bounded by the cap plus socket buffers, far
 * below what it had to send. No timing is asserted.
 */
jest.setTimeout(120_000);

const MB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x20);
// What loopback socket buffers and stream queues may hold beyond what the client read.
const SLACK = 24 * MB;

interface Flood {
	/** Bytes the server handed to the socket before the client closed (or it finished). */
	written: number;
	/** The whole flood was sent: the client read it all. */
	finished: boolean;
	/** The client closed the connection before the end of the flood. */
	closedEarly: boolean;
}

interface FloodServer {
	url: string;
	/** Method and path of every request, in order. */
	requests: string[];
	/** Every flooded answer, in order. */
	floods: Flood[];
	close(): Promise<void>;
}

/**
 * A loopback server that answers 200 with a JSON string of `totalBytes` spaces to requests whose
 * path `floods` selects, and a small valid token answer to the others.
 */
async function startFloodServer(
	floods: (path: string) => boolean,
	totalBytes: number,
): Promise<FloodServer> {
	const requests: string[] = [];
	const sent: Flood[] = [];
	const server = createServer((request, response) => {
		request.resume();
		const path = request.url ?? '';
		requests.push(`${request.method} ${path}`);
		if (!floods(path)) {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(
				JSON.stringify({
					access_token: 'small-access-token',
					expires_in: 3600,
					token: 'small-ipn-token',
					expired: '2099-01-01 00:00:00',
				}),
			);
			return;
		}
		const flood: Flood = { written: 0, finished: false, closedEarly: false };
		sent.push(flood);
		response.on('close', () => {
			if (!flood.finished) flood.closedEarly = true;
		});
		response.writeHead(200, { 'content-type': 'application/json' });
		response.write('{"pad":"');
		const pump = () => {
			while (flood.written < totalBytes) {
				if (response.destroyed) return;
				flood.written += CHUNK.length;
				if (!response.write(CHUNK)) {
					response.once('drain', pump);
					return;
				}
			}
			flood.finished = true;
			response.end('"}');
		};
		pump();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		floods: sent,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** Every flood ended because the client closed it, after at most `capBytes` (plus buffers). */
async function expectCutShort(server: FloodServer, count: number, capBytes: number) {
	expect(server.floods).toHaveLength(count);
	// The client has given up; the server notices the close a moment later (test timeout bounds it).
	while (!server.floods.every((flood) => flood.closedEarly || flood.finished)) {
		await new Promise((done) => setTimeout(done, 20));
	}
	for (const flood of server.floods) {
		expect(flood.finished).toBe(false);
		expect(flood.written).toBeLessThan(capBytes + SLACK);
	}
}

const scalepointCredential = (url: string) => ({
	environment: 'custom',
	customTokenUrl: `${url}/connect/token`,
	customApiHost: url,
	customHubHost: '',
	allowedHosts: '',
	clientId: 'client',
	authentication: 'clientSecret',
	clientSecret: 'Cl1ent-Secret-for-tests',
	scopes: ['events'],
	additionalScopes: '',
	accessToken: '',
	accessTokenExpiresAt: 0,
});

const thinksuranceCredential = (url: string) => ({
	environment: 'custom',
	customBaseUrl: url,
	hash: 'flood-test-hash',
	secret: 'Fl00d-Test-Secret',
	brokerToken: 'flood-test-broker-token',
	accountToken: '',
	token: '',
	tokenExpiresAt: 0,
});

const eventsPublish = (url: string) => ({
	resource: 'event',
	operation: 'publish',
	host: url,
	country: 'dk',
	tenant: 'abcinsurance',
	eventType: 'payment_status_updated',
	bodySource: 'fields',
	paymentUuid: '967ce1a4-a55a-4765-bd5b-bafcb4178fd3',
	paymentStatus: 'canceled',
	statusReason: 'rejected',
});

describe('A token endpoint that floods its answer', () => {
	let server: FloodServer;
	afterEach(async () => await server.close());

	it('Scalepoint credential test: fails naming the 1 MB cap and closes the connection', async () => {
		server = await startFloodServer((path) => path === '/connect/token', 64 * MB);
		const result = await scalepointApiTest.call(new CredentialTestContext() as never, {
			id: 'c',
			name: 'S',
			type: 'scalepointApi',
			data: scalepointCredential(server.url),
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/token endpoint .* answered more than 1 MB; nothing of it was used/,
		);
		// Not asked again: the same endpoint would flood again.
		expect(server.requests).toHaveLength(1);
		await expectCutShort(server, 1, MB);
	});

	it('Thinksurance token request (in a node run): fails naming the cap, asked once', async () => {
		server = await startFloodServer((path) => path === '/api/ipn/tokens', 64 * MB);
		const result = await runNode({
			type: 'thinksurance',
			parameters: { resource: 'agencyNumber', operation: 'getAll', returnAll: true },
			credentials: credentialsHelperWith({ thinksuranceApi: thinksuranceCredential(server.url) }),
			onError: 'continueRegularOutput',
		});
		const facts = errorFacts(result.output[0] ?? { json: {} });
		expect(JSON.stringify(facts)).toMatch(/answered more than 1 MB; nothing of it was used/);
		expect(server.requests).toEqual(['POST /api/ipn/tokens']);
		await expectCutShort(server, 1, MB);
	});
});

describe('An API that floods its answer', () => {
	let server: FloodServer;
	afterEach(async () => await server.close());

	it('Scalepoint Events publish: fails naming the 64 MB cap, as possibly processed, never resent', async () => {
		server = await startFloodServer((path) => path !== '/connect/token', 128 * MB);
		const result = await runNode({
			type: 'scalepointEvents',
			parameters: eventsPublish(server.url),
			credentials: credentialsHelperWith({ scalepointApi: scalepointCredential(server.url) }),
			onError: 'continueRegularOutput',
		});
		const facts = errorFacts(result.output[0] ?? { json: {} });
		expect(String(facts.error)).toMatch(/answered more than 64 MB; nothing of it was used/);
		expect(String(facts.description)).toContain('may have processed it');
		expect(server.requests.filter((line) => line.startsWith('POST /api/'))).toHaveLength(1);
		await expectCutShort(server, 1, 64 * MB);
	});

	it('Thinksurance Get Many (idempotent): fails naming the cap and is not asked again', async () => {
		server = await startFloodServer((path) => path !== '/api/ipn/tokens', 128 * MB);
		const result = await runNode({
			type: 'thinksurance',
			parameters: { resource: 'agencyNumber', operation: 'getAll', returnAll: true },
			credentials: credentialsHelperWith({ thinksuranceApi: thinksuranceCredential(server.url) }),
			onError: 'continueRegularOutput',
		});
		const facts = errorFacts(result.output[0] ?? { json: {} });
		expect(JSON.stringify(facts)).toMatch(/Thinksurance at .* answered more than 64 MB/);
		expect(server.requests).toEqual(['POST /api/ipn/tokens', 'GET /api/ipn/agency-numbers']);
		await expectCutShort(server, 1, 64 * MB);
	});
});
