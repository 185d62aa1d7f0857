import { generateClientKeyMaterial, type ClientKeyMaterial } from './keys';
import { startSandbox } from './server';
import {
	assertionForm,
	call,
	postForm,
	signAssertion,
	type AssertionOverrides,
} from './testHelpers';
import type { Sandbox } from './types';

const CLIENT_ID = 'jwt-client';
const SCOPES = ['events', 'case:delete'];
let sandbox: Sandbox;
let material: ClientKeyMaterial;

beforeAll(async () => {
	material = generateClientKeyMaterial();
	sandbox = await startSandbox({
		scalepointClients: [
			{ clientId: CLIENT_ID, certificatePem: material.certificatePem, scopes: SCOPES },
			{ clientId: 'secret-client', clientSecret: 's3cret', scopes: ['self-service:submit'] },
		],
	});
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

async function requestWith(overrides: AssertionOverrides, scope?: string) {
	const assertion = await signAssertion(sandbox, CLIENT_ID, material, overrides);
	return postForm(sandbox.tokenUrl, assertionForm(assertion, scope));
}

describe('POST /connect/token with a client assertion', () => {
	it('issues a bearer token for a good assertion, with all granted scopes when none asked', async () => {
		const answer = await requestWith({});
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({
			access_token: expect.any(String),
			expires_in: 3600,
			token_type: 'Bearer',
			scope: 'events case:delete',
		});
		expect(answer.body.access_token.length).toBeGreaterThan(20);
		expect(sandbox.requests('scalepoint.token')[0].clientId).toBe(CLIENT_ID);
	});

	it('never echoes the assertion', async () => {
		const assertion = await signAssertion(sandbox, CLIENT_ID, material, {
			aud: 'https://elsewhere',
		});
		const answer = await postForm(sandbox.tokenUrl, assertionForm(assertion));
		expect(answer.status).toBe(400);
		expect(answer.text).not.toContain(assertion.slice(0, 30));
		expect(answer.headers.get('x-sandbox-reason') ?? '').not.toContain(assertion.slice(0, 30));
	});

	it('accepts a kid that is the hex thumbprint or the x5t', async () => {
		expect((await requestWith({ kid: material.thumbprintSha1Hex })).status).toBe(200);
		expect((await requestWith({ kid: material.x5t })).status).toBe(200);
	});

	const rejected: Array<[string, () => AssertionOverrides | Promise<AssertionOverrides>, RegExp]> =
		[
			['a wrong aud (trailing slash)', () => ({ aud: `${sandbox.tokenUrl}/` }), /aud/],
			['a wrong iss', () => ({ iss: 'someone-else' }), /unknown client/],
			['a sub that is not the client id', () => ({ sub: 'someone-else' }), /sub/],
			['an expired assertion', () => ({ iatOffset: -120, lifetime: 60 }), /exp/],
			['exp more than 60 s after iat', () => ({ lifetime: 61 }), /more than 60 s/],
			['iat in the future', () => ({ iatOffset: 30, lifetime: 30 }), /iat/],
			['nbf in the future', () => ({ nbfOffset: 30 }), /nbf/],
			['a missing jti', () => ({ jti: null }), /jti/],
			['a missing x5t', () => ({ x5t: null }), /x5t/],
			['a mismatching x5t', () => ({ x5t: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA' }), /x5t/],
			['a mismatching kid', () => ({ kid: 'not-the-thumbprint' }), /kid/],
			['a missing typ', () => ({ typ: null }), /typ/],
			[
				'a signature by another key',
				() => ({ privateKeyPem: generateClientKeyMaterial({ modulusLength: 2048 }).privateKeyPem }),
				/signature/i,
			],
		];
	it.each(rejected)('rejects %s with 400 invalid_client', async (_name, overrides, reason) => {
		const answer = await requestWith(await overrides());
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({ error: 'invalid_client' });
		expect(answer.headers.get('x-sandbox-reason')).toMatch(reason);
	});

	it('allows 5 s of clock skew on iat', async () => {
		expect((await requestWith({ iatOffset: 4, lifetime: 60 })).status).toBe(200);
	});

	it('rejects a replayed jti', async () => {
		const assertion = await signAssertion(sandbox, CLIENT_ID, material);
		expect((await postForm(sandbox.tokenUrl, assertionForm(assertion))).status).toBe(200);
		const replay = await postForm(sandbox.tokenUrl, assertionForm(assertion));
		expect(replay.status).toBe(400);
		expect(replay.body).toEqual({ error: 'invalid_client' });
		expect(replay.headers.get('x-sandbox-reason')).toMatch(/replay/);
	});

	it('judges assertion times by the real clock, not the movable sandbox clock', async () => {
		const stale = await signAssertion(sandbox, CLIENT_ID, material, { iatOffset: -120 });
		sandbox.clock.advance(-3_600_000);
		const rejected = await postForm(sandbox.tokenUrl, assertionForm(stale));
		expect(rejected.body).toEqual({ error: 'invalid_client' });
		const fresh = await signAssertion(sandbox, CLIENT_ID, material);
		sandbox.clock.advance(7_200_000);
		const accepted = await postForm(sandbox.tokenUrl, assertionForm(fresh));
		expect(accepted.status).toBe(200);
	});

	it('rejects an assertion whose exp has passed', async () => {
		const assertion = await signAssertion(sandbox, CLIENT_ID, material, { iatOffset: -120 });
		const answer = await postForm(sandbox.tokenUrl, assertionForm(assertion));
		expect(answer.body).toEqual({ error: 'invalid_client' });
	});

	it('rejects a wrong client_assertion_type', async () => {
		const assertion = await signAssertion(sandbox, CLIENT_ID, material);
		const answer = await postForm(sandbox.tokenUrl, {
			...assertionForm(assertion),
			client_assertion_type: 'urn:something-else',
		});
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({ error: 'invalid_client' });
	});
});

describe('POST /connect/token: grant, scope and secret rules', () => {
	it('requires grant_type=client_credentials', async () => {
		const answer = await postForm(sandbox.tokenUrl, { grant_type: 'password' });
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({ error: 'unsupported_grant_type' });
	});

	it('refuses a scope that is not granted, naming no secrets', async () => {
		const answer = await requestWith({}, 'events self-service:submit');
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({ error: 'invalid_scope' });
	});

	it('grants exactly the requested scopes', async () => {
		const answer = await requestWith({}, 'case:delete');
		expect(answer.body.scope).toBe('case:delete');
		const token = sandbox.state.scalepointTokens.get(answer.body.access_token);
		expect(token?.scopes).toEqual(['case:delete']);
		const expected = sandbox.clock.now().getTime() + 3_600_000;
		// An hour, not the 5 minutes a token without expires_in would get: the gap is only the time
		// between issuing and this check.
		expect(Math.abs((token?.expiresAtMs ?? 0) - expected)).toBeLessThan(60_000);
	});

	it('accepts client_id + client_secret in the form body', async () => {
		const answer = await postForm(sandbox.tokenUrl, {
			grant_type: 'client_credentials',
			client_id: 'secret-client',
			client_secret: 's3cret',
			scope: 'self-service:submit',
		});
		expect(answer.status).toBe(200);
		expect(answer.body.scope).toBe('self-service:submit');
		expect(answer.text).not.toContain('s3cret');
	});

	it('rejects a wrong secret', async () => {
		const answer = await postForm(sandbox.tokenUrl, {
			grant_type: 'client_credentials',
			client_id: 'secret-client',
			client_secret: 'wrong',
		});
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({ error: 'invalid_client' });
	});

	it('rejects Basic auth even with the right secret', async () => {
		const basic = Buffer.from('secret-client:s3cret').toString('base64');
		const answer = await postForm(
			sandbox.tokenUrl,
			{ grant_type: 'client_credentials' },
			{ authorization: `Basic ${basic}` },
		);
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({ error: 'invalid_client' });
	});

	it('issued tokens expire on the sandbox clock', async () => {
		const answer = await requestWith({}, 'events');
		const receive = `${sandbox.url}/api/events/v1/dk/external/abcinsurance/receive`;
		sandbox.state.addOutgoingEvent('case_created');
		expect((await call(receive, { token: answer.body.access_token })).status).toBe(200);
		sandbox.clock.advance(3_600_000);
		expect((await call(receive, { token: answer.body.access_token })).status).toBe(401);
	});
});
