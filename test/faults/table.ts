import { FAULTS } from './faults';
import type { CellResult } from './matrix';
import { SUBJECTS } from './subjects';

/** The matrix as a Markdown table: one row per node, one column per fault. */
export function matrixTable(cells: CellResult[]) {
	const faults = FAULTS.map((fault) => fault.label);
	const header = `| Node | ${faults.join(' | ')} |`;
	const rule = `|---|${faults.map(() => '---').join('|')}|`;
	const rows = SUBJECTS.map((subject) => {
		const row = faults.map((fault) => {
			const cell = cells.find((c) => c.subject === subject.label && c.fault === fault);
			if (!cell) return 'not run';
			return cell.problems.length === 0 ? cell.outcome : `**FAIL**: ${cell.outcome}`;
		});
		return `| ${subject.label} | ${row.join(' | ')} |`;
	});
	return [header, rule, ...rows].join('\n');
}

export function matrixSummary(cells: CellResult[]) {
	const run = cells.filter((cell) => cell.outcome !== 'n/a');
	const passed = run.filter((cell) => cell.problems.length === 0).length;
	return {
		cells: SUBJECTS.length * FAULTS.length,
		run: run.length,
		passed,
		notApplicable: cells.length - run.length,
	};
}
