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
 * A parsed answer (text, JSON, arrays) with every secret replaced by "[redacted]": the value itself
 * when it holds no secret (the usual case, so nothing is copied), a redacted copy otherwise.
 */
export function redactSecrets<T>(value: T, secrets: string[]): T {
	if (secrets.length === 0 || !containsSecret(value, secrets, 0)) return value;
	return redactedCopy(value, secrets, 0);
}

// Answers are small JSON documents; the depth bound only guards against cycles.
const MAX_DEPTH = 32;

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
	pattern.lastIndex = 0;
	return pattern;
}

function escapeRegExp(text: string) {
	return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function containsSecret(value: unknown, secrets: string[], depth: number): boolean {
	if (typeof value === 'string') return patternOf(secrets).test(value);
	if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return false;
	if (value instanceof Uint8Array) return false;
	if (Array.isArray(value)) return value.some((entry) => containsSecret(entry, secrets, depth + 1));
	return Object.entries(value).some(
		([key, entry]) =>
			containsSecret(key, secrets, depth + 1) || containsSecret(entry, secrets, depth + 1),
	);
}

function redactedCopy<T>(value: T, secrets: string[], depth: number): T {
	if (typeof value === 'string') {
		return value.replace(patternOf(secrets), REDACTED) as T;
	}
	if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return value;
	if (Array.isArray(value))
		return value.map((entry) => redactedCopy(entry, secrets, depth + 1)) as T;
	if (value instanceof Uint8Array) return value;
	// fromEntries defines own properties, so a "__proto__" key in an answer stays a plain key.
	return Object.fromEntries(
		Object.entries(value as Record<string, unknown>).map(([key, entry]) => [
			redactedCopy(key, secrets, depth + 1),
			redactedCopy(entry, secrets, depth + 1),
		]),
	) as T;
}
