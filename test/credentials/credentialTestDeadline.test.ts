import '../harness/environment';

import { CredentialTestContext } from 'n8n-core';

import { scalepointApiTest } from '../../nodes/Scalepoint/credentialTest';
import { startRecorder, type Recorder } from '../fixtures/recorder';

/**
 * The editor's Test button runs the token request through n8n's legacy request helper, which takes
 * no abort signal and applies its timeout only to silence between bytes. A token endpoint that
 * sends a byte every 200 ms kept the test running for as long as it liked (found by an outside
 * review); it must end at the token request's 20 s deadline and say so.
 */
jest.setTimeout(90_000);

const DRIBBLE_MS = 200;
let tokenEndpoint: Recorder;
let dribbles: NodeJS.Timeout[] = [];

beforeAll(async () => {
	tokenEndpoint = await startRecorder();
	tokenEndpoint.answerWith((_request, response) => {
		response.writeHead(200, { 'content-type': 'application/json' });
		response.write('{"access_token":"never-complete"');
		// 80 s of one space every 200 ms: never silent long enough for an idle timeout.
		let left = 400;
		const dribble = setInterval(() => {
			if (--left <= 0 || response.destroyed) {
				clearInterval(dribble);
				if (!response.destroyed) response.end('}');
				return;
			}
			response.write(' ');
		}, DRIBBLE_MS);
		dribbles.push(dribble);
	});
});
afterAll(async () => {
	for (const dribble of dribbles) clearInterval(dribble);
	dribbles = [];
	await tokenEndpoint.close();
});

it('a dribbling token endpoint ends the credential test at its deadline with a timeout', async () => {
	const started = Date.now();
	const result = await scalepointApiTest.call(new CredentialTestContext() as never, {
		id: 'credential',
		name: 'Scalepoint',
		type: 'scalepointApi',
		data: {
			environment: 'custom',
			customTokenUrl: `${tokenEndpoint.url}/connect/token`,
			customApiHost: tokenEndpoint.url,
			clientId: 'client',
			authentication: 'clientSecret',
			clientSecret: 'Cl1ent-Secret-for-tests',
			scopes: ['events'],
		},
	});
	const elapsedMs = Date.now() - started;
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/timed out/);
	// Asked once: a token endpoint that missed its deadline is not asked again.
	expect(tokenEndpoint.requests).toHaveLength(1);
	// A hang guard, far from both the 20 s deadline and the 80 s the server would go on for.
	expect(elapsedMs).toBeLessThan(60_000);
});
