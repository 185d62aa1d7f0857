import { WaitCancelledError, waitFor } from './wait';

/** At most `limit` request starts within any `windowMs` (a sliding window, as servers count). */
export interface RateWindow {
	limit: number;
	windowMs: number;
	/**
	 * Count a request at its completion rather than its start (in flight: now). The server counts
	 * arrivals, which happen between the two; for a long window this costs one answer's latency
	 * per window and rules out any early reopening, whatever delayed a request before it arrived.
	 */
	countAtCompletion?: boolean;
}

/**
 * What one caller requires before it starts a request. Callers sharing a limiter may differ (two
 * nodes with different limit options): each waits until every request recorded, whoever started
 * it, leaves room under its own rules.
 */
export interface PacingRules {
	/** Sliding windows that must all allow a start, e.g. 5 per second and 100 per minute. */
	windows?: RateWindow[];
	/** At most this many requests started and not yet released. */
	maxInFlight?: number;
	/**
	 * Least time between two starts. Spacing starts evenly (e.g. 200 ms for 5 per second) instead
	 * of sending each window's allowance as a burst costs almost no throughput, and keeps the
	 * server's view of our timing close to ours: a burst delays its last requests, so they would
	 * count against the next window.
	 */
	minIntervalMs?: number;
	/**
	 * Added to every window. The server counts arrival times, which differ from our start times by
	 * network jitter: two requests started exactly one window apart may arrive a little closer.
	 */
	safetyMarginMs?: number;
}

export interface RateLimiterOptions extends PacingRules {
	/** Injectable for tests; defaults to Date.now. */
	now?: () => number;
	/** Injectable for tests; defaults to the cancellable, sliced `waitFor`. */
	wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface ReleaseOptions {
	/**
	 * Count this request in the windows at its completion instead of its start: for a request
	 * that may have reached the server much later than it started (e.g. it first had to fetch a
	 * token), so the server's count of it is not older than ours.
	 */
	countAtRelease?: boolean;
}

/** Releases an in-flight slot; calling it more than once has no further effect. */
export type Release = (options?: ReleaseOptions) => void;

const DEFAULT_MARGIN_MS = 30;

/** Rules with every default filled in. */
interface Rules {
	windows: RateWindow[];
	maxInFlight: number;
	marginMs: number;
	minIntervalMs: number;
}

function rulesOf(options: PacingRules): Rules {
	return {
		windows: (options.windows ?? []).filter((w) => w.limit > 0 && w.windowMs > 0),
		maxInFlight: options.maxInFlight ?? Number.POSITIVE_INFINITY,
		marginMs: Math.max(0, options.safetyMarginMs ?? DEFAULT_MARGIN_MS),
		minIntervalMs: Math.max(0, options.minIntervalMs ?? 0),
	};
}

/** How long a record matters to these rules: the longest window plus the margin. */
function horizonOf(rules: Rules) {
	return Math.max(0, ...rules.windows.map((w) => w.windowMs + rules.marginMs));
}

/**
 * Client-side pacing so that a node never causes a 429 itself. Paces request *starts* (the
 * moment `acquire` resolves), not completions, so slow answers do not slow the pace below the
 * limit. Callers are served first come, first served. One limiter may be shared by every
 * execution that sends for the same client (see sharedLimiters.ts); each caller brings its rules.
 */
export class RateLimiter {
	private readonly rules: Rules;

	private readonly now: () => number;

	private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void>;

	/** Requests still inside some window, in ascending order of start. */
	private records: Array<{ start: number; end?: number }> = [];

	/** How long records are kept: the longest window plus margin any caller has brought. */
	private horizonMs = 0;

	private inFlight = 0;

	/** Callers that asked for a turn and have not got it yet. */
	private waiting = 0;

	/**
	 * The scheduled time of the last start. Timers fire a little late; spacing from the schedule
	 * rather than the actual time keeps those delays from adding up over many requests. A start
	 * later than one interval (an idle gap, a stalled event loop) restarts the schedule from the
	 * actual time: catching up would mean a burst, which is what the spacing avoids.
	 */
	private slot: number | undefined;

	private readonly released: Array<() => void> = [];

	/** The tail of the FIFO queue of callers. */
	private queue: Promise<void> = Promise.resolve();

	constructor(options: RateLimiterOptions = {}) {
		this.rules = rulesOf(options);
		this.horizonMs = horizonOf(this.rules);
		this.now = options.now ?? Date.now;
		this.wait = options.wait ?? waitFor;
	}

	/**
	 * Resolves when a new request may start under every window and the in-flight limit (the
	 * limiter's own rules, or the caller's `rules`); the start is recorded at that moment. Call the
	 * returned function when the request has finished.
	 */
	async acquire(signal?: AbortSignal, rules?: PacingRules): Promise<Release> {
		const own = rules ? rulesOf(rules) : this.rules;
		this.horizonMs = Math.max(this.horizonMs, horizonOf(own));
		this.waiting++;
		const turn = this.queue
			.then(async () => await this.waitForTurn(own, signal))
			.finally(() => this.waiting--);
		// A cancelled caller must not block the ones behind it.
		this.queue = turn.then(
			() => undefined,
			() => undefined,
		);
		const record = await turn;
		let done = false;
		return (options) => {
			if (done) return;
			done = true;
			record.end = this.now();
			if (options?.countAtRelease) {
				record.start = record.end;
				this.records.sort((a, b) => a.start - b.start);
			}
			this.inFlight--;
			this.released.shift()?.();
		};
	}

	/** How long a start at `at` would have to wait under the windows (0 when it may start). */
	delayUntilAllowed(at: number, rules?: PacingRules) {
		return this.delayFor(at, rules ? rulesOf(rules) : this.rules);
	}

	private delayFor(at: number, rules: Rules) {
		this.prune(at);
		let delay = this.slot === undefined ? 0 : Math.max(0, this.slot + rules.minIntervalMs - at);
		for (const { limit, windowMs, countAtCompletion } of rules.windows) {
			const span = windowMs + rules.marginMs;
			const inWindow = this.records
				.map((record) => (countAtCompletion ? (record.end ?? at) : record.start))
				.filter((time) => at - time < span)
				.sort((a, b) => a - b);
			if (inWindow.length < limit) continue;
			// The start that must leave the window before another may enter it.
			const leaving = inWindow[inWindow.length - limit];
			delay = Math.max(delay, leaving + span - at);
		}
		return delay;
	}

	/** Start times still inside some window (for tests and diagnostics). */
	get recordedStarts(): readonly number[] {
		return this.records.map((record) => record.start);
	}

	get requestsInFlight() {
		return this.inFlight;
	}

	/** Nothing in flight, nobody waiting, nothing a window still counts: safe to forget. */
	isIdle() {
		this.prune(this.now());
		return this.inFlight === 0 && this.waiting === 0 && this.records.length === 0;
	}

	private async waitForTurn(rules: Rules, signal?: AbortSignal) {
		for (;;) {
			if (signal?.aborted) throw new WaitCancelledError();
			if (this.inFlight >= rules.maxInFlight) {
				await this.slotReleased(signal);
				continue;
			}
			const delay = this.delayFor(this.now(), rules);
			if (delay <= 0) break;
			// Waits are re-checked afterwards: timers may fire a little early or late, and a
			// request counted at its completion may complete meanwhile.
			await this.wait(delay, signal);
		}
		const start = this.now();
		const record: { start: number; end?: number } = { start };
		this.records.push(record);
		const scheduled = this.slot === undefined ? start : this.slot + rules.minIntervalMs;
		this.slot = start - scheduled < rules.minIntervalMs ? scheduled : start;
		this.inFlight++;
		return record;
	}

	private async slotReleased(signal?: AbortSignal) {
		await new Promise<void>((resolve) => {
			const onAbort = () => {
				const index = this.released.indexOf(wake);
				if (index >= 0) this.released.splice(index, 1);
				resolve();
			};
			const wake = () => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			};
			this.released.push(wake);
			signal?.addEventListener('abort', onAbort, { once: true });
		});
	}

	private prune(at: number) {
		this.records = this.records.filter(
			(record) =>
				record.end === undefined || at - Math.max(record.start, record.end) < this.horizonMs,
		);
	}
}
