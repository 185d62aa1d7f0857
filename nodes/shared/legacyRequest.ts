import type {
	ICredentialTestFunctions,
	IHttpRequestHelper,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { AbandonedError } from './httpErrors';

type HttpRequest = IHttpRequestHelper['helpers']['httpRequest'];

/**
 * A credential test context offers only n8n's legacy `request` helper (ICredentialTestFunctions),
 * not `httpRequest`. The package's requests are written for `httpRequest` with a full answer, HTTP
 * errors returned rather than thrown and redirects not followed; this maps those options onto the
 * legacy helper's equivalents.
 */
export function legacyAsHttpRequest(helpers: ICredentialTestFunctions['helpers']): HttpRequest {
	return async (options: IHttpRequestOptions) => {
		const answer = (await untilAborted(
			helpers.request({
				method: options.method ?? 'GET',
				uri: options.url,
				headers: options.headers,
				body: options.body,
				json: options.json === true,
				timeout: options.timeout,
				resolveWithFullResponse: true,
				simple: options.ignoreHttpStatusErrors !== true,
				followRedirect: options.disableFollowRedirect !== true,
				followAllRedirects: false,
				// The body unread, so sendOrFailure reads it with a cap (cappedAnswer.ts).
				useStream: options.encoding === 'stream',
			}),
			options.abortSignal as AbortSignal | undefined,
		)) as { statusCode: number; headers?: Record<string, unknown>; body: unknown };
		return options.returnFullResponse
			? { statusCode: answer.statusCode, headers: answer.headers ?? {}, body: answer.body }
			: answer.body;
	};
}

/**
 * The legacy helper takes no abort signal, and its `timeout` only bounds silence between bytes: an
 * endpoint that sends a byte now and then would keep the editor's Test button spinning. The test
 * therefore stops waiting at the request's deadline (the signal sendOrFailure sets) and reports a
 * timeout; the socket is left for the server or the OS to close. Once the headers are there, the
 * body is read by sendOrFailure, which ends the read (and the socket) at the deadline.
 */
async function untilAborted<T>(request: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
	if (!signal) return await request;
	return await new Promise<T>((resolve, reject) => {
		const abort = () => reject(new AbandonedError('The request was abandoned at its deadline'));
		if (signal.aborted) abort();
		signal.addEventListener('abort', abort, { once: true });
		request.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
	});
}
