/**
 * Figure 4: scripts/bench-deletes.ts (200 Hub deletions through the real node and n8n's engine,
 * in-process, against the sandbox with Scalepoint's default limits 5/s and 100/min), run as a
 * child and its printed figures read back.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../runtime/runtimes';

export interface DeleteFigures {
	count: number;
	deleted: number;
	wallSeconds: number;
	minimumSeconds: number;
	ratio: number;
	rateLimited: number;
	exitCode: number | null;
}

export async function runDeletes(
	count: number,
	log: (line: string) => void,
): Promise<DeleteFigures> {
	const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>(
		(done, fail) => {
			const child = spawn(
				process.execPath,
				[
					'-r',
					'ts-node/register/transpile-only',
					resolve(REPO_ROOT, 'scripts/bench-deletes.ts'),
					String(count),
				],
				{ cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
			);
			let out = '';
			child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
			child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
			child.on('error', fail);
			child.on('close', (exit) => done({ code: exit, stdout: out }));
		},
	);
	const number = (label: string) => {
		const match = new RegExp(`${label}:\\s+([\\d.]+)`).exec(stdout);
		if (!match) throw new Error(`bench-deletes printed no "${label}":\n${stdout.slice(-2000)}`);
		return Number(match[1]);
	};
	for (const line of stdout.split('\n').filter((text) => text.startsWith('429 at')))
		log(`  ${line}`);
	return {
		count,
		deleted: number('deletions'),
		wallSeconds: number('wall time'),
		minimumSeconds: number('theoretical minimum'),
		ratio: number('ratio'),
		rateLimited: number('429 answers'),
		exitCode: code,
	};
}
