import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { IN_WINDOW, SECRET_CLIENT, maxInAnyWindow, runDeletion } from './helpers';

// Scaled-down limits so the test is fast; the node options are set to the same values, as a
// customer with raised limits would. The per-minute window is covered by the pacer's unit tests
// and by scripts/bench-deletes.ts (it needs a real minute).
const HUB_LIMIT = { perSecond: 40, perMinute: 1000 };
const CLAIM_SHOP_MAX_IN_FLIGHT = 2;

let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startScalepointFixture({
		startTime: IN_WINDOW,
		hubRateLimit: HUB_LIMIT,
		claimShopMaxInFlight: CLAIM_SHOP_MAX_IN_FLIGHT,
	});
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

function seed(count: number, add: (caseNumber: string) => void) {
	const numbers = Array.from({ length: count }, (_, i) => `CN9${String(i).padStart(4, '0')}`);
	numbers.forEach(add);
	return numbers;
}

describe('Case Deletion — client-side rate limits', () => {
	it('Hub: 200 deletions paced under the per-second limit, zero 429s, near the theoretical minimum', async () => {
		const numbers = seed(200, (caseNumber) =>
			fx.sandbox.state.setHubCase({ caseNumber, state: 'deletable' }),
		);
		const result = await runDeletion(fx, {
			mode: 'delete',
			options: {
				hubRequestsPerSecond: HUB_LIMIT.perSecond,
				hubRequestsPerMinute: HUB_LIMIT.perMinute,
			},
			items: numbers.map((caseNumber) => ({ caseNumber })),
		});
		expect(result.error).toBeUndefined();
		expect(result.output.filter((item) => item.json.deleted === true)).toHaveLength(200);
		expect(fx.sandbox.state.rateLimitRejections).toBe(0);
		const requests = fx.sandbox.requests('hub.deleteCase');
		expect(requests).toHaveLength(200);
		expect(requests.every((entry) => entry.status === 200)).toBe(true);
		// Holds on a loaded machine too: the pacer counts each request until its answer is in, and
		// the sandbox counts it in between, however late it got there (sharedPacing.test.ts runs
		// this under CPU load).
		expect(maxInAnyWindow(requests, 1000)).toBeLessThanOrEqual(HUB_LIMIT.perSecond);
		// 200 starts spaced 25 ms apart: the last one cannot start before ~5 s. How close the pacing
		// comes to the theoretical minimum is measured by `npm run bench`, not asserted here.
		const times = requests.map((entry) => Date.parse(entry.at));
		expect(times[times.length - 1] - times[0]).toBeGreaterThanOrEqual(199 * 25 - 50);
	});

	it('Hub: the resend after a 401 is paced like any other request', async () => {
		const perSecond = 3;
		const credentials = fx.credentials(SECRET_CLIENT);
		// A first run leaves a token stored in the credential; Scalepoint then revokes it.
		await runDeletion(fx, { items: [{ caseNumber: 'CN00001' }], credentials });
		fx.sandbox.state.scalepointTokens.clear();
		fx.sandbox.clearJournal();
		const numbers = seed(6, (caseNumber) =>
			fx.sandbox.state.setHubCase({ caseNumber, state: 'deletable' }),
		);
		const result = await runDeletion(fx, {
			mode: 'delete',
			options: { hubRequestsPerSecond: perSecond, hubRequestsPerMinute: 1000 },
			items: numbers.map((caseNumber) => ({ caseNumber })),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.output.filter((item) => item.json.deleted === true)).toHaveLength(6);
		const requests = fx.sandbox.requests('hub.deleteCase');
		expect(requests.map((entry) => entry.status)).toEqual([401, ...new Array(6).fill(200)]);
		expect(fx.tokenRequests()).toBe(1);
		// Resent at once (outside the pacing), the 401, its resend and the next two items would
		// all fall in the first second.
		expect(maxInAnyWindow(requests, 1000)).toBeLessThanOrEqual(perSecond);
	});

	it('ClaimShop: never more requests in flight than allowed, zero 429s', async () => {
		const numbers = seed(20, (caseNumber) =>
			fx.sandbox.state.setClaimShopCase({ caseNumber, state: 'deletable' }),
		);
		const result = await runDeletion(fx, {
			system: 'claimShop',
			mode: 'delete',
			options: { claimShopMaxInFlight: CLAIM_SHOP_MAX_IN_FLIGHT },
			items: numbers.map((caseNumber) => ({ caseNumber })),
		});
		expect(result.error).toBeUndefined();
		expect(result.output.filter((item) => item.json.deleted === true)).toHaveLength(20);
		expect(fx.sandbox.state.rateLimitRejections).toBe(0);
		const statuses = fx.sandbox.requests('claimShop.deleteCase').map((entry) => entry.status);
		expect(statuses).toEqual(new Array(20).fill(200));
	});

	it('ClaimShop: with the limit set too high the sandbox answers 429, which the node retries', async () => {
		const numbers = seed(12, (caseNumber) =>
			fx.sandbox.state.setClaimShopCase({ caseNumber, state: 'deletable' }),
		);
		const result = await runDeletion(fx, {
			system: 'claimShop',
			mode: 'delete',
			options: { claimShopMaxInFlight: 6, rateLimitRetries: 10 },
			items: numbers.map((caseNumber) => ({ caseNumber })),
		});
		expect(result.error).toBeUndefined();
		// Proves the sandbox enforces the limit, so the zero above is meaningful.
		expect(fx.sandbox.state.rateLimitRejections).toBeGreaterThan(0);
		expect(result.output.filter((item) => item.json.deleted === true)).toHaveLength(12);
	});
});
