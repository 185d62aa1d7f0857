import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

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

/** Replaces every secret of the credential that a server might echo back with "***". */
export function scrubSecrets(text: string, credentials: ICredentialDataDecryptedObject) {
	let result = text;
	for (const key of ['hash', 'secret', 'token', 'brokerToken', 'accountToken']) {
		const value = String(credentials[key] ?? '');
		if (value.length >= 4) result = result.split(value).join('***');
	}
	return result;
}
