/**
 * The longest a token is ever used, whatever its server says. An `expires_in` of 1e308 made
 * `expiresAt` Infinity, which n8n stores as null: a token that never expired. Access tokens of
 * identity servers live minutes to hours (Scalepoint's clients refresh by `expires_in`,
 * Thinksurance's live 15 minutes); a day is far above both and costs at most one extra token
 * request a day, while a refused or leaked token stops being used within a day at the latest.
 */
export const MAX_TOKEN_LIFETIME_MS = 24 * 60 * 60_000;

/**
 * When a token fetched at `fetchedAt` and valid for `lifetimeMs` must no longer be used: capped at
 * MAX_TOKEN_LIFETIME_MS, and always a finite number (a non-finite lifetime counts as the cap).
 */
export function tokenExpiry(fetchedAt: number, lifetimeMs: number) {
	const lifetime = Number.isFinite(lifetimeMs)
		? Math.min(Math.max(0, lifetimeMs), MAX_TOKEN_LIFETIME_MS)
		: MAX_TOKEN_LIFETIME_MS;
	return fetchedAt + lifetime;
}

/**
 * Whether a stored token's expiry can be trusted: a finite time, not past, and not further
 * ahead than the cap allows (a value stored before the cap existed, or written by hand).
 */
export function isUsableExpiry(expiresAt: unknown, now: number) {
	const value =
		typeof expiresAt === 'string' && expiresAt.trim() !== '' ? Number(expiresAt) : expiresAt;
	return (
		typeof value === 'number' &&
		Number.isFinite(value) &&
		value > now &&
		value <= now + MAX_TOKEN_LIFETIME_MS
	);
}
