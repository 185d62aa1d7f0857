import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	apiError,
	cancelSignal,
	isCancelled,
	isTimeout,
	networkErrorCode,
	parseJsonBody,
	provedNotSent,
} from '../../shared/httpErrors';
import {
	answerTooLarge,
	mayRepeat,
	tooLargeAdvice,
	tooLargeMessage,
} from '../../shared/cappedAnswer';
import { keepAbortSignal, requestDeadline } from '../../shared/deadline';
import { engineRetryProblem } from '../../shared/engineRetry';
import { nextDelayMs } from '../../shared/retry';
import { lowerCaseKeys, TokenSession } from '../../shared/tokenSession';
import { WaitCancelledError, waitFor } from '../../shared/wait';
import { BASE_URL_RULE, baseUrlOf } from './hosts';
import { ACCOUNT_TOKEN_REQUIRED, hasAccountToken, identityProblem, scrubSecrets } from './identity';
import { DEFAULT_TIMEOUT_SECONDS } from './timeout';
import { failureReason, isInvalidTokenAnswer } from './vendorError';
import { ClientSecrets, redactSecrets } from '../../shared/redact';
import { timeoutMsOf } from '../../shared/timeoutOption';

export const CREDENTIAL_TYPE = 'thinksuranceApi';

export interface ThinksuranceRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, e.g. /api/ipn/agency-numbers. */
	path: string;
	body?: IDataObject;
	/**
	 * `true` when repeating cannot do harm (GET): network failures, 429 and 5xx are retried with
	 * backoff. Adding is never repeated after it may have reached Thinksurance, because an
	 * externalUniqueId can never be used twice.
	 */
	idempotent: boolean;
	itemIndex?: number;
	/** Words for error messages, e.g. "add the agency numbers". */
	action: string;
	/** Query parameters (validated numbers and plain text only: never a secret). */
	query?: Record<string, string>;
	/**
	 * The endpoint requires X-Account-Token (the broker endpoints): without an Account Token in
	 * the credential the request is refused before anything is sent, and the run stops.
	 */
	needsAccountToken?: boolean;
	/**
	 * Picks, from the raw answer, the one secret this operation exists to return (Get broker
	 * token's `bToken`). It comes back untouched in `ThinksuranceResponse.returnedSecret`, even
	 * when it equals a token of the credential, and it is redacted from the rest of the answer like
	 * every other secret, so no error text and no other field can show it.
	 */
	returnedSecret?: (body: unknown) => string | undefined;
	/**
	 * For a request that is not idempotent: what to check before sending it again after an
	 * ambiguous failure (default: the agency-number wording).
	 */
	recheck?: string;
}

export interface ThinksuranceResponse {
	status: number;
	/** Lower-case names. */
	headers: Record<string, unknown>;
	/** The answer with every secret redacted (the returned secret included). */
	body: unknown;
	/** The value `returnedSecret` picked from the answer, unredacted (see ThinksuranceRequest). */
	returnedSecret?: string;
}

// Answers that say the request was refused before it was processed, so even adding may be sent
// again, after the server's Retry-After: a rate limit. A 503 is not such a proof (a gateway may
// answer it after the change was made): it is retried for idempotent requests only.
const REFUSED_UNPROCESSED = [429];
const MAX_RETRY_AFTER_MS = 60_000;

/** What to check before re-sending a non-idempotent request, unless the operation says. */
const DEFAULT_RECHECK = 'Check with Get Many before re-sending.';

/**
 * No further item should be sent in this run: the credential cannot produce a token, or a setting
 * forbids sending (see engineRetry.ts).
 */
export class ThinksuranceCredentialError extends NodeOperationError {}

export interface ClientOptions {
	now?: () => number;
	timeoutMs?: number;
	maxAttempts?: number;
	backoffBaseMs?: number;
}

/**
 * The only place that talks HTTP to Thinksurance. One client per node execution: it keeps one
 * token for all requests, refreshes it once after the first "invalid token" answer (concurrent
 * requests wait for that refresh instead of each fetching a token), retries idempotent calls and
 * turns every failure, including HTTP 200 + {"error"}, into a NodeApiError with the server's reason.
 */
export class ThinksuranceClient {
	private readonly session: TokenSession;

	/** What an answer must never show: the tokens sent, the hash and secret, the identity. */
	private readonly secrets: ClientSecrets;

	/**
	 * The last list with a returned secret added: a new list each time would compile its pattern
	 * again (redact.ts caches by list), also when items ask for the same broker's token.
	 */
	private withReturned?: { base: string[]; secret: string; list: string[] };

	private readonly now: () => number;

	/** Why non-idempotent requests are refused in this run, if they are (engineRetry.ts). */
	private readonly engineRetry: string | undefined;

	private constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly credentials: ICredentialDataDecryptedObject,
		private readonly baseUrl: string,
		private readonly options: ClientOptions,
	) {
		this.now = options.now ?? Date.now;
		this.engineRetry = engineRetryProblem(ctx.getNode());
		this.session = new TokenSession(ctx, credentials, {
			credentialType: CREDENTIAL_TYPE,
			tokenField: 'token',
			expiresAtField: 'tokenExpiresAt',
			tokenErrorNames: ['ThinksuranceTokenError'],
			now: this.now,
		});
		this.secrets = new ClientSecrets(this.session.sentTokens, [
			credentials.hash,
			credentials.secret,
			credentials.brokerToken,
			credentials.accountToken,
		]);
	}

	static async open(ctx: IExecuteFunctions, clientOptions: ClientOptions = {}) {
		// Every operation's Options collection may hold "Timeout (Seconds)"; read once per execution.
		const nodeOptions = ctx.getNodeParameter('options', 0, {}) as IDataObject;
		const options: ClientOptions = {
			timeoutMs: timeoutMsOf(ctx.getNode(), nodeOptions.timeoutSeconds, DEFAULT_TIMEOUT_SECONDS),
			...clientOptions,
		};
		const credentials = { ...(await ctx.getCredentials(CREDENTIAL_TYPE)) };
		const node = ctx.getNode();
		const identity = identityProblem(credentials);
		if (identity) throw new ThinksuranceCredentialError(node, identity);
		const baseUrl = baseUrlOf(credentials.environment, credentials.customBaseUrl);
		if (!baseUrl) {
			throw new ThinksuranceCredentialError(
				node,
				'The Thinksurance credential has no usable Base URL',
				{ description: `${BASE_URL_RULE} Nothing was sent.` },
			);
		}
		return new ThinksuranceClient(ctx, credentials, baseUrl, options);
	}

	/**
	 * Sends the request and returns an answer that is not a failure (2xx without `error`); throws a
	 * NodeApiError otherwise. Whether the answer proves success is the operation's call: each one
	 * knows its documented shape.
	 */
	async call(request: ThinksuranceRequest): Promise<ThinksuranceResponse> {
		const response = await this.request(request);
		const reason = failureReason(response.status, response.body);
		if (reason === undefined) return response;
		const node = this.ctx.getNode();
		const safeReason = scrubSecrets(reason, this.credentials);
		const style = response.status === 200 ? 'HTTP 200 with an error' : `HTTP ${response.status}`;
		const tokenProblem = isInvalidTokenAnswer(response.status, response.body);
		throw apiError(
			node,
			response.status,
			`Thinksurance could not ${request.action}: ${safeReason}`,
			tokenProblem
				? `Thinksurance still refused the token after fetching a new one (${style}). Check the hash, secret and identity tokens in the credential.`
				: nextStep(response.status, style, request),
			request.itemIndex,
		);
	}

	/** Any answer after token refresh and retries; the caller maps vendor errors. */
	async request(request: ThinksuranceRequest): Promise<ThinksuranceResponse> {
		if (request.needsAccountToken && !hasAccountToken(this.credentials)) {
			throw new ThinksuranceCredentialError(this.ctx.getNode(), ACCOUNT_TOKEN_REQUIRED, {
				itemIndex: request.itemIndex,
				description: `Thinksurance requires X-Account-Token to ${request.action}. Nothing was sent.`,
			});
		}
		const retryProblem = request.idempotent ? undefined : this.engineRetry;
		if (retryProblem) {
			throw new ThinksuranceCredentialError(this.ctx.getNode(), retryProblem, {
				itemIndex: request.itemIndex,
			});
		}
		const maxAttempts = this.options.maxAttempts ?? 3;
		let refreshed = false;
		for (let attempt = 0; ; attempt++) {
			let response: ThinksuranceResponse;
			let usedToken: unknown;
			try {
				({ response, usedToken } = await this.send(request));
			} catch (error) {
				const retryable = provedNotSent(error) || (request.idempotent && mayRepeat(error));
				if (
					error instanceof ThinksuranceCredentialError ||
					!retryable ||
					attempt + 1 >= maxAttempts
				) {
					throw this.networkError(error, request);
				}
				await this.pause(attempt, undefined);
				continue;
			}
			if (!refreshed && isInvalidTokenAnswer(response.status, response.body)) {
				// Refused before it was processed, so even an add may be sent again, once.
				refreshed = true;
				this.session.expire(usedToken);
				attempt--;
				continue;
			}
			const retryable =
				REFUSED_UNPROCESSED.includes(response.status) ||
				(request.idempotent && response.status >= 500);
			if (retryable && attempt + 1 < maxAttempts) {
				await this.pause(attempt, response.headers['retry-after']);
				continue;
			}
			return response;
		}
	}

	private async send(request: ThinksuranceRequest) {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${this.baseUrl}${request.path}`,
			headers: { Accept: 'application/json' },
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// A redirect is reported, not followed: following one would turn a POST into a GET or
			// repeat it at another address, with the bearer token.
			disableFollowRedirect: true,
			timeout: this.options.timeoutMs ?? 60_000,
		};
		if (request.query) options.qs = request.query;
		// The same time also bounds the whole request, whatever the server sends (deadline.ts).
		const deadline = requestDeadline(this.options.timeoutMs ?? 60_000, cancelSignal(this.ctx));
		keepAbortSignal(options, deadline);
		if (request.body !== undefined) {
			// DELETE carries a JSON body too.
			options.body = request.body;
			options.json = true;
		}
		const outcome = await this.session.send(options);
		if ('tokenFailure' in outcome) {
			throw new ThinksuranceCredentialError(this.ctx.getNode(), outcome.tokenFailure.message, {
				description:
					'Nothing was sent, because the Thinksurance credential could not obtain a token.',
			});
		}
		// The raw network error goes to `request`, which decides whether it may be retried and
		// wraps it in a NodeApiError.
		if ('failure' in outcome) throw deadline.explain(outcome.failure);
		// A server that echoes the request must not put the token or identity into any message.
		const { answer } = outcome;
		const parsed = parseJsonBody(answer.body);
		const returnedSecret = request.returnedSecret?.(parsed);
		const response: ThinksuranceResponse = {
			status: answer.statusCode,
			headers: lowerCaseKeys(answer.headers ?? {}),
			body: redactSecrets(parsed, this.secretsWith(returnedSecret)),
			...(returnedSecret === undefined ? {} : { returnedSecret }),
		};
		return { response, usedToken: outcome.token };
	}

	/** The client's secrets, plus the answer's returned secret when it has one. */
	private secretsWith(returnedSecret: string | undefined): string[] {
		const base = this.secrets.current();
		if (returnedSecret === undefined) return base;
		const last = this.withReturned;
		if (last?.base === base && last.secret === returnedSecret) return last.list;
		const list = this.secrets.current([returnedSecret]);
		this.withReturned = { base, secret: returnedSecret, list };
		return list;
	}

	/** Backoff with jitter, or the server's Retry-After (bounded); stops when the run is cancelled. */
	private async pause(attempt: number, retryAfter: unknown) {
		const baseMs = this.options.backoffBaseMs ?? 500;
		const delay = nextDelayMs(attempt, retryAfter, this.now(), {
			baseMs,
			maxMs: 10_000,
			maxRetryAfterMs: MAX_RETRY_AFTER_MS,
		});
		await waitFor(delay, cancelSignal(this.ctx));
	}

	private networkError(error: unknown, request: ThinksuranceRequest) {
		if (error instanceof ThinksuranceCredentialError || error instanceof WaitCancelledError)
			return error;
		const node = this.ctx.getNode();
		const recheck = request.recheck ?? DEFAULT_RECHECK;
		if (isCancelled(error)) {
			return new NodeOperationError(
				node,
				'The execution was cancelled while waiting for Thinksurance',
				{
					itemIndex: request.itemIndex,
				},
			);
		}
		const host = new URL(this.baseUrl).host;
		const tooLarge = answerTooLarge(error);
		if (tooLarge) {
			// Thinksurance answered, so it received the request and may have acted on it.
			return apiError(
				node,
				undefined,
				`While trying to ${request.action}, ${tooLargeMessage(`Thinksurance at ${host}`, tooLarge)}`,
				tooLargeAdvice({
					vendor: 'Thinksurance',
					idempotent: request.idempotent,
					check: 'the environment / base URL of the credential',
					recheck,
				}),
				request.itemIndex,
			);
		}
		// The network code goes into the description: NodeApiError replaces a message that names
		// one (ECONNRESET, ...) with a generic text that would hide what the node was doing.
		const code = networkErrorCode(error) ?? 'no answer';
		const what = isTimeout(error)
			? 'did not answer in time'
			: 'could not be reached or dropped the connection';
		const ambiguous = !provedNotSent(error) && !request.idempotent;
		// Adding agency numbers (the default wording) also says why it is never resent.
		const reuse =
			request.recheck === undefined && request.method === 'POST'
				? ' (an externalUniqueId can never be reused)'
				: '';
		const advice = ambiguous
			? `The request may have reached Thinksurance, so it was not sent again automatically${reuse}. ${recheck}`
			: 'Check the credential environment / base URL and that this n8n can reach Thinksurance, then run again.';
		return apiError(
			node,
			undefined,
			`Thinksurance at ${host} ${what} while trying to ${request.action}`,
			`Network error: ${code}. ${advice}`,
			request.itemIndex,
		);
	}
}

const lowerFirst = (text: string) => `${text.charAt(0).toLowerCase()}${text.slice(1)}`;

/** What the user should do after a failure answer, by what the answer proves. */
function nextStep(status: number, style: string, request: ThinksuranceRequest) {
	// Thinksurance's pages say what a failed answer looks like, not whether part of a failed
	// change was applied: a change that was refused is only checked, never declared undone.
	const recheck = request.recheck ?? DEFAULT_RECHECK;
	// One clause, not a second sentence: the message already gives its own next step.
	const check = request.idempotent
		? ''
		: ` Thinksurance does not say whether a refused change took effect in part: ${lowerFirst(recheck)}`;
	if (REFUSED_UNPROCESSED.includes(status)) {
		return `Thinksurance was busy (${style}) on every attempt. Run again later.${check}`;
	}
	if (status >= 500) {
		// A server error may come after the change was made: never resent when not idempotent.
		return request.idempotent
			? `Thinksurance failed (${style}) on every attempt. Run again later.`
			: `Thinksurance failed (${style}); the request may have taken effect, so it was not sent again. ${recheck}`;
	}
	return `Thinksurance refused the request (${style}). Fix the input or credential, then run again.${check}`;
}
