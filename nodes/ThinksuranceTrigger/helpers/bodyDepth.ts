/**
 * The deepest nesting a notification may have. The page's example nests 3 levels of objects (the
 * body, `translations`, `eventType`); 64 leaves ample room. The bound exists because n8n
 * copies and stores an execution's items with recursive functions (deepCopy, JSON.stringify):
 * a 30 kB body nested 5,000 levels deep passes the size limit, but its item overflows the stack
 * after Thinksurance was told 204, and its notificationId would block the redelivery.
 * [inferred: the page names no limit]
 */
export const MAX_NOTIFICATION_DEPTH = 64;

/**
 * The first top-level attribute of `body` that nests deeper than `maxDepth` levels (the body
 * itself is level 1), or undefined when none does. Walked with a list of values still to look at,
 * not recursively, so the check itself cannot overflow; the 256 kB size limit bounds its work.
 */
export function tooDeepAttribute(body: object, maxDepth: number): string | undefined {
	for (const [attribute, value] of Object.entries(body)) {
		const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 2 }];
		for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
			if (typeof next.value !== 'object' || next.value === null) continue;
			if (next.depth > maxDepth) return attribute;
			for (const entry of Object.values(next.value))
				pending.push({ value: entry, depth: next.depth + 1 });
		}
	}
	return undefined;
}
