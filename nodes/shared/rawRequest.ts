import type { IHttpRequestHelper } from 'n8n-workflow';

type HttpRequest = IHttpRequestHelper['helpers']['httpRequest'];

/** A full answer of n8n's `httpRequest` with `returnFullResponse: true`. */
export interface RawAnswer {
	statusCode: number;
	headers?: Record<string, unknown>;
	body: unknown;
}

/**
 * The answer, or the network error that prevented one. Returned rather than thrown, so callers
 * decide on retries and wording outside a catch block (n8n's lint wants errors thrown there
 * wrapped, and these never reached the node).
 */
export async function sendOrFailure(
	httpRequest: HttpRequest,
	options: Parameters<HttpRequest>[0],
): Promise<RawAnswer | { networkError: unknown }> {
	try {
		return (await httpRequest(options)) as RawAnswer;
	} catch (networkError) {
		return { networkError };
	}
}

/** A response header by name, whatever case the server or n8n used. */
export function headerValue(headers: Record<string, unknown> | undefined, name: string) {
	const wanted = name.toLowerCase();
	return Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === wanted)?.[1];
}
