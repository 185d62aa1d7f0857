/**
 * Figure 3: peak RSS growth of the `n8n execute` process while Scalepoint Files submits one file
 * read with "Read/Write Files from Disk" (filesystem binary mode), next to the same workflow
 * without the Files node. /proc/<pid>/status is sampled every ~20 ms; VmHWM is the kernel's own
 * high-water mark, so a peak between two samples is not missed. The growth at several sizes is
 * fitted as `a × file size + b`: `a` is what each byte of the file costs, `b` what any Files run
 * costs whatever the file (code, token, HTTP client); one ratio would mix the two.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importCredentials, importWorkflows } from '../runtime/n8nProcess';
import { sandboxCredentials } from '../runtime/sandboxLink';
import type { BenchEnvironment } from './environment';
import { executeToFile, nodeResult } from './execute';
import { fitGrowth, type GrowthFit } from './growthFit';
import { fileWorkflow, freshCredential, TARGET, type BenchWorkflow } from './workflows';

export type { GrowthFit };

const MB = 1024 * 1024;

export interface FileRun {
	sizeMb: number;
	withFilesNode: boolean;
	round: number;
	peakRssMb: number;
	wallMs: number;
	nodeMs?: number;
}

export interface FileFigure {
	sizeMb: number;
	baselinePeakMb: number;
	submitPeakMb: number;
	growthMb: number;
	/** growth / file size */
	multiple: number;
}

const fileName = (sizeMb: number) => `bench-${sizeMb}mb.pdf`;

function memoryOf(pid: number): { rss: number; hwm: number } | undefined {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (field: string) =>
			Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
		return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
	} catch {
		return undefined;
	}
}

async function sampledRun(env: BenchEnvironment, workflow: BenchWorkflow) {
	let peak = 0;
	let timer: NodeJS.Timeout | undefined;
	const execution = await executeToFile(env.instance, workflow.id, {
		onStart: (pid) => {
			timer = setInterval(() => {
				const memory = memoryOf(pid);
				if (memory) peak = Math.max(peak, memory.rss, memory.hwm);
			}, 20);
		},
	});
	clearInterval(timer);
	return { execution, peak };
}

export async function runFileFigures(
	env: BenchEnvironment,
	options: { sizesMb: number[]; rounds: number },
	log: (line: string) => void,
): Promise<{ runs: FileRun[]; figures: FileFigure[]; fit: GrowthFit }> {
	const base = sandboxCredentials(env.sandbox).find((record) => record.type === 'scalepointApi')!;
	const plan: Array<{ sizeMb: number; round: number; workflow: BenchWorkflow; submit: boolean }> =
		[];
	const credentials = [];
	const sizes = options.sizesMb;
	for (let round = 1; round <= options.rounds; round++) {
		for (const sizeMb of sizes) {
			const path = join(env.filesDir, fileName(sizeMb));
			const credential = freshCredential(base);
			credentials.push(credential);
			plan.push({
				sizeMb,
				round,
				workflow: fileWorkflow(path, env.sandbox.url, undefined),
				submit: false,
			});
			plan.push({
				sizeMb,
				round,
				workflow: fileWorkflow(path, env.sandbox.url, credential),
				submit: true,
			});
		}
	}
	for (const sizeMb of sizes) {
		// Not all one byte value: content that does not compress, like a real scan.
		const content = Buffer.alloc(Math.round(sizeMb * MB));
		for (let i = 0; i < content.length; i += 4) content.writeUInt32LE((i * 2654435761) >>> 0, i);
		writeFileSync(join(env.filesDir, fileName(sizeMb)), content);
	}
	await importCredentials(env.instance, credentials);
	await importWorkflows(
		env.instance,
		plan.map((step) => step.workflow),
	);
	const runs: FileRun[] = [];
	try {
		for (const step of plan) {
			await env.sandbox.clearJournal();
			const { execution, peak } = await sampledRun(env, step.workflow);
			let nodeMs: number | undefined;
			if (step.submit) {
				const node = nodeResult(execution, TARGET);
				const sent = (await env.sandbox.requests('ecb.submitForCase')).map(
					(entry) => entry.status ?? 0,
				);
				if (
					node.output.length !== 1 ||
					node.error ||
					sent.length !== 1 ||
					sent[0] < 200 ||
					sent[0] >= 300
				) {
					throw new Error(
						`file submit of ${step.sizeMb} MB failed: output ${JSON.stringify(node.output).slice(0, 300)} ${JSON.stringify(node.error ?? node.errorOutput).slice(0, 500)}, sandbox statuses ${sent.join(',')}`,
					);
				}
				nodeMs = node.executionTime;
			} else {
				nodeResult(execution, 'Read file');
			}
			const run: FileRun = {
				sizeMb: step.sizeMb,
				withFilesNode: step.submit,
				round: step.round,
				peakRssMb: peak / MB,
				wallMs: execution.wallMs,
				nodeMs,
			};
			runs.push(run);
			log(
				`  round ${step.round} ${step.sizeMb} MB ${step.submit ? 'read + Scalepoint Files' : 'read only (baseline)'}: ` +
					`peak RSS ${run.peakRssMb.toFixed(0)} MB, execute wall ${(execution.wallMs / 1000).toFixed(1)} s` +
					(nodeMs !== undefined ? `, Files node ${(nodeMs / 1000).toFixed(2)} s` : ''),
			);
		}
	} finally {
		for (const sizeMb of sizes) rmSync(join(env.filesDir, fileName(sizeMb)), { force: true });
	}
	const median = (values: number[]) => {
		const sorted = [...values].sort((a, b) => a - b);
		const mid = Math.floor(sorted.length / 2);
		return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	};
	const peaks = (sizeMb: number) => {
		const of = (submit: boolean) =>
			median(
				runs
					.filter((run) => run.sizeMb === sizeMb && run.withFilesNode === submit)
					.map((run) => run.peakRssMb),
			);
		return { baselinePeakMb: of(false), submitPeakMb: of(true) };
	};
	const figures = options.sizesMb.map((sizeMb) => {
		const { baselinePeakMb, submitPeakMb } = peaks(sizeMb);
		const growthMb = submitPeakMb - baselinePeakMb;
		return { sizeMb, baselinePeakMb, submitPeakMb, growthMb, multiple: growthMb / sizeMb };
	});
	const fit = fitGrowth(figures);
	log(
		`  growth ≈ ${fit.a.toFixed(2)} × file size + ${fit.b.toFixed(0)} MB (largest residual ${fit.maxResidualMb.toFixed(1)} MB)`,
	);
	return { runs, figures, fit };
}
