import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	IPollFunctions,
} from 'n8n-workflow';

import { findInCauseChain } from './httpErrors';
import type { RawAnswer } from './rawRequest';

export interface TokenSessionConfig {
	/** The credential type name, e.g. `scalepointApi`. */
	credentialType: string;
	/** The credential's hidden, expirable token field; n8n refetches the token when it is ''. */
	tokenField: string;
	/** The hidden field holding when the token expires (epoch ms, already shortened by a margin). */
	expiresAtField: string;
	/** Names of the errors the credential's token flow throws (their messages are safe to show). */
	tokenErrorNames: string[];
	now: () => number;
}

/** What one send produced: an answer, a failed token flow, or a transport failure. */
export type SendOutcome =
	| { answer: RawAnswer; token: unknown }
	| { tokenFailure: Error }
	| { failure: unknown; token: unknown };

/**
 * One token for every request of a node execution, through n8n's own credential machinery.
 *
 * The decrypted credential is read once and passed to `httpRequestWithAuthentication` with every
 * request; when its token field is '' n8n runs the credential's `preAuthentication`, stores the
 * new token encrypted (for later executions and workers) and writes it into this shared object.
 * n8n would fetch a token for every request that starts while the field is empty, so the request
 * that fetches one runs alone and concurrent requests wait for it. A token past its expiry time,
 * or refused by the server, is cleared once — only if it is still the current one, so parallel
 * refusals of the same token cause one refresh.
 */
export class TokenSession {
	private refreshing: Promise<void> | undefined;

	/** Every token this execution sent: an answer may echo an older one after a refresh. */
	readonly sentTokens = new Set<unknown>();

	/** Which stored credential n8n updates with a new token (read once: `getNode()` copies the node). */
	private readonly reference: { id: string | null; name: string } | undefined;

	constructor(
		private readonly ctx: IExecuteFunctions | IPollFunctions,
		readonly credentials: ICredentialDataDecryptedObject,
		private readonly config: TokenSessionConfig,
	) {
		this.reference = ctx.getNode().credentials?.[config.credentialType];
		// n8n fetches a token only when the stored one is exactly '' (an unset field may be undefined).
		if (typeof credentials[config.tokenField] !== 'string') credentials[config.tokenField] = '';
	}

	/** Forgets `token` if it is still the current one, so the next request fetches a new one. */
	expire(token: unknown = this.credentials[this.config.tokenField]) {
		if (this.credentials[this.config.tokenField] !== token) return;
		this.credentials[this.config.tokenField] = '';
		this.credentials[this.config.expiresAtField] = 0;
	}

	async send(options: IHttpRequestOptions): Promise<SendOutcome> {
		while (this.refreshing) await this.refreshing;
		const expiresAt = Number(this.credentials[this.config.expiresAtField] ?? 0);
		if (expiresAt > 0 && expiresAt <= this.config.now()) this.expire();
		if (this.credentials[this.config.tokenField]) return await this.sendOnce(options);
		let done!: () => void;
		this.refreshing = new Promise<void>((resolve) => (done = resolve));
		try {
			return await this.sendOnce(options);
		} finally {
			this.refreshing = undefined;
			done();
		}
	}

	private async sendOnce(options: IHttpRequestOptions): Promise<SendOutcome> {
		const { credentialType, tokenField } = this.config;
		const reference = this.reference;
		let answer: RawAnswer | undefined;
		let failure: unknown;
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
		} catch (error) {
			failure = error;
		}
		// The token this request carried (n8n may have just fetched it into the credential).
		const token = this.credentials[tokenField];
		if (token) this.sentTokens.add(token);
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
