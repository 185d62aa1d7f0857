/** The machine the figures were taken on: cores, memory, CPU model, load, Node and n8n versions. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { Runtime } from '../runtime/install';

export interface MachineInfo {
	nproc: number;
	memoryGb: number;
	cpuModel: string;
	loadAverageAtStart: number[];
	benchNode: string;
	n8nNode: string;
	n8nVersion: string;
	date: string;
}

function cpuModel(): string {
	try {
		const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
		if (match) return match[1].trim();
	} catch {
		// not Linux
	}
	return cpus()[0]?.model ?? 'unknown';
}

export function machineInfo(runtime: Runtime): MachineInfo {
	return {
		nproc: cpus().length,
		memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
		cpuModel: cpuModel(),
		loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
		benchNode: process.version,
		n8nNode: runtime.nodeVersion,
		n8nVersion: runtime.spec.n8nVersion,
		date: new Date().toISOString(),
	};
}

/** The 1-minute load average every 15 s while the bench runs: how busy the shared machine was. */
export interface LoadDuringRun {
	samples: number;
	min: number;
	median: number;
	max: number;
}

export function sampleLoad(): { stop(): LoadDuringRun } {
	const values: number[] = [loadavg()[0]];
	const timer = setInterval(() => values.push(loadavg()[0]), 15_000);
	timer.unref();
	return {
		stop: () => {
			clearInterval(timer);
			values.push(loadavg()[0]);
			const sorted = [...values].sort((a, b) => a - b);
			const round = (value: number) => Math.round(value * 100) / 100;
			return {
				samples: sorted.length,
				min: round(sorted[0]),
				median: round(sorted[Math.floor(sorted.length / 2)]),
				max: round(sorted[sorted.length - 1]),
			};
		},
	};
}
