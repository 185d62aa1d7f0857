import {
	pacingFor,
	type DeletionSettings,
} from '../../nodes/ScalepointCaseDeletion/helpers/deletionSettings';
import { RateLimiter } from '../../nodes/shared/rateLimiter';
import { WaitCancelledError } from '../../nodes/shared/wait';

/** A clock that only moves when the limiter waits: every decision is exact and instant. */
function fakeTime() {
	let now = 0;
	const waits: number[] = [];
	return {
		now: () => now,
		wait: async (ms: number, signal?: AbortSignal) => {
			if (signal?.aborted) throw new WaitCancelledError();
			waits.push(ms);
			now += ms;
		},
		waits,
		advance: (ms: number) => (now += ms),
	};
}

async function startTimes(limiter: RateLimiter, count: number, now: () => number) {
	const times: number[] = [];
	for (let i = 0; i < count; i++) {
		const release = await limiter.acquire();
		times.push(now());
		release();
	}
	return times;
}

/** Most starts within any half-open window [t, t + windowMs). */
function mostInWindow(times: number[], windowMs: number) {
	let most = 0;
	for (let i = 0; i < times.length; i++) {
		most = Math.max(most, times.filter((t) => t >= times[i] && t < times[i] + windowMs).length);
	}
	return most;
}

describe('RateLimiter — sliding windows', () => {
	it('5 per second: the 6th start waits until the 1st leaves the window plus the margin', async () => {
		const time = fakeTime();
		const limiter = new RateLimiter({
			windows: [{ limit: 5, windowMs: 1000 }],
			safetyMarginMs: 30,
			...time,
		});
		const times = await startTimes(limiter, 11, time.now);
		expect(times).toEqual([0, 0, 0, 0, 0, 1030, 1030, 1030, 1030, 1030, 2060]);
	});

	it('5/s and 100/min with even spacing: 200 starts take the theoretical minimum plus the margins', async () => {
		const time = fakeTime();
		const limiter = new RateLimiter({
			windows: [
				{ limit: 5, windowMs: 1000 },
				{ limit: 100, windowMs: 60_000 },
			],
			minIntervalMs: 200,
			safetyMarginMs: 50,
			...time,
		});
		const times = await startTimes(limiter, 200, time.now);
		expect(mostInWindow(times, 1050)).toBeLessThanOrEqual(5);
		expect(mostInWindow(times, 60_050)).toBeLessThanOrEqual(100);
		// No two starts closer than the spacing.
		expect(Math.min(...times.slice(1).map((t, i) => t - times[i]))).toBeGreaterThanOrEqual(200);
		// Start 101 must wait for start 1 to leave the minute; start 200 for start 100.
		expect(times[100]).toBe(times[0] + 60_050);
		expect(times[199]).toBe(times[99] + 60_050);
		// Theoretical minimum for the last start: 19 s (100 starts at 5/s) + 60 s.
		expect(times[199]).toBeGreaterThanOrEqual(79_000);
		expect(times[199]).toBeLessThanOrEqual(79_000 * 1.05);
	});

	it('paces starts, not completions: slow requests do not slow the pace', async () => {
		const time = fakeTime();
		const limiter = new RateLimiter({
			windows: [{ limit: 2, windowMs: 1000 }],
			safetyMarginMs: 0,
			...time,
		});
		const releases = [await limiter.acquire(), await limiter.acquire()];
		const third = await limiter.acquire();
		expect(time.now()).toBe(1000);
		releases.forEach((release) => release());
		third();
	});

	it('serves callers first come, first served', async () => {
		const time = fakeTime();
		const limiter = new RateLimiter({
			windows: [{ limit: 1, windowMs: 100 }],
			safetyMarginMs: 0,
			...time,
		});
		const order: number[] = [];
		await Promise.all(
			[0, 1, 2, 3].map(async (id) => {
				const release = await limiter.acquire();
				order.push(id);
				release();
			}),
		);
		expect(order).toEqual([0, 1, 2, 3]);
		expect(time.now()).toBe(300);
	});

	it('a cancelled caller throws and does not block the callers behind it', async () => {
		const time = fakeTime();
		const limiter = new RateLimiter({
			windows: [{ limit: 1, windowMs: 100 }],
			safetyMarginMs: 0,
			...time,
		});
		(await limiter.acquire())();
		const aborted = new AbortController();
		aborted.abort();
		await expect(limiter.acquire(aborted.signal)).rejects.toBeInstanceOf(WaitCancelledError);
		const release = await limiter.acquire();
		expect(time.now()).toBe(100);
		release();
	});
});

describe('RateLimiter — counting a late request at its completion', () => {
	it('countAtRelease moves the request to its completion time in every window', async () => {
		const time = fakeTime();
		const limiter = new RateLimiter({
			windows: [{ limit: 1, windowMs: 1000 }],
			safetyMarginMs: 0,
			...time,
		});
		const first = await limiter.acquire();
		time.advance(300); // e.g. the token fetch before the request was really sent
		first({ countAtRelease: true });
		expect(limiter.recordedStarts).toEqual([300]);
		(await limiter.acquire())();
		expect(time.now()).toBe(1300);
	});
});

describe('RateLimiter — windows counted at completion', () => {
	it('an in-flight request counts as now; a completed one from its completion', async () => {
		const time = fakeTime();
		const limiter = new RateLimiter({
			windows: [{ limit: 1, windowMs: 1000, countAtCompletion: true }],
			safetyMarginMs: 0,
			...time,
		});
		const first = await limiter.acquire();
		expect(limiter.delayUntilAllowed(time.now())).toBe(1000);
		time.advance(250);
		first();
		expect(limiter.delayUntilAllowed(time.now())).toBe(1000);
		(await limiter.acquire())();
		expect(time.now()).toBe(1250);
	});
});

describe('RateLimiter — in-flight limit', () => {
	it('never lets more than the limit be in flight, and wakes a waiter on release', async () => {
		const limiter = new RateLimiter({ maxInFlight: 2 });
		const first = await limiter.acquire();
		const second = await limiter.acquire();
		let thirdStarted = false;
		const third = limiter.acquire().then((release) => {
			thirdStarted = true;
			return release;
		});
		await new Promise((resolve) => setImmediate(resolve));
		expect(thirdStarted).toBe(false);
		expect(limiter.requestsInFlight).toBe(2);
		first();
		first(); // a second call must not free another slot
		const releaseThird = await third;
		expect(thirdStarted).toBe(true);
		expect(limiter.requestsInFlight).toBe(2);
		second();
		releaseThird();
		expect(limiter.requestsInFlight).toBe(0);
	});

	it('a caller waiting for a slot stops when the execution is cancelled', async () => {
		const limiter = new RateLimiter({ maxInFlight: 1 });
		const held = await limiter.acquire();
		const controller = new AbortController();
		const waiting = limiter.acquire(controller.signal);
		controller.abort();
		await expect(waiting).rejects.toBeInstanceOf(WaitCancelledError);
		held();
		(await limiter.acquire())();
	});
});

describe('RateLimiter — even spacing', () => {
	it('spaces starts by the interval from the schedule, so late timers do not add up', async () => {
		let now = 0;
		// Every wait overshoots by 3 ms, as real timers do.
		const limiter = new RateLimiter({
			minIntervalMs: 100,
			now: () => now,
			wait: async (ms) => {
				now += ms + 3;
			},
		});
		const times: number[] = [];
		for (let i = 0; i < 11; i++) {
			(await limiter.acquire())();
			times.push(now);
		}
		expect(times[10]).toBe(1003);
	});
});

describe('RateLimiter — shared by callers with their own rules', () => {
	it('each caller waits until all recorded starts leave room under its own limit', async () => {
		const time = fakeTime();
		const limiter = new RateLimiter(time);
		const twoPerSecond = { windows: [{ limit: 2, windowMs: 1000 }], safetyMarginMs: 0 };
		const threePerSecond = { windows: [{ limit: 3, windowMs: 1000 }], safetyMarginMs: 0 };
		(await limiter.acquire(undefined, twoPerSecond))();
		(await limiter.acquire(undefined, twoPerSecond))();
		// The other node's starts count for this one too: a third fits under its 3 per second.
		(await limiter.acquire(undefined, threePerSecond))();
		expect(time.now()).toBe(0);
		(await limiter.acquire(undefined, twoPerSecond))();
		expect(time.now()).toBe(1000);
	});

	it('is idle, and may be forgotten, once nothing is in flight or inside a window', async () => {
		const time = fakeTime();
		const limiter = new RateLimiter(time);
		const release = await limiter.acquire(undefined, {
			windows: [{ limit: 5, windowMs: 1000, countAtCompletion: true }],
			safetyMarginMs: 0,
		});
		expect(limiter.isIdle()).toBe(false);
		release();
		time.advance(999);
		expect(limiter.isIdle()).toBe(false);
		time.advance(1);
		expect(limiter.isIdle()).toBe(true);
	});
});

describe('Hub pacing (deletionSettings) against a server that counts arrivals', () => {
	it('a request that reaches Hub late keeps the next one out of its second: counted until answered', async () => {
		let now = 0;
		const limiter = new RateLimiter({
			now: () => now,
			wait: async (ms) => {
				now += ms;
			},
		});
		const rules = pacingFor('hubProperty', {
			hubPerSecond: 5,
			hubPerMinute: 100,
		} as DeletionSettings);
		// Request 1 starts at 0 but is held on its way: Hub counts it at about 900 ms and answers.
		const first = await limiter.acquire(undefined, rules);
		const starts = [now];
		for (let i = 1; i < 5; i++) {
			const release = await limiter.acquire(undefined, rules);
			starts.push(now);
			now += 10; // answered promptly
			release();
		}
		now = 900;
		first();
		await limiter.acquire(undefined, rules);
		expect(starts).toEqual([0, 200, 400, 600, 800]);
		// Counted at its start, the 6th could start at 1100: Hub's second from 200 to 1200 would then
		// hold requests 2 to 6 and the late request 1, six in all. Counted until answered, it waits
		// for request 2's answer (210) + 1000 ms + the margin.
		expect(now).toBe(1310);
	});
});
