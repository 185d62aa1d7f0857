import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';

import {
	asObject,
	describeNetworkFailure,
	isTimeout,
	parseJsonBody,
} from '../../shared/httpErrors';
import { answerTooLarge, tokenTooLargeMessage } from '../../shared/cappedAnswer';
import { headerValue, sendOrFailure, type RawAnswer } from '../../shared/rawRequest';
import { nextDelayMs } from '../../shared/retry';
import { tokenExpiry } from '../../shared/tokenLifetime';
import { waitFor } from '../../shared/wait';
import { BASE_URL_RULE, baseUrlOf, TOKEN_LIFETIME_MS, TOKEN_MARGIN_MS, TOKEN_PATH } from './hosts';
import { identityProblem, scrubSecrets } from './identity';
import { failureReason } from './vendorError';

type HttpRequest = IHttpRequestHelper['helpers']['httpRequest'];

/** A token that could not be obtained. Its message is safe to show: it never holds a secret. */
export class ThinksuranceTokenError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ThinksuranceTokenError';
	}
}

export interface ThinksuranceToken {
	token: string;
	/** Epoch ms after which the token is treated as expired (fetch time + 15 min - margin). */
	expiresAt: number;
}

const TOKEN_TIMEOUT_MS = 20_000;
// Asking for a token is safe to repeat, so an unreachable endpoint, 429 and 5xx are retried a
// little (after Retry-After when given); a refusal of the hash/secret is final.
const TOKEN_ATTEMPTS = 3;
const BACKOFF = { baseMs: 500, maxMs: 4_000, maxRetryAfterMs: 10_000 };

/**
 * POST {base}/api/ipn/tokens {hash, secret} -> {token, expired}. The `expired` text has no time
 * zone (it is German local time), so it is ignored: the token is used until 15 minutes after it
 * was fetched, minus a safety margin.
 */
export async function requestThinksuranceToken(
	httpRequest: HttpRequest,
	credentials: ICredentialDataDecryptedObject,
	now: () => number = Date.now,
): Promise<ThinksuranceToken> {
	const baseUrl = baseUrlOf(credentials.environment, credentials.customBaseUrl);
	if (!baseUrl) {
		throw new ThinksuranceTokenError(`Base URL: it is not a usable URL. ${BASE_URL_RULE}`);
	}
	const hash = String(credentials.hash ?? '').trim();
	const secret = String(credentials.secret ?? '');
	if (hash === '' || secret === '') {
		throw new ThinksuranceTokenError(
			'Hash and Secret are required. Enter the API user hash and secret Thinksurance gave you.',
		);
	}
	const identity = identityProblem(credentials);
	if (identity) throw new ThinksuranceTokenError(identity);

	let fetchedAt = now();
	let response: RawAnswer;
	for (let attempt = 0; ; attempt++) {
		fetchedAt = now();
		const sent = await sendOrFailure(httpRequest, {
			method: 'POST',
			url: `${baseUrl}${TOKEN_PATH}`,
			body: { hash, secret },
			json: true,
			headers: { Accept: 'application/json' },
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// The body carries the hash and secret: a redirect must not re-post them elsewhere.
			disableFollowRedirect: true,
			timeout: TOKEN_TIMEOUT_MS,
		});
		const last = attempt + 1 >= TOKEN_ATTEMPTS;
		if ('networkError' in sent) {
			// Not asked again: the same endpoint would send the same flood.
			const tooLarge = answerTooLarge(sent.networkError);
			if (tooLarge) {
				throw new ThinksuranceTokenError(
					tokenTooLargeMessage(
						`The Thinksurance token endpoint at ${new URL(baseUrl).host}`,
						tooLarge,
						'the environment / base URL of the credential',
					),
				);
			}
			// A token endpoint that did not answer within the deadline is not asked again: the run
			// would wait three deadlines for one token.
			if (!last && !isTimeout(sent.networkError)) {
				await waitFor(nextDelayMs(attempt, undefined, now(), BACKOFF));
				continue;
			}
			// Words, not the raw code: n8n replaces messages naming ECONNREFUSED etc. with a generic text.
			throw new ThinksuranceTokenError(
				`Thinksurance token endpoint at ${new URL(baseUrl).host} could not be reached: ${describeNetworkFailure(sent.networkError)}. Check the environment / base URL and that this n8n can reach Thinksurance.`,
			);
		}
		response = sent;
		if (last || (response.statusCode !== 429 && response.statusCode < 500)) break;
		const retryAfter = headerValue(response.headers, 'retry-after');
		await waitFor(nextDelayMs(attempt, retryAfter, now(), BACKOFF));
	}
	if (response.statusCode >= 300 && response.statusCode < 400) {
		throw new ThinksuranceTokenError(
			`The Thinksurance token endpoint at ${new URL(baseUrl).host} redirected the token request (${response.statusCode}). The redirect was not followed, so the hash and secret were sent once, to that endpoint only. Check the environment / base URL of the credential.`,
		);
	}
	const body = parseJsonBody(response.body);
	const reason = failureReason(response.statusCode, body);
	if (response.statusCode >= 500 || response.statusCode === 429) {
		throw new ThinksuranceTokenError(
			`The Thinksurance token endpoint failed (${response.statusCode}) ${TOKEN_ATTEMPTS} times. Try again later.`,
		);
	}
	const token = asObject(body)?.token;
	if (reason !== undefined || typeof token !== 'string' || token === '') {
		const why = scrubSecrets(reason ?? 'the answer held no token', credentials);
		throw new ThinksuranceTokenError(`Thinksurance rejected the hash/secret: ${why}`);
	}
	// Finite and capped like every token (tokenLifetime.ts), whatever the clock returned.
	return { token, expiresAt: tokenExpiry(fetchedAt, TOKEN_LIFETIME_MS - TOKEN_MARGIN_MS) };
}
