import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** The Thinksurance Webhook API credential read back: what a call must present. */
export type WebhookSecret =
	| { kind: 'header'; headerName: string; headerSecret: string }
	| { kind: 'basicAuth'; user: string; password: string };

export type ReadWebhookSecret =
	{ ok: true; secret: WebhookSecret } | { ok: false; problem: string };

// RFC 9110 §5.1: a field name is a token; anything else can never arrive as a header.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Reads the credential and says what is wrong with it, naming the field. An empty secret is a
 * problem, not a match for an empty header: it would let anyone who knows the URL in.
 */
export function readWebhookSecret(data: ICredentialDataDecryptedObject): ReadWebhookSecret {
	if (data.authentication === 'basicAuth') {
		const user = String(data.user ?? '');
		const password = String(data.password ?? '');
		if (user === '') return { ok: false, problem: 'User is empty' };
		// RFC 7617: the user ends at the first colon, so a user with one could never match.
		if (user.includes(':')) return { ok: false, problem: 'User contains a colon (:)' };
		if (password === '') return { ok: false, problem: 'Password is empty' };
		return { ok: true, secret: { kind: 'basicAuth', user, password } };
	}
	const headerName = String(data.headerName ?? '').trim();
	const headerSecret = String(data.headerSecret ?? '');
	if (headerName === '') return { ok: false, problem: 'Header Name is empty' };
	if (!HEADER_NAME.test(headerName))
		return {
			ok: false,
			problem: 'Header Name is not a valid header name (letters, digits and -, no spaces)',
		};
	if (headerSecret === '') return { ok: false, problem: 'Header Value is empty' };
	return { ok: true, secret: { kind: 'header', headerName, headerSecret } };
}
