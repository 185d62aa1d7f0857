import type { IDataObject, INode } from 'n8n-workflow';

import { wholeNumberOption } from '../../shared/validation';

/** The trigger's numeric options, checked: a poll with nonsense in them fails with the field. */
export interface PollOptions {
	/** How long Scalepoint may hold a long poll without sending anything. */
	longPollTimeoutMs: number;
	/** The total deadline of one long poll request (see `longPollDeadlineMs`). */
	longPollDeadlineMs: number;
	maxEventsPerPoll: number;
	pageSize: number;
}

export function readPollOptions(node: INode, options: IDataObject): PollOptions {
	const longPollTimeoutMs =
		wholeNumberOption(node, 'Long Poll Timeout (Seconds)', options.longPollTimeoutSeconds, {
			min: 1,
			max: 600,
			default: 60,
		}) * 1000;
	return {
		longPollTimeoutMs,
		longPollDeadlineMs: longPollDeadlineMs(longPollTimeoutMs),
		maxEventsPerPoll: wholeNumberOption(node, 'Maximum Events per Poll', options.maxEventsPerPoll, {
			min: 1,
			max: 10_000,
			default: 100,
		}),
		pageSize: wholeNumberOption(node, 'Server Page Size', options.pageSize, {
			min: 1,
			max: 10_000,
			default: 100,
		}),
	};
}

/**
 * The total deadline of one long poll: the hold time, plus a margin for an answer that starts just
 * before it to arrive in full. A server that keeps the request open past it (sending a byte now and
 * then, which no idle timeout notices) is abandoned, and the next poll asks again.
 */
export function longPollDeadlineMs(longPollTimeoutMs: number) {
	return longPollTimeoutMs + Math.max(2_000, longPollTimeoutMs / 10);
}

/** Attempts of one long poll request (a reset or 5xx is retried) and the longest wait between. */
export const PAGE_ATTEMPTS = 3;
export const MAX_RETRY_WAIT_MS = 30_000;
// Fetching a token: Scalepoint's token request makes up to 3 attempts of at most 20 s each, with
// short waits; twice when a 401 asks for a new one. Generously rounded up.
const TOKEN_ALLOWANCE_MS = 3 * 60_000;

/**
 * The longest one poll can run. It asks for another page only while a long poll still fits in the
 * engine's budget, so it ends within the budget plus one page: every attempt to its deadline (one
 * more after a 401), the waits between them and a token request. A poll still marked running after
 * that is stuck, and the overlap guard lets the next poll take over (see pollGuard.ts).
 */
export function longestPollMs(budgetMs: number, options: PollOptions) {
	const page =
		(PAGE_ATTEMPTS + 1) * options.longPollDeadlineMs +
		PAGE_ATTEMPTS * MAX_RETRY_WAIT_MS +
		TOKEN_ALLOWANCE_MS;
	return budgetMs + page;
}
