import { CLAIM_SHOP_WINDOW_MESSAGE } from './routes/caseDeletion';
import { startSandbox } from './server';
import { call, tokenWithScopes } from './testHelpers';
import type { Sandbox } from './types';

let sandbox: Sandbox;
let token: string;
const WINDOW_ERROR = 'Case deletion is available between 16:00 and 08:00 UTC';

beforeAll(async () => {
	sandbox = await startSandbox({ hubRateLimit: { perSecond: 1000, perMinute: 1000 } });
	token = await tokenWithScopes(sandbox, ['case:delete']);
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const byNumber = (caseNumber: string, extra: Record<string, unknown> = {}) => ({
	caseIdentifierType: 'CaseNumberRequest',
	caseNumber,
	...extra,
});

function hub(
	json: unknown,
	opts: { token?: string; raw?: string; url?: string; sandbox?: Sandbox } = {},
) {
	const target = opts.sandbox ?? sandbox;
	return call(opts.url ?? `${target.url}/ecx/abcinsurance/api/integration/v1/case`, {
		method: 'DELETE',
		token: opts.token ?? token,
		...(opts.raw !== undefined
			? { body: opts.raw, headers: { 'content-type': 'application/json' } }
			: { json }),
	});
}

function claimShop(json: unknown, opts: { token?: string; sandbox?: Sandbox } = {}) {
	const target = opts.sandbox ?? sandbox;
	return call(`${target.url}/webapp/ScalePoint/dk/v1/case/abcinsurance/delete`, {
		method: 'DELETE',
		token: opts.token ?? token,
		json,
	});
}

describe('Hub Property delete case', () => {
	it('deletes a deletable case: 200 with a generated requestId', async () => {
		const answer = await hub(byNumber('CN10000'));
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({
			requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
			found: true,
			deleted: true,
		});
		expect(sandbox.state.hubCases.CN10000.state).toBe('deleted');
		expect(sandbox.state.hubCases.CN10000.lastRequestId).toBe(answer.body.requestId);
		expect((await hub(byNumber('CN10000'))).status).toBe(404);
	});

	it('reuses a given requestId and finds cases by token', async () => {
		const requestId = '12345678-1234-4234-8234-123456789012';
		const { caseToken } = sandbox.state.hubCases.CN10001;
		const answer = await hub({ caseIdentifierType: 'CaseTokenRequest', caseToken, requestId });
		expect(answer.body).toEqual({ requestId, found: true, deleted: true });
	});

	it('requestId is the idempotent key: the request that deleted a case gets the same answer again', async () => {
		const requestId = '12345678-1234-4234-8234-123456789013';
		const first = await hub(byNumber('CN10000', { requestId }));
		expect(first.body).toEqual({ requestId, found: true, deleted: true });
		const repeated = await hub(byNumber('CN10000', { requestId }));
		expect(repeated.status).toBe(200);
		expect(repeated.body).toEqual(first.body);
		// Any other request for the deleted case still finds nothing.
		expect((await hub(byNumber('CN10000'))).status).toBe(404);
		const other = '12345678-1234-4234-8234-123456789014';
		expect((await hub(byNumber('CN10000', { requestId: other }))).status).toBe(404);
	});

	it('dry run: 200 "Case can be deleted" and nothing changes', async () => {
		const answer = await hub(byNumber('CN10000', { execute: false }));
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({
			found: true,
			deleted: false,
			messages: ['Case can be deleted'],
		});
		expect(sandbox.state.hubCases.CN10000.state).toBe('deletable');
	});

	it('answers 404 like the page for a missing case', async () => {
		const answer = await hub(byNumber('CN39983'));
		expect(answer.status).toBe(404);
		expect(answer.body).toEqual({
			requestId: expect.any(String),
			found: false,
			deleted: false,
			errors: ['Case number CN39983 not found'],
		});
	});

	it('answers 403 for pending payments (also in dry run) and 409 for a deletion in progress', async () => {
		expect((await hub(byNumber('CN20000'))).status).toBe(403);
		expect((await hub(byNumber('CN20000', { execute: false }))).status).toBe(403);
		const conflict = await hub(byNumber('CN30000'));
		expect(conflict.status).toBe(409);
		expect(conflict.body.requestId).toEqual(expect.any(String));
	});

	it('fails part way with 500 + requestId, then completes only when resumed with that requestId', async () => {
		const first = await hub(byNumber('CN40000'));
		expect(first.status).toBe(500);
		expect(first.body).toMatchObject({
			found: true,
			deleted: false,
			errors: ['Deletion failed part way; resume with the requestId'],
		});
		expect((await hub(byNumber('CN40000'))).status).toBe(500);
		const resumed = await hub(byNumber('CN40000', { requestId: first.body.requestId }));
		expect(resumed.status).toBe(200);
		expect(resumed.body).toEqual({ requestId: first.body.requestId, found: true, deleted: true });
	});

	it.each([
		['no body', undefined, 'Request body is required'],
		['invalid JSON', '{"caseIdentifierType":', 'Request body is not valid JSON'],
		[
			'an unknown identifier type',
			JSON.stringify({ caseIdentifierType: 'CaseIdRequest', caseNumber: 'CN1' }),
			'caseIdentifierType must be CaseNumberRequest or CaseTokenRequest',
		],
		[
			'a number request without caseNumber',
			JSON.stringify({ caseIdentifierType: 'CaseNumberRequest', caseToken: 'x' }),
			'caseNumber is required when caseIdentifierType is CaseNumberRequest',
		],
		[
			'both fields',
			JSON.stringify({ caseIdentifierType: 'CaseTokenRequest', caseToken: 'x', caseNumber: 'CN1' }),
			'caseNumber must not be sent with CaseTokenRequest',
		],
		[
			'a non-boolean execute',
			JSON.stringify(byNumber('CN10000', { execute: 'false' })),
			'execute must be a boolean',
		],
	])('answers 400 for %s, naming the problem', async (_name, raw, error) => {
		const answer = await hub(undefined, { raw: raw ?? '' });
		expect(answer.status).toBe(400);
		expect(answer.body.errors).toContain(error);
		expect(answer.body.requestId).toEqual(expect.any(String));
	});

	it('answers 401 and 403 (scope)', async () => {
		const unauthorized = await hub(byNumber('CN10000'), { token: 'nope' });
		expect(unauthorized.status).toBe(401);
		expect(unauthorized.body).toMatchObject({
			found: false,
			deleted: false,
			errors: ['Unauthorized'],
		});
		const other = await tokenWithScopes(sandbox, ['events']);
		const forbidden = await hub(byNumber('CN10000'), { token: other });
		expect(forbidden.status).toBe(403);
		expect(forbidden.body.error).toBe('insufficient_scope');
	});

	it('answers 503 with Retry-After outside 16:00-08:00 UTC', async () => {
		sandbox.clock.set('2026-01-15T12:00:00.000Z');
		const answer = await hub(byNumber('CN10000'));
		expect(answer.status).toBe(503);
		expect(answer.body.errors).toEqual([WINDOW_ERROR]);
		const retryAfter = Number(answer.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThan(4 * 3600 - 5);
		expect(retryAfter).toBeLessThanOrEqual(4 * 3600);
		expect(sandbox.state.hubCases.CN10000.state).toBe('deletable');
	});

	it('is open at 07:59 and 16:00, closed at 08:00', async () => {
		sandbox.clock.set('2026-01-15T07:59:00.000Z');
		expect((await hub(byNumber('CN10000', { execute: false }))).status).toBe(200);
		sandbox.clock.set('2026-01-15T08:00:00.000Z');
		expect((await hub(byNumber('CN10000', { execute: false }))).status).toBe(503);
		sandbox.clock.set('2026-01-15T16:00:00.000Z');
		expect((await hub(byNumber('CN10000', { execute: false }))).status).toBe(200);
	});
});

describe('Hub Property rate limit (real time, per client)', () => {
	it('answers 429 to the 6th request within a second and counts it', async () => {
		const limited = await startSandbox({ hubRateLimit: { perSecond: 5, perMinute: 100 } });
		try {
			const t = await tokenWithScopes(limited, ['case:delete']);
			const statuses: number[] = [];
			for (let i = 0; i < 6; i++) {
				statuses.push(
					(await hub(byNumber('CN10000', { execute: false }), { token: t, sandbox: limited }))
						.status,
				);
			}
			expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
			expect(limited.state.rateLimitRejections).toBe(1);
			// Another client has its own window.
			const other = await tokenWithScopes(limited, ['case:delete']);
			expect(
				(await hub(byNumber('CN10000', { execute: false }), { token: other, sandbox: limited }))
					.status,
			).toBe(200);
		} finally {
			await limited.close();
		}
	});

	it('applies the per-minute limit, and does not use the sandbox clock', async () => {
		const limited = await startSandbox({ hubRateLimit: { perSecond: 100, perMinute: 3 } });
		try {
			const t = await tokenWithScopes(limited, ['case:delete']);
			const statuses: number[] = [];
			for (let i = 0; i < 4; i++) {
				limited.clock.advance(120_000);
				limited.clock.set('2026-01-15T18:00:00.000Z');
				statuses.push(
					(await hub(byNumber('CN10000', { execute: false }), { token: t, sandbox: limited }))
						.status,
				);
			}
			expect(statuses).toEqual([200, 200, 200, 429]);
		} finally {
			await limited.close();
		}
	});
});

describe('ClaimShop delete case', () => {
	it('deletes: 200 {found, deleted, errors: []}', async () => {
		const answer = await claimShop(byNumber('CN10000'));
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ found: true, deleted: true, errors: [] });
		expect(sandbox.state.claimShopCases.CN10000.state).toBe('deleted');
		expect(sandbox.state.hubCases.CN10000.state).toBe('deletable');
	});

	it('answers 404, 403 and 500 (part way, then completes) per case state', async () => {
		expect((await claimShop(byNumber('CN404'))).status).toBe(404);
		expect((await claimShop(byNumber('CN20000'))).status).toBe(403);
		const partway = await claimShop(byNumber('CN40000'));
		expect(partway.status).toBe(500);
		expect(partway.body).toEqual({
			found: true,
			deleted: false,
			errors: ['Unexpected error during deletion'],
		});
		expect((await claimShop(byNumber('CN40000'))).body).toEqual({
			found: true,
			deleted: true,
			errors: [],
		});
	});

	it('answers 503 with the business hours and no Retry-After', async () => {
		sandbox.clock.set('2026-01-15T09:30:00.000Z');
		const answer = await claimShop(byNumber('CN10000'));
		expect(answer.status).toBe(503);
		expect(answer.body).toEqual({
			found: false,
			deleted: false,
			errors: [CLAIM_SHOP_WINDOW_MESSAGE],
		});
		expect(CLAIM_SHOP_WINDOW_MESSAGE).toContain('business hours (08:00-16:00 UTC)');
		expect(answer.headers.get('retry-after')).toBeNull();
	});

	it('answers 429 beyond the in-flight limit, across clients', async () => {
		const limited = await startSandbox({ claimShopMaxInFlight: 2 });
		try {
			const a = await tokenWithScopes(limited, ['case:delete']);
			const b = await tokenWithScopes(limited, ['case:delete']);
			const answers = await Promise.all(
				[a, b, a].map((t) =>
					claimShop(byNumber('CN10000', { execute: false }), { token: t, sandbox: limited }),
				),
			);
			expect(answers.map((x) => x.status).sort()).toEqual([200, 200, 429]);
			expect(limited.state.rateLimitRejections).toBe(1);
			expect(
				(await claimShop(byNumber('CN10000', { execute: false }), { token: a, sandbox: limited }))
					.status,
			).toBe(200);
		} finally {
			await limited.close();
		}
	});

	it('answers 400 naming a missing identifier', async () => {
		const answer = await claimShop({ caseIdentifierType: 'CaseTokenRequest' });
		expect(answer.status).toBe(400);
		expect(answer.body.errors).toEqual([
			'caseToken is required when caseIdentifierType is CaseTokenRequest',
		]);
	});
});
