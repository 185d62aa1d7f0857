import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ScalepointClient, ScalepointResponse } from '../../Scalepoint/transport';
import { apiError } from '../../shared/httpErrors';
import type { RateLimiter } from '../../shared/rateLimiter';
import { backoffMs, nextDelayMs } from '../../shared/retry';
import { waitFor } from '../../shared/wait';
import type { DeletionSettings } from './deletionSettings';
import type { DeletionTarget } from './deletionTarget';
import type { WindowGate } from './windowGate';

export interface DeletionDeps {
	node: INode;
	client: ScalepointClient;
	limiter: RateLimiter;
	gate: WindowGate;
	settings: DeletionSettings;
	signal: AbortSignal | undefined;
	/** Set once the first request of the run (the one that fetches the token) has finished. */
	primed: { done: boolean };
	now?: () => number;
}

export interface DeletionAttempts {
	rateLimited: number;
	serverErrors: number;
	/** 1 once a 401 made the run drop its token and send again. */
	tokenRefreshes: number;
}

const HEADERS = {
	Accept: 'application/json',
	'Accept-Charset': 'utf-8',
	'Content-Type': 'application/json',
};

const SERVER_ERROR_BACKOFF = { baseMs: 500, maxMs: 8_000 };
const RATE_LIMIT_BACKOFF = { baseMs: 1_000, maxMs: 15_000, maxRetryAfterMs: 60_000 };

/**
 * Sends one deletion with the deletion-specific retry rules (the transport is told not to retry):
 * - every attempt is paced by the rate limiter and waits for a closed window shared by all items,
 *   the resend after a 401 (with a new token) included;
 * - 429 and 503 mean Scalepoint did not act, so they are retried (bounded);
 * - a lost answer or a 500 is ambiguous: repeated only when the request is keyed, i.e. a Hub
 *   request carrying its requestId (the same one on every attempt) or a dry run. A ClaimShop live
 *   delete has no key and is never sent twice.
 */
export async function sendDeletion(
	deps: DeletionDeps,
	target: DeletionTarget,
	itemIndex: number,
): Promise<{ response: ScalepointResponse; attempts: DeletionAttempts }> {
	const { gate, settings, signal } = deps;
	const now = deps.now ?? Date.now;
	const repeatable = target.system === 'hubProperty' || target.dryRun;
	const attempts: DeletionAttempts = { rateLimited: 0, serverErrors: 0, tokenRefreshes: 0 };

	for (;;) {
		await gate.waitIfClosed();
		const outcome = await sendOnce(deps, target, repeatable, itemIndex, attempts);
		if ('failure' in outcome) {
			// A NodeApiError without a status is a lost answer (timeout, reset). Anything else
			// (credential, cancellation) is not retried here.
			const { failure } = outcome;
			const noAnswer = failure instanceof NodeApiError && !failure.httpCode;
			if (!noAnswer) throw failure;
			if (!repeatable) throw unkeyedNoAnswer(deps.node, failure, itemIndex);
			if (attempts.serverErrors >= settings.serverErrorRetries) throw failure;
			attempts.serverErrors++;
			await waitFor(backoffMs(attempts.serverErrors - 1, SERVER_ERROR_BACKOFF), signal);
			continue;
		}
		const { response } = outcome;

		if (response.status === 401 && attempts.tokenRefreshes === 0 && deps.client.refreshesAfter401) {
			// Rejected before it was processed (the transport dropped the token): send again, paced.
			attempts.tokenRefreshes++;
			continue;
		}
		if (response.status === 429 && attempts.rateLimited < settings.rateLimitRetries) {
			// Another client shares the budget. Scalepoint did not act, so this is safe to resend.
			attempts.rateLimited++;
			const delay = nextDelayMs(
				attempts.rateLimited - 1,
				response.headers['retry-after'],
				now(),
				RATE_LIMIT_BACKOFF,
			);
			await waitFor(delay, signal);
			continue;
		}
		if (response.status === 503) {
			await gate.onUnavailable(response, itemIndex);
			continue;
		}
		if (
			response.status >= 500 &&
			repeatable &&
			attempts.serverErrors < settings.serverErrorRetries
		) {
			attempts.serverErrors++;
			await waitFor(backoffMs(attempts.serverErrors - 1, SERVER_ERROR_BACKOFF), signal);
			continue;
		}
		return { response, attempts };
	}
}

/** One paced attempt; the pacing slot is released as soon as the answer (or failure) is in. */
async function sendOnce(
	deps: DeletionDeps,
	target: DeletionTarget,
	repeatable: boolean,
	itemIndex: number,
	attempts: DeletionAttempts,
): Promise<{ response: ScalepointResponse } | { failure: unknown }> {
	const release = await deps.limiter.acquire(deps.signal);
	// The first request, and the resend after a 401, fetch a token before they are sent, so they
	// reach Scalepoint later than they started: count them at completion, or the next window would
	// open too early.
	const countAtRelease = !deps.primed.done || attempts.tokenRefreshes > 0;
	try {
		const response = await deps.client.request({
			method: 'DELETE',
			url: target.url,
			headers: HEADERS,
			body: target.body,
			idempotent: repeatable,
			retryStatuses: [],
			maxAttempts: 1,
			resendAfter401: false,
			afterTokenRefresh: attempts.tokenRefreshes > 0,
			timeoutMs: deps.settings.timeoutMs,
			itemIndex,
		});
		return { response };
	} catch (failure) {
		return { failure };
	} finally {
		release({ countAtRelease });
		deps.primed.done = true;
	}
}

function unkeyedNoAnswer(node: INode, error: NodeApiError, itemIndex: number) {
	return apiError(
		node,
		undefined,
		error.message,
		'ClaimShop may have deleted the case, so the request was not sent again (it has no request ID that would make a repeat safe). Run a Dry run for this case: if it is no longer found, it was deleted.',
		itemIndex,
	);
}
