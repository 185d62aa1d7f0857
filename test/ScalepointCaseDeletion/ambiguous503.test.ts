import { isWindowRefusal } from '../../nodes/ScalepointCaseDeletion/helpers/windowGate';
import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { CLAIM_SHOP_WINDOW_MESSAGE } from '../sandbox/routes/caseDeletion';
import { IN_WINDOW, errorJson, runDeletion, type DeleteRun } from './helpers';

/**
 * Only the page's own window refusal proves nothing was deleted: Hub's 503 "with Retry-After
 * header", ClaimShop's 503 "with error message specifying currently set business hours". Any other
 * 503 (a gateway's) may come after the deletion ran: a ClaimShop live delete, which has no request
 * ID, was nevertheless waited out and sent again, and with the default "Fail" option the item said
 * "case deletion is closed now … Nothing was deleted" with deleted: false (found by an outside
 * review).
 */
let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startScalepointFixture({ startTime: IN_WINDOW });
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

const GATEWAY_503 = { status: 503, body: '<html>503 upstream timed out</html>' };
const route = (system: 'hubProperty' | 'claimShop') =>
	system === 'hubProperty' ? 'hub.deleteCase' : 'claimShop.deleteCase';

async function deleteAfter503(
	system: 'hubProperty' | 'claimShop',
	fault: { status: number; body: string; headers?: Record<string, string>; times?: number },
	run: Partial<DeleteRun> = {},
) {
	fx.sandbox.faults.add({ route: route(system), ...fault });
	return await runDeletion(fx, {
		system,
		mode: 'delete',
		onError: 'continueErrorOutput',
		items: [{ caseNumber: 'CN10000' }],
		...run,
	});
}

describe('Case Deletion — a 503 that is not the window refusal', () => {
	it('ClaimShop live, "Wait until it opens": a gateway 503 with Retry-After is not sent again', async () => {
		const result = await deleteAfter503(
			'claimShop',
			{ ...GATEWAY_503, headers: { 'retry-after': '1' } },
			{ options: { outsideWindow: 'wait', maxWaitMinutes: 1 } },
		);
		expect(fx.sandbox.requests('claimShop.deleteCase')).toHaveLength(1);
		const item = errorJson(result.errorOutput[0]);
		expect(item.description).toMatch(
			/^The case may have been deleted — check before running again/,
		);
		expect(item.description).toContain('it was not sent again');
		expect(item).toMatchObject({ httpCode: '503', caseNumber: 'CN10000', deleted: null });
	});

	it('ClaimShop live, default "Fail": never "closed now … Nothing was deleted"', async () => {
		const result = await deleteAfter503('claimShop', GATEWAY_503);
		const item = errorJson(result.errorOutput[0]);
		expect(item.error).toBe(
			'Scalepoint answered 503 for case CN10000 without the documented sign of the closed window (an error naming the business hours)',
		);
		expect(item.description).not.toContain('Nothing was deleted');
		expect(item.deleted).toBeNull();
		expect(fx.sandbox.requests('claimShop.deleteCase')).toHaveLength(1);
	});

	it('ClaimShop live: a 503 in the Delete Case shape that names no hours is not the refusal either', async () => {
		const body = JSON.stringify({ found: true, deleted: false, errors: ['Service unavailable'] });
		const result = await deleteAfter503('claimShop', { status: 503, body });
		expect(errorJson(result.errorOutput[0])).toMatchObject({ deleted: null });
		expect(fx.sandbox.requests('claimShop.deleteCase')).toHaveLength(1);
	});

	it('Hub live, default "Fail": a 503 without Retry-After is resumable, not "Nothing was deleted"', async () => {
		const result = await deleteAfter503('hubProperty', GATEWAY_503, {
			options: { serverErrorRetries: 0 },
		});
		const item = errorJson(result.errorOutput[0]);
		const sent = fx.sandbox.requests('hub.deleteCase')[0].json as { requestId: string };
		expect(item.error).toContain('without the documented sign of the closed window');
		expect(item.description).toContain(`Request ID set to ${sent.requestId}`);
		expect(item.description).not.toContain('Nothing was deleted');
		expect(item).toMatchObject({ requestId: sent.requestId, deleted: null });
	});

	it('Hub live: a 503 without Retry-After is resent with the same request ID (keyed)', async () => {
		const result = await deleteAfter503('hubProperty', GATEWAY_503, {
			options: { serverErrorRetries: 1 },
		});
		expect(result.output.map((item) => item.json.deleted)).toEqual([true]);
		const ids = fx.sandbox.requests('hub.deleteCase').map((entry) => entry.json);
		expect(ids).toHaveLength(2);
		expect(new Set(ids.map((body) => (body as { requestId: string }).requestId)).size).toBe(1);
	});
});

describe('Case Deletion — the documented window refusal', () => {
	it('ClaimShop: the sandbox refuses as the page says, and that is still "closed now … Nothing was deleted"', async () => {
		fx.sandbox.clock.set('2026-01-15T12:00:00.000Z');
		const result = await runDeletion(fx, {
			system: 'claimShop',
			mode: 'delete',
			onError: 'continueErrorOutput',
			items: [{ caseNumber: 'CN10000' }],
		});
		const item = errorJson(result.errorOutput[0]);
		expect(item.error).toBe(
			'Scalepoint case deletion is closed now: it is only available 16:00–08:00 UTC (503)',
		);
		expect(item.description).toContain('Nothing was deleted');
		expect(item.description).toContain(`Scalepoint said: ${CLAIM_SHOP_WINDOW_MESSAGE}`);
		expect(item).toMatchObject({ deleted: false });
	});

	it('ClaimShop, "Wait until it opens": the refusal naming the business hours is waited out and sent again', async () => {
		const body = JSON.stringify({
			found: false,
			deleted: false,
			errors: [CLAIM_SHOP_WINDOW_MESSAGE],
		});
		const result = await deleteAfter503(
			'claimShop',
			{ status: 503, body, headers: { 'retry-after': '1' } },
			{ options: { outsideWindow: 'wait', maxWaitMinutes: 1 } },
		);
		expect(result.output.map((item) => item.json.deleted)).toEqual([true]);
		expect(fx.sandbox.requests('claimShop.deleteCase').map((entry) => entry.status)).toEqual([
			503, 200,
		]);
	});

	it('recognises the refusal only by what the page documents', () => {
		const refusal = (headers: Record<string, unknown>, body: unknown) =>
			({ status: 503, headers, body }) as never;
		const shaped = (errors: string[]) => ({ found: false, deleted: false, errors });
		expect(isWindowRefusal('hubProperty', refusal({ 'retry-after': '3600' }, ''))).toBe(true);
		expect(isWindowRefusal('hubProperty', refusal({}, shaped(['Closed'])))).toBe(false);
		expect(isWindowRefusal('claimShop', refusal({}, shaped(['Business hours: 08:00-16:00'])))).toBe(
			true,
		);
		expect(isWindowRefusal('claimShop', refusal({}, shaped(['Not during business hours'])))).toBe(
			true,
		);
		// A gateway page, even with Retry-After; a Delete Case answer that names no hours.
		expect(isWindowRefusal('claimShop', refusal({ 'retry-after': '1' }, '08:00-16:00'))).toBe(
			false,
		);
		expect(isWindowRefusal('claimShop', refusal({}, shaped(['Unavailable'])))).toBe(false);
		expect(
			isWindowRefusal('claimShop', refusal({}, { ...shaped(['08:00-16:00']), deleted: true })),
		).toBe(false);
	});
});

describe('Case Deletion — other server failures of a live delete', () => {
	it.each([500, 502, 504])(
		'a ClaimShop %d says the case may be partly deleted and does not claim deleted: false',
		async (status) => {
			const result = await deleteAfter503('claimShop', { status, body: '<html>failure</html>' });
			const item = errorJson(result.errorOutput[0]);
			expect(item.description).toContain('may be partly deleted');
			expect(item).toMatchObject({ httpCode: String(status), deleted: null });
		},
	);

	it('a dry run that fails with 500 still says deleted: false (a dry run deletes nothing)', async () => {
		const result = await deleteAfter503(
			'claimShop',
			// Every attempt: a dry run is retried.
			{ status: 500, body: '<html>failure</html>', times: 10 },
			{ mode: 'dryRun' },
		);
		expect(errorJson(result.errorOutput[0])).toMatchObject({ deleted: false });
	});
});
