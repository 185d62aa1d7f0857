import type { IDataObject } from 'n8n-workflow';

import { readKeys, recentKey, rememberKeys } from '../../shared/recentKeys';

/**
 * Thinksurance retries a delivery it thinks failed ("a maximum of three attempts", V2 Notification
 * page), also when the answer was lost on the way after the workflow had already started. The
 * node remembers the notifications it emitted so that such a repeat is answered 204 again but not
 * emitted twice.
 *
 * The key is the documented `notificationId` ("id of this notification"), which the page marks as
 * required: a retry resends the same notification, so it carries the same id. (A hash of the whole
 * body would also work, but would treat a notification re-sent with, say, another translation as
 * new; the id says what Thinksurance means.)
 *
 * Why 1,000: retries follow within minutes or hours (timing undocumented), so only the latest
 * notifications can come back. The memory lives in the workflow's static data, which n8n saves
 * after every call: 1,000 keys of 12 characters are about 15 kB of JSON.
 */
export const MAX_REMEMBERED_NOTIFICATIONS = 1000;

const FIELD = 'recentNotificationKeys';

/**
 * What the memory says about one notification, from one read of the stored keys: whether it was
 * emitted before (by this trigger node of this workflow), and how to remember it. `key` is the
 * notification's recentKey, computed once per call.
 */
export function emittedMemory(staticData: IDataObject, key: string) {
	const keys = readKeys(staticData[FIELD]);
	return {
		emittedBefore: keys.includes(key),
		/** Remembers the notification; the oldest key goes when the memory is full. */
		remember(): void {
			const next = rememberKeys(keys, [key], MAX_REMEMBERED_NOTIFICATIONS);
			if (next) staticData[FIELD] = next;
		},
	};
}

/** Whether this notification was emitted before (by this trigger node of this workflow). */
export function wasEmitted(staticData: IDataObject, notificationId: string): boolean {
	return emittedMemory(staticData, recentKey(notificationId)).emittedBefore;
}

/** Remembers an emitted notification; the oldest key goes when the memory is full. */
export function rememberEmitted(staticData: IDataObject, notificationId: string): void {
	emittedMemory(staticData, recentKey(notificationId)).remember();
}
