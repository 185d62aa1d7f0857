import type { IncomingMessage } from 'node:http';
import type { JournalEntry } from './types';

/** What a route handler returns; the server (not the handler) writes it, so faults can alter it. */
export interface Reply {
	status: number;
	headers?: Record<string, string>;
	/** Objects are sent as JSON; strings as they are. */
	body?: unknown;
}

export interface RequestContext {
	method: string;
	rawPath: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	params: Record<string, string>;
	body: Buffer;
	/** True when the body went over the route's limit (the rest was discarded). */
	bodyTooLarge: boolean;
	entry: JournalEntry;
	/** Aborted when the sandbox closes: long polls and delays stop waiting. */
	signal: AbortSignal;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
	return { status, body, headers };
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false };

export function parseJson(body: Buffer): ParsedJson {
	if (body.length === 0) return { ok: false };
	try {
		return { ok: true, value: JSON.parse(body.toString('utf8')) };
	} catch {
		return { ok: false };
	}
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The media type of a Content-Type header, lower-case, without parameters. */
export function mediaType(headers: Record<string, string>): string {
	return (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

export interface ReadBody {
	body: Buffer;
	bytes: number;
	tooLarge: boolean;
}

/**
 * Reads the body as a stream of chunks. Past `limit` the rest is drained and counted but not
 * kept, so a 200 MB upload costs no memory and the client still gets to read our answer.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<ReadBody> {
	const declared = Number(req.headers['content-length']);
	if (Number.isFinite(declared) && declared > limit) {
		// Answer at once: reading 150 MB just to refuse it helps nobody.
		return Promise.resolve({ body: Buffer.alloc(0), bytes: declared, tooLarge: true });
	}
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let bytes = 0;
		let tooLarge = false;
		req.on('data', (chunk: Buffer) => {
			bytes += chunk.length;
			if (bytes > limit) {
				tooLarge = true;
				chunks.length = 0;
			} else if (!tooLarge) {
				chunks.push(chunk);
			}
		});
		req.on('end', () => resolve({ body: Buffer.concat(chunks), bytes, tooLarge }));
		req.on('error', reject);
		req.on('aborted', () => reject(new Error('request aborted')));
	});
}

/** Resolves after `ms`, or early (without error) when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal.aborted) return resolve();
		const timer = setTimeout(done, ms);
		function done() {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		}
		signal.addEventListener('abort', done, { once: true });
	});
}
