import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

import type { IExecuteFunctions } from 'n8n-workflow';

import { describeBinary } from '../../nodes/ScalepointFiles/helpers/binaryFiles';
import {
	FileContentError,
	base64Length,
	buildJsonBody,
	type FileContent,
} from '../../nodes/ScalepointFiles/helpers/jsonBodyBuilder';

type Shape = (contents: string[]) => unknown;

const shapeFor =
	(names: string[]): Shape =>
	(contents) => ({
		securityToken: '00000000-0000-0000-0000-000000000000',
		payload: {
			id: '11111111-1111-1111-1111-111111111111',
			files: names.map((fileName, index) => ({
				fileName,
				contentType: 'text/plain',
				content: contents[index],
				isRestricted: false,
			})),
		},
	});

/** A stream that delivers `bytes` in chunks of the given sizes (cycled), to hit every alignment. */
function chunked(bytes: Buffer, sizes: number[]): FileContent['source'] {
	return {
		kind: 'stream',
		open: async () => {
			const parts: Buffer[] = [];
			for (let at = 0, i = 0; at < bytes.length; i++) {
				const size = sizes[i % sizes.length];
				parts.push(bytes.subarray(at, at + size));
				at += size;
			}
			return Readable.from(parts);
		},
	};
}

async function expectIdentical(
	files: Array<{ name: string; bytes: Buffer; source: FileContent['source'] }>,
) {
	const shape = shapeFor(files.map((f) => f.name));
	const built = await buildJsonBody(
		files.map((f) => ({ source: f.source, byteLength: f.bytes.length, label: f.name })),
		shape,
	);
	const expected = Buffer.from(
		JSON.stringify(shape(files.map((f) => f.bytes.toString('base64')))),
		'utf8',
	);
	expect(built.length).toBe(expected.length);
	expect(built.equals(expected)).toBe(true);
	return built;
}

describe('buildJsonBody', () => {
	it.each([0, 1, 2, 3, 4, 5, 6, 1024 * 1024 + 1])(
		'is byte-identical to JSON.stringify for %i bytes (stream)',
		async (size) => {
			const bytes = randomBytes(size);
			await expectIdentical([
				{ name: 'a.txt', bytes, source: chunked(bytes, [1, 2, 4, 65536, 7]) },
			]);
		},
	);

	it.each([0, 1, 2, 3, 4, 1024 * 1024 + 1])(
		'is byte-identical to JSON.stringify for %i bytes (base64 in memory)',
		async (size) => {
			const bytes = randomBytes(size);
			await expectIdentical([
				{ name: 'a.txt', bytes, source: { kind: 'base64', base64: bytes.toString('base64') } },
			]);
		},
	);

	it('re-encodes base64 that is not canonical (line breaks) to the canonical form', async () => {
		const bytes = randomBytes(100);
		const wrapped = bytes.toString('base64').replace(/(.{20})/g, '$1\n');
		await expectIdentical([{ name: 'a.txt', bytes, source: { kind: 'base64', base64: wrapped } }]);
	});

	it('a MIME-wrapped file larger than one decoding slice: exact size from describeBinary, canonical body', async () => {
		const bytes = randomBytes(3 * 1024 * 1024 + 2);
		const mime = bytes.toString('base64').replace(/(.{76})/g, '$1\r\n');
		const file = await describeBinary({} as IExecuteFunctions, 'data', {
			data: mime,
			mimeType: 'application/pdf',
		});
		expect(file.byteLength).toBe(bytes.length);
		await expectIdentical([{ name: 'a.pdf', bytes, source: file.source }]);
	});

	it('handles several files and unicode / JSON-special names', async () => {
		const a = randomBytes(10);
		const b = randomBytes(65537);
		const c = Buffer.alloc(0);
		const built = await expectIdentical([
			{ name: 'Skadesfoto æøå 😀.jpg', bytes: a, source: chunked(a, [3]) },
			{
				name: 'quote " back\\slash \u2028 tab\t.pdf',
				bytes: b,
				source: { kind: 'base64', base64: b.toString('base64') },
			},
			{ name: '日本語.txt', bytes: c, source: chunked(c, [1]) },
		]);
		const parsed = JSON.parse(built.toString('utf8'));
		expect(Buffer.from(parsed.payload.files[1].content, 'base64').equals(b)).toBe(true);
	});

	it('does not mistake a name that looks like a slot for the content', async () => {
		const bytes = Buffer.from('hello');
		const shape: Shape = (contents) => ({ note: 'content:0', files: [{ content: contents[0] }] });
		const built = await buildJsonBody(
			[{ source: chunked(bytes, [5]), byteLength: 5, label: 'x' }],
			shape,
		);
		expect(built.toString('utf8')).toBe('{"note":"content:0","files":[{"content":"aGVsbG8="}]}');
	});

	it('refuses a stream longer than its metadata before writing past it', async () => {
		const bytes = randomBytes(10);
		await expect(
			buildJsonBody(
				[{ source: chunked(bytes, [4]), byteLength: 6, label: 'File "a.txt"' }],
				shapeFor(['a.txt']),
			),
		).rejects.toThrow(/File "a.txt": its stored data has at least 8 bytes but its metadata says 6/);
	});

	it('refuses a stream shorter than its metadata', async () => {
		const bytes = randomBytes(5);
		const error = await buildJsonBody(
			[{ source: chunked(bytes, [2]), byteLength: 9, label: 'b.pdf' }],
			shapeFor(['b.pdf']),
		).catch((e) => e);
		expect(error).toBeInstanceOf(FileContentError);
		expect(error.message).toMatch(/has 5 bytes but its metadata says 9/);
	});

	it('refuses base64 whose size differs from the metadata', async () => {
		await expect(
			buildJsonBody(
				[{ source: { kind: 'base64', base64: 'aGVsbG8=' }, byteLength: 4, label: 'c.txt' }],
				shapeFor(['c.txt']),
			),
		).rejects.toThrow(/has 5 bytes but its metadata says 4/);
	});

	it('computes base64 lengths with padding', () => {
		expect([0, 1, 2, 3, 4, 100 * 1024 * 1024].map(base64Length)).toEqual([
			0, 4, 4, 4, 8, 139810136,
		]);
	});
});
