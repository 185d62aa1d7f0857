import '../harness/environment';

import type { ServerResponse } from 'node:http';

import { CredentialTestContext } from 'n8n-core';

import { ThinksuranceApi } from '../../credentials/ThinksuranceApi.credentials';
import { thinksuranceApiTest } from '../../nodes/Thinksurance/credentialTest';
import { Thinksurance } from '../../nodes/Thinksurance/Thinksurance.node';
import { startRecorder, type RecordedRequest, type Recorder } from '../fixtures/recorder';

/**
 * The editor's test of the Thinksurance credential. It was a declarative `test.request` that n8n
 * sent and read itself: the whole answer, without a cap or a deadline. It is now the node's
 * `thinksuranceApiTest`, which reads both answers (token, agency number list) like every other
 * answer of the package. Loopback servers play Thinksurance; no timing is asserted beyond hang
 * guards far from every bound.
 */
jest.setTimeout(120_000);

const MB = 1024 * 1024;
const TOKEN = 'issued-token-0123456789';
const LIST = { agencyNumbers: [{ baFinId: '1234', agencyNumbers: [{ agencyNumber: 'A-1' }] }] };

let server: Recorder;
let elsewhere: Recorder;
let listAnswer: (request: RecordedRequest, response: ServerResponse) => void;
let dribbles: NodeJS.Timeout[] = [];

function json(response: ServerResponse, status: number, body: unknown) {
	response.writeHead(status, { 'content-type': 'application/json' });
	response.end(JSON.stringify(body));
}

beforeAll(async () => {
	server = await startRecorder();
	elsewhere = await startRecorder();
	server.answerWith((request, response) => {
		if (request.url === '/api/ipn/tokens') {
			json(response, 200, { token: TOKEN, expired: '2099-01-01 00:00:00' });
			return;
		}
		listAnswer(request, response);
	});
});
afterAll(async () => {
	await server.close();
	await elsewhere.close();
});
beforeEach(() => {
	server.requests.length = 0;
	elsewhere.requests.length = 0;
	listAnswer = (_request, response) => json(response, 200, LIST);
});
afterEach(() => {
	for (const dribble of dribbles) clearInterval(dribble);
	dribbles = [];
});

async function editorTest(overrides: Record<string, unknown> = {}) {
	// The context n8n gives a credential test function: only the legacy request helper.
	return await thinksuranceApiTest.call(new CredentialTestContext() as never, {
		id: 'credential-id',
		name: 'Thinksurance account',
		type: 'thinksuranceApi',
		data: {
			environment: 'custom',
			customBaseUrl: server.url,
			hash: 'test-hash-0123',
			secret: 'Test-Secret-4567',
			brokerToken: 'broker-token-89ab',
			accountToken: '',
			token: '',
			tokenExpiresAt: 0,
			...overrides,
		},
	});
}

const calls = () => server.requests.map((request) => `${request.method} ${request.url}`);

describe('Thinksurance credential — the editor test (testedBy thinksuranceApiTest)', () => {
	it('the node names it and the credential has no declarative test of its own', () => {
		const node = new Thinksurance();
		expect(node.description.credentials).toEqual([
			{ name: 'thinksuranceApi', required: true, testedBy: 'thinksuranceApiTest' },
		]);
		expect(node.methods?.credentialTest?.thinksuranceApiTest).toBe(thinksuranceApiTest);
		// n8n uses a credential's own `test` before a node's testedBy function.
		expect('test' in new ThinksuranceApi()).toBe(false);
	});

	it('obtains a token, then lists the agency numbers with it and the broker token', async () => {
		expect(await editorTest()).toEqual({
			status: 'OK',
			message: 'Token obtained and agency numbers listed (1)',
		});
		expect(calls()).toEqual(['POST /api/ipn/tokens', 'GET /api/ipn/agency-numbers']);
		expect(JSON.parse(server.requests[0].body)).toEqual({
			hash: 'test-hash-0123',
			secret: 'Test-Secret-4567',
		});
		const listed = server.requests[1].headers;
		expect(listed.authorization).toBe(`Bearer ${TOKEN}`);
		expect(listed['x-broker-token']).toBe('broker-token-89ab');
		expect(listed['x-account-token']).toBeUndefined();
	});

	it('sends X-Account-Token when the credential has only an account token', async () => {
		const result = await editorTest({ brokerToken: '', accountToken: 'account-token-cdef' });
		expect(result.status).toBe('OK');
		const listed = server.requests[1].headers;
		expect(listed['x-account-token']).toBe('account-token-cdef');
		expect(listed['x-broker-token']).toBeUndefined();
	});

	it.each([
		[200, 'HTTP 200 with an error'],
		[400, 'HTTP 400'],
		[404, 'HTTP 404'],
	])(
		'an answer %i + {"error"} fails with the vendor reason and what to check',
		async (status, style) => {
			listAnswer = (_request, response) =>
				json(response, status, { error: 'API User is not existing or deactivated.' });
			expect(await editorTest()).toEqual({
				status: 'Error',
				message: `Thinksurance refused to list the agency numbers (${style}): API User is not existing or deactivated. Check the hash, secret and the Broker Token / Account Token.`,
			});
		},
	);

	it('a 401 for the token just issued fails as a refused token', async () => {
		listAnswer = (_request, response) => {
			response.writeHead(401);
			response.end();
		};
		expect(await editorTest()).toEqual({
			status: 'Error',
			message:
				'Thinksurance refused the token it had just issued (HTTP 401). Check the hash, secret and the Broker Token / Account Token.',
		});
	});

	it('an echoed token or identity never shows in the message', async () => {
		listAnswer = (request, response) =>
			json(response, 400, {
				error: `Unknown broker ${String(request.headers['x-broker-token'])} for ${String(request.headers.authorization)}`,
			});
		const result = await editorTest();
		expect(result.status).toBe('Error');
		expect(result.message).not.toContain(TOKEN);
		expect(result.message).not.toContain('broker-token-89ab');
	});

	it('a 200 that is not the documented list does not pass', async () => {
		listAnswer = (_request, response) => json(response, 200, { status: 'ok' });
		const result = await editorTest();
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/is not the documented list/);
	});

	it('a redirect of the list is reported, not followed: nothing reaches the other host', async () => {
		listAnswer = (_request, response) => {
			response.writeHead(302, { location: `${elsewhere.url}/api/ipn/agency-numbers` });
			response.end();
		};
		const result = await editorTest();
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/redirected the agency number list \(HTTP 302\)/);
		expect(elsewhere.requests).toHaveLength(0);
		expect(calls()).toEqual(['POST /api/ipn/tokens', 'GET /api/ipn/agency-numbers']);
	});

	it('a flooded list is read up to the 64 MB cap and the connection closed', async () => {
		const CHUNK = Buffer.alloc(64 * 1024, 0x20);
		const TOTAL = 128 * MB;
		const flood = { written: 0, finished: false, closed: false };
		listAnswer = (_request, response) => {
			response.on('close', () => (flood.closed = true));
			response.writeHead(200, { 'content-type': 'application/json' });
			response.write('{"pad":"');
			const pump = () => {
				while (flood.written < TOTAL) {
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
		};
		const result = await editorTest();
		expect(result).toEqual({
			status: 'Error',
			message: `Thinksurance at ${new URL(server.url).host} answered more than 64 MB; nothing of it was used. An agency number list is far smaller: check the environment / base URL of the credential.`,
		});
		// The server notices the close a moment later (the test timeout bounds the wait).
		while (!flood.closed) await new Promise((done) => setTimeout(done, 20));
		expect(flood.finished).toBe(false);
		// The cap plus what loopback socket buffers and stream queues may hold.
		expect(flood.written).toBeLessThan(64 * MB + 24 * MB);
	});

	it('a list that dribbles a byte every 200 ms ends at the 20 s deadline with a timeout', async () => {
		listAnswer = (_request, response) => {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.write('{"agencyNumbers":[');
			// 80 s of one space every 200 ms: never silent long enough for an idle timeout.
			let left = 400;
			const dribble = setInterval(() => {
				if (--left <= 0 || response.destroyed) {
					clearInterval(dribble);
					if (!response.destroyed) response.end(']}');
					return;
				}
				response.write(' ');
			}, 200);
			dribbles.push(dribble);
		};
		const started = Date.now();
		const result = await editorTest();
		expect(result).toEqual({
			status: 'Error',
			message: `Thinksurance at ${new URL(server.url).host} did not answer the agency number list within 20 s. Check the environment / base URL and that this n8n can reach Thinksurance.`,
		});
		// A hang guard, far from both the 20 s deadline and the 80 s the server would go on for.
		expect(Date.now() - started).toBeLessThan(60_000);
	});
});
