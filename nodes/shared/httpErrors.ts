import type { IExecuteFunctions, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { boundedText, MAX_DESCRIPTION_LENGTH, MAX_MESSAGE_LENGTH } from './messageLength';

/** Finds an error in a `cause` chain (n8n wraps errors thrown inside its request helpers). */
export function findInCauseChain(error: unknown, match: (candidate: Error) => boolean) {
	let current: unknown = error;
	for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
		if (match(current)) return current;
		current = (current as Error & { cause?: unknown }).cause;
	}
	return undefined;
}

/** The low-level network error code (ECONNRESET, ECONNABORTED, ...) behind a request failure. */
export function networkErrorCode(error: unknown): string | undefined {
	const found = findInCauseChain(
		error,
		(candidate) => typeof (candidate as { code?: unknown }).code === 'string',
	);
	const code = (found as { code?: string } | undefined)?.code;
	return code && /^[A-Z_]+$/.test(code) ? code : undefined;
}

// Codes that prove the request never reached the server, so even a non-idempotent request may be
// sent again. Anything else (reset, timeout, hang-up) is ambiguous: the server may have acted.
const NEVER_SENT = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);

export function provedNotSent(error: unknown) {
	const code = networkErrorCode(error);
	return code !== undefined && NEVER_SENT.has(code);
}

const CODE_WORDS: Record<string, string> = {
	ECONNRESET: 'the connection was reset',
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be resolved',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	EPIPE: 'the connection was closed while sending',
	ECONNABORTED: 'the request timed out',
	ETIMEDOUT: 'the request timed out',
};

/**
 * Words for a network failure. (n8n replaces messages that contain raw codes such as ECONNRESET
 * with a generic text, which would hide whether the request may have been processed.)
 */
export function describeNetworkFailure(error: unknown) {
	const code = networkErrorCode(error);
	return code ? (CODE_WORDS[code] ?? 'the connection failed') : 'there was no answer';
}

/**
 * Whether a request failed for lack of time: axios's idle timeout (ECONNABORTED, ETIMEDOUT) or the
 * request's total deadline (a `DeadlineExceededError`, see deadline.ts, which has code ETIMEDOUT).
 */
export function isTimeout(error: unknown) {
	const code = networkErrorCode(error);
	return code === 'ECONNABORTED' || code === 'ETIMEDOUT';
}

/**
 * A `NodeApiError` built only from what we choose to show: the raw response is not attached, so a
 * server that echoes a request (and so a secret) cannot leak it into the error.
 */
export function apiError(
	node: INode,
	status: number | undefined,
	message: string,
	description?: string,
	itemIndex?: number,
) {
	const httpCode = status === undefined ? undefined : String(status);
	const shown = boundedText(message, MAX_MESSAGE_LENGTH);
	return new NodeApiError(node, { message: shown, httpCode: httpCode ?? null } as JsonObject, {
		message: shown,
		description: boundedText(description, MAX_DESCRIPTION_LENGTH),
		httpCode,
		itemIndex,
	});
}

/** Whether a request or a wait ended because the execution was cancelled. */
export function isCancelled(error: unknown) {
	return (
		findInCauseChain(
			error,
			(candidate) =>
				candidate.name === 'WaitCancelledError' ||
				candidate.name === 'CanceledError' ||
				(candidate as { code?: string }).code === 'ERR_CANCELED',
		) !== undefined
	);
}

/**
 * A request or a read the package gave up on at an abort signal (a deadline or the execution's
 * cancel). Shaped like axios' cancel error so that `isCancelled` sees it as one; whether it was a
 * deadline is decided by the deadline itself (deadline.ts `explain`), not by this shape.
 */
export class AbandonedError extends Error {
	readonly code = 'ERR_CANCELED';

	constructor(message: string) {
		super(message);
		this.name = 'CanceledError';
	}
}

export function cancelSignal(ctx: IExecuteFunctions) {
	return ctx.getExecutionCancelSignal?.();
}

/** Response bodies arrive parsed, as text or as bytes depending on the n8n version and headers. */
export function parseJsonBody(body: unknown): unknown {
	if (body instanceof Uint8Array) return parseJsonBody(Buffer.from(body).toString('utf8'));
	if (typeof body !== 'string') return body;
	const text = body.trim();
	if (text === '') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return body;
	}
}

export function asObject(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: undefined;
}
