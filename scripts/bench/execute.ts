/**
 * `n8n execute --id --rawOutput` with its output sent to a file. Through a pipe, n8n exits before a
 * large result (10,000 items per node, pretty-printed) is flushed and the run data is cut off; file
 * writes are synchronous. Also exposes the pid, for memory sampling.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRun, tail, type N8nInstance } from '../runtime/n8nProcess';

export interface BenchExecution {
	code: number | null;
	wallMs: number;
	/** User + system CPU of the n8n process (not its task runner), last sample before exit. */
	cpuMs: number;
	run: Record<string, unknown> | undefined;
	stdoutTail: string;
}

export async function executeToFile(
	instance: N8nInstance,
	id: string,
	options: { timeoutMs?: number; onStart?: (pid: number) => void; env?: NodeJS.ProcessEnv } = {},
): Promise<BenchExecution> {
	const dir = mkdtempSync(join(tmpdir(), 'bench-exec-'));
	const file = join(dir, 'out.log');
	const fd = openSync(file, 'w');
	const started = Date.now();
	let cpuMs = 0;
	let sampler: NodeJS.Timeout | undefined;
	try {
		const code = await new Promise<number | null>((done, fail) => {
			const child = spawn(
				instance.runtime.node,
				[instance.runtime.n8nBin, 'execute', `--id=${id}`, '--rawOutput'],
				{
					env: { ...instance.env, ...options.env },
					cwd: instance.userFolder,
					stdio: ['ignore', fd, fd],
				},
			);
			const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 900_000);
			const pid = child.pid;
			if (pid) {
				options.onStart?.(pid);
				sampler = setInterval(() => (cpuMs = cpuTimeMs(pid) ?? cpuMs), 50);
			}
			child.on('error', fail);
			child.on('close', (exit) => {
				clearTimeout(timer);
				done(exit);
			});
		});
		const wallMs = Date.now() - started;
		clearInterval(sampler);
		closeSync(fd);
		const stdout = readFileSync(file, 'utf8');
		const run = findRun(stdout);
		return { code, wallMs, cpuMs, run, stdoutTail: run ? '' : tail(stdout, 15).slice(-3000) };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms). */
function cpuTimeMs(pid: number): number | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return undefined;
	}
}

export interface NodeResult {
	executionTime: number;
	output: Array<Record<string, unknown>>;
	errorOutput: Array<Record<string, unknown>>;
	error?: Record<string, unknown>;
}

export function nodeResult(execution: BenchExecution, name: string): NodeResult {
	const runData = (
		execution.run?.data as { resultData?: { runData?: Record<string, unknown[]> } } | undefined
	)?.resultData?.runData;
	const first = runData?.[name]?.[0] as
		| { executionTime?: number; data?: { main?: unknown[][] }; error?: Record<string, unknown> }
		| undefined;
	if (!first) {
		throw new Error(`node "${name}" did not run (exit ${execution.code})\n${execution.stdoutTail}`);
	}
	const main = (first.data?.main ?? []) as Array<Array<{ json: Record<string, unknown> }> | null>;
	return {
		executionTime: Number(first.executionTime ?? NaN),
		output: (main[0] ?? []).map((item) => item.json),
		errorOutput: (main[1] ?? []).map((item) => item.json),
		error: first.error,
	};
}
