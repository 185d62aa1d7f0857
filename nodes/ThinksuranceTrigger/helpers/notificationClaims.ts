import type { IWebhookFunctions } from 'n8n-workflow';

import { recentKey } from '../../shared/recentKeys';

/**
 * Why a memory beside the static data: n8n gives each webhook call the static data it loaded when
 * the call began and saves it only after the call ended. Two deliveries of one notification in
 * flight at the same time (a retry arriving while the first call still waits for its credential
 * read) would each find "not emitted" in their own copy and both emit. So this process also
 * remembers, per trigger node, the notifications it is handling now or emitted recently, and a
 * call claims its `notificationId` synchronously, before its first await: JavaScript runs one call
 * at a time between awaits, so no other call can pass between the check and the mark.
 *
 * What it cannot do: it is one process's memory. With several n8n processes receiving webhooks
 * (queue mode with webhook processes, multi-main) each has its own, and across processes (and
 * after a restart) only the static data guards, once the emitting execution was saved.
 */

/** Recent notifications kept per process, all trigger nodes together: about 1 MB at most. */
export const MAX_NOTIFICATIONS_IN_MEMORY = 10_000;

type Entry = { state: 'emitted' } | { state: 'handling'; settled: Promise<void> };

const EMITTED: Entry = { state: 'emitted' };
/** Oldest first (a Map keeps insertion order), so the oldest entries go when it is full. */
const entries = new Map<string, Entry>();

function remember(key: string, entry: Entry): void {
	entries.set(key, entry);
	for (const oldest of entries.keys()) {
		if (entries.size <= MAX_NOTIFICATIONS_IN_MEMORY) break;
		entries.delete(oldest);
	}
}

/** One trigger node of one workflow; test calls ("Listen for test event") apart from production. */
function scopeOf(context: IWebhookFunctions): string {
	const node = context.getNode();
	return [context.getMode(), context.getWorkflow().id ?? '', node.id || node.name].join('\n');
}

/** What a claim found: this call handles the notification, or it was emitted before. */
export type ClaimOutcome = 'mine' | 'emittedBefore';

/** A call's hold on a notification id; `release()` in a `finally` frees a claim not emitted. */
export class NotificationClaim {
	private key: string | undefined;
	private entry: Entry | undefined;
	private settle: (() => void) | undefined;
	private found: Entry | undefined;

	private constructor(private readonly scope: string) {}

	/**
	 * Claims the `notificationId` of the received body, if it has one, without awaiting anything:
	 * call it before webhook()'s first await.
	 */
	static take(context: IWebhookFunctions): NotificationClaim {
		const claim = new NotificationClaim(scopeOf(context));
		// n8n leaves the body undefined when it was empty or not JSON.
		const body = context.getBodyData() as { notificationId?: unknown } | undefined;
		const id = typeof body === 'object' && body !== null ? body.notificationId : undefined;
		if (typeof id === 'string' && id.trim() !== '') claim.claim(recentKey(id));
		return claim;
	}

	/**
	 * Once the delivery was accepted (authenticated, shape checked): whether this call handles the
	 * notification (`idKey`: the recentKey of its notificationId, hashed once by the caller) or it
	 * was emitted before. A call still handling it elsewhere is waited for: if that one is refused
	 * (e.g. wrong secret) this call takes the notification over, so a refused twin cannot make a
	 * correct delivery be dropped.
	 */
	async outcome(idKey: string): Promise<ClaimOutcome> {
		if (this.key !== this.keyOf(idKey)) {
			this.release();
			this.claim(idKey);
		}
		while (this.found?.state === 'handling') {
			await this.found.settled;
			this.claim(idKey);
		}
		return this.found ? 'emittedBefore' : 'mine';
	}

	/** The notification was emitted (or found emitted in the static data): remember it. */
	emitted(): void {
		this.finish(true);
	}

	/** Frees a claim that was not emitted (refused, failed), so a correct redelivery passes. */
	release(): void {
		this.finish(false);
	}

	private keyOf(idKey: string): string {
		return `${this.scope}\n${idKey}`;
	}

	private claim(idKey: string): void {
		this.key = this.keyOf(idKey);
		this.found = entries.get(this.key);
		if (this.found) return;
		let settle!: () => void;
		const settled = new Promise<void>((resolve) => (settle = resolve));
		this.entry = { state: 'handling', settled };
		this.settle = settle;
		remember(this.key, this.entry);
	}

	private finish(emitted: boolean): void {
		if (!this.entry || !this.key || !this.settle) return;
		if (entries.get(this.key) === this.entry) entries.delete(this.key);
		// Re-inserted, not updated in place: an emitted notification becomes the newest entry.
		if (emitted) remember(this.key, EMITTED);
		this.settle();
		this.entry = undefined;
		this.settle = undefined;
	}
}
