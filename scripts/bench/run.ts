/**
 * `npm run bench`: the package's performance figures, measured inside real n8n 2.40.7 against the
 * vendor sandbox, each next to a reference taken in the same run (machines are noisy, ratios
 * measured side by side are not). Prints one line per figure, writes bench-results/summary.json
 * and docs/benchmarks.md. Not part of `npm test`.
 *
 * Env: BENCH_ITEMS (10000) events per publish run, BENCH_ROUNDS (2) repetitions of each
 * comparison, BENCH_FILE_SIZES_MB ("1,10,100"), BENCH_DELETES (200), BENCH_QUEUE_ITEMS (10000)
 * events per queue-mode setup, BENCH_QUEUE_EXECUTIONS (10) executions they are split over,
 * BENCH_ONLY ("events,queue,files,deletes,coldstart": a subset), BENCH_TARBALL (reuse a packed
 * package), BENCH_DOCS=0 (a trial: writes bench-results/summary.trial.json, leaves
 * docs/benchmarks.md and summary.json alone),
 * BENCH_RENDER_ONLY=1 (rewrite the markdown from the last summary.json), BENCH_KEEP=1 (keep the
 * n8n user folder in the temp dir).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../runtime/runtimes';
import { runColdStart, type ColdStartFigures } from './coldStart';
import { runDeletes, type DeleteFigures } from './deletes';
import { prepareEnvironment } from './environment';
import { runEventFigures, type EventsFigures } from './events';
import { runFileFigures, type FileFigure, type FileRun, type GrowthFit } from './files';
import { machineInfo, sampleLoad, type LoadDuringRun, type MachineInfo } from './machine';
import { runQueueFigures, type QueueFigures } from './queue';
import { figureRows, writeMarkdown, type FigureRow } from './report';

export interface Summary {
	machine: MachineInfo;
	/** 1-minute load average sampled every 15 s during the run (2 cores: above 2 means queueing). */
	load?: LoadDuringRun;
	command: string;
	settings: Record<string, unknown>;
	figures: FigureRow[];
	events?: EventsFigures;
	queue?: QueueFigures;
	files?: { runs: FileRun[]; figures: FileFigure[]; fit: GrowthFit };
	deletes?: DeleteFigures;
	coldStart?: ColdStartFigures;
	durationSeconds: number;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

/** BENCH_RENDER_ONLY=1: rewrite docs/benchmarks.md from bench-results/summary.json, no measuring. */
function renderOnly() {
	const summary = JSON.parse(
		readFileSync(resolve(REPO_ROOT, 'bench-results', 'summary.json'), 'utf8'),
	) as Summary;
	summary.figures = figureRows(summary);
	writeMarkdown(summary, resolve(REPO_ROOT, 'docs', 'benchmarks.md'));
	log('rewrote docs/benchmarks.md from bench-results/summary.json');
}

async function main() {
	if (process.env.BENCH_RENDER_ONLY === '1') return renderOnly();
	const started = Date.now();
	const items = Number(process.env.BENCH_ITEMS ?? 10_000);
	const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
	const sizesMb = (process.env.BENCH_FILE_SIZES_MB ?? '1,10,100').split(',').map(Number);
	const deleteCount = Number(process.env.BENCH_DELETES ?? 200);
	const queueItems = Number(process.env.BENCH_QUEUE_ITEMS ?? 10_000);
	const queueExecutions = Number(process.env.BENCH_QUEUE_EXECUTIONS ?? 10);
	const only = new Set(
		(process.env.BENCH_ONLY ?? 'events,queue,files,deletes,coldstart')
			.split(',')
			.map((s) => s.trim()),
	);
	const load = sampleLoad();
	const env = await prepareEnvironment(log);
	const summary: Summary = {
		machine: machineInfo(env.runtime),
		command: 'npm run bench',
		settings: {
			items,
			rounds,
			sizesMb,
			deleteCount,
			queueItems,
			queueExecutions,
			only: [...only],
			concurrency: 5,
		},
		figures: [],
		durationSeconds: 0,
	};
	log(
		`machine: ${summary.machine.nproc} cores, ${summary.machine.memoryGb} GB, ${summary.machine.cpuModel}, ` +
			`load ${summary.machine.loadAverageAtStart.join(' ')}; n8n ${summary.machine.n8nVersion} on Node ${summary.machine.n8nNode}`,
	);
	try {
		if (only.has('events')) {
			log(`Event publish, ${items} items, ${rounds} round(s):`);
			summary.events = await runEventFigures(env, { items, rounds, concurrency: 5 }, log);
		}
		if (only.has('queue')) {
			log(
				`Event publish in queue mode, ${queueItems} items over ${queueExecutions} executions, ${rounds} round(s):`,
			);
			summary.queue = await runQueueFigures(
				env,
				{ items: queueItems, executions: queueExecutions, rounds },
				log,
			);
		}
		if (only.has('files')) {
			log(`File submit memory (${sizesMb.join(', ')} MB), ${rounds} round(s):`);
			summary.files = await runFileFigures(env, { sizesMb, rounds }, log);
		}
		if (only.has('coldstart')) {
			log('Cold start:');
			summary.coldStart = await runColdStart(env, { rounds }, log);
		}
		if (only.has('deletes')) {
			log(`Rate-limited deletes (${deleteCount}, in-process, scripts/bench-deletes.ts):`);
			summary.deletes = await runDeletes(deleteCount, log);
		}
	} finally {
		await env.close();
	}
	summary.load = load.stop();
	summary.figures = figureRows(summary);
	summary.durationSeconds = Math.round((Date.now() - started) / 1000);
	log('');
	log(
		`machine load (1-min average, ${summary.load.samples} samples): min ${summary.load.min}, median ${summary.load.median}, max ${summary.load.max} on ${summary.machine.nproc} cores; duration ${summary.durationSeconds} s`,
	);
	for (const row of summary.figures) {
		log(
			`${row.figure}: ${row.value}  (goal ${row.goal}: ${row.met === undefined ? 'n/a' : row.met ? 'met' : 'MISSED'})`,
		);
	}
	const dir = resolve(REPO_ROOT, 'bench-results');
	mkdirSync(dir, { recursive: true });
	// BENCH_DOCS=0: a trial run (reduced sizes) that must not replace the published figures, nor
	// the summary they were rendered from.
	const docs = process.env.BENCH_DOCS !== '0';
	const summaryFile = docs ? 'summary.json' : 'summary.trial.json';
	writeFileSync(resolve(dir, summaryFile), `${JSON.stringify(summary, null, 2)}\n`);
	if (docs) writeMarkdown(summary, resolve(REPO_ROOT, 'docs', 'benchmarks.md'));
	log(
		`\nwrote bench-results/${summaryFile}${docs ? ' and docs/benchmarks.md' : ''} (${summary.durationSeconds} s)`,
	);
}

main().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exitCode = 1;
});
