import type { INode } from 'n8n-workflow';

import type { ScalepointResponse } from '../../Scalepoint/transport';
import {
	describeDuration,
	describeWindow,
	msUntilWindowOpens,
	type DailyWindowUtc,
} from '../../shared/availabilityWindow';
import { apiError } from '../../shared/httpErrors';
import { retryAfterMs } from '../../shared/retry';
import { waitFor } from '../../shared/wait';
import type { DeletionSettings, DeletionSystem } from './deletionSettings';
import { describeErrors, isDeletionApiAnswer } from './deletionAnswer';

/** Both deletion APIs answer only 16:00–08:00 UTC; outside it they answer 503. */
export const DELETION_WINDOW: DailyWindowUtc = { opensAtHour: 16, closesAtHour: 8 };

/** A clock time ("16:00") or the words "business hours" in ClaimShop's refusal message. */
const NAMES_HOURS = /business hours|\b([01]?\d|2[0-3])[:.][0-5]\d\b/i;

/**
 * Whether a 503 is the page's documented refusal outside the window — the only 503 that proves
 * nothing was done, and so the only one waited out and resent (and worded "Nothing was deleted"):
 * - Hub Property: "HTTP 503 Service unavailable response with Retry-After header";
 * - ClaimShop: "HTTP 503 … with error message specifying currently set business hours": an answer
 *   in the Delete Case shape (Appendix B) with `deleted: false` and an error naming the hours.
 * Any other 503 (a gateway's, a load balancer's) may come after the deletion ran.
 */
export function isWindowRefusal(system: DeletionSystem, response: ScalepointResponse) {
	if (response.status !== 503) return false;
	if (system === 'hubProperty') {
		return retryAfterMs(response.headers['retry-after'], 0) !== undefined;
	}
	const body = response.body as { deleted?: unknown; errors?: unknown } | undefined;
	return (
		isDeletionApiAnswer(system, body) &&
		body?.deleted === false &&
		(body.errors as unknown[]).some((error) => typeof error === 'string' && NAMES_HOURS.test(error))
	);
}

/** Without Retry-After (ClaimShop), ask again at most this often while waiting. */
const POLL_MS = 60_000;
/** Our clock may differ from Scalepoint's; only give up early when the estimate is far off. */
const CLOCK_SKEW_TOLERANCE_MS = 10 * 60_000;

/**
 * Shared by all items of one execution. Scalepoint's 503 answer decides that the window is
 * closed (the server is the authority; clocks differ): the client clock is only used to explain
 * when it opens. Once one item learns the window is closed, the others wait with it instead of
 * each sending a request that would be refused.
 */
export class WindowGate {
	private openAt = 0;

	private deadline: number | undefined;

	private readonly stoppingErrors = new WeakSet<object>();

	constructor(
		private readonly node: INode,
		private readonly settings: Pick<DeletionSettings, 'outsideWindow' | 'maxWaitMs'>,
		private readonly signal: AbortSignal | undefined,
		private readonly now: () => number = Date.now,
	) {}

	/** Waits while another item has learned that the window is closed. */
	async waitIfClosed() {
		const remaining = this.openAt - this.now();
		if (remaining > 0) await waitFor(remaining, this.signal);
	}

	/**
	 * After the window refusal (isWindowRefusal): waits until the request may be sent again, or
	 * throws a clear error.
	 */
	async onUnavailable(response: ScalepointResponse, itemIndex: number) {
		const now = this.now();
		const fromServer = retryAfterMs(response.headers['retry-after'], now);
		const estimate = fromServer ?? msUntilWindowOpens(DELETION_WINDOW, now);
		const serverSays = describeErrors(response.body);

		if (this.settings.outsideWindow === 'fail') {
			throw this.stopping(
				apiError(
					this.node,
					503,
					`Scalepoint case deletion is closed now: it is only available ${describeWindow(DELETION_WINDOW)} (503)`,
					`${opensText(fromServer, estimate)} Nothing was deleted. Run the workflow in the window, or set Options > Outside the Availability Window to "Wait until it opens".${serverSays ? ` Scalepoint said: ${serverSays}` : ''}`,
					itemIndex,
				),
			);
		}

		this.deadline ??= now + this.settings.maxWaitMs;
		const budget = this.deadline - now;
		const tooLong =
			fromServer !== undefined ? fromServer > budget : estimate > budget + CLOCK_SKEW_TOLERANCE_MS;
		if (budget <= 0 || tooLong) {
			throw this.stopping(
				apiError(
					this.node,
					503,
					`Scalepoint case deletion did not open within the Maximum Wait of ${describeDuration(this.settings.maxWaitMs)}: it is only available ${describeWindow(DELETION_WINDOW)} (503)`,
					`${opensText(fromServer, estimate)} Nothing was deleted. Raise Maximum Wait (Minutes) or run the workflow in the window.`,
					itemIndex,
				),
			);
		}
		const delay = fromServer ?? Math.min(POLL_MS, budget);
		this.openAt = Math.max(this.openAt, now + delay);
		await this.waitIfClosed();
	}

	/** Window errors stop the run: every later item would be refused the same way. */
	stopsTheRun(error: unknown) {
		return typeof error === 'object' && error !== null && this.stoppingErrors.has(error);
	}

	private stopping<T extends object>(error: T) {
		this.stoppingErrors.add(error);
		return error;
	}
}

function opensText(fromServer: number | undefined, estimate: number) {
	if (fromServer !== undefined) {
		return `Scalepoint says it opens in ${describeDuration(fromServer)} (at 16:00 UTC).`;
	}
	return `It opens at 16:00 UTC (in about ${describeDuration(estimate)} by this n8n's clock).`;
}
