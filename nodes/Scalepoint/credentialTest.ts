import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import {
	KeyMaterialError,
	requestScalepointToken,
	ScalepointTokenError,
} from './auth/tokenRequest';
import { CredentialHostsError, credentialHosts } from './hosts';
import { credentialScopes } from './scopes';

type HttpRequest = IHttpRequestHelper['helpers']['httpRequest'];

/**
 * The editor's test of the Scalepoint credential (`testedBy: 'scalepointApiTest'` on every
 * Scalepoint node): it checks the hosts, obtains a token for the credential's scopes and stops
 * there. No other endpoint is called: the vendor pages document none that every client may read,
 * and a token answer already proves the environment, client ID, key or secret, and scopes. A
 * failure shows the credential's own message (e.g. invalid_client -> "check client ID,
 * certificate registration and environment") instead of n8n's generic HTTP text.
 */
export async function scalepointApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	try {
		credentialHosts(data);
		await requestScalepointToken(legacyAsHttpRequest(this.helpers), data);
	} catch (error) {
		return { status: 'Error', message: failureMessage(error) };
	}
	const scopes = credentialScopes(data);
	return {
		status: 'OK',
		message: `Token obtained for scopes ${scopes.length > 0 ? scopes.join(' ') : '(none requested)'}`,
	};
}

/** The credential's own messages are written for the user and never hold a secret. */
function failureMessage(error: unknown) {
	if (
		error instanceof ScalepointTokenError ||
		error instanceof KeyMaterialError ||
		error instanceof CredentialHostsError
	) {
		return error.message;
	}
	// Anything else is unexpected; its text may come from a library, so only its kind is shown.
	return `The credential test failed unexpectedly (${error instanceof Error ? error.name : 'unknown error'}). Check the credential's settings and try again.`;
}

/**
 * A credential test context offers only n8n's legacy `request` helper (ICredentialTestFunctions),
 * not `httpRequest`. The token request is written for `httpRequest` with a full answer, HTTP errors
 * returned rather than thrown and redirects not followed; this maps those options onto the legacy
 * helper's equivalents.
 */
function legacyAsHttpRequest(helpers: ICredentialTestFunctions['helpers']): HttpRequest {
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
 * The legacy helper takes no abort signal, and its `timeout` only bounds silence between bytes: a
 * token endpoint that sends a byte now and then would keep the editor's Test button spinning. The
 * test therefore stops waiting at the token request's deadline (the signal sendOrFailure sets) and
 * reports a timeout; the socket is left for the server or the OS to close. Once the headers are
 * there, the body is read by sendOrFailure, which ends the read (and the socket) at the deadline.
 */
async function untilAborted<T>(request: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
	if (!signal) return await request;
	return await new Promise<T>((resolve, reject) => {
		const abort = () => reject(new CancelledByDeadline());
		if (signal.aborted) abort();
		signal.addEventListener('abort', abort, { once: true });
		request.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
	});
}

/** Shaped like axios' cancel error, so the deadline turns it into a timeout (deadline.ts). */
class CancelledByDeadline extends Error {
	readonly code = 'ERR_CANCELED';

	constructor() {
		super('The request was abandoned at its deadline');
		this.name = 'CanceledError';
	}
}
