import { secretForms } from './secretForms';

/**
 * Removes secrets from an answer before any node reads it: some servers echo the request (a
 * bearer token, a form body) in their error texts, and those texts become error messages. Both
 * vendors' transports, token requests and error texts use this one mechanism.
 */
export const REDACTED = '[redacted]';

/**
 * The secrets worth looking for, each in every form a server may echo it in (JSON-escaped,
 * URL-encoded, HTML; see secretForms.ts), each form once. `minLength` keeps short values out:
 * replacing them in answer data could corrupt it (an id that happens to contain them).
 */
export function secretList(values: unknown[], minLength = 8): string[] {
	const secrets = new Set<string>();
	for (const value of values) {
		if (typeof value !== 'string') continue;
		const text = value.trim();
		if (text.length < minLength) continue;
		for (const form of secretForms(text)) secrets.add(form);
	}
	return longestFirst(secrets);
}

// Longest first, so a secret that contains another is replaced whole.
function longestFirst(secrets: Iterable<string>) {
	return [...new Set(secrets)].sort((a, b) => b.length - a.length);
}

/** Lines of a PEM block (a private key): each one alone would identify the key. */
export function pemLines(pem: unknown): string[] {
	if (typeof pem !== 'string') return [];
	return pem
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter((line) => line.length >= 16 && !line.startsWith('-----'));
}

/**
 * The secrets of one client, listed once. Building and sorting the list for every answer cost more
 * than the redaction itself (CPU profile of a 10,000-event run). Sent tokens only ever grow, so the
 * list is rebuilt when their number changes.
 */
export class ClientSecrets {
	private list: string[] = [];
	private tokenCount = -1;

	constructor(
		private readonly sentTokens: ReadonlySet<unknown>,
		private readonly fixed: unknown[],
	) {}

	/** The current list, plus the request's own secrets when it has any. */
	current(extra: unknown[] = []): string[] {
		if (this.sentTokens.size !== this.tokenCount) {
			this.list = secretList([...this.sentTokens, ...this.fixed]);
			this.tokenCount = this.sentTokens.size;
		}
		return extra.length > 0 ? longestFirst([...this.list, ...secretList(extra)]) : this.list;
	}
}

/**
 * What stands in for the values left unchecked when an answer holds more than `maxValues` values:
 * a value that was not searched for secrets is never passed on.
 */
export const LEFT_OUT = '[left out: too many values to check for secrets]';

/**
 * How many values (strings, numbers, objects, arrays, …) one answer may hold before the rest is
 * left out. Every value is searched, at any depth: a vendor may echo a secret anywhere in an
 * answer, also 40 levels down. The bound keeps the work per answer finite; it is far above any
 * answer either API documents (a page of inquiries or events holds thousands of values, this is
 * about 20 MB of JSON). [inferred: neither vendor names an answer size]
 */
export const MAX_CHECKED_VALUES = 1_000_000;

/**
 * A parsed answer (text, JSON, arrays) with every secret replaced by "[redacted]": the value itself
 * when it holds no secret (the usual case, so nothing is copied), a redacted copy otherwise.
 * Values beyond `maxValues` are replaced by LEFT_OUT (see MAX_CHECKED_VALUES).
 */
export function redactSecrets<T>(value: T, secrets: string[], maxValues = MAX_CHECKED_VALUES): T {
	if (secrets.length === 0 || !needsCopy(value, patternOf(secrets), maxValues)) return value;
	return redactedCopy(value, patternOf(secrets), maxValues);
}

/**
 * One case-insensitive pattern per list: a server may echo a secret in another case (a GUID in
 * upper case, hex digits), and matching more than the exact text only ever redacts more. Lists are
 * built once per client (ClientSecrets), so the pattern is compiled once per list.
 */
const patterns = new WeakMap<string[], RegExp>();

function patternOf(secrets: string[]) {
	let pattern = patterns.get(secrets);
	if (!pattern) {
		// The list is longest first, so alternation replaces a secret that contains another whole.
		pattern = new RegExp(secrets.map(escapeRegExp).join('|'), 'gi');
		patterns.set(secrets, pattern);
	}
	return pattern;
}

function escapeRegExp(text: string) {
	return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function holdsSecret(text: string, pattern: RegExp) {
	// A global pattern's test() starts at lastIndex, which a previous match left behind.
	pattern.lastIndex = 0;
	return pattern.test(text);
}

/** Objects and arrays are opened; Uint8Array (binary data) is passed on as it is. */
function isContainer(value: unknown): value is object {
	return typeof value === 'object' && value !== null && !(value instanceof Uint8Array);
}

/**
 * Whether the answer must be copied: it holds a secret, or more values than can be checked. The
 * walk keeps its own list of values still to look at instead of calling itself, so an answer
 * nested thousands of levels deep is searched to its end (a recursive walk would overflow the
 * stack, or, bounded in depth, let what lies below the bound through).
 */
function needsCopy(answer: unknown, pattern: RegExp, maxValues: number): boolean {
	const pending: unknown[] = [answer];
	let checked = 0;
	while (pending.length > 0) {
		const value = pending.pop();
		if (++checked > maxValues) return true;
		if (typeof value === 'string') {
			if (holdsSecret(value, pattern)) return true;
		} else if (Array.isArray(value)) {
			for (const entry of value) pending.push(entry);
		} else if (isContainer(value)) {
			for (const [key, entry] of Object.entries(value)) {
				if (holdsSecret(key, pattern)) return true;
				pending.push(entry);
			}
		}
	}
	return false;
}

/** A value still to copy, and where its copy goes. */
type Slot = { value: unknown; into: object; key: string | number };

// defineProperty for "__proto__": a "__proto__" key in an answer stays a plain key of the copy
// (assigning it would set the copy's prototype). Plain assignment otherwise, as it is faster.
function place(into: object, key: string | number, value: unknown) {
	if (key === '__proto__')
		Object.defineProperty(into, key, {
			value,
			writable: true,
			enumerable: true,
			configurable: true,
		});
	else (into as Record<string | number, unknown>)[key] = value;
}

/**
 * The copy with every secret replaced, walked like needsCopy (no recursion, any depth). Values are
 * copied in document order; those after the first `maxValues` become LEFT_OUT, except numbers,
 * booleans and null, which cannot hold a secret. Keys of an opened object are always redacted.
 */
function redactedCopy<T>(answer: T, pattern: RegExp, maxValues: number): T {
	const holder: { answer?: unknown } = {};
	const pending: Slot[] = [{ value: answer, into: holder, key: 'answer' }];
	let checked = 0;
	for (let slot = pending.pop(); slot !== undefined; slot = pending.pop()) {
		const { value, into, key } = slot;
		if (++checked > maxValues && (typeof value === 'string' || isContainer(value))) {
			place(into, key, LEFT_OUT);
		} else if (typeof value === 'string') {
			place(into, key, value.replace(pattern, REDACTED));
		} else if (Array.isArray(value)) {
			const copy: unknown[] = new Array<unknown>(value.length).fill(undefined);
			place(into, key, copy);
			// Pushed last to first, so the first entries are copied (and checked) first.
			for (let index = value.length - 1; index >= 0; index--)
				pending.push({ value: value[index] as unknown, into: copy, key: index });
		} else if (isContainer(value)) {
			const copy = {};
			place(into, key, copy);
			const entries = Object.entries(value);
			// Keys are placed now, in the answer's order; their values arrive as they are copied.
			const keys = entries.map(([entryKey]) => {
				const redactedKey = entryKey.replace(pattern, REDACTED);
				place(copy, redactedKey, undefined);
				return redactedKey;
			});
			for (let index = entries.length - 1; index >= 0; index--)
				pending.push({ value: entries[index][1], into: copy, key: keys[index] });
		} else {
			place(into, key, value);
		}
	}
	return holder.answer as T;
}
