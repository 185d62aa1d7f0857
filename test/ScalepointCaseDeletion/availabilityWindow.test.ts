import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { IN_WINDOW, errorJson, runDeletion } from './helpers';

let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startScalepointFixture({ startTime: IN_WINDOW });
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

const hubRequests = () => fx.sandbox.requests('hub.deleteCase');

describe('Case Deletion — the 16:00–08:00 UTC availability window (503)', () => {
	it('fails with a clear message saying when the window opens, and sends no further items', async () => {
		fx.sandbox.clock.set('2026-01-15T12:00:00.000Z');
		const result = await runDeletion(fx, {
			mode: 'delete',
			onError: 'continueErrorOutput',
			items: [{ caseNumber: 'CN10000' }, { caseNumber: 'CN10001' }],
		});
		const [first, second] = result.errorOutput.map(errorJson);
		expect(first.error).toBe(
			'Scalepoint case deletion is closed now: it is only available 16:00–08:00 UTC (503)',
		);
		expect(first.description).toContain('Scalepoint says it opens in 4 h (at 16:00 UTC)');
		expect(first).toMatchObject({ httpCode: '503', caseNumber: 'CN10000', deleted: false });
		expect(second.error).toContain('Not sent: Scalepoint case deletion is closed now');
		expect(hubRequests()).toHaveLength(1);
		expect(hubRequests()[0].status).toBe(503);
		expect(fx.sandbox.state.hubCases.CN10000.state).toBe('deletable');
	});

	it('waits until it opens (Retry-After) and then deletes', async () => {
		fx.sandbox.clock.set('2026-01-15T15:59:58.000Z');
		const started = Date.now();
		const result = await runDeletion(fx, {
			mode: 'delete',
			options: { outsideWindow: 'wait', maxWaitMinutes: 1 },
			items: [{ caseNumber: 'CN10000' }, { caseNumber: 'CN10001' }],
		});
		const elapsed = Date.now() - started;
		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => item.json.deleted)).toEqual([true, true]);
		// One refused request: the second item waited with the first instead of asking again.
		expect(hubRequests().map((entry) => entry.status)).toEqual([503, 200, 200]);
		// It waited for the Retry-After (2 s) before asking again.
		expect(elapsed).toBeGreaterThanOrEqual(1900);
		const [refused, retried] = hubRequests().map((entry) => Date.parse(entry.at));
		expect(retried - refused).toBeGreaterThanOrEqual(1900);
	});

	it('fails at once when Scalepoint says the window opens later than the Maximum Wait', async () => {
		fx.sandbox.clock.set('2026-01-15T12:00:00.000Z');
		const result = await runDeletion(fx, {
			mode: 'delete',
			onError: 'continueErrorOutput',
			options: { outsideWindow: 'wait', maxWaitMinutes: 30 },
			items: [{ caseNumber: 'CN10000' }],
		});
		expect(result.errorOutput[0].json.error).toBe(
			'Scalepoint case deletion did not open within the Maximum Wait of 30 min: it is only available 16:00–08:00 UTC (503)',
		);
		expect(hubRequests()).toHaveLength(1);
	});

	it('stops waiting when the execution is cancelled', async () => {
		fx.sandbox.clock.set('2026-01-15T15:00:00.000Z');
		const result = await runDeletion(fx, {
			mode: 'delete',
			options: { outsideWindow: 'wait', maxWaitMinutes: 120 },
			items: [{ caseNumber: 'CN10000' }],
			cancelAfterMs: 600,
		});
		// Without the cancel the node would wait an hour for the window (and the test time out).
		expect(result.output).toEqual([]);
		expect(result.run.status).toBe('canceled');
		expect(hubRequests()).toHaveLength(1);
		expect(fx.sandbox.state.hubCases.CN10000.state).toBe('deletable');
	});
});
