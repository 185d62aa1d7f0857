import type { ServerResponse } from 'node:http';
import { sleep, type Reply } from './http';
import type { Fault } from './types';

/** Turns a reply into bytes: objects as JSON, strings as they are (JSON-looking ones labelled so). */
export function serialize(reply: Reply): { text: string; contentType: string } {
	if (reply.body === undefined) return { text: '', contentType: 'application/json; charset=utf-8' };
	if (typeof reply.body === 'string') {
		let looksJson = true;
		try {
			JSON.parse(reply.body);
		} catch {
			looksJson = false;
		}
		return {
			text: reply.body,
			contentType: looksJson ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
		};
	}
	return { text: JSON.stringify(reply.body), contentType: 'application/json; charset=utf-8' };
}

/** A body a JSON parser must refuse: the first half of the real one. */
export function malformed(text: string): string {
	return text.length < 2 ? '{' : text.slice(0, Math.floor(text.length / 2));
}

/** Writes the reply with the fault's body alterations; returns the status sent. */
export function writeReply(
	res: ServerResponse,
	reply: Reply,
	fault: Fault | undefined,
	closeConnection: boolean,
): number {
	const { text, contentType } = serialize(reply);
	let body = text;
	if (fault?.malformedJson) body = malformed(text);
	if (fault?.emptyBody) body = '';
	const headers: Record<string, string> = {
		'content-type': contentType,
		...lowerCaseKeys(reply.headers ?? {}),
		'content-length': String(Buffer.byteLength(body)),
	};
	if (closeConnection) headers.connection = 'close';
	res.writeHead(reply.status, headers);
	res.end(body);
	return reply.status;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
	return Object.fromEntries(
		Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
	);
}

/**
 * The `dribble` fault: status and headers at once, then one space every `intervalMs` (JSON allows
 * leading white space), then the real body. Resolves when the answer is complete, the client
 * closed the connection, or the sandbox closes.
 */
export async function writeDribbled(
	res: ServerResponse,
	reply: Reply,
	dribble: { intervalMs: number; bytes?: number },
	signal: AbortSignal,
): Promise<number> {
	const { text, contentType } = serialize(reply);
	res.writeHead(reply.status, {
		'content-type': contentType,
		...lowerCaseKeys(reply.headers ?? {}),
	});
	res.flushHeaders();
	for (let sent = 0; sent < (dribble.bytes ?? Infinity); sent++) {
		if (res.destroyed || signal.aborted) return reply.status;
		res.write(' ');
		await sleep(dribble.intervalMs, signal);
	}
	if (!res.destroyed) res.end(text);
	return reply.status;
}
