import { WaitCancelledError, waitFor } from './wait';

/** At most `limit` request starts within any `windowMs` (a sliding window, as servers count). */
export interface RateWindow {
	limit: number;
	windowMs: number;
}

export interface RateLimiterOptions {
	/** Sliding windows that must all allow a start, e.g. 5 per second and 100 per minute. */
	windows?: RateWindow[];
	/** At most this many requests started and not yet released. */
	maxInFlight?: number;
	/**
	 * Added to every window. The server counts arrival times, which differ from our start times by
	 * network jitter: two requests started exactly one window apart may arrive a little closer.
	 */
	safetyMarginMs?: number;
	/** Injectable for tests; defaults to Date.now. */
	now?: () => number;
	/** Injectable for tests; defaults to the cancellable, sliced `waitFor`. */
	wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Releases an in-flight slot; calling it more than once has no further effect. */
export type Release = () => void;

const DEFAULT_MARGIN_MS = 30;

/**
 * Client-side pacing so that a node never causes a 429 itself. Paces request *starts* (the
 * moment `acquire` resolves), not completions, so slow answers do not slow the pace below the
 * limit. Callers are served first come, first served.
 */
export class RateLimiter {
	private readonly windows: RateWindow[];

	private readonly maxInFlight: number;

	private readonly marginMs: number;

	private readonly now: () => number;

	private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void>;

	/** Start times in ascending order, pruned to the longest window. */
	private readonly starts: number[] = [];

	private inFlight = 0;

	private readonly released: Array<() => void> = [];

	/** The tail of the FIFO queue of callers. */
	private queue: Promise<void> = Promise.resolve();

	constructor(options: RateLimiterOptions = {}) {
		this.windows = (options.windows ?? []).filter((w) => w.limit > 0 && w.windowMs > 0);
		this.maxInFlight = options.maxInFlight ?? Number.POSITIVE_INFINITY;
		this.marginMs = Math.max(0, options.safetyMarginMs ?? DEFAULT_MARGIN_MS);
		this.now = options.now ?? Date.now;
		this.wait = options.wait ?? waitFor;
	}

	/**
	 * Resolves when a new request may start under every window and the in-flight limit; the start
	 * is recorded at that moment. Call the returned function when the request has finished.
	 */
	async acquire(signal?: AbortSignal): Promise<Release> {
		const turn = this.queue.then(async () => await this.waitForTurn(signal));
		// A cancelled caller must not block the ones behind it.
		this.queue = turn.then(
			() => undefined,
			() => undefined,
		);
		await turn;
		let done = false;
		return () => {
			if (done) return;
			done = true;
			this.inFlight--;
			this.released.shift()?.();
		};
	}

	/** How long a start at `at` would have to wait under the windows (0 when it may start). */
	delayUntilAllowed(at: number) {
		this.prune(at);
		let delay = 0;
		for (const { limit, windowMs } of this.windows) {
			const span = windowMs + this.marginMs;
			const inWindow = this.starts.filter((start) => at - start < span);
			if (inWindow.length < limit) continue;
			// The start that must leave the window before another may enter it.
			const leaving = inWindow[inWindow.length - limit];
			delay = Math.max(delay, leaving + span - at);
		}
		return delay;
	}

	/** Start times still inside some window (for tests and diagnostics). */
	get recordedStarts(): readonly number[] {
		return this.starts;
	}

	get requestsInFlight() {
		return this.inFlight;
	}

	private async waitForTurn(signal?: AbortSignal) {
		for (;;) {
			if (signal?.aborted) throw new WaitCancelledError();
			if (this.inFlight >= this.maxInFlight) {
				await this.slotReleased(signal);
				continue;
			}
			const delay = this.delayUntilAllowed(this.now());
			if (delay <= 0) break;
			// Waits are re-checked afterwards: timers may fire a little early or late.
			await this.wait(delay, signal);
		}
		this.starts.push(this.now());
		this.inFlight++;
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
		const longest = Math.max(0, ...this.windows.map((w) => w.windowMs)) + this.marginMs;
		while (this.starts.length > 0 && at - this.starts[0] >= longest) this.starts.shift();
	}
}
