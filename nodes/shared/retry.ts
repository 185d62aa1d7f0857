/**
 * Retry timing shared by the transports: Retry-After parsing and exponential backoff with jitter.
 * Whether a request may be retried at all is decided by the caller, never here.
 */

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds, or undefined. */
export function retryAfterMs(header: unknown, nowMs: number): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value === 'number' && Number.isFinite(value)) return Math.max(0, value * 1000);
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.max(0, Number(text) * 1000);
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - nowMs);
}

export interface BackoffOptions {
	/** First delay in ms. */
	baseMs: number;
	/** Upper bound for one delay in ms. */
	maxMs: number;
	/** Returns a number in [0, 1); injectable so tests can pin it. */
	random?: () => number;
}

/** "Full jitter" backoff: a random delay between half and all of base * 2^attempt, capped. */
export function backoffMs(
	attempt: number,
	{ baseMs, maxMs, random = Math.random }: BackoffOptions,
) {
	const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
	return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** The delay before the next attempt: the server's Retry-After when given (bounded), else backoff. */
export function nextDelayMs(
	attempt: number,
	retryAfterHeader: unknown,
	nowMs: number,
	options: BackoffOptions & { maxRetryAfterMs: number },
) {
	const fromServer = retryAfterMs(retryAfterHeader, nowMs);
	if (fromServer !== undefined) return Math.min(fromServer, options.maxRetryAfterMs);
	return backoffMs(attempt, options);
}
