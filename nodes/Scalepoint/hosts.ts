/**
 * Scalepoint hosts (see shared API notes, "Hosts"). Every host is overridable in the nodes because
 * customers are assigned project servers for testing.
 */
export const TOKEN_URLS = {
	production: 'https://accounts.scalepoint.com/connect/token',
	sandbox: 'https://sandbox-accounts.scalepoint.com/connect/token',
} as const;

/** Self-Service, Event API and ClaimShop. */
export const WWW_HOST = 'https://www.scalepoint.com';
/** Hub Property and ECB (`/ecx/<tenant>/api/integration/v1/...`). */
export const ENTRY_HOST = 'https://entry.scalepoint.com';

export type ScalepointEnvironment = 'production' | 'sandbox' | 'custom';

/** The token endpoint the credential uses; it is also the `aud` of the client assertion. */
export function tokenUrlOf(environment: unknown, customTokenUrl: unknown) {
	if (environment === 'sandbox') return TOKEN_URLS.sandbox;
	if (environment === 'custom') return String(customTokenUrl ?? '').trim();
	return TOKEN_URLS.production;
}
