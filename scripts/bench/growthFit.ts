/** The file memory figure as a line: peak RSS growth ≈ a × file size + b (see files.ts). */

/** Least-squares line through the growths: growthMb ≈ a × sizeMb + b. */
export interface GrowthFit {
	a: number;
	b: number;
	/** Largest distance of a measured growth from the line, MB. */
	maxResidualMb: number;
}

export function fitGrowth(points: Array<{ sizeMb: number; growthMb: number }>): GrowthFit {
	const n = points.length;
	const mx = points.reduce((sum, p) => sum + p.sizeMb, 0) / n;
	const my = points.reduce((sum, p) => sum + p.growthMb, 0) / n;
	const sxx = points.reduce((sum, p) => sum + (p.sizeMb - mx) ** 2, 0);
	const sxy = points.reduce((sum, p) => sum + (p.sizeMb - mx) * (p.growthMb - my), 0);
	const a = sxx > 0 ? sxy / sxx : NaN;
	const b = my - a * mx;
	const maxResidualMb = Math.max(...points.map((p) => Math.abs(p.growthMb - (a * p.sizeMb + b))));
	return { a, b, maxResidualMb };
}
