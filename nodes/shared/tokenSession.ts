import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	IPollFunctions,
} from 'n8n-workflow';

import { API_ANSWER_CAP_BYTES, readCappedAnswer } from './cappedAnswer';
import { credentialKey, SharedTokens } from './credentialRegistry';
import { findInCauseChain } from './httpErrors';
import type { RawAnswer } from './rawRequest';
import { isUsableExpiry } from './tokenLifetime';

export interface TokenSessionConfig {
	/** The credential type name, e.g. `scalepointApi`. */
	credentialType: string;
	/** The credential's hidden, expirable token field; n8n refetches the token when it is ''. */
	tokenField: string;
	/**
	 * The hidden field holding when the token expires (epoch ms, already shortened by a margin).
	 * A token whose expiry is missing, not finite or beyond MAX_TOKEN_LIFETIME_MS is fetched anew.
	 */
	expiresAtField: string;
	/** Names of the errors the credential's token flow throws (their messages are safe to show). */
	tokenErrorNames: string[];
	now: () => number;
}

/**
 * What one send produced: an answer (its body read, as text), a failed token flow, or a transport
 * failure. An answer longer than API_ANSWER_CAP_BYTES is a failure (`AnswerTooLargeError`): the
 * request was sent and may have been processed.
 */
export type SendOutcome =
	| { answer: RawAnswer; token: unknown }
	| { tokenFailure: Error }
	| { failure: unknown; token: unknown };

/**
 * One token per credential for every request of this n8n process, through n8n's own credential
 * machinery.
 *
 * The decrypted credential is read once per execution and passed to
 * `httpRequestWithAuthentication` with every request; when its token field is '' n8n runs the
 * credential's `preAuthentication`, stores the new token encrypted (for later executions and
 * workers) and writes it into this object. Executions that started together all read the
 * credential before any token was stored, so the sessions of one credential coordinate through
 * the process-wide registry (credentialRegistry.ts): a session without a usable token adopts the
 * one another session obtained, or waits for the fetch another session has in flight; only one
 * fetches. A token past its expiry, or refused by a server, is dropped once, and a refusal marks
 * it dead for every session, so parallel refusals of one token cause one refresh.
 */
export class TokenSession {
	/** Every token this execution sent: an answer may echo an older one after a refresh. */
	readonly sentTokens = new Set<unknown>();

	/** When (a registry `mark`) this session first sent each token: see `SharedTokens.refuse`. */
	private readonly firstSent = new Map<string, number>();

	/** Which credential, in which version: what sessions share tokens (and pacing) by. */
	readonly credentialKey: string;

	/** Which stored credential n8n updates with a new token (read once: `getNode()` copies the node). */
	private readonly reference: { id: string | null; name: string } | undefined;

	private readonly shared: SharedTokens;

	/** The fetch this session owns while it sends the request that obtains a token. */
	private fetch: ReturnType<SharedTokens['beginFetch']> | undefined;

	constructor(
		private readonly ctx: IExecuteFunctions | IPollFunctions,
		readonly credentials: ICredentialDataDecryptedObject,
		private readonly config: TokenSessionConfig,
	) {
		this.reference = ctx.getNode().credentials?.[config.credentialType];
		this.credentialKey = credentialKey(config.credentialType, this.reference?.id, credentials, [
			config.tokenField,
			config.expiresAtField,
		]);
		this.shared = new SharedTokens(this.credentialKey, config.now);
		// n8n fetches a token only when the stored one is exactly '' (an unset field may be undefined).
		if (typeof credentials[config.tokenField] !== 'string') credentials[config.tokenField] = '';
		this.announceNewTokens();
	}

	/**
	 * Forgets `token` if it is still the current one, so the next request obtains another; a
	 * token a server refused is also marked dead for every session of the credential.
	 */
	expire(token: unknown = this.token(), why: 'refused' | 'expired' = 'refused') {
		if (typeof token === 'string' && token !== '') {
			if (why === 'refused') this.shared.refuse(token, this.firstSent.get(token));
			else this.shared.expired(token);
		}
		if (this.token() !== token) return;
		this.credentials[this.config.tokenField] = '';
		this.credentials[this.config.expiresAtField] = 0;
	}

	async send(options: IHttpRequestOptions): Promise<SendOutcome> {
		for (;;) {
			const token = this.token();
			if (token !== '') {
				if (this.shared.isRefused(token)) {
					this.expire(token, 'expired');
					continue;
				}
				// Expired, or an expiry that cannot be trusted (non-finite, beyond the cap).
				const expiresAt = this.credentials[this.config.expiresAtField];
				if (!isUsableExpiry(expiresAt, this.config.now())) {
					this.expire(token, 'expired');
					continue;
				}
				return await this.sendOnce(options);
			}
			const held = this.shared.fresh();
			if (held) {
				this.credentials[this.config.tokenField] = held.token;
				this.credentials[this.config.expiresAtField] = held.expiresAt;
				continue;
			}
			const inFlight = this.shared.inFlight();
			if (inFlight) {
				// The fetch of another session (or another item of this one): its token, or its error.
				const tokenFailure = await inFlight;
				if (tokenFailure && this.token() === '') return { tokenFailure };
				continue;
			}
			return await this.sendFetchingToken(options);
		}
	}

	/** The request that makes n8n fetch a token; everyone else waits until the token is there. */
	private async sendFetchingToken(options: IHttpRequestOptions): Promise<SendOutcome> {
		const fetch = this.shared.beginFetch();
		this.fetch = fetch;
		try {
			const outcome = await this.sendOnce(options);
			this.publishToken();
			fetch.finish('tokenFailure' in outcome ? outcome.tokenFailure : undefined);
			return outcome;
		} finally {
			fetch.finish();
			if (this.fetch === fetch) this.fetch = undefined;
		}
	}

	/**
	 * n8n writes the new token into the credential object before it sends the request. Sessions
	 * waiting for it go on from that moment, not after this request's answer, which may take long
	 * (a long poll holds its answer for up to a minute).
	 */
	private announceNewTokens() {
		const field = this.config.tokenField;
		let value = this.credentials[field];
		Object.defineProperty(this.credentials, field, {
			enumerable: true,
			configurable: true,
			get: () => value,
			set: (next) => {
				value = next;
				// n8n assigns the token, then its expiry: publish once both are there.
				if (this.fetch && typeof next === 'string' && next !== '') {
					void Promise.resolve().then(() => this.publishToken());
				}
			},
		});
	}

	private publishToken() {
		const token = this.token();
		const expiresAt = Number(this.credentials[this.config.expiresAtField]);
		if (this.fetch && token !== '' && isUsableExpiry(expiresAt, this.config.now())) {
			this.fetch.publish({ token, expiresAt });
		}
	}

	private token() {
		const token = this.credentials[this.config.tokenField];
		return typeof token === 'string' ? token : '';
	}

	private async sendOnce(options: IHttpRequestOptions): Promise<SendOutcome> {
		const { credentialType, tokenField } = this.config;
		const reference = this.reference;
		let answer: RawAnswer | undefined;
		let failure: unknown;
		const mark = this.shared.mark();
		// The body unread: n8n would read all of it, however long (cappedAnswer.ts).
		options.encoding = 'stream';
		try {
			answer = (await (this.ctx as IExecuteFunctions).helpers.httpRequestWithAuthentication.call(
				this.ctx as IExecuteFunctions,
				credentialType,
				options,
				{
					credentialsDecrypted: {
						id: reference?.id ?? '',
						name: reference?.name ?? '',
						type: credentialType,
						data: this.credentials,
					},
				},
			)) as RawAnswer;
			// Within the request's deadline: its signal (deadline.ts) also ends the read.
			const body = await readCappedAnswer(
				answer.body,
				API_ANSWER_CAP_BYTES,
				options.abortSignal as AbortSignal | undefined,
			);
			answer = { ...answer, body };
		} catch (error) {
			answer = undefined;
			failure = error;
		}
		// The token this request carried (n8n may have just fetched it into the credential).
		const token = this.credentials[tokenField];
		if (token) this.sentTokens.add(token);
		if (typeof token === 'string' && token !== '' && !this.firstSent.has(token)) {
			this.firstSent.set(token, mark);
		}
		if (answer !== undefined) return { answer, token };
		const tokenFailure = findInCauseChain(failure, (candidate) =>
			this.config.tokenErrorNames.includes(candidate.name),
		);
		return tokenFailure ? { tokenFailure } : { failure, token };
	}
}

/** Response header names in lower case, as HTTP treats them. */
export function lowerCaseKeys(headers: Record<string, unknown>) {
	const result: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(headers)) result[key.toLowerCase()] = value;
	return result;
}
