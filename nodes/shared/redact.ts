/**
 * Removes secrets from an answer before any node reads it: some servers echo the request (a
 * bearer token, a form body) in their error texts, and those texts become error messages.
 */
export const REDACTED = '[redacted]';

/** The secrets worth looking for: long enough to be recognisable, each at most once. */
export function secretList(values: unknown[]): string[] {
	const secrets = new Set<string>();
	for (const value of values) {
		if (typeof value !== 'string') continue;
		const text = value.trim();
		if (text.length >= 8) secrets.add(text);
	}
	// Longest first, so a secret that contains another is replaced whole.
	return [...secrets].sort((a, b) => b.length - a.length);
}

/** Lines of a PEM block (a private key): each one alone would identify the key. */
export function pemLines(pem: unknown): string[] {
	if (typeof pem !== 'string') return [];
	return pem
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter((line) => line.length >= 16 && !line.startsWith('-----'));
}

/** A copy of a parsed answer (text, JSON, arrays) with every secret replaced by "[redacted]". */
export function redactSecrets<T>(value: T, secrets: string[], depth = 0): T {
	if (secrets.length === 0) return value;
	if (typeof value === 'string') {
		let text: string = value;
		for (const secret of secrets)
			if (text.includes(secret)) text = text.split(secret).join(REDACTED);
		return text as T;
	}
	// Answers are small JSON documents; the depth bound only guards against cycles.
	if (depth > 32 || typeof value !== 'object' || value === null) return value;
	if (Array.isArray(value))
		return value.map((entry) => redactSecrets(entry, secrets, depth + 1)) as T;
	if (value instanceof Uint8Array) return value;
	const copy: Record<string, unknown> = {};
	for (const [key, entry] of Object.entries(value as Record<string, unknown>))
		copy[redactSecrets(key, secrets, depth + 1)] = redactSecrets(entry, secrets, depth + 1);
	return copy as T;
}
