import { runNode, useBinaryMode } from '../harness/runWorkflow';
import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { MAX_TOKEN_LIFETIME_MS } from '../../nodes/shared/tokenLifetime';

// A Self-Service case without lines: Scalepoint answers 200 and nothing changes, so the same
// request can be sent by any number of executions.
const NO_LINES = '00000000-0000-4000-8000-000000000001';
const OPEN = 'd1a72df4-f7d5-402c-a495-cc31b8b39a59';

let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startScalepointFixture();
	await useBinaryMode('default');
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

async function submit(
	credentials: ReturnType<ScalepointFixture['credentials']>,
	items = 1,
	caseToken = NO_LINES,
) {
	return await runNode({
		type: 'scalepointSelfService',
		parameters: {
			resource: 'case',
			operation: 'submit',
			host: fx.sandbox.url,
			country: 'dk',
			tenant: 'abcinsurance',
			caseToken: '={{ $json.caseToken }}',
		},
		items: Array.from({ length: items }, () => ({ json: { caseToken } })),
		credentials,
	});
}

function bearerTokens() {
	return new Set(fx.sandbox.requests('selfService.submit').map((r) => r.headers.authorization));
}

describe('Scalepoint tokens belong to the credential, not to one execution', () => {
	it('10 executions started together with no stored token make one token request', async () => {
		// One stored credential without a token, as n8n hands it to every execution.
		const credentials = fx.credentials();
		const runs = await Promise.all(
			Array.from({ length: 10 }, async () => await submit(credentials, 3)),
		);
		for (const run of runs) {
			expect(run.error).toBeUndefined();
			expect(run.output.map((item) => item.json.code)).toEqual(
				new Array(3).fill('NO_LINES_TO_SUBMIT'),
			);
		}
		expect(fx.tokenRequests()).toBe(1);
		expect(fx.sandbox.requests('selfService.submit')).toHaveLength(30);
		expect(bearerTokens().size).toBe(1);
	});

	it('a token Scalepoint revoked is refreshed once for all executions running at that moment', async () => {
		const credentials = fx.credentials();
		await submit(credentials);
		expect(fx.tokenRequests()).toBe(1);
		// Scalepoint revokes the stored token; 10 executions then start with it.
		fx.sandbox.state.scalepointTokens.clear();
		const runs = await Promise.all(
			Array.from({ length: 10 }, async () => await submit(credentials, 2)),
		);
		for (const run of runs) expect(run.error).toBeUndefined();
		expect(fx.tokenRequests()).toBe(2);
		const statuses = fx.sandbox.requests('selfService.submit').map((r) => r.status);
		// Every execution may have sent the revoked token once before the first 401 came back;
		// after that, only the one new token.
		expect(statuses.filter((status) => status === 200)).toHaveLength(1 + 20);
		expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(10);
	});

	it('queue mode: a revoked token another worker stored is refreshed, not replaced by the older token this process still holds', async () => {
		const credentials = fx.credentials();
		// This process (worker 0) fetched a token and still holds it for the credential.
		await submit(credentials);
		const [[, issued]] = [...fx.sandbox.state.scalepointTokens];
		// Worker 1 fetched a token of its own and stored it last: executions read it from the database.
		fx.sandbox.state.scalepointTokens.set('token-of-worker-1', { ...issued });
		const stored = credentials.store.get('scalepointApi')!;
		credentials.store.set('scalepointApi', { ...stored, accessToken: 'token-of-worker-1' });
		// Scalepoint revokes both.
		fx.sandbox.state.scalepointTokens.clear();
		fx.sandbox.clearJournal();

		const run = await submit(credentials);
		expect(run.error).toBeUndefined();
		expect(run.output.map((item) => item.json.code)).toEqual(['NO_LINES_TO_SUBMIT']);
		// The stored token is refused once; the resend carries a token fetched after that, not the
		// one this process held from before the revocation.
		expect(fx.tokenRequests()).toBe(1);
		expect(fx.sandbox.requests('selfService.submit').map((r) => r.status)).toEqual([401, 200]);
	});

	it("a token fetched by a slow request is shared as soon as it is there, not when that request's answer comes", async () => {
		const credentials = fx.credentials();
		// The request that fetches the token is the first to reach Scalepoint; it is held 5 s.
		fx.sandbox.faults.add({ route: 'selfService.submit', delayMs: 5_000 });
		const finished: string[] = [];
		const run = async (caseToken: string) => {
			const result = await submit(credentials, 1, caseToken);
			finished.push(caseToken);
			return result;
		};
		const results = await Promise.all([run(OPEN), run(NO_LINES)]);
		for (const result of results) expect(result.error).toBeUndefined();
		expect(fx.tokenRequests()).toBe(1);
		const held = fx.sandbox.requests('selfService.submit').find((entry) => entry.fault);
		// The other execution did not wait for the held answer: it finished first.
		expect(held).toBeDefined();
		expect(held!.rawPath).toContain(finished[1]);
		expect(held!.rawPath).not.toContain(finished[0]);
	});

	it('a different credential never gets the token of another (each fetches its own)', async () => {
		await Promise.all([
			submit(fx.credentials()),
			submit(
				fx.credentials({
					clientId: 'secret-client',
					authentication: 'clientSecret',
					clientSecret: 'S3cr3t-value-for-tests',
				}),
			),
		]);
		expect(fx.tokenRequests()).toBe(2);
		expect(bearerTokens().size).toBe(2);
	});
});

describe('Scalepoint token lifetime is capped', () => {
	let huge: ScalepointFixture;
	beforeAll(async () => {
		// A token endpoint that answers `expires_in: 1e308`.
		huge = await startScalepointFixture({ tokenLifetimeSeconds: 1e308 });
	});
	afterAll(async () => await huge.sandbox.close());
	beforeEach(() => huge.sandbox.reset());
	afterEach(() => jest.restoreAllMocks());

	async function submitTo(credentials: ReturnType<ScalepointFixture['credentials']>) {
		return await runNode({
			type: 'scalepointSelfService',
			parameters: {
				resource: 'case',
				operation: 'submit',
				host: huge.sandbox.url,
				country: 'dk',
				tenant: 'abcinsurance',
				caseToken: NO_LINES,
			},
			credentials,
		});
	}

	it('expires_in 1e308 is stored as at most a day, and the token is fetched anew after it', async () => {
		const credentials = huge.credentials({
			clientId: 'secret-client',
			authentication: 'clientSecret',
			clientSecret: 'S3cr3t-value-for-tests',
		});
		const fetchedAt = Date.now();
		expect((await submitTo(credentials)).error).toBeUndefined();
		const stored = credentials.store.get('scalepointApi')!.accessTokenExpiresAt as number;
		expect(Number.isFinite(stored)).toBe(true);
		expect(stored).toBeLessThanOrEqual(Date.now() + MAX_TOKEN_LIFETIME_MS);
		expect(stored).toBeGreaterThan(fetchedAt + MAX_TOKEN_LIFETIME_MS - 120_000);

		// The next day (a controlled clock): the same stored credential needs a new token.
		const realNow = Date.now.bind(Date);
		jest.spyOn(Date, 'now').mockImplementation(() => realNow() + MAX_TOKEN_LIFETIME_MS);
		expect((await submitTo(credentials)).error).toBeUndefined();
		expect(huge.tokenRequests()).toBe(2);
		const statuses = huge.sandbox.requests('selfService.submit').map((r) => r.status);
		expect(statuses).toEqual([200, 200]);
	});

	it('a token stored with an expiry beyond the cap (before the cap existed) is fetched anew', async () => {
		const credentials = huge.credentials({
			clientId: 'secret-client',
			authentication: 'clientSecret',
			clientSecret: 'S3cr3t-value-for-tests',
		});
		expect((await submitTo(credentials)).error).toBeUndefined();
		credentials.store.get('scalepointApi')!.accessTokenExpiresAt = Date.now() + 1e15;
		expect((await submitTo(credentials)).error).toBeUndefined();
		expect(huge.tokenRequests()).toBe(2);
	});
});
