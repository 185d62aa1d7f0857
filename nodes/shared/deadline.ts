import type { IHttpRequestOptions } from 'n8n-workflow';

/**
 * A request that passed its total deadline. It carries the code of a timeout, so every caller
 * words and classifies it as one: a timed-out request that may have reached the server is never
 * resent when it is not idempotent.
 */
export class DeadlineExceededError extends Error {
	readonly code = 'ETIMEDOUT';

	constructor(readonly deadlineMs: number) {
		super(`No complete answer within ${deadlineMs / 1000} s`);
		this.name = 'DeadlineExceededError';
	}
}

export interface RequestDeadline {
	/**
	 * Aborts at the deadline, or earlier when the execution is cancelled. The clock starts when the
	 * signal is first read, i.e. when the request is built to be sent (see `keepAbortSignal`).
	 */
	readonly signal: AbortSignal;
	/**
	 * The failure as callers should see it: the abort caused by the deadline becomes a
	 * `DeadlineExceededError`; a cancel stays a cancel and any other failure stays as it is.
	 */
	explain(failure: unknown): unknown;
}

/**
 * A total deadline for one request: connecting, the headers and the whole body. n8n hands the
 * `timeout` option to axios as a socket idle timeout, so a server that sends one byte now and then
 * would hold a request open for as long as it likes; the abort signal ends it at the deadline
 * whatever the server sends.
 */
export function requestDeadline(ms: number, cancel?: AbortSignal): RequestDeadline {
	let deadline: AbortSignal | undefined;
	let signal: AbortSignal | undefined;
	return {
		get signal() {
			if (signal === undefined) {
				deadline = AbortSignal.timeout(ms);
				signal = cancel ? AbortSignal.any([cancel, deadline]) : deadline;
			}
			return signal;
		},
		// Decided by the deadline's own signal, not by the failure's shape: n8n 2.x rejects with
		// axios's CanceledError, 1.x with an error that names neither a cancel nor a code (seen in
		// the e2e suite as "there was no answer"). Once the deadline has fired, any failure of this
		// request is the deadline's.
		explain: (failure) =>
			deadline?.aborted === true && cancel?.aborted !== true
				? new DeadlineExceededError(ms)
				: failure,
	};
}

/**
 * Puts the deadline's signal on the request options so that it stays there. In node executions
 * n8n's `httpRequestWithAuthentication` replaces `abortSignal` with the execution's cancel signal
 * (n8n-core, request-helpers/authentication), which would drop the deadline; the deadline's signal
 * already follows that cancel signal, so the replacement is ignored.
 *
 * The signal is read (and the deadline's clock started) only when n8n builds the request to send:
 * after a token fetch it may have had to make first, which has its own deadline and must not eat
 * this request's time (a request aborted before it was sent would be reported as one that may have
 * reached the server).
 */
export function keepAbortSignal(options: IHttpRequestOptions, deadline: RequestDeadline) {
	Object.defineProperty(options, 'abortSignal', {
		enumerable: true,
		configurable: true,
		get: () => deadline.signal,
		set: () => undefined,
	});
	return options;
}
