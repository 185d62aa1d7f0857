import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ScalepointClient, ScalepointResponse } from '../../Scalepoint/transport';
import { apiError } from '../../shared/httpErrors';
import { backoffMs, nextDelayMs } from '../../shared/retry';
import { waitFor } from '../../shared/wait';
import type { DeletionPacer, DeletionSettings } from './deletionSettings';
import type { DeletionTarget } from './deletionTarget';
import { isWindowRefusal, type WindowGate } from './windowGate';

export interface DeletionDeps {
	node: INode;
	client: ScalepointClient;
	/** Shared by every run that deletes with this credential at this host (deletionSettings.ts). */
	limiter: DeletionPacer;
	gate: WindowGate;
	settings: DeletionSettings;
	signal: AbortSignal | undefined;
	/** Set once the first request of the run (the one that fetches the token) has finished. */
	primed: { done: boolean };
	now?: () => number;
}

export interface DeletionAttempts {
	rateLimited: number;
	/** When the first 429 of this item arrived (the wait bound counts from there). */
	firstRateLimitedAt?: number;
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
 * - 429 and the documented window refusal (a 503 with Retry-After from Hub, naming the business
 *   hours from ClaimShop: isWindowRefusal) mean Scalepoint did not act, so they are retried
 *   (bounded);
 * - a lost answer, a 500 or any other 503 is ambiguous: repeated only when the request is keyed, i.e. a Hub
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
			if (attempts.serverErrors >= settings.serverErrorRetries) {
				throw target.dryRun ? failure : keyedNoAnswer(deps.node, failure, target, itemIndex);
			}
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
		if (response.status === 429) {
			// Another client shares the budget. Scalepoint did not act, so this is safe to resend.
			const delay = nextDelayMs(
				attempts.rateLimited,
				response.headers['retry-after'],
				now(),
				RATE_LIMIT_BACKOFF,
			);
			if (mayWaitOutRateLimit(settings, attempts, now(), delay)) {
				attempts.rateLimited++;
				await waitFor(delay, signal);
				continue;
			}
		}
		if (isWindowRefusal(target.system, response)) {
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

/**
 * Whether a 429 is waited out once more: up to Rate Limit Retries times when the user set it,
 * else while the item has not been refused for longer than Rate Limit Max Wait, the next delay
 * included. The resend goes through the pacer again, so waiting longer never sends faster.
 */
export function mayWaitOutRateLimit(
	settings: Pick<DeletionSettings, 'rateLimitRetries' | 'rateLimitMaxWaitMs'>,
	attempts: DeletionAttempts,
	nowMs: number,
	delayMs: number,
): boolean {
	if (settings.rateLimitRetries !== undefined)
		return attempts.rateLimited < settings.rateLimitRetries;
	attempts.firstRateLimitedAt ??= nowMs;
	return nowMs + delayMs - attempts.firstRateLimitedAt <= settings.rateLimitMaxWaitMs;
}

/** One paced attempt; the pacing slot is released as soon as the answer (or failure) is in. */
async function sendOnce(
	deps: DeletionDeps,
	target: DeletionTarget,
	repeatable: boolean,
	itemIndex: number,
	attempts: DeletionAttempts,
): Promise<{ response: ScalepointResponse } | { failure: unknown }> {
	const release = await deps.limiter.acquire(deps.signal, target.url);
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

/** A Hub deletion that never got an answer: it may have run, and its request ID resumes it. */
function keyedNoAnswer(
	node: INode,
	error: NodeApiError,
	target: DeletionTarget,
	itemIndex: number,
) {
	return apiError(
		node,
		undefined,
		error.message,
		`The deletion may have taken effect — check before running again: run this item again in Delete mode with Request ID set to ${target.requestId}; with the same request ID Hub continues the same deletion instead of starting another.`,
		itemIndex,
	);
}

function unkeyedNoAnswer(node: INode, error: NodeApiError, itemIndex: number) {
	return apiError(
		node,
		undefined,
		error.message,
		// The dry run reports `found: false` only for an answer in the Delete Case API's own shape
		// (see isDryRunAnswer / isDeletionApiAnswer), so its "not found" is Scalepoint's word.
		'The deletion may have taken effect — check before running again: ClaimShop has no request ID that would make a repeat safe, so it was not sent again. Run a Dry run for this case: if it reports the case as found, it was not deleted and Delete can be run again; if it reports found: false (Scalepoint answered 404 in the Delete Case shape), the case is gone, deleted by this request or never there.',
		itemIndex,
	);
}
