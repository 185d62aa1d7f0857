import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	apiError,
	asObject,
	cancelSignal,
	describeNetworkFailure,
	isCancelled,
	isTimeout,
	parseJsonBody,
	provedNotSent,
} from '../shared/httpErrors';
import { answerTooLarge, mayRepeat, tooLargeAdvice, tooLargeMessage } from '../shared/cappedAnswer';
import { keepAbortSignal, requestDeadline } from '../shared/deadline';
import { ClientSecrets, pemLines, redactSecrets } from '../shared/redact';
import { engineRetryProblem } from '../shared/engineRetry';
import { nextDelayMs } from '../shared/retry';
import { lowerCaseKeys, TokenSession } from '../shared/tokenSession';
import { WaitCancelledError, waitFor } from '../shared/wait';
import {
	credentialHosts,
	hostParameterOrigin,
	requestTargetProblem,
	type CredentialHosts,
	type HostKind,
} from './hosts';
import { assertCredentialHasScope } from './scopes';

export const CREDENTIAL_TYPE = 'scalepointApi';

export interface ScalepointRequest {
	method: IHttpRequestMethods;
	url: string;
	headers?: Record<string, string>;
	/** A JSON value, or a function that builds the body afresh for every attempt (streams). */
	body?: unknown | (() => unknown);
	/**
	 * `true` when repeating the request cannot do harm (GET, a delete keyed by requestId): network
	 * failures and 5xx answers are then retried. Non-idempotent requests are only repeated when the
	 * server provably did not act on them (401 token refresh, 429 in `retryStatuses`, refused
	 * connection). A 503 is no such proof for them: only the Case Deletion page documents its 503
	 * as a refusal (outside the service window), and deletion paces and resends itself.
	 */
	idempotent: boolean;
	/**
	 * With `idempotent`, whether a request that timed out is sent again (default true). A long poll
	 * sets false: its timeout means "nothing new", and the next poll asks again anyway.
	 */
	retryTimeouts?: boolean;
	/**
	 * On a 401 the token is always dropped. By default the request is then sent once more with a new
	 * token; `false` returns the 401 instead, for a caller that paces every send itself.
	 */
	resendAfter401?: boolean;
	/** Set by such a caller on its resend: a 401 now means a new token was refused too. */
	afterTokenRefresh?: boolean;
	/** Statuses retried after Retry-After or a backoff (default 429; `idempotent` adds every 5xx). */
	retryStatuses?: number[];
	/** Attempts in all, including the first (default 4). */
	maxAttempts?: number;
	/** Longest wait the server may ask for with Retry-After (default 60 s). */
	maxRetryAfterMs?: number;
	/** Longest silence, and unless `deadlineMs` says otherwise the longest whole attempt. */
	timeoutMs?: number;
	/** Longest time one attempt may take in all: connect, headers and body (default timeoutMs). */
	deadlineMs?: number;
	itemIndex?: number;
	/** Request values (besides the credential's) that must never come back in an answer. */
	secrets?: string[];
}

export interface ScalepointResponse {
	status: number;
	headers: Record<string, unknown>;
	/** Parsed JSON when the body was JSON, the text otherwise, undefined when empty. */
	body: unknown;
}

/** Node executions and polling triggers both talk to Scalepoint through this client. */
export type ScalepointContext = IExecuteFunctions | IPollFunctions;

/**
 * No further item should be sent in this run: the credential cannot produce a token, or a setting
 * forbids sending (see engineRetry.ts).
 */
export class ScalepointCredentialError extends NodeOperationError {}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * The only place that talks HTTP to Scalepoint APIs. One client per node execution: it reads the
 * credential once, checks the node's scope before anything is sent, keeps one token for all items
 * (refreshing once on expiry or on a 401, with concurrent requests waiting for that refresh rather
 * than each fetching a token), and owns retries and timeouts.
 */
export class ScalepointClient {
	private readonly session: TokenSession;

	/** What an answer must never show: the tokens sent, the secret, the key. */
	private readonly secrets: ClientSecrets;

	/**
	 * Set when a request was refused with 401 again after fetching a new token for it: the cause is
	 * not the token (a wrong security token in the body, a client without access), so later 401s are
	 * returned at once instead of costing a token request per item. Any other answer clears it: the
	 * token is accepted, so a later 401 (a revoked token) deserves a new one again.
	 */
	private newTokenRejected = false;

	/** Why non-idempotent requests are refused in this run, if they are (engineRetry.ts). */
	private readonly engineRetry: string | undefined;

	/** The credential's name, for messages that say which credential to change. */
	private readonly credentialName: string | undefined;

	private constructor(
		private readonly ctx: ScalepointContext,
		credentials: ICredentialDataDecryptedObject,
		/** Where the credential sends its token: nothing else is ever requested. */
		readonly hosts: CredentialHosts,
		private readonly now: () => number,
	) {
		const node = ctx.getNode();
		this.credentialName = node.credentials?.[CREDENTIAL_TYPE]?.name;
		this.engineRetry = engineRetryProblem(node);
		this.session = new TokenSession(ctx, credentials, {
			credentialType: CREDENTIAL_TYPE,
			tokenField: 'accessToken',
			expiresAtField: 'accessTokenExpiresAt',
			tokenErrorNames: ['ScalepointTokenError', 'KeyMaterialError'],
			now,
		});
		this.secrets = new ClientSecrets(this.session.sentTokens, [
			credentials.clientSecret,
			credentials.passphrase,
			...pemLines(credentials.privateKey),
		]);
	}

	static async open(ctx: ScalepointContext, requiredScope: string, now: () => number = Date.now) {
		const credentials = { ...(await ctx.getCredentials(CREDENTIAL_TYPE)) };
		assertCredentialHasScope(ctx.getNode(), credentials, requiredScope);
		const hosts = hostsOrProblem(credentials);
		if ('problem' in hosts) {
			throw new ScalepointCredentialError(ctx.getNode(), hosts.problem, {
				description:
					"The Scalepoint credential's hosts cannot be used, so nothing was sent. Fix the credential and run again.",
			});
		}
		return new ScalepointClient(ctx, credentials, hosts, now);
	}

	/**
	 * The origin a node's Host parameter stands for: the credential's host of `kind` when empty,
	 * else the given host if the credential allows it. Refused before any token or request.
	 */
	host(kind: HostKind, value: unknown, itemIndex?: number, label = 'Host') {
		const resolved = hostParameterOrigin(this.hosts, kind, value, {
			label,
			credentialName: this.credentialName,
		});
		if ('message' in resolved) {
			throw new NodeOperationError(this.ctx.getNode(), resolved.message, { itemIndex });
		}
		return resolved.origin;
	}

	async request(request: ScalepointRequest): Promise<ScalepointResponse> {
		// The mechanism behind the Host checks: whatever built the URL, the token (and any secret in
		// the body) only goes to a host of the credential. Checked before a token is fetched.
		const problem = requestTargetProblem(this.hosts, { url: request.url }, this.credentialName);
		if (problem) {
			throw new NodeOperationError(this.ctx.getNode(), `Scalepoint request refused: ${problem}`, {
				itemIndex: request.itemIndex,
				description:
					"Nothing was sent. Clear the node's Host to use the credential's host, or add the host to the credential's Additional Allowed Hosts.",
			});
		}
		const retryProblem = request.idempotent ? undefined : this.engineRetry;
		if (retryProblem) {
			throw new ScalepointCredentialError(this.ctx.getNode(), retryProblem, {
				itemIndex: request.itemIndex,
			});
		}
		const retryStatuses = request.retryStatuses ?? [429];
		const maxAttempts = request.maxAttempts ?? 4;
		let refreshedAfter401 = request.afterTokenRefresh === true;
		for (let attempt = 0; ; attempt++) {
			let response: ScalepointResponse;
			let usedToken: unknown;
			try {
				({ response, usedToken } = await this.send(request));
			} catch (error) {
				const repeatable =
					request.idempotent &&
					mayRepeat(error) &&
					!(request.retryTimeouts === false && isTimeout(error));
				const retryable = provedNotSent(error) || repeatable;
				if (
					error instanceof ScalepointCredentialError ||
					!retryable ||
					attempt + 1 >= maxAttempts
				) {
					throw this.networkError(error, request);
				}
				await this.pause(attempt, undefined, request);
				continue;
			}
			if (response.status === 401) {
				if (refreshedAfter401) this.newTokenRejected = true;
				else if (!this.newTokenRejected) {
					// Rejected before it was processed: safe to resend once with a new token.
					this.session.expire(usedToken);
					if (request.resendAfter401 === false) return response;
					refreshedAfter401 = true;
					attempt--;
					continue;
				}
			} else {
				this.newTokenRejected = false;
			}
			const retryable =
				retryStatuses.includes(response.status) || (request.idempotent && response.status >= 500);
			if (retryable && attempt + 1 < maxAttempts) {
				await this.pause(attempt, response.headers['retry-after'], request);
				continue;
			}
			return response;
		}
	}

	/** Which credential (and version) this client uses: pacing is shared per credential. */
	get credentialKey() {
		return this.session.credentialKey;
	}

	/** False while a new token fetched after a 401 was refused too (see `newTokenRejected`). */
	get refreshesAfter401() {
		return !this.newTokenRejected;
	}

	private async send(request: ScalepointRequest) {
		const body =
			typeof request.body === 'function' ? (request.body as () => unknown)() : request.body;
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.url,
			headers: { Accept: 'application/json', ...request.headers },
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// A redirect is reported, not followed: following one would turn a POST into a GET or
			// repeat it at another address, with the bearer token.
			disableFollowRedirect: true,
			timeout: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		};
		const deadline = requestDeadline(
			request.deadlineMs ?? request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
			this.cancelSignal(),
		);
		keepAbortSignal(options, deadline);
		if (body !== undefined) {
			options.body = body as IDataObject;
			// Bodies are sent as JSON; DELETE bodies too (n8n drops empty bodies only).
			options.json = typeof body === 'object' && !isStream(body) && !(body instanceof Uint8Array);
		}
		const outcome = await this.session.send(options);
		if ('tokenFailure' in outcome) {
			throw new ScalepointCredentialError(this.ctx.getNode(), outcome.tokenFailure.message, {
				description:
					'Nothing was sent, because the Scalepoint credential could not obtain a token.',
			});
		}
		if ('failure' in outcome) {
			// The raw failure goes to `request`, which decides on retries and words it. Not wrapped
			// in a NodeApiError here: n8n 1.x's NodeApiError keeps neither the failure's code nor
			// the failure as its cause, so a deadline was worded "there was no answer" there.
			throw deadline.explain(outcome.failure);
		}
		// Servers that echo the request (token, form fields) must not put secrets into messages.
		const secrets = this.secrets.current(request.secrets);
		const { answer } = outcome;
		const response = {
			status: answer.statusCode,
			headers: lowerCaseKeys(answer.headers ?? {}),
			body: redactSecrets(parseJsonBody(answer.body), secrets),
		};
		return { response, usedToken: outcome.token };
	}

	private async pause(attempt: number, retryAfter: unknown, request: ScalepointRequest) {
		const delay = nextDelayMs(attempt, retryAfter, this.now(), {
			baseMs: 500,
			maxMs: 10_000,
			maxRetryAfterMs: request.maxRetryAfterMs ?? 60_000,
		});
		await waitFor(delay, this.cancelSignal());
	}

	/** The execution's cancel signal; a poll context has none. */
	private cancelSignal() {
		return 'getExecutionCancelSignal' in this.ctx ? cancelSignal(this.ctx) : undefined;
	}

	private networkError(error: unknown, request: ScalepointRequest) {
		if (error instanceof ScalepointCredentialError || error instanceof WaitCancelledError)
			return error;
		const node = this.ctx.getNode();
		const target = describeTarget(request.url);
		if (isCancelled(error)) {
			return new NodeOperationError(
				node,
				'The execution was cancelled while waiting for Scalepoint',
				{
					itemIndex: request.itemIndex,
				},
			);
		}
		const tooLarge = answerTooLarge(error);
		if (tooLarge) {
			// The server answered, so it received the request and may have acted on it.
			return apiError(
				node,
				undefined,
				tooLargeMessage(`Scalepoint ${target}`, tooLarge),
				tooLargeAdvice({
					vendor: 'Scalepoint',
					idempotent: request.idempotent,
					check: 'the host parameter and the request',
					recheck: 'Check in Scalepoint whether it took effect before running this item again.',
				}),
				request.itemIndex,
			);
		}
		const what = isTimeout(error)
			? `did not answer within ${(request.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000} s`
			: `could not be reached: ${describeNetworkFailure(error)}`;
		const ambiguous = !provedNotSent(error) && !request.idempotent;
		const reported = apiError(
			node,
			undefined,
			`Scalepoint ${target} ${what}`,
			ambiguous
				? 'The request may have reached Scalepoint, so it was not sent again automatically. Check in Scalepoint whether it took effect before running this item again.'
				: 'Check the host parameter and that this n8n can reach Scalepoint, then run again.',
			request.itemIndex,
		);
		if (isTimeout(error)) timeoutReports.add(reported);
		return reported;
	}
}

/** The errors `request` threw because an attempt ran out of time (see `reportsTimeout`). */
const timeoutReports = new WeakSet<object>();

/** Whether `error` is the client's report of a request that ran out of time (idle or deadline). */
export function reportsTimeout(error: unknown) {
	return typeof error === 'object' && error !== null && timeoutReports.has(error);
}

/** The message of a 401 that a request still got after the client fetched a new token. */
export const TOKEN_REFUSED_MESSAGE =
	'Scalepoint did not accept the access token (401), even after a new one was fetched';

/** The message of a 429 or 503 that outlasted the client's retries. */
export function stillBusyMessage(status: number) {
	return `Scalepoint is busy or unavailable (${status}) and still was after several retries`;
}

/** The first error message of a Scalepoint answer, for error descriptions. */
export function describeBody(body: unknown) {
	const object = asObject(body);
	if (!object) return undefined;
	const candidates = [
		object.errorDescription,
		object.message,
		object.error_description,
		object.error,
	];
	const errors = Array.isArray(object.errors)
		? object.errors.filter((e) => typeof e === 'string')
		: [];
	const text = [...candidates.filter((c) => typeof c === 'string'), ...errors][0];
	return typeof text === 'string' ? text.slice(0, 500) : undefined;
}

/** The credential's hosts, or the message (naming the credential field) why they cannot be used. */
function hostsOrProblem(credentials: ICredentialDataDecryptedObject) {
	try {
		return credentialHosts(credentials);
	} catch (error) {
		return { problem: (error as Error).message };
	}
}

function describeTarget(url: string) {
	try {
		return `at ${new URL(url).host}`;
	} catch {
		return '';
	}
}

function isStream(value: unknown) {
	return typeof (value as { pipe?: unknown })?.pipe === 'function';
}
