import { AbandonedError, findInCauseChain, isCancelled } from './httpErrors';

/**
 * How much of an answer the package reads. n8n's request helpers read a whole answer into memory
 * without any limit (axios `maxContentLength: Infinity`, which a node cannot change), so a server
 * streaming hundreds of MB would grow the n8n process by as much. Every request therefore asks
 * for the body as a stream (`encoding: 'stream'`) and reads it through `readCappedAnswer`.
 */
const MB = 1024 * 1024;

/** A token answer is a small JSON object: a megabyte is generous. */
export const TOKEN_ANSWER_CAP_BYTES = 1 * MB;

/**
 * The largest API answer read. The biggest legitimate answers are lists without paging
 * (Thinksurance inquiries and agency numbers) and a long poll's batch of Scalepoint events: a few
 * MB even for large accounts. Files are only ever sent, never received.
 */
export const API_ANSWER_CAP_BYTES = 64 * MB;

/** An answer longer than the cap: reading stopped there and nothing of it was used. */
export class AnswerTooLargeError extends Error {
	constructor(readonly capBytes: number) {
		super(`The answer was larger than ${capInMb(capBytes)}; reading stopped there`);
		this.name = 'AnswerTooLargeError';
	}
}

/** The `AnswerTooLargeError` behind a failure, if that is what it was. */
export function answerTooLarge(error: unknown) {
	return findInCauseChain(error, (candidate) => candidate instanceof AnswerTooLargeError) as
		AnswerTooLargeError | undefined;
}

/** "Scalepoint answered more than 64 MB; nothing of it was used" (no next step: callers add it). */
export function tooLargeMessage(who: string, error: AnswerTooLargeError) {
	return `${who} answered more than ${capInMb(error.capBytes)}; nothing of it was used`;
}

/**
 * The next step after an API answer beyond the cap. The server answered, so it received the
 * request: an idempotent one was not asked for again (the answer would come back as long), and any
 * other may have taken effect.
 */
export function tooLargeAdvice(advice: {
	vendor: string;
	idempotent: boolean;
	/** What to check when nothing can have happened: "the host parameter and the request". */
	check: string;
	/** The next step when the request may have taken effect. */
	recheck: string;
}) {
	return advice.idempotent
		? `The answer is far larger than any this node expects, so reading stopped and it was not asked for again. Check ${advice.check}, then run again.`
		: `${advice.vendor} received the request and may have processed it, so it was not sent again automatically. ${advice.recheck}`;
}

/** The message for a token answer beyond the cap; `check` names the credential's fields. */
export function tokenTooLargeMessage(endpoint: string, error: AnswerTooLargeError, check: string) {
	return `${tooLargeMessage(endpoint, error)}. A token answer is a small JSON object: check ${check}.`;
}

/**
 * Whether an idempotent request that failed without a usable answer may be sent again: not once
 * the execution was cancelled, and not after an answer beyond the cap (it would come back as long).
 */
export function mayRepeat(error: unknown) {
	return !isCancelled(error) && !answerTooLarge(error);
}

function capInMb(capBytes: number) {
	return `${Math.round((capBytes / MB) * 100) / 100} MB`;
}

interface ReadableBody extends AsyncIterable<unknown> {
	destroy(error?: Error): void;
}

function isReadable(body: unknown): body is ReadableBody {
	return (
		typeof body === 'object' &&
		body !== null &&
		typeof (body as Partial<ReadableBody>).destroy === 'function' &&
		typeof (body as Partial<ReadableBody>)[Symbol.asyncIterator] === 'function'
	);
}

/**
 * The answer's text, read up to `capBytes` (decompressed bytes, as n8n hands them over). Beyond the
 * cap the stream is destroyed, which closes the connection, and an `AnswerTooLargeError` is
 * thrown. `signal` (the request's deadline or cancel) ends the read too: a server that trickles a
 * long answer is stopped at the deadline, not at its last byte.
 *
 * A body that is not a stream (an n8n that ignored `encoding: 'stream'`, or a test double) is
 * returned as it is when within the cap.
 */
export async function readCappedAnswer(
	body: unknown,
	capBytes: number,
	signal?: AbortSignal,
): Promise<unknown> {
	if (!isReadable(body)) {
		const length =
			typeof body === 'string'
				? new TextEncoder().encode(body).length
				: body instanceof Uint8Array
					? body.length
					: 0;
		if (length > capBytes) throw new AnswerTooLargeError(capBytes);
		return body;
	}
	const stop = () => body.destroy(new AbandonedError('Reading the answer was abandoned'));
	signal?.addEventListener('abort', stop, { once: true });
	try {
		if (signal?.aborted) stop();
		const decoder = new TextDecoder();
		const parts: string[] = [];
		let read = 0;
		for await (const chunk of body) {
			const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
			if (!(bytes instanceof Uint8Array)) continue;
			read += bytes.length;
			if (read > capBytes) {
				body.destroy();
				throw new AnswerTooLargeError(capBytes);
			}
			parts.push(decoder.decode(bytes, { stream: true }));
		}
		parts.push(decoder.decode());
		return parts.join('');
	} finally {
		signal?.removeEventListener('abort', stop);
	}
}
