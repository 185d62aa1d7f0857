import { startSandbox } from './server';
import { berlinLocalTime } from './thinksuranceTime';
import { call } from './testHelpers';
import type { Sandbox, ThinksuranceUser } from './types';

let sandbox: Sandbox;
const USER = { hash: 'h1', secret: 's1', brokerTokens: ['broker-1'], accountTokens: ['account-1'] };
const OTHER = { hash: 'h2', secret: 's2', brokerTokens: ['broker-2'] };

beforeAll(async () => {
	sandbox = await startSandbox({ thinksurance: { users: [USER, OTHER] } });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

async function login(user: ThinksuranceUser = USER): Promise<string> {
	const answer = await call(`${sandbox.url}/api/ipn/tokens`, {
		method: 'POST',
		json: { hash: user.hash, secret: user.secret },
	});
	return answer.body.token as string;
}

function numbers(
	method: string,
	token: string,
	json?: unknown,
	headers: Record<string, string> = { 'x-broker-token': 'broker-1' },
) {
	return call(`${sandbox.url}/api/ipn/agency-numbers`, { method, token, json, headers });
}

const number = (agencyNumber: string, extra: Record<string, unknown> = {}) => ({
	agencyNumber,
	defaultForTenders: false,
	defaultForCalculations: false,
	active: true,
	...extra,
});

describe('Thinksurance token', () => {
	it('issues a token whose `expired` is Berlin local time 15 minutes on, without a zone', async () => {
		sandbox.clock.set('2026-01-15T18:00:00.000Z');
		const answer = await call(`${sandbox.url}/api/ipn/tokens`, {
			method: 'POST',
			json: { hash: 'h1', secret: 's1' },
		});
		expect(answer.status).toBe(200);
		expect(answer.body.token).toMatch(/^[0-9a-f]{64}$/);
		// 18:15 UTC is 19:15 in Berlin in January (CET).
		expect(answer.body.expired).toMatch(/^2026-01-15 19:15:0\d$/);
	});

	it('writes summer time as UTC+2', () => {
		expect(berlinLocalTime(new Date('2026-07-01T10:00:00Z'))).toBe('2026-07-01 12:00:00');
	});

	it('refuses an unknown user in both error styles', async () => {
		const url = `${sandbox.url}/api/ipn/tokens`;
		const http200 = await call(url, { method: 'POST', json: { hash: 'h1', secret: 'wrong' } });
		expect(http200.status).toBe(200);
		expect(http200.body).toEqual({ error: 'API User is not existing or deactivated.' });
		sandbox.setThinksuranceErrorStyle('http4xx');
		const http4xx = await call(url, { method: 'POST', json: { hash: 'nobody', secret: 's1' } });
		expect(http4xx.status).toBe(400);
		expect(http4xx.body).toEqual({ error: 'API User is not existing or deactivated.' });
	});

	it('expires tokens after 15 minutes on the sandbox clock', async () => {
		const token = await login();
		expect((await numbers('GET', token)).body).toEqual({ agencyNumberSets: [] });
		sandbox.clock.advance(15 * 60 * 1000);
		const expired = await numbers('GET', token);
		expect(expired.status).toBe(200);
		expect(expired.body).toEqual({ error: 'Token is invalid or expired.' });
		sandbox.setThinksuranceErrorStyle('http4xx');
		expect((await numbers('GET', token)).status).toBe(401);
	});
});

describe('Thinksurance agency numbers', () => {
	it('adds, lists and deletes', async () => {
		const token = await login();
		const added = await numbers('POST', token, {
			agencyNumberSets: [
				{
					baFinId: '5405',
					agencyNumbers: [
						number('1-agency-number', {
							externalUniqueId: 'uniqueId1',
							collectionType: 'insurer_collection',
						}),
						number('2-agency-number'),
					],
				},
				{ insurerId: '5036', agencyNumbers: [number('A1')] },
			],
		});
		expect(added.status).toBe(200);
		expect(added.body).toEqual({ status: 'Broker Api: agency number added succesfully.' });
		const listed = await numbers('GET', token);
		expect(listed.body.agencyNumberSets).toEqual([
			{
				baFinId: '5405',
				agencyNumbers: [
					number('1-agency-number', {
						externalUniqueId: 'uniqueId1',
						collectionType: 'insurer_collection',
					}),
					number('2-agency-number'),
				],
			},
			{ insurerId: '5036', agencyNumbers: [number('A1')] },
		]);
		const deleted = await numbers('DELETE', token, {
			agencyNumberSets: [
				{ baFinId: '5405', agencyNumbers: [{ agencyNumber: '2-agency-number' }] },
				{ insurerId: '5036' },
			],
		});
		expect(deleted.body).toEqual({ status: 'Broker Api: agency number deleted succesfully.' });
		expect((await numbers('GET', token)).body.agencyNumberSets).toEqual([
			{
				baFinId: '5405',
				agencyNumbers: [
					number('1-agency-number', {
						externalUniqueId: 'uniqueId1',
						collectionType: 'insurer_collection',
					}),
				],
			},
		]);
		expect(sandbox.state.usedExternalUniqueIds).toEqual(['uniqueId1']);
	});

	it('uses the configured list key', async () => {
		const other = await startSandbox({ thinksurance: { users: [USER], listKey: 'agencyNumbers' } });
		try {
			const answer = await call(`${other.url}/api/ipn/tokens`, {
				method: 'POST',
				json: { hash: 'h1', secret: 's1' },
			});
			const listed = await call(`${other.url}/api/ipn/agency-numbers`, {
				token: answer.body.token,
				headers: { 'x-account-token': 'account-1' },
			});
			expect(listed.body).toEqual({ agencyNumbers: [] });
		} finally {
			await other.close();
		}
	});

	it('never accepts an externalUniqueId twice, even after deletion or within one request', async () => {
		const token = await login();
		const body = {
			agencyNumberSets: [
				{ baFinId: '1', agencyNumbers: [number('X', { externalUniqueId: 'u1' })] },
			],
		};
		expect((await numbers('POST', token, body)).body.status).toBeDefined();
		await numbers('DELETE', token, { agencyNumberSets: [{ baFinId: '1' }] });
		const again = await numbers('POST', token, body);
		expect(again.body.error).toMatch(/externalUniqueId 'u1'/);
		const twice = await numbers('POST', token, {
			agencyNumberSets: [
				{
					insurerId: '2',
					agencyNumbers: [
						number('Y', { externalUniqueId: 'u2' }),
						number('Z', { externalUniqueId: 'u2' }),
					],
				},
			],
		});
		expect(twice.body.error).toMatch(/externalUniqueId 'u2'/);
		expect(sandbox.state.agencyNumbersOf('broker:broker-1')).toEqual([]);
	});

	it.each([
		['no insurer id', { agencyNumbers: [number('A')] }, /exactly one of/],
		[
			'two insurer ids',
			{ baFinId: '1', insurerId: '2', agencyNumbers: [number('A')] },
			/exactly one of/,
		],
		['empty agencyNumbers', { baFinId: '1', agencyNumbers: [] }, /agencyNumbers is required/],
		['no agencyNumber', { baFinId: '1', agencyNumbers: [number('')] }, /agencyNumber is required/],
		[
			'a missing boolean',
			{
				baFinId: '1',
				agencyNumbers: [
					{ agencyNumber: 'A', defaultForTenders: true, defaultForCalculations: true },
				],
			},
			/active is required/,
		],
		[
			'a bad collectionType',
			{ baFinId: '1', agencyNumbers: [number('A', { collectionType: 'self' })] },
			/collectionType/,
		],
	])(
		'refuses a set with %s (200 + error, or 400 in the 4xx style)',
		async (_name, set, message) => {
			const token = await login();
			const http200 = await numbers('POST', token, { agencyNumberSets: [set] });
			expect(http200.status).toBe(200);
			expect(http200.body.error).toMatch(message);
			sandbox.setThinksuranceErrorStyle('http4xx');
			const http4xx = await numbers('POST', token, { agencyNumberSets: [set] });
			expect(http4xx.status).toBe(400);
			expect(http4xx.body.error).toMatch(message);
			expect(sandbox.state.agencyNumbersOf('broker:broker-1')).toEqual([]);
		},
	);

	it('answers not found (404 in the 4xx style) when deleting numbers that are not there', async () => {
		const token = await login();
		sandbox.setThinksuranceErrorStyle('http4xx');
		const answer = await numbers('DELETE', token, {
			agencyNumberSets: [{ supervisingAuthorityId: '61234' }],
		});
		expect(answer.status).toBe(404);
		expect(answer.body.error).toMatch(/No agency numbers found/);
	});

	it('requires an identity header that belongs to the token user', async () => {
		const token = await login();
		const none = await numbers('GET', token, undefined, {});
		expect(none.body.error).toMatch(/X-Broker-Token or X-Account-Token/);
		const foreign = await numbers('GET', token, undefined, { 'x-broker-token': 'broker-2' });
		expect(foreign.body.error).toMatch(/does not belong/);
	});

	it('keeps numbers per broker token', async () => {
		const token = await login();
		await numbers('POST', token, {
			agencyNumberSets: [{ baFinId: '1', agencyNumbers: [number('A')] }],
		});
		const otherToken = await login(OTHER);
		const listed = await numbers('GET', otherToken, undefined, { 'x-broker-token': 'broker-2' });
		expect(listed.body).toEqual({ agencyNumberSets: [] });
	});
});
