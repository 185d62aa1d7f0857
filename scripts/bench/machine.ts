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
