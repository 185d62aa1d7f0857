import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { startRecorder, type Recorder } from '../fixtures/recorder';
import { runNode, type RunNodeResult } from '../harness/runWorkflow';
import { caseParams, textItem } from '../ScalepointFiles/helpers';

/**
 * Servers echo what they were sent in forms other than the text itself: a GUID in upper case or
 * without dashes (.NET "N"), a gateway quoting the whole Authorization header in base64. None of
 * these may reach an error item (found by an outside review; the redaction matched exact text).
 */
const SECURITY_TOKEN = 'abcdef01-2345-4789-abcd-ef0123456789';

let fx: ScalepointFixture;
let api: Recorder;

beforeAll(async () => {
	fx = await startScalepointFixture();
	api = await startRecorder();
});
afterAll(async () => {
	await fx.sandbox.close();
	await api.close();
});
beforeEach(() => (api.requests.length = 0));

/** The Scalepoint credential with the recorder as its API and Hub host (token from the sandbox). */
const credentials = () => fx.credentials({ customApiHost: api.url, customHubHost: api.url });

function answer400(message: (authorization: string) => string) {
	api.answerWith((request, response) => {
		response.writeHead(400, { 'content-type': 'application/json' });
		response.end(
			JSON.stringify({
				errorType: 'ValidationError',
				message: message(String(request.headers.authorization)),
			}),
		);
	});
}

function everythingShown(result: RunNodeResult) {
	return JSON.stringify({
		output: result.output,
		errors: result.errorOutput,
		error: result.error && { message: result.error.message, description: result.error.description },
	});
}

async function submitFile() {
	const result = await runNode({
		type: 'scalepointFiles',
		parameters: caseParams(fx, { host: '', securityToken: SECURITY_TOKEN }) as never,
		items: [textItem('a.txt', 'hello')],
		credentials: credentials(),
		onError: 'continueErrorOutput',
	});
	expect(api.requests).toHaveLength(1);
	expect(result.errorOutput).toHaveLength(1);
	return everythingShown(result);
}

it('a security token echoed in upper case is redacted', async () => {
	answer400(() => `Security token ${SECURITY_TOKEN.toUpperCase()} is not valid for this company`);
	const shown = await submitFile();
	expect(shown.toLowerCase()).not.toContain(SECURITY_TOKEN);
	expect(shown).toContain('[redacted]');
});

it('a security token echoed without dashes is redacted', async () => {
	answer400(() => `Unknown security token ${SECURITY_TOKEN.replace(/-/g, '')}`);
	const shown = await submitFile();
	expect(shown.toLowerCase()).not.toContain(SECURITY_TOKEN.replace(/-/g, ''));
	expect(shown).toContain('[redacted]');
});

it('a bearer token echoed inside a base64 Authorization header is redacted', async () => {
	let echoed = '';
	answer400((authorization) => {
		echoed = Buffer.from(`Authorization: ${authorization}`).toString('base64');
		return `Bad request; auth=${echoed}`;
	});
	const result = await runNode({
		type: 'scalepointEvents',
		parameters: {
			resource: 'event',
			operation: 'publish',
			country: 'dk',
			tenant: 'abcinsurance',
			eventType: 'custom',
			customEventType: 'fraud_status',
			bodySource: 'json',
			eventBody: '{"status":"FRAUDULENT"}',
		} as never,
		items: [{ json: {} }],
		credentials: credentials(),
		onError: 'continueErrorOutput',
	});
	expect(api.requests).toHaveLength(1);
	const token = String(api.requests[0].headers.authorization).replace(/^Bearer /, '');
	const shown = everythingShown(result);
	expect(echoed.length).toBeGreaterThan(token.length);
	expect(shown).not.toContain(echoed);
	// No run of 16 characters of the token's base64, at any of the three byte alignments.
	for (let offset = 0; offset < 3; offset++) {
		const encoded = Buffer.from(`${'x'.repeat(offset)}${token}`)
			.toString('base64')
			.slice(4, 20);
		expect(shown).not.toContain(encoded);
	}
});
