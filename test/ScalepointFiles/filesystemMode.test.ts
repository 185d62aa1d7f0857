import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { useBinaryMode } from '../harness/runWorkflow';
import { OPEN_NOTIFICATION, caseParams, notificationParams, run, sentFiles } from './helpers';

let fx: ScalepointFixture;
let dir: string;

beforeAll(async () => {
	await useBinaryMode('filesystem');
	fx = await startScalepointFixture();
	dir = mkdtempSync(join(tmpdir(), 'ecb-files-'));
});
afterAll(async () => {
	await fx.sandbox.close();
	rmSync(dir, { recursive: true, force: true });
	await useBinaryMode('default');
});
beforeEach(() => fx.sandbox.reset());

describe('binary data stored on disk (filesystem mode): streamed into the body', () => {
	it.each([1, 2, 3, 200_001])('a %i-byte file arrives byte for byte', async (size) => {
		const bytes = randomBytes(size);
		const filePath = join(dir, `file-${size}.pdf`);
		writeFileSync(filePath, bytes);
		const result = await run(fx, caseParams(fx), [
			{
				json: {},
				binary: { data: { filePath, fileName: 'scan.pdf', mimeType: 'application/pdf' } },
			},
		]);
		expect(result.error).toBeUndefined();
		// Proves the stream path: the input item holds a reference to the stored file, not its bytes.
		const input = result.run.data.resultData.runData.Input[0].data!.main[0]![0].binary!.data;
		expect(input.id).toMatch(/^filesystem/);
		expect(input.data).not.toBe(bytes.toString('base64'));
		const requests = fx.sandbox.requests('ecb.submitForCase');
		expect(requests).toHaveLength(1);
		const [file] = sentFiles(requests[0]);
		expect(file.content.length).toBe(size);
		expect(file.content.equals(bytes)).toBe(true);
		expect(result.output[0].json.files).toEqual([
			{ id: fx.sandbox.state.files[0].id, fileName: 'scan.pdf', binaryProperty: 'data' },
		]);
	});

	it('an empty stored file is refused before sending', async () => {
		const filePath = join(dir, 'empty');
		writeFileSync(filePath, Buffer.alloc(0));
		const result = await run(fx, caseParams(fx), [
			{ json: {}, binary: { data: { filePath, fileName: 'empty.txt' } } },
		]);
		expect(result.error?.message).toBe(
			'File "empty.txt" (binary property "data") is empty (0 bytes); Scalepoint requires file content.',
		);
		expect(fx.sandbox.requests('ecb.submitForCase')).toHaveLength(0);
	});

	it('several stored files of one item (one request) to a damage notification, ids in order', async () => {
		const a = randomBytes(70_000);
		const b = randomBytes(65_537);
		writeFileSync(join(dir, 'a'), a);
		writeFileSync(join(dir, 'b'), b);
		const result = await run(
			fx,
			notificationParams(fx, {
				binaryPropertyNames: 'second,first',
				fileSettings: { file: [{ binaryProperty: 'first', isDamageImage: true }] },
			}),
			[
				{
					json: {},
					binary: {
						first: { filePath: join(dir, 'a'), fileName: 'damage.jpg', mimeType: 'image/jpeg' },
						second: { filePath: join(dir, 'b'), fileName: 'report.docx' },
					},
				},
			],
		);
		expect(result.error).toBeUndefined();
		const requests = fx.sandbox.requests('ecb.submitForDamageNotification');
		expect(requests).toHaveLength(1);
		const files = sentFiles(requests[0]);
		expect(files.map((f) => [f.fileName, f.isDamageImage])).toEqual([
			['report.docx', false],
			['damage.jpg', true],
		]);
		expect(files[0].content.equals(b)).toBe(true);
		expect(files[1].content.equals(a)).toBe(true);
		const stored = fx.sandbox.state.files;
		expect(stored.map((f) => f.targetId)).toEqual([OPEN_NOTIFICATION, OPEN_NOTIFICATION]);
		expect(result.output[0].json.files).toEqual([
			{ id: stored[0].id, fileName: 'report.docx', binaryProperty: 'second' },
			{ id: stored[1].id, fileName: 'damage.jpg', binaryProperty: 'first' },
		]);
	});
});
