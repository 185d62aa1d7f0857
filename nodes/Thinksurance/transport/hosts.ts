/**
 * Thinksurance hosts. Every V1.1 example uses the dev host; the production host is not published
 * (see API notes), so it is a guess and a custom base URL is always possible.
 */
export const BASE_URLS = {
	development: 'https://ipn.dev.thinksurance.de',
	production: 'https://ipn.thinksurance.de',
} as const;

export const TOKEN_PATH = '/api/ipn/tokens';
export const AGENCY_NUMBERS_PATH = '/api/ipn/agency-numbers';

/** Tokens live 15 minutes from issue [doc]; reuse one until 15 min after fetching minus a margin. */
export const TOKEN_LIFETIME_MS = 15 * 60 * 1000;
export const TOKEN_MARGIN_MS = 60 * 1000;

/** The base URL the credential points to, without a trailing slash; undefined when unusable. */
export function baseUrlOf(environment: unknown, customBaseUrl: unknown): string | undefined {
	if (environment === 'production') return BASE_URLS.production;
	if (environment === 'custom') {
		const text = typeof customBaseUrl === 'string' ? customBaseUrl.trim() : '';
		let url: URL;
		try {
			url = new URL(text);
		} catch {
			return undefined;
		}
		if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
		if (url.username || url.password || url.search || url.hash) return undefined;
		return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
	}
	return BASE_URLS.development;
}
