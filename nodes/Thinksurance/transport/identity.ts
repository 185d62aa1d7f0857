import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { headerLengthProblem } from '../../shared/headerLength';
import { redactSecrets, secretList } from '../../shared/redact';

/** Thinksurance calls name the broker and/or the account in headers; at least one is required. */
export function identityHeaders(
	credentials: ICredentialDataDecryptedObject,
): Record<string, string> {
	const headers: Record<string, string> = {};
	const broker = String(credentials.brokerToken ?? '').trim();
	const account = String(credentials.accountToken ?? '').trim();
	if (broker) headers['X-Broker-Token'] = broker;
	if (account) headers['X-Account-Token'] = account;
	return headers;
}

export const MISSING_IDENTITY =
	'The Thinksurance credential needs a Broker Token or an Account Token (or both). Enter at least one of them in the credential.';

export function hasIdentity(credentials: ICredentialDataDecryptedObject) {
	return Object.keys(identityHeaders(credentials)).length > 0;
}

/** What keeps the identity from being sent (none given, or one too long for its header). */
export function identityProblem(credentials: ICredentialDataDecryptedObject) {
	if (!hasIdentity(credentials)) return MISSING_IDENTITY;
	const headers = identityHeaders(credentials);
	for (const [label, header] of [
		['Broker Token', 'X-Broker-Token'],
		['Account Token', 'X-Account-Token'],
	]) {
		const value = headers[header];
		const problem = value === undefined ? undefined : headerLengthProblem(value, header);
		if (problem)
			return `${label} in the Thinksurance credential ${problem}. Enter the token Thinksurance gave you.`;
	}
	return undefined;
}

/**
 * A server text with every secret of the credential replaced, in any form the server may echo it
 * in (JSON-escaped, URL-encoded, ...): the shared redaction, down to 4 characters because this is
 * only a message, never answer data.
 */
export function scrubSecrets(text: string, credentials: ICredentialDataDecryptedObject) {
	const keys = ['hash', 'secret', 'token', 'brokerToken', 'accountToken'];
	return redactSecrets(
		text,
		secretList(
			keys.map((key) => String(credentials[key] ?? '')),
			4,
		),
	);
}

/** The broker endpoints (Create broker, Get broker token) are called for an account [page]. */
export const ACCOUNT_TOKEN_REQUIRED =
	'Account Token in the Thinksurance credential is empty: creating brokers and getting broker tokens need the account token (sent as X-Account-Token). Enter the Account Token Thinksurance gave you in the credential, or use a credential that has one.';

export function hasAccountToken(credentials: ICredentialDataDecryptedObject) {
	return 'X-Account-Token' in identityHeaders(credentials);
}
