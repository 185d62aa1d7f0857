/**
 * Measures the memory an ECB upload body costs: builds the JSON body for a 10 MB and a 100 MB
 * file streamed from disk (as n8n's filesystem binary mode does) and samples RSS and
 * ArrayBuffer memory while doing so. Expect growth ≈ 1.33 × the file size.
 *
 *   npx ts-node --transpile-only scripts/bench-files.ts
 *   node --expose-gc -r ts-node/register/transpile-only scripts/bench-files.ts   (steadier numbers)
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildJsonBody } from '../nodes/ScalepointFiles/helpers/jsonBodyBuilder';

const MB = 1024 * 1024;

async function measure(sizeMb: number, dir: string) {
	const size = sizeMb * MB;
	const path = join(dir, `file-${sizeMb}.bin`);
	writeFileSync(path, Buffer.alloc(size, 7));
	(globalThis as { gc?: () => void }).gc?.();
	const before = process.memoryUsage();
	let peakRss = before.rss;
	let peakBuffers = before.arrayBuffers;
	const timer = setInterval(() => {
		const now = process.memoryUsage();
		peakRss = Math.max(peakRss, now.rss);
		peakBuffers = Math.max(peakBuffers, now.arrayBuffers);
	}, 2);
	const started = Date.now();
	const body = await buildJsonBody(
		[
			{
				source: { kind: 'stream', open: async () => createReadStream(path) },
				byteLength: size,
				label: path,
			},
		],
		(slots) => ({
			securityToken: 'x',
			payload: {
				files: [{ fileName: 'f.bin', contentType: 'application/octet-stream', content: slots[0] }],
			},
		}),
	);
	const ms = Date.now() - started;
	clearInterval(timer);
	const after = process.memoryUsage();
	peakRss = Math.max(peakRss, after.rss);
	peakBuffers = Math.max(peakBuffers, after.arrayBuffers);
	const growth = peakRss - before.rss;
	console.log(
		`${sizeMb} MB file: body ${(body.length / MB).toFixed(1)} MB in ${ms} ms; peak RSS +${(growth / MB).toFixed(1)} MB ` +
			`(${(growth / size).toFixed(2)} × file); peak ArrayBuffers +${((peakBuffers - before.arrayBuffers) / MB).toFixed(1)} MB ` +
			`(${((peakBuffers - before.arrayBuffers) / size).toFixed(2)} × file)`,
	);
}

async function main() {
	const dir = mkdtempSync(join(tmpdir(), 'bench-files-'));
	try {
		for (const sizeMb of [10, 100]) await measure(sizeMb, dir);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

void main();
