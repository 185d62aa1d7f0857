import { createHash } from 'node:crypto';

/**
 * A bounded memory of things a trigger has already emitted, kept in the workflow's static data so
 * that a repeat (an event polled again, a webhook delivery the sender retries) is not emitted a
 * second time. n8n saves static data with every poll or webhook call, so the memory must stay small
 * and bounded however many items pass: it holds short fixed-size keys, newest last.
 */

/**
 * The key remembered for an id: 12 base64url characters of its SHA-256 (72 bits). Ids may be long
 * (hundreds of characters), a hash has a fixed size. The chance that a new id's key matches one of
 * a few hundred remembered ones (and the item is wrongly skipped) is about 1 in 10^19.
 */
export function recentKey(id: string): string {
	return createHash('sha256').update(id).digest('base64url').slice(0, 12);
}

/**
 * The memory after new keys were added: the keys remembered before plus `added`, newest last,
 * at most `max`. `undefined` when there is nothing to remember (nothing is stored then).
 */
export function rememberKeys(
	before: readonly string[] | undefined,
	added: readonly string[],
	max: number,
): string[] | undefined {
	const all = [...(before ?? []), ...added].slice(-max);
	return all.length > 0 ? all : undefined;
}

/** The remembered keys read back from static data; anything that is not a list of strings is none. */
export function readKeys(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((key): key is string => typeof key === 'string') : [];
}
