import { performance } from 'node:perf_hooks';

/**
 * Hub Property's limit: N per second and M per minute, per client, as sliding windows on real
 * monotonic time. Real time (not the sandbox clock) because clients pace with real timers.
 * Rejected requests do not count toward the windows.
 */
export class SlidingWindowLimiter {
	private readonly hits = new Map<string, number[]>();

	constructor(private readonly limits: () => { perSecond: number; perMinute: number }) {}

	/** Records the hit and returns true when allowed; returns false (not recorded) when over a limit. */
	tryAcquire(key: string): boolean {
		const now = performance.now();
		const { perSecond, perMinute } = this.limits();
		const recent = (this.hits.get(key) ?? []).filter((at) => now - at < 60_000);
		const lastSecond = recent.filter((at) => now - at < 1_000).length;
		if (lastSecond >= perSecond || recent.length >= perMinute) {
			this.hits.set(key, recent);
			return false;
		}
		recent.push(now);
		this.hits.set(key, recent);
		return true;
	}

	reset(): void {
		this.hits.clear();
	}
}

/** ClaimShop's limit: at most N requests being processed at once, across all clients. */
export class InFlightLimiter {
	private inFlight = 0;

	constructor(private readonly max: () => number) {}

	tryAcquire(): boolean {
		if (this.inFlight >= this.max()) return false;
		this.inFlight += 1;
		return true;
	}

	release(): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
	}

	get current(): number {
		return this.inFlight;
	}
}
