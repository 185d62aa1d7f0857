import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { PacingRules, Release } from '../../shared/rateLimiter';
import { acquireShared } from '../../shared/sharedLimiters';
import { timeoutMsOf } from '../../shared/timeoutOption';
import { wholeNumberOption, type WholeNumberRange } from '../../shared/validation';

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

/**
 * Hub's minute window stays spent for up to 60 s once other processes of the client used it; three
 * times that covers a full window plus the retries that compete when it reopens.
 */
export const DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS = 180;

/** Per window: clocks count whole milliseconds, and ours may run a little apart from Hub's. */
const HUB_MARGIN_MS = 100;

export interface DeletionSettings {
	outsideWindow: 'fail' | 'wait';
	maxWaitMs: number;
	hubPerSecond: number;
	hubPerMinute: number;
	claimShopMaxInFlight: number;
	/** Repeats after a 500 or a lost answer; only for requests that are safe to repeat. */
	serverErrorRetries: number;
	/**
	 * How often a 429 is sent again, when the user set it. Unset (the default), a 429 is waited out
	 * for up to rateLimitMaxWaitMs instead: other processes of the same client (queue-mode
	 * workers, other n8n instances) pace themselves, so a count says nothing about how long the
	 * shared budget stays spent.
	 */
	rateLimitRetries: number | undefined;
	/** How long one item keeps waiting out 429s, from its first 429. */
	rateLimitMaxWaitMs: number;
	timeoutMs: number;
}

/**
 * The node's Options collection, read once per execution (item 0): each node paces by its own
 * limits, on the pacer it shares with other nodes of the same client (deletionPacer). A value
 * that is not a whole number in its field's range fails the run before anything is sent.
 */
export function readSettings(ctx: IExecuteFunctions): DeletionSettings {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const node = ctx.getNode();
	const whole = (label: string, value: unknown, range: WholeNumberRange) =>
		wholeNumberOption(node, label, value, range);
	return {
		outsideWindow: options.outsideWindow === 'wait' ? 'wait' : 'fail',
		maxWaitMs:
			whole('Maximum Wait (Minutes)', options.maxWaitMinutes, { min: 1, max: 960, default: 60 }) *
			60_000,
		hubPerSecond: whole('Hub Requests per Second', options.hubRequestsPerSecond, {
			min: 1,
			max: 1000,
			default: DEFAULT_LIMITS.hubPerSecond,
		}),
		hubPerMinute: whole('Hub Requests per Minute', options.hubRequestsPerMinute, {
			min: 1,
			max: 60_000,
			default: DEFAULT_LIMITS.hubPerMinute,
		}),
		claimShopMaxInFlight: whole('ClaimShop Max Requests in Flight', options.claimShopMaxInFlight, {
			min: 1,
			max: 20,
			default: DEFAULT_LIMITS.claimShopMaxInFlight,
		}),
		serverErrorRetries: whole('Server Error Retries', options.serverErrorRetries, {
			min: 0,
			max: 5,
			default: 2,
		}),
		rateLimitRetries:
			options.rateLimitRetries === undefined || options.rateLimitRetries === null
				? undefined
				: whole('Rate Limit Retries', options.rateLimitRetries, { min: 0, max: 10, default: 0 }),
		rateLimitMaxWaitMs:
			whole('Rate Limit Max Wait (Seconds)', options.rateLimitMaxWaitSeconds, {
				min: 0,
				max: 3600,
				default: DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS,
			}) * 1000,
		timeoutMs: timeoutMsOf(node, options.timeoutSeconds, 120),
	};
}

/**
 * Hub Property: N per second and M per minute per client. ClaimShop: at most N requests being
 * processed at once (for all clients).
 */
export function pacingFor(system: DeletionSystem, settings: DeletionSettings): PacingRules {
	if (system === 'hubProperty') {
		return {
			// Starts are spread evenly and every window gets a margin.
			minIntervalMs: 1_000 / settings.hubPerSecond,
			safetyMarginMs: HUB_MARGIN_MS,
			// Both windows count a request at its completion (in flight: now). Hub counts arrivals,
			// which fall between our start and our completion whatever delayed the request on the
			// way (a token fetch, a busy event loop, the network): counted at the start, a request
			// that arrived late made a 6th in Hub's second. Costs one answer's latency per window.
			windows: [
				{ limit: settings.hubPerSecond, windowMs: 1_000, countAtCompletion: true },
				{ limit: settings.hubPerMinute, windowMs: 60_000, countAtCompletion: true },
			],
		};
	}
	return { maxInFlight: settings.claimShopMaxInFlight };
}

/** Waits for a request's turn; the returned function ends it. */
export interface DeletionPacer {
	acquire(signal: AbortSignal | undefined, url: string): Promise<Release>;
}

/**
 * The pacer of a run, shared with every node and execution of this n8n that deletes at the same
 * host (sharedLimiters.ts): Hub's limit is per client, so per credential too; ClaimShop's "5
 * simultaneous requests (for all clients)" is one budget for every credential.
 */
export function deletionPacer(
	system: DeletionSystem,
	settings: DeletionSettings,
	credentialKey: string,
): DeletionPacer {
	const rules = pacingFor(system, settings);
	const client = system === 'hubProperty' ? credentialKey : 'all clients';
	return {
		acquire: async (signal, url) =>
			await acquireShared(`${system} delete`, client, url, rules, signal),
	};
}

/** Items in progress at once: enough to keep up with the pacer, never more than 20. */
export function concurrencyFor(system: DeletionSystem, settings: DeletionSettings) {
	const wanted = system === 'hubProperty' ? settings.hubPerSecond : settings.claimShopMaxInFlight;
	return Math.max(1, Math.min(20, wanted));
}
