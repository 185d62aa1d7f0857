import { errorFacts } from '../harness/errorItems';
import { runNode } from '../harness/runWorkflow';
import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';

const OPEN = 'd1a72df4-f7d5-402c-a495-cc31b8b39a59';
const NO_LINES = '00000000-0000-4000-8000-000000000001';
const SUBMITTED = '00000000-0000-4000-8000-000000000002';
const CLOSED = '00000000-0000-4000-8000-000000000003';
const NO_AGREEMENT = '00000000-0000-4000-8000-000000000004';
const UNKNOWN = '99999999-0000-4000-8000-000000000009';

let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startScalepointFixture();
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

function params(overrides: Record<string, unknown> = {}) {
	return {
		resource: 'case',
		operation: 'submit',
		host: fx.sandbox.url,
		country: 'dk',
		tenant: 'abcinsurance',
		caseToken: '={{ $json.caseToken }}',
		...overrides,
	};
}

async function submit(
	caseTokens: string[],
	options: {
		onError?: 'continueErrorOutput';
		parameters?: Record<string, unknown>;
		credentials?: ReturnType<ScalepointFixture['credentials']>;
	} = {},
) {
	return await runNode({
		type: 'scalepointSelfService',
		parameters: params(options.parameters) as never,
		items: caseTokens.map((caseToken) => ({ json: { caseToken } })),
		credentials: options.credentials ?? fx.credentials(),
		onError: options.onError,
	});
}

describe('Submit Case — the vendor table, one case per code', () => {
	it('SUCCESS (200): outputs success and the case becomes submitted', async () => {
		const result = await submit([OPEN]);
		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => item.json)).toEqual([
			{
				success: true,
				submitted: true,
				code: 'SUCCESS',
				caseToken: OPEN,
				message: 'The case was submitted to ClaimShop',
			},
		]);
		expect(fx.sandbox.state.selfServiceCases[OPEN].status).toBe('submitted');
		const [request] = fx.sandbox.requests('selfService.submit');
		expect(request.method).toBe('POST');
		expect(request.rawPath).toBe(`/self-service/dk/api/abcinsurance/case/${OPEN}/submitted`);
		expect(request.headers.authorization).toMatch(/^Bearer \S+$/);
	});

	it('NO_LINES_TO_SUBMIT (200, success true): a distinct output with submitted=false and a hint', async () => {
		const result = await submit([NO_LINES]);
		expect(result.output[0].json).toMatchObject({
			success: true,
			submitted: false,
			code: 'NO_LINES_TO_SUBMIT',
		});
		expect(String(result.output[0].json.message)).toContain('has no lines');
		expect(result.hints.map((hint) => hint.message).join()).toContain('NO_LINES_TO_SUBMIT');
	});

	it('a plain SUCCESS run adds no hint', async () => {
		const result = await submit([OPEN]);
		expect(result.hints).toEqual([]);
	});

	it.each([
		[SUBMITTED, 'CASE_ALREADY_SUBMITTED', 'already submitted'],
		[CLOSED, 'CASE_IS_NOT_OPEN', 'is not open'],
		[NO_AGREEMENT, 'AGREEMENT_NOT_ACCEPTED', 'has not accepted the conditions'],
		[UNKNOWN, 'CASE_NOT_FOUND', 'was not found'],
	])('%s → 400 %s becomes an error that names the code', async (caseToken, code, text) => {
		const result = await submit([caseToken]);
		expect(result.output).toEqual([]);
		expect(result.error?.message).toContain(code);
		expect(result.error?.message).toContain(text);
		expect(result.error?.httpCode).toBe('400');
	});

	it('INVALID_TENANT (400) names tenant and country', async () => {
		const result = await submit([OPEN], { parameters: { tenant: 'nosuchtenant' } });
		expect(result.error?.message).toContain('INVALID_TENANT');
		expect(result.error?.message).toContain('"nosuchtenant"');
		expect(result.error?.message).toContain('"dk"');
	});

	it('INTERNAL_SERVER_ERROR (500) is not resent: the case may have been submitted', async () => {
		fx.sandbox.faults.add({
			route: 'selfService.submit',
			status: 500,
			body: '{"success":false,"code":"INTERNAL_SERVER_ERROR"}',
		});
		const result = await submit([OPEN]);
		expect(result.error?.message).toContain('INTERNAL_SERVER_ERROR');
		expect(result.error?.httpCode).toBe('500');
		expect(fx.sandbox.requests('selfService.submit')).toHaveLength(1);
	});

	it('UNAUTHORIZED (401) twice: one token refresh, one resend, then a clear error', async () => {
		const body = '{"success":false,"code":"UNAUTHORIZED"}';
		fx.sandbox.faults.add({ route: 'selfService.submit', status: 401, body, times: 2 });
		const result = await submit([OPEN]);
		expect(result.error?.message).toContain('UNAUTHORIZED');
		expect(fx.sandbox.requests('selfService.submit')).toHaveLength(2);
		expect(fx.tokenRequests()).toBe(2);
	});
});

describe('Submit Case — tokens', () => {
	it('a 401 once (expired token) refreshes the token once and the resend succeeds', async () => {
		fx.sandbox.faults.add({
			route: 'selfService.submit',
			status: 401,
			body: '{"success":false,"code":"UNAUTHORIZED"}',
		});
		const result = await submit([OPEN]);
		expect(result.output[0].json.code).toBe('SUCCESS');
		const calls = fx.sandbox.requests('selfService.submit');
		expect(calls).toHaveLength(2);
		expect(calls[0].headers.authorization).not.toBe(calls[1].headers.authorization);
		expect(fx.tokenRequests()).toBe(2);
	});

	it('1,000 items share exactly one token request', async () => {
		const result = await submit(Array.from({ length: 1000 }, () => NO_LINES));
		expect(result.output).toHaveLength(1000);
		expect(fx.tokenRequests()).toBe(1);
		expect(fx.sandbox.requests('selfService.submit')).toHaveLength(1000);
	});

	it('a stored token is reused by the next execution; an expired one is replaced before sending', async () => {
		const credentials = fx.credentials();
		await submit([NO_LINES], { credentials });
		await submit([NO_LINES], { credentials });
		expect(fx.tokenRequests()).toBe(1);
		credentials.store.get('scalepointApi')!.accessTokenExpiresAt = Date.now() - 1000;
		await submit([NO_LINES], { credentials });
		expect(fx.tokenRequests()).toBe(2);
		// The new token was fetched before the request: no 401 round trip was needed.
		expect(fx.sandbox.requests('selfService.submit').map((r) => r.status)).toEqual([200, 200, 200]);
	});

	it('a token-endpoint failure stops the run: one token request, no submission, every item an error', async () => {
		const result = await submit([OPEN, NO_LINES, OPEN], {
			credentials: fx.credentials({ clientId: 'unknown-client' }),
			onError: 'continueErrorOutput',
		});
		expect(result.output).toEqual([]);
		expect(result.errorOutput).toHaveLength(3);
		expect(result.errorOutput[0].json.error).toContain(
			'Scalepoint rejected the client assertion: check client ID, certificate registration and environment',
		);
		expect(result.errorOutput.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(fx.tokenRequests()).toBe(1);
		expect(fx.sandbox.requests('selfService.submit')).toHaveLength(0);
	});

	it('fails before any request when the credential lacks the scope', async () => {
		const result = await submit([OPEN], { credentials: fx.credentials({ scopes: ['events'] }) });
		expect(result.error?.message).toBe(
			'This operation needs the scope self-service:submit; add it to the credential',
		);
		expect(fx.sandbox.journal).toHaveLength(0);
	});
});

describe('Submit Case — path segments can never change the path', () => {
	it.each([
		['a/b', 'must not contain "/"'],
		['..', 'must not be "." or ".."'],
		['x%2F..%2Fadmin', 'must not contain encoded'],
		['x\\y', 'must not contain "/" or "\\"'],
		['', 'is required'],
		['a\nb', 'must not contain control characters'],
	])('case token %j is refused before sending (%s)', async (caseToken, problem) => {
		const result = await submit([caseToken]);
		expect(result.error?.message).toContain('Case Token');
		expect(result.error?.message).toContain(problem);
		expect(fx.sandbox.journal).toHaveLength(0);
	});

	it.each([
		['tok?admin=1', 'tok%3Fadmin%3D1'],
		['tok#frag', 'tok%23frag'],
		['sag-æøå', 'sag-%C3%A6%C3%B8%C3%A5'],
	])('case token %j is encoded into one segment', async (caseToken, encoded) => {
		await submit([caseToken]);
		const [request] = fx.sandbox.requests('selfService.submit');
		expect(request.rawPath).toBe(`/self-service/dk/api/abcinsurance/case/${encoded}/submitted`);
		expect(request.params?.caseToken).toBe(caseToken);
	});

	it('surrounding spaces pasted with a value are trimmed, not sent', async () => {
		await submit([` ${OPEN} `]);
		expect(fx.sandbox.requests('selfService.submit')[0].rawPath).toBe(
			`/self-service/dk/api/abcinsurance/case/${OPEN}/submitted`,
		);
	});

	it('tenant and country are checked the same way', async () => {
		const result = await submit([OPEN], { parameters: { tenant: '../ecx' } });
		expect(result.error?.message).toContain('Tenant must not contain "/"');
		const second = await submit([OPEN], { parameters: { country: '.' } });
		expect(second.error?.message).toContain('Country must not be "." or ".."');
		expect(fx.sandbox.journal).toHaveLength(0);
	});
});

describe('Submit Case — items, pairing and errors', () => {
	it('continueErrorOutput: each item ends on exactly one branch, paired to its input', async () => {
		const result = await submit([OPEN, 'bad/token', NO_LINES, UNKNOWN], {
			onError: 'continueErrorOutput',
		});
		expect(result.output.map((item) => [item.pairedItem, item.json.code])).toEqual([
			[{ item: 0 }, 'SUCCESS'],
			[{ item: 2 }, 'NO_LINES_TO_SUBMIT'],
		]);
		expect(result.errorOutput.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 3 }]);
		expect(String(result.errorOutput[1].json.error)).toContain('CASE_NOT_FOUND');
	});

	it('continueRegularOutput: errors stay in order in the main output', async () => {
		const result = await runNode({
			type: 'scalepointSelfService',
			parameters: params() as never,
			items: [{ json: { caseToken: UNKNOWN } }, { json: { caseToken: NO_LINES } }],
			credentials: fx.credentials(),
			onError: 'continueRegularOutput',
		});
		expect(result.output).toHaveLength(2);
		expect(String(result.output[0].json.error)).toContain('CASE_NOT_FOUND');
		expect(result.output[1].json.code).toBe('NO_LINES_TO_SUBMIT');
	});

	it('a reset after the request reached the server is not resent', async () => {
		fx.sandbox.faults.add({ route: 'selfService.submit', reset: 'afterRequest' });
		const result = await submit([OPEN]);
		expect(result.error?.message).toContain('could not be reached: the connection was reset');
		expect(result.error?.description).toContain('may have reached Scalepoint');
		expect(fx.sandbox.requests('selfService.submit')).toHaveLength(1);
	});

	it('a 429 with Retry-After is retried (refused before it was processed)', async () => {
		fx.sandbox.faults.add({
			route: 'selfService.submit',
			status: 429,
			headers: { 'Retry-After': '0' },
			body: '{}',
		});
		const result = await submit([OPEN]);
		expect(result.output[0].json.code).toBe('SUCCESS');
		expect(fx.sandbox.requests('selfService.submit')).toHaveLength(2);
	});

	it('a 503 is not resent: the self-service page does not say it was refused unprocessed', async () => {
		// Found by an outside review: a gateway may answer 503 after the case was submitted.
		fx.sandbox.faults.add({
			route: 'selfService.submit',
			status: 503,
			headers: { 'Retry-After': '0' },
			body: '{}',
		});
		const result = await submit([OPEN], { onError: 'continueErrorOutput' });
		expect(fx.sandbox.requests('selfService.submit')).toHaveLength(1);
		expect(String(result.errorOutput[0].json.message)).toContain('may have been submitted');
	});

	it('the host parameter must be a URL', async () => {
		const result = await submit([OPEN], { parameters: { host: 'not a url' } });
		expect(result.error?.message).toContain('Host must be a URL');
	});
});

describe('Submit Case — error items on both continue modes', () => {
	it('error output: exactly { error, message } (n8n 1.x and 2.x route only that), plus the input fields', async () => {
		const result = await submit([UNKNOWN], { onError: 'continueErrorOutput' });
		const [item] = result.errorOutput;
		expect(Object.keys(item.json).sort()).toEqual(['caseToken', 'error', 'message']);
		expect(item.json.error).toContain('CASE_NOT_FOUND');
		expect(errorFacts(item)).toMatchObject({ httpCode: '400' });
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('regular output: the facts are plain fields', async () => {
		const result = await runNode({
			type: 'scalepointSelfService',
			parameters: params() as never,
			items: [{ json: { caseToken: UNKNOWN } }],
			credentials: fx.credentials(),
			onError: 'continueRegularOutput',
		});
		expect(result.output[0].json).toMatchObject({ httpCode: '400' });
		expect(String(result.output[0].json.error)).toContain('CASE_NOT_FOUND');
	});
});
