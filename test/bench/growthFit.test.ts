import { fitGrowth } from '../../scripts/bench/growthFit';

describe('bench: file memory growth fitted as a × file size + b', () => {
	it('recovers the per-byte cost and the fixed cost of points on a line', () => {
		const fit = fitGrowth([1, 10, 100].map((sizeMb) => ({ sizeMb, growthMb: 1.3 * sizeMb + 7 })));
		expect(fit.a).toBeCloseTo(1.3, 10);
		expect(fit.b).toBeCloseTo(7, 10);
		expect(fit.maxResidualMb).toBeCloseTo(0, 10);
	});

	it('separates the fixed cost that made one ratio per size misleading', () => {
		// The run of 2026-12-01: 2.7× at 10 MB and 1.3× at 100 MB as single ratios.
		const fit = fitGrowth([
			{ sizeMb: 1, growthMb: 13 },
			{ sizeMb: 10, growthMb: 30 },
			{ sizeMb: 100, growthMb: 140 },
		]);
		expect(fit.a).toBeGreaterThan(1.2);
		expect(fit.a).toBeLessThan(1.3);
		expect(fit.b).toBeGreaterThan(10);
		expect(fit.maxResidualMb).toBeLessThan(5);
	});
});
