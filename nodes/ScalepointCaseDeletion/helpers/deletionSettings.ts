import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { RateLimiter } from '../../shared/rateLimiter';

export type DeletionSystem = 'hubProperty' | 'claimShop';

export const SYSTEM_LABELS: Record<DeletionSystem, string> = {
	hubProperty: 'Hub Property',
	claimShop: 'ClaimShop',
};

/** Scalepoint's documented defaults; customers with raised limits change them in Options. */
export const DEFAULT_LIMITS = {
	hubPerSecond: 5,
	hubPerMinute: 100,
	claimShopMaxInFlight: 5,
} as const;

/** Per window, for network jitter between our start and Hub's count (see rateLimiter.ts). */
const HUB_MARGIN_MS = 100;

export interface DeletionSettings {
	outsideWindow: 'fail' | 'wait';
	maxWaitMs: number;
	hubPerSecond: number;
	hubPerMinute: number;
	claimShopMaxInFlight: number;
	/** Repeats after a 500 or a lost answer; only for requests that are safe to repeat. */
	serverErrorRetries: number;
	rateLimitRetries: number;
	timeoutMs: number;
}

/** The node's Options collection, read once per execution (item 0): limits are per node. */
export function readSettings(ctx: IExecuteFunctions): DeletionSettings {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const positive = (value: unknown, fallback: number) => {
		const number = Number(value);
		return Number.isFinite(number) && number > 0 ? number : fallback;
	};
	const count = (value: unknown, fallback: number) => {
		const number = Number(value ?? fallback);
		return Number.isFinite(number) && number >= 0 ? Math.floor(number) : fallback;
	};
	return {
		outsideWindow: options.outsideWindow === 'wait' ? 'wait' : 'fail',
		maxWaitMs: positive(options.maxWaitMinutes, 60) * 60_000,
		hubPerSecond: Math.floor(positive(options.hubRequestsPerSecond, DEFAULT_LIMITS.hubPerSecond)),
		hubPerMinute: Math.floor(positive(options.hubRequestsPerMinute, DEFAULT_LIMITS.hubPerMinute)),
		claimShopMaxInFlight: Math.floor(
			positive(options.claimShopMaxInFlight, DEFAULT_LIMITS.claimShopMaxInFlight),
		),
		serverErrorRetries: count(options.serverErrorRetries, 2),
		rateLimitRetries: count(options.rateLimitRetries, 3),
		timeoutMs: positive(options.timeoutSeconds, 120) * 1000,
	};
}

/**
 * Hub Property: N per second and M per minute per client. ClaimShop: at most N requests being
 * processed at once (for all clients).
 */
export function limiterFor(system: DeletionSystem, settings: DeletionSettings) {
	if (system === 'hubProperty') {
		return new RateLimiter({
			// Hub counts arrival times: starts are spread evenly and every window gets a margin.
			minIntervalMs: 1_000 / settings.hubPerSecond,
			safetyMarginMs: HUB_MARGIN_MS,
			windows: [
				{ limit: settings.hubPerSecond, windowMs: 1_000 },
				// Counted at completion: whatever delayed a request on our side (a token fetch, a busy
				// event loop), Hub cannot have counted it earlier. Costs one latency per minute.
				{ limit: settings.hubPerMinute, windowMs: 60_000, countAtCompletion: true },
			],
		});
	}
	return new RateLimiter({ maxInFlight: settings.claimShopMaxInFlight });
}

/** Items in progress at once: enough to keep up with the pacer, never more than 20. */
export function concurrencyFor(system: DeletionSystem, settings: DeletionSettings) {
	const wanted = system === 'hubProperty' ? settings.hubPerSecond : settings.claimShopMaxInFlight;
	return Math.max(1, Math.min(20, wanted));
}
