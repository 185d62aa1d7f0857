import { RateLimiter, type PacingRules, type Release } from './rateLimiter';

/**
 * One pacer per client and host for the whole n8n process. A vendor's rate limit counts all
 * requests of a client (its credential), so two nodes in one workflow, or two executions at
 * once, must share one pacer: each pacing itself alone, together they exceeded Hub's 5/s.
 * Callers bring their own rules (see RateLimiter.acquire); the pacer records every start.
 *
 * A pacer nobody uses and that no window still counts is dropped, so the map stays as small as
 * the set of clients in use.
 */
const limiters = new Map<string, RateLimiter>();

/**
 * Waits for a turn on the pacer of `scope` (what the limit is about, e.g. Hub Property delete),
 * the credential (its key, see credentialRegistry.ts) and the host `url` goes to, under `rules`.
 * Call the returned function when the request has finished.
 */
export async function acquireShared(
	scope: string,
	credentialKey: string,
	url: string,
	rules: PacingRules,
	signal?: AbortSignal,
): Promise<Release> {
	const key = `${scope}\n${credentialKey}\n${originOf(url)}`;
	let limiter = limiters.get(key);
	if (!limiter) {
		for (const [other, idle] of limiters) if (idle.isIdle()) limiters.delete(other);
		limiter = new RateLimiter();
		limiters.set(key, limiter);
	}
	// Called at once: the limiter counts this caller as waiting before anything can drop it.
	return await limiter.acquire(signal, rules);
}

/** How many pacers the process holds (for tests of its bound). */
export function sharedLimiterCount() {
	return limiters.size;
}

function originOf(url: string) {
	try {
		return new URL(url).origin;
	} catch {
		return url;
	}
}
