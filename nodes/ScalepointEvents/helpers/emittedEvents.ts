import { recentKey, rememberKeys } from '../../shared/recentKeys';
import { isMalformed, type PageEntry } from './receivedEvents';

/**
 * How many recently emitted events the trigger remembers across polls, so that an event
 * Scalepoint sends again later (a repeated page, an answer that starts before the position asked
 * for, a page that goes backwards) is not emitted a second time. Ids are opaque (`_122047` is not
 * promised to grow), so the cursor alone cannot tell a repeat from a new event; only memory can.
 *
 * Why 500: repeats seen in practice are a page or a few of them right behind the position (a page
 * is 100 events by default), and everything older is behind the cursor anyway. The memory lives in
 * the workflow's static data, which n8n saves with every poll, so it must stay small and bounded
 * however many events pass: 500 keys of 12 characters are under 8 kB of JSON.
 */
export const MAX_REMEMBERED_EVENTS = 500;

/**
 * The memory after a poll: the keys remembered before plus those of the events just emitted,
 * newest last, at most MAX_REMEMBERED_EVENTS. `undefined` when there is nothing to remember.
 * A key is `recentKey` of the id, a short hash: ids may be up to 200 characters
 * (MAX_EVENT_ID_LENGTH), so storing them would let the memory grow to 100 kB.
 */
export function rememberEmitted(
	before: readonly string[] | undefined,
	emitted: readonly PageEntry[],
): string[] | undefined {
	const keys = emitted.flatMap((entry) => (isMalformed(entry) ? [] : [recentKey(entry.id)]));
	return rememberKeys(before, keys, MAX_REMEMBERED_EVENTS);
}
