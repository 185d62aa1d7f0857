import type { IHttpRequestHelper } from 'n8n-workflow';

import { readCappedAnswer, TOKEN_ANSWER_CAP_BYTES } from './cappedAnswer';
import { requestDeadline } from './deadline';

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
 *
 * `options.timeout` is also the request's total deadline (see deadline.ts): on its own n8n only
 * applies it to silence between bytes. A request past its deadline fails as a timeout.
 *
 * The body is read as a stream, at most `capBytes` of it (cappedAnswer.ts); a longer answer fails
 * with an `AnswerTooLargeError` as its `networkError`, after the connection was closed.
 */
export async function sendOrFailure(
	httpRequest: HttpRequest,
	options: Parameters<HttpRequest>[0] & { timeout: number },
	capBytes = TOKEN_ANSWER_CAP_BYTES,
): Promise<RawAnswer | { networkError: unknown }> {
	const deadline = requestDeadline(options.timeout);
	try {
		const answer = (await httpRequest({
			...options,
			abortSignal: deadline.signal,
			encoding: 'stream',
		})) as RawAnswer;
		return { ...answer, body: await readCappedAnswer(answer.body, capBytes, deadline.signal) };
	} catch (networkError) {
		return { networkError: deadline.explain(networkError) };
	}
}

/** A response header by name, whatever case the server or n8n used. */
export function headerValue(headers: Record<string, unknown> | undefined, name: string) {
	const wanted = name.toLowerCase();
	return Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === wanted)?.[1];
}
