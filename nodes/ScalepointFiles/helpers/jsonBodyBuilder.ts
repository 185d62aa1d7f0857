import { randomUUID } from 'node:crypto';

import { writeBase64Into } from './base64Into';

/**
 * Builds a JSON request body that carries whole files as base64 strings, in ONE preallocated
 * Buffer: the JSON text around the files is written once, and each file's base64 is encoded
 * chunk by chunk from its stream straight into its place. A 100 MB file so costs about 133 MB
 * (its base64 inside the body) instead of the file + its base64 string + the JSON string + the
 * request's copy. The result is byte-identical to `JSON.stringify` of the same object.
 */

/** Where one file's bytes come from. */
export type ContentSource =
	/** The content already as base64 (n8n's in-memory binary mode stores it so). */
	| { kind: 'base64'; base64: string }
	/** A stream of the bytes, opened only when this file's turn comes. */
	| { kind: 'stream'; open: () => Promise<AsyncIterable<unknown>> };

export interface FileContent {
	source: ContentSource;
	/** The exact number of bytes, from the binary metadata: it sizes the buffer. */
	byteLength: number;
	/** Names the file in errors. */
	label: string;
}

/** The content does not match what its metadata promised (size, encoding). */
export class FileContentError extends Error {
	constructor(
		readonly label: string,
		message: string,
	) {
		super(`${label}: ${message}`);
		this.name = 'FileContentError';
	}
}

/** Length of the base64 text (with padding) of `byteLength` bytes. */
export function base64Length(byteLength: number) {
	return Math.ceil(byteLength / 3) * 4;
}

const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decoded size of padded base64 without whitespace, or undefined when the text is not that. */
export function strictBase64ByteLength(base64: string): number | undefined {
	if (base64.length % 4 !== 0 || !STRICT_BASE64.test(base64)) return undefined;
	const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
	return (base64.length / 4) * 3 - padding;
}

/**
 * Decoded size of base64 that is not canonical but still plain base64: whitespace anywhere (MIME
 * wraps lines with CRLF), padding missing or present, URL-safe letters (Node decodes them too).
 * Counted character by character, so a large file is not decoded just to learn its size;
 * `Buffer.byteLength(text, 'base64')` would count the line breaks as data. Undefined for any
 * other character, or a lone last character that holds no whole byte.
 */
export function looseBase64ByteLength(base64: string): number | undefined {
	let characters = 0;
	let padded = false;
	for (let i = 0; i < base64.length; i++) {
		const code = base64.charCodeAt(i);
		if (isAsciiWhitespace(code)) continue;
		if (code === 0x3d) {
			padded = true;
			continue;
		}
		if (padded || !isBase64Character(code)) return undefined;
		characters++;
	}
	if (characters % 4 === 1) return undefined;
	return Math.floor((characters * 3) / 4);
}

function isAsciiWhitespace(code: number) {
	return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

function isBase64Character(code: number) {
	return (
		(code >= 0x41 && code <= 0x5a) || // A-Z
		(code >= 0x61 && code <= 0x7a) || // a-z
		(code >= 0x30 && code <= 0x39) || // 0-9
		code === 0x2b || // +
		code === 0x2f || // /
		code === 0x2d || // - (URL-safe)
		code === 0x5f // _ (URL-safe)
	);
}

/**
 * The bytes of base64 that passed `looseBase64ByteLength`, decoded one slice at a time: the
 * whitespace and padding are dropped and whole 4-character groups decoded, so no decoded copy
 * of the whole file is held next to the body.
 */
function* looseBase64Chunks(base64: string, sliceLength = 1024 * 1024): Generator<Buffer> {
	let carry = '';
	for (let at = 0; at < base64.length; at += sliceLength) {
		const text = carry + base64.slice(at, at + sliceLength).replace(/[\t\n\v\f\r =]/g, '');
		const whole = text.length - (text.length % 4);
		carry = text.slice(whole);
		if (whole > 0) yield Buffer.from(text.slice(0, whole), 'base64');
	}
	if (carry !== '') yield Buffer.from(carry, 'base64');
}

/**
 * Returns the UTF-8 bytes of `JSON.stringify(shape(slots))`, where every `slots[i]` string in the
 * shape stands for the base64 of `contents[i]`. Each slot must be used exactly once.
 */
export async function buildJsonBody(
	contents: FileContent[],
	shape: (slots: string[]) => unknown,
): Promise<Buffer> {
	// A random marker cannot occur in user text, so splitting on it finds only the slots.
	const nonce = randomUUID();
	const slots = contents.map((_, index) => `\u0000content:${nonce}:${index}\u0000`);
	let text = JSON.stringify(shape(slots));
	const segments: string[] = [];
	for (const slot of slots) {
		const quoted = JSON.stringify(slot);
		const at = text.indexOf(quoted);
		if (at < 0 || text.indexOf(quoted, at + quoted.length) >= 0) {
			throw new Error('Every file content slot must appear exactly once in the body');
		}
		segments.push(text.slice(0, at));
		text = text.slice(at + quoted.length);
	}
	segments.push(text);

	let total = 0;
	for (const segment of segments) total += Buffer.byteLength(segment, 'utf8');
	for (const content of contents) total += 2 + base64Length(content.byteLength);

	const target = Buffer.allocUnsafe(total);
	let offset = target.write(segments[0], 0, 'utf8');
	for (const [index, content] of contents.entries()) {
		offset += target.write('"', offset, 'latin1');
		const end = offset + base64Length(content.byteLength);
		offset = await writeBase64(target, offset, end, content);
		offset += target.write('"', offset, 'latin1');
		offset += target.write(segments[index + 1], offset, 'utf8');
	}
	if (offset !== total) throw new Error(`Body size mismatch: wrote ${offset} of ${total} bytes`);
	return target;
}

/** Writes one file's base64 into `target[offset, end)` and returns `end`. */
async function writeBase64(target: Buffer, offset: number, end: number, content: FileContent) {
	const { source } = content;
	if (source.kind === 'base64') {
		const size = strictBase64ByteLength(source.base64);
		if (size !== undefined) {
			checkSize(content, size);
			return offset + target.write(source.base64, offset, 'latin1');
		}
		// Not canonical (line breaks, missing padding): decoded slice by slice, encoded canonically.
		if (looseBase64ByteLength(source.base64) === undefined) {
			throw new FileContentError(
				content.label,
				'its binary data is not valid base64. Load the file again before this node.',
			);
		}
		return await writeStream(target, offset, end, content, looseBase64Chunks(source.base64));
	}
	return await writeStream(target, offset, end, content, await source.open());
}

async function writeStream(
	target: Buffer,
	offset: number,
	end: number,
	content: FileContent,
	chunks: AsyncIterable<unknown> | Iterable<unknown>,
) {
	// base64 maps 3 bytes to 4 characters: whole triples are encoded straight from each chunk
	// (no copy of the chunk); the 0–2 bytes left over are carried into the next one.
	let carry = Buffer.alloc(0);
	let read = 0;
	for await (const chunk of chunks) {
		let bytes = asBytes(chunk, content.label);
		read += bytes.length;
		// Checked before writing: more bytes than announced would run past this file's place.
		if (read > content.byteLength) checkSize(content, read, 'at least ');
		if (carry.length > 0) {
			const fill = Math.min(3 - carry.length, bytes.length);
			carry = Buffer.concat([carry, bytes.subarray(0, fill)]);
			bytes = bytes.subarray(fill);
			if (carry.length < 3) continue;
			offset = writeBase64Into(carry, target, offset);
			carry = Buffer.alloc(0);
		}
		const aligned = bytes.length - (bytes.length % 3);
		if (aligned > 0) offset = writeBase64Into(bytes.subarray(0, aligned), target, offset);
		if (aligned < bytes.length) carry = Buffer.from(bytes.subarray(aligned));
	}
	checkSize(content, read);
	if (carry.length > 0) offset = writeBase64Into(carry, target, offset);
	if (offset !== end)
		throw new FileContentError(content.label, 'the encoded content has an unexpected length');
	return offset;
}

function checkSize(content: FileContent, actual: number, qualifier = '') {
	if (actual !== content.byteLength) {
		throw new FileContentError(
			content.label,
			`its stored data has ${qualifier}${actual} bytes but its metadata says ${content.byteLength}. Load the file again before this node.`,
		);
	}
}

function asBytes(chunk: unknown, label: string): Buffer {
	if (Buffer.isBuffer(chunk)) return chunk;
	if (chunk instanceof Uint8Array)
		return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
	throw new FileContentError(label, 'its binary stream did not deliver bytes');
}
