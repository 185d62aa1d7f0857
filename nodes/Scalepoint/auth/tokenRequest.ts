import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';

import {
	asObject,
	describeNetworkFailure,
	isTimeout,
	parseJsonBody,
} from '../../shared/httpErrors';
import { answerTooLarge, tokenTooLargeMessage } from '../../shared/cappedAnswer';
import { headerValue, sendOrFailure } from '../../shared/rawRequest';
import { backoffMs, nextDelayMs } from '../../shared/retry';
import { hasSecureTransport, SECURE_TRANSPORT_RULE } from '../../shared/secureUrl';
import { MAX_TOKEN_LIFETIME_MS, tokenExpiry } from '../../shared/tokenLifetime';
import { waitFor } from '../../shared/wait';
import { tokenUrlOf } from '../hosts';
import { credentialScopes } from '../scopes';
import { buildClientAssertion } from './clientAssertion';
import { KeyMaterialError, loadClientKeyMaterial } from './keyMaterial';

type HttpRequest = IHttpRequestHelper['helpers']['httpRequest'];

/** A token that could not be obtained. Its message is safe to show: it never holds a secret. */
export class ScalepointTokenError extends Error {
	constructor(
		message: string,
		readonly status?: number,
	) {
		super(message);
		this.name = 'ScalepointTokenError';
	}
}

export interface ScalepointToken {
	accessToken: string;
	/** Epoch ms after which the token is treated as expired (already shortened by a margin). */
	expiresAt: number;
}

const TOKEN_TIMEOUT_MS = 20_000;
// Token requests are safe to repeat (each carries a fresh assertion), so a server error or an
// unreachable endpoint is retried a little; a 4xx answer is final and is never repeated.
const TOKEN_RETRIES = 2;
// When the server omits expires_in, assume a short life rather than caching forever; a 401 from
// an API refreshes it anyway.
const DEFAULT_LIFETIME_SECONDS = 300;

/**
 * OAuth2 client credentials at Scalepoint's token endpoint, with a signed JWT client assertion
 * (`private_key_jwt`) or a client secret in the form body (see shared API notes, "Token").
 */
export async function requestScalepointToken(
	httpRequest: HttpRequest,
	credentials: ICredentialDataDecryptedObject,
	now: () => number = Date.now,
): Promise<ScalepointToken> {
	const tokenUrl = tokenUrlOf(credentials.environment, credentials.customTokenUrl);
	checkTokenUrl(tokenUrl);
	const clientId = String(credentials.clientId ?? '').trim();
	if (clientId === '')
		throw new ScalepointTokenError(
			'Client ID: it is empty. Enter the client ID Scalepoint gave you.',
		);
	const scopes = credentialScopes(credentials);
	const useSecret = credentials.authentication === 'clientSecret';
	// Checked once, before any request: a wrong paste gets an answer that names the field.
	const keys = useSecret
		? undefined
		: loadClientKeyMaterial(
				credentials.certificate,
				credentials.privateKey,
				credentials.passphrase,
				new Date(now()),
			);
	if (useSecret && String(credentials.clientSecret ?? '') === '') {
		throw new ScalepointTokenError(
			'Client Secret: it is empty. Enter the client secret or switch to Private Key JWT.',
		);
	}

	for (let attempt = 0; ; attempt++) {
		const form = new URLSearchParams({ grant_type: 'client_credentials' });
		if (keys) {
			form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
			form.set(
				'client_assertion',
				buildClientAssertion({ clientId, audience: tokenUrl, keys, nowMs: now() }),
			);
		} else {
			form.set('client_id', clientId);
			form.set('client_secret', String(credentials.clientSecret));
		}
		if (scopes.length > 0) form.set('scope', scopes.join(' '));

		const response = await sendOrFailure(httpRequest, {
			method: 'POST',
			url: tokenUrl,
			body: form.toString(),
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// The body carries the secret or assertion: a redirect must not re-post it elsewhere.
			disableFollowRedirect: true,
			timeout: TOKEN_TIMEOUT_MS,
		});
		if ('networkError' in response) {
			// Not asked again: the same endpoint would send the same flood.
			const tooLarge = answerTooLarge(response.networkError);
			if (tooLarge) {
				throw new ScalepointTokenError(
					tokenTooLargeMessage(
						`The Scalepoint token endpoint ${tokenUrl}`,
						tooLarge,
						"the credential's environment and token URL",
					),
				);
			}
			// A token endpoint that did not answer within the deadline is not asked again: the run
			// (or the editor's Test button) would wait three deadlines for one token.
			if (attempt < TOKEN_RETRIES && !isTimeout(response.networkError)) {
				await waitFor(backoffMs(attempt, { baseMs: 500, maxMs: 4000 }));
				continue;
			}
			throw new ScalepointTokenError(
				`Could not reach the Scalepoint token endpoint ${tokenUrl} (${networkReason(response.networkError)}). Check the credential's environment and that this n8n can reach it.`,
			);
		}
		const status = response.statusCode;
		if (status >= 300 && status < 400) throw redirected(status, tokenUrl);
		const body = asObject(parseJsonBody(response.body));
		if (status >= 200 && status < 300) return toToken(body, now());
		if ((status >= 500 || status === 429) && attempt < TOKEN_RETRIES) {
			await waitFor(
				nextDelayMs(attempt, headerValue(response.headers, 'retry-after'), now(), {
					baseMs: 500,
					maxMs: 4000,
					maxRetryAfterMs: 10_000,
				}),
			);
			continue;
		}
		throw tokenFailure(status, body, { useSecret, clientId, scopes });
	}
}

function checkTokenUrl(tokenUrl: string) {
	const url = URL.canParse(tokenUrl) ? new URL(tokenUrl) : undefined;
	if (!url) {
		throw new ScalepointTokenError(
			'Token URL: it is not a valid URL. Enter the full token endpoint, e.g. https://accounts.scalepoint.com/connect/token.',
		);
	}
	if (!hasSecureTransport(url)) {
		// Checked before anything is sent: the secret or assertion would travel in clear.
		throw new ScalepointTokenError(`Token URL: it ${SECURE_TRANSPORT_RULE}.`);
	}
}

function redirected(status: number, tokenUrl: string) {
	return new ScalepointTokenError(
		`The Scalepoint token endpoint ${tokenUrl} redirected the token request (${status}). The redirect was not followed, so the credentials were sent once, to that URL only. Check the credential's environment and token URL.`,
		status,
	);
}

function toToken(body: Record<string, unknown> | undefined, nowMs: number): ScalepointToken {
	const accessToken = body?.access_token;
	if (typeof accessToken !== 'string' || accessToken === '') {
		throw new ScalepointTokenError(
			'The Scalepoint token endpoint answered without an access token. Check the token URL of the credential.',
		);
	}
	const expiresIn = Number(body?.expires_in);
	// 1e308 or Infinity must not make a token that never expires: at most a day (tokenLifetime.ts).
	const lifetime = Math.min(
		Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_LIFETIME_SECONDS,
		MAX_TOKEN_LIFETIME_MS / 1000,
	);
	// Refresh a little early: a minute, or a tenth of short lifetimes.
	const margin = Math.min(60, lifetime / 10);
	return { accessToken, expiresAt: tokenExpiry(nowMs, (lifetime - margin) * 1000) };
}

const ERROR_ADVICE: Record<string, (context: FailureContext) => string> = {
	invalid_client: ({ useSecret }) =>
		useSecret
			? 'Scalepoint rejected the client ID or client secret: check both and the environment'
			: 'Scalepoint rejected the client assertion: check client ID, certificate registration and environment',
	invalid_scope: ({ scopes, clientId }) =>
		`Scalepoint refused the scopes ${scopes.join(' ') || '(none)'}: ask Scalepoint to grant them to client ${clientId}, or remove them from the credential`,
	unauthorized_client: ({ clientId }) =>
		`Scalepoint does not allow client ${clientId} to use the client credentials grant: contact Scalepoint`,
	invalid_request: () =>
		'Scalepoint rejected the token request as malformed: check the token URL of the credential',
	unsupported_grant_type: () =>
		'Scalepoint does not accept the client credentials grant at this token URL: check the token URL',
	invalid_grant: () =>
		'Scalepoint rejected the grant: check client ID, certificate registration and environment',
};

interface FailureContext {
	useSecret: boolean;
	clientId: string;
	scopes: string[];
}

function tokenFailure(
	status: number,
	body: Record<string, unknown> | undefined,
	context: FailureContext,
) {
	const code =
		typeof body?.error === 'string' && /^[a-z_]{1,64}$/.test(body.error) ? body.error : undefined;
	const advice = code ? ERROR_ADVICE[code] : undefined;
	if (advice) return new ScalepointTokenError(`${advice(context)} (${status} ${code})`, status);
	if (status >= 500) {
		return new ScalepointTokenError(
			`The Scalepoint token endpoint failed (${status}). Try again later.`,
			status,
		);
	}
	// The raw body is never echoed: some servers repeat the request (and so the secret) in it.
	return new ScalepointTokenError(
		`The Scalepoint token endpoint refused the request (${status}${code ? ` ${code}` : ''}). Check the credential's environment, client ID and key material.`,
		status,
	);
}

// Words, not the raw code: n8n replaces any message that names ECONNREFUSED, ECONNRESET, ...
// with a generic text that hides which endpoint failed.
function networkReason(error: unknown) {
	return isTimeout(error) ? 'it timed out' : describeNetworkFailure(error);
}

export { KeyMaterialError };
