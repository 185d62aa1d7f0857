import type { INodeParameters } from 'n8n-workflow';

import { errorFacts } from '../harness/errorItems';
import { SEEDED_CASE } from '../sandbox/caseSeed';
import { tokenWithScopes } from '../sandbox/testHelpers';
import type { ScalepointFixture } from '../fixtures/scalepoint';
import { caseReadCredentials, runCaseData, startCaseDataFixture } from './helpers';

const UNKNOWN = 'c.99999999-0000-4000-8000-000000000009';

let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startCaseDataFixture();
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

function params(overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'case',
		operation: 'get',
		country: 'dk',
		tenant: 'abcinsurance',
		caseToken: '={{ $json.caseToken }}',
		...overrides,
	};
}

const getCases = (
	caseTokens: string[],
	options: Parameters<typeof runCaseData>[3] & { parameters?: INodeParameters } = {},
) =>
	runCaseData(
		fx,
		params(options.parameters),
		caseTokens.map((caseToken) => ({ json: { caseToken } })),
		options,
	);

describe('Get case — the answer', () => {
	it('outputs the key fields on top of the untouched vendor JSON, from a GET to the documented path', async () => {
		const result = await getCases([SEEDED_CASE.token]);
		expect(result.error).toBeUndefined();
		const vendorBody = fx.sandbox.state.caseData[SEEDED_CASE.token].body;
		expect(result.output.map((item) => item.json)).toEqual([
			{
				caseToken: SEEDED_CASE.token,
				caseNumber: SEEDED_CASE.number,
				caseType: 'contentClaim',
				tenant: 'abcinsurance',
				country: 'dk',
				case: vendorBody,
			},
		]);
		const [request] = fx.sandbox.requests('caseData.getCase');
		expect(request.method).toBe('GET');
		expect(request.rawPath).toBe(
			`/api/integration/data/v1/dk/abcinsurance/case/${SEEDED_CASE.token}`,
		);
		expect(request.headers.authorization).toMatch(/^Bearer \S+$/);
		expect(request.status).toBe(200);
	});

	it('one output or error item per input, paired, with one token for all', async () => {
		const result = await getCases([SEEDED_CASE.token, UNKNOWN, SEEDED_CASE.token, 'a/b'], {
			onError: 'continueErrorOutput',
		});
		expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(result.errorOutput.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 3 }]);
		expect(fx.tokenRequests()).toBe(1);
		expect(fx.sandbox.requests('caseData.getCase')).toHaveLength(3);
	});

	it('404: a clear "no case with that token" error item that carries the token', async () => {
		const result = await getCases([UNKNOWN], { onError: 'continueErrorOutput' });
		expect(result.output).toEqual([]);
		const facts = errorFacts(result.errorOutput[0]);
		expect(facts.error).toBe(
			`Scalepoint has no case with token ${UNKNOWN} for country "dk", tenant "abcinsurance" (404)`,
		);
		expect(facts).toMatchObject({ httpCode: '404', caseToken: UNKNOWN });
		expect(String(facts.description)).toContain('Check the token, the country and the tenant');
	});

	it('reads are retried: a 502 and then a reset after the request reached the server, then the answer', async () => {
		fx.sandbox.faults.add({ route: 'caseData.getCase', status: 502, body: 'Bad gateway' });
		fx.sandbox.faults.add({ route: 'caseData.getCase', reset: 'afterRequest' });
		const result = await getCases([SEEDED_CASE.token]);
		expect(result.output[0].json.caseNumber).toBe(SEEDED_CASE.number);
		expect(fx.sandbox.requests('caseData.getCase')).toHaveLength(3);
	});
});

describe('Get case — scope', () => {
	it('a credential without platform-case:read fails before anything is sent', async () => {
		const result = await getCases([SEEDED_CASE.token], {
			credentials: fx.credentials({ scopes: ['events'] }),
		});
		expect(result.error?.message).toBe(
			'This operation needs the scope platform-case:read; add it to the credential',
		);
		expect(fx.sandbox.journal).toHaveLength(0);
	});

	it('403 from Scalepoint (a token without the scope) names the scope to add', async () => {
		const stale = await tokenWithScopes(fx.sandbox, ['events']);
		fx.sandbox.clearJournal();
		const result = await getCases([SEEDED_CASE.token], {
			onError: 'continueErrorOutput',
			credentials: caseReadCredentials(fx, {
				accessToken: stale,
				accessTokenExpiresAt: Date.now() + 3_600_000,
			}),
		});
		const facts = errorFacts(result.errorOutput[0]);
		expect(facts.error).toBe(
			'Scalepoint refused access (403): the token lacks the scope platform-case:read',
		);
		expect(facts.httpCode).toBe('403');
		expect(String(facts.description)).toContain('add the scope to the credential');
		expect(fx.sandbox.requests('caseData.getCase').map((entry) => entry.status)).toEqual([403]);
	});
});

describe('Get case — a 2xx that is not a case is "not understood", never a case or "not found"', () => {
	it.each([
		['an HTML page', { status: 200, body: '<html><body>Login</body></html>' }],
		['an empty JSON object', { status: 200, body: '{}' }],
		['a JSON object', { status: 200, body: '{"caseNumber":"CH1"}' }],
		['truncated or invalid JSON', { status: 200, body: '{"token":"c.1",' }],
		['an empty body', { status: 204, body: '' }],
	])('%s', async (words, fault) => {
		fx.sandbox.faults.add({ route: 'caseData.getCase', ...fault });
		const result = await getCases([SEEDED_CASE.token], { onError: 'continueErrorOutput' });
		expect(result.output).toEqual([]);
		const facts = errorFacts(result.errorOutput[0]);
		expect(facts.error).toBe(
			`Scalepoint answered ${fault.status} with ${words}, not a case as documented (200 with {"token": …, "caseNumber": …, "caseType": …})`,
		);
		expect(String(facts.description)).toContain('nothing is reported as found or missing');
		expect(facts.caseToken).toBe(SEEDED_CASE.token);
	});

	it('a 200 naming another case token is "not understood", naming both tokens, never a case', async () => {
		const other = 'c.11111111-2222-4333-8444-555555555555';
		fx.sandbox.faults.add({
			route: 'caseData.getCase',
			status: 200,
			body: JSON.stringify({ token: other, caseNumber: 'OTHER-1', caseType: 'contentClaim' }),
		});
		const result = await getCases([SEEDED_CASE.token], { onError: 'continueErrorOutput' });
		expect(result.output).toEqual([]);
		const facts = errorFacts(result.errorOutput[0]);
		expect(facts.error).toBe(
			`Scalepoint answered 200 with a JSON object, not a case as documented (200 with {"token": …, "caseNumber": …, "caseType": …})`,
		);
		expect(String(facts.description)).toContain(
			`The answer is about case ${other}, not the case ${SEEDED_CASE.token} asked for.`,
		);
		expect(String(facts.description)).toContain('nothing is reported as found or missing');
		expect(facts.caseToken).toBe(SEEDED_CASE.token);
		expect(JSON.stringify(result.errorOutput)).not.toContain('OTHER-1');
	});

	it('a very long other token is shortened in the error', async () => {
		const other = `c.${'a'.repeat(5000)}`;
		fx.sandbox.faults.add({
			route: 'caseData.getCase',
			status: 200,
			body: JSON.stringify({ token: other }),
		});
		const result = await getCases([SEEDED_CASE.token], { onError: 'continueErrorOutput' });
		expect(result.output).toEqual([]);
		const description = String(errorFacts(result.errorOutput[0]).description);
		expect(description).toContain(`The answer is about case ${other.slice(0, 60)}…, not the case`);
		expect(description).not.toContain('a'.repeat(61));
	});

	it('the same token in another letter case is the case asked for (GUIDs are case-insensitive)', async () => {
		fx.sandbox.faults.add({
			route: 'caseData.getCase',
			status: 200,
			body: JSON.stringify({ token: SEEDED_CASE.token.toUpperCase(), caseNumber: 'CN-1' }),
		});
		const result = await getCases([SEEDED_CASE.token]);
		expect(result.output.map((item) => item.json.caseNumber)).toEqual(['CN-1']);
	});
});

describe('Get case — path segments can never change the path', () => {
	it.each([
		['a/b', 'must not contain "/"'],
		['..', 'must not be "." or ".."'],
		['c.x%2F..%2Fadmin', 'must not contain encoded'],
		['', 'is required'],
		['a\nb', 'must not contain control characters'],
	])('case token %j is refused before sending (%s)', async (caseToken, problem) => {
		const result = await getCases([caseToken]);
		expect(result.error?.message).toContain('Case Token');
		expect(result.error?.message).toContain(problem);
		expect(fx.sandbox.journal).toHaveLength(0);
	});

	it('country and tenant are checked the same way', async () => {
		const first = await getCases([SEEDED_CASE.token], { parameters: { tenant: '../ecx' } });
		expect(first.error?.message).toContain('Tenant must not contain "/"');
		const second = await getCases([SEEDED_CASE.token], { parameters: { country: '.' } });
		expect(second.error?.message).toContain('Country must not be "." or ".."');
		expect(fx.sandbox.journal).toHaveLength(0);
	});

	it('a token with ? and # stays one encoded segment', async () => {
		await getCases(['c.tok?x=1#f'], { onError: 'continueErrorOutput' });
		const [request] = fx.sandbox.requests('caseData.getCase');
		expect(request.rawPath).toBe('/api/integration/data/v1/dk/abcinsurance/case/c.tok%3Fx%3D1%23f');
		expect(request.params?.caseToken).toBe('c.tok?x=1#f');
	});
});

describe('Get case — secrets', () => {
	it('an answer that echoes the access token and the client secret shows neither', async () => {
		const secret = 'S3cr3t-value-for-tests';
		const credentials = fx.credentials({
			scopes: ['platform-case:read'],
			authentication: 'clientSecret',
			clientId: 'secret-reader',
			clientSecret: secret,
		});
		fx.sandbox.addScalepointClient({
			clientId: 'secret-reader',
			clientSecret: secret,
			scopes: ['platform-case:read'],
		});
		await getCases([SEEDED_CASE.token], { credentials });
		const token = String(credentials.store.get('scalepointApi')!.accessToken);
		expect(token).not.toBe('');
		const echo = `Bearer ${token} client_secret=${secret}`;
		fx.sandbox.faults.add({
			route: 'caseData.getCase',
			status: 200,
			body: JSON.stringify({ token: SEEDED_CASE.token, caseNumber: echo, note: echo }),
		});
		fx.sandbox.faults.add({
			route: 'caseData.getCase',
			status: 400,
			body: JSON.stringify({ message: echo }),
		});
		const result = await getCases([SEEDED_CASE.token, SEEDED_CASE.token], {
			credentials,
			onError: 'continueErrorOutput',
		});
		expect(result.output).toHaveLength(1);
		expect(result.errorOutput).toHaveLength(1);
		const shown = JSON.stringify([result.output, result.errorOutput]);
		expect(shown).not.toContain(token);
		expect(shown).not.toContain(secret);
	});
});
