import { runNode } from '../harness/runWorkflow';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { credentialsFor, listParameters, SECRETS, seed, USER, visibleText } from './fixtures';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ thinksurance: { users: [USER] } });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const items = (count: number) => Array.from({ length: count }, (_, i) => ({ json: { i } }));

describe('Thinksurance credential: token flow', () => {
	it('fetches one token for many items and sends it with the identity headers', async () => {
		seed(sandbox, 'baFinId', '5405', ['A1']);
		const credentials = credentialsFor(sandbox, { accountToken: USER.accountTokens[0] });
		const result = await runNode({
			type: 'thinksurance',
			parameters: listParameters,
			items: items(4),
			credentials,
		});

		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(4);
		const tokenRequests = sandbox.requests('thinksurance.token');
		expect(tokenRequests).toHaveLength(1);
		expect(tokenRequests[0].json).toEqual({ hash: USER.hash, secret: USER.secret });
		const token = (tokenRequests[0].json &&
			credentials.store.get('thinksuranceApi')?.token) as string;
		const lists = sandbox.requests('thinksurance.agencyNumbers.list');
		expect(lists).toHaveLength(4);
		for (const entry of lists) {
			expect(entry.headers.authorization).toBe(`Bearer ${token}`);
			expect(entry.headers['x-broker-token']).toBe(USER.brokerTokens[0]);
			expect(entry.headers['x-account-token']).toBe(USER.accountTokens[0]);
		}
	});

	it('concurrent requests wait for one token instead of each fetching one', async () => {
		const credentials = credentialsFor(sandbox);
		const parameters = { ...listParameters, options: { concurrency: 4 } };
		const result = await runNode({
			type: 'thinksurance',
			parameters,
			items: items(4),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(sandbox.requests('thinksurance.token')).toHaveLength(1);
		expect(sandbox.requests('thinksurance.agencyNumbers.list')).toHaveLength(4);
	});

	it('reuses the stored token in the next execution and stores fetch time + 15 min - 60 s', async () => {
		const credentials = credentialsFor(sandbox);
		const before = Date.now();
		await runNode({
			type: 'thinksurance',
			parameters: listParameters,
			items: items(1),
			credentials,
		});
		const after = Date.now();
		await runNode({
			type: 'thinksurance',
			parameters: listParameters,
			items: items(1),
			credentials,
		});

		expect(sandbox.requests('thinksurance.token')).toHaveLength(1);
		expect(credentials.updates).toHaveLength(1);
		const expiresAt = credentials.store.get('thinksuranceApi')?.tokenExpiresAt as number;
		expect(expiresAt).toBeGreaterThanOrEqual(before + 14 * 60_000);
		expect(expiresAt).toBeLessThanOrEqual(after + 14 * 60_000);
	});

	it('fetches a new token before sending once the stored one has passed its expiry', async () => {
		const credentials = credentialsFor(sandbox);
		await runNode({
			type: 'thinksurance',
			parameters: listParameters,
			items: items(1),
			credentials,
		});
		const first = credentials.store.get('thinksuranceApi')?.token;
		// 16 minutes later on both clocks: the sandbox's and (forced) the node's.
		sandbox.clock.advance(16 * 60_000);
		credentials.store.get('thinksuranceApi')!.tokenExpiresAt = Date.now() - 1;

		const result = await runNode({
			type: 'thinksurance',
			parameters: listParameters,
			items: items(2),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(sandbox.requests('thinksurance.token')).toHaveLength(2);
		// No request went out with the old token: the node expired it itself.
		const lists = sandbox.requests('thinksurance.agencyNumbers.list');
		expect(lists).toHaveLength(3);
		const second = credentials.store.get('thinksuranceApi')?.token;
		expect(second).not.toBe(first);
		expect(lists.slice(1).map((entry) => entry.headers.authorization)).toEqual([
			`Bearer ${second}`,
			`Bearer ${second}`,
		]);
	});

	it.each(['http200', 'http4xx'] as const)(
		'a server-side expired token (%s) gets exactly one refresh and one retry',
		async (style) => {
			sandbox.setThinksuranceErrorStyle(style);
			const credentials = credentialsFor(sandbox);
			await runNode({
				type: 'thinksurance',
				parameters: listParameters,
				items: items(1),
				credentials,
			});
			// Only the sandbox clock moves: n8n still believes the token is valid.
			sandbox.clock.advance(16 * 60_000);
			sandbox.clearJournal();

			const result = await runNode({
				type: 'thinksurance',
				parameters: listParameters,
				items: items(3),
				credentials,
			});
			expect(result.error).toBeUndefined();
			expect(sandbox.requests('thinksurance.token')).toHaveLength(1);
			const statuses = sandbox
				.requests('thinksurance.agencyNumbers.list')
				.map((entry) => entry.status);
			expect(statuses).toEqual([style === 'http200' ? 200 : 401, 200, 200, 200]);
			expect(credentials.updates).toHaveLength(2);
		},
	);

	it('refreshes only once: a token refused again fails the item with the server reason', async () => {
		const credentials = credentialsFor(sandbox);
		sandbox.faults.add({
			route: 'thinksurance.agencyNumbers.list',
			times: 2,
			status: 401,
			body: '{"error":"Token is invalid or expired."}',
		});
		const result = await runNode({
			type: 'thinksurance',
			parameters: listParameters,
			items: items(1),
			credentials,
		});

		expect(result.error?.message).toBe(
			'Thinksurance could not list the agency numbers: Token is invalid or expired.',
		);
		expect(result.error?.description).toMatch(/still refused the token after fetching a new one/);
		expect(sandbox.requests('thinksurance.token')).toHaveLength(2);
		expect(sandbox.requests('thinksurance.agencyNumbers.list')).toHaveLength(2);
	});

	it.each(['http200', 'http4xx'] as const)(
		'a wrong hash/secret (%s) fails with the reason, sends nothing else and never shows the secret',
		async (style) => {
			sandbox.setThinksuranceErrorStyle(style);
			const credentials = credentialsFor(sandbox, { secret: 'wrong-secret-123' });
			const result = await runNode({
				type: 'thinksurance',
				parameters: listParameters,
				items: items(3),
				credentials,
				onError: 'continueErrorOutput',
			});

			expect(result.errorOutput).toHaveLength(3);
			expect(result.errorOutput[0].json.error).toBe(
				'Thinksurance rejected the hash/secret: API User is not existing or deactivated.',
			);
			expect(result.errorOutput.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
			]);
			expect(sandbox.requests('thinksurance.token')).toHaveLength(1);
			expect(sandbox.requests('thinksurance.agencyNumbers.list')).toHaveLength(0);
			expect(credentials.updates).toHaveLength(0);
			const text = visibleText({
				output: result.output,
				errors: result.errorOutput,
				run: result.run,
			});
			for (const secret of [...SECRETS, 'wrong-secret-123']) expect(text).not.toContain(secret);
		},
	);

	it('refuses a credential without Broker Token and Account Token before any request', async () => {
		const credentials = credentialsFor(sandbox, { brokerToken: '', accountToken: '' });
		const result = await runNode({
			type: 'thinksurance',
			parameters: listParameters,
			items: items(1),
			credentials,
		});
		expect(result.error?.message).toMatch(/needs a Broker Token or an Account Token/);
		expect(sandbox.journal).toHaveLength(0);
	});

	it('works with an Account Token only', async () => {
		const credentials = credentialsFor(sandbox, {
			brokerToken: '',
			accountToken: USER.accountTokens[0],
		});
		const result = await runNode({
			type: 'thinksurance',
			parameters: listParameters,
			items: items(1),
			credentials,
		});
		expect(result.error).toBeUndefined();
		const [list] = sandbox.requests('thinksurance.agencyNumbers.list');
		expect(list.headers['x-account-token']).toBe(USER.accountTokens[0]);
		expect(list.headers['x-broker-token']).toBeUndefined();
	});
});
