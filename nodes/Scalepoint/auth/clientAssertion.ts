import { createSign, randomUUID } from 'node:crypto';

import type { ClientKeyMaterial } from './keyMaterial';

/** Scalepoint accepts assertions that live at most 60 seconds. */
export const ASSERTION_LIFETIME_SECONDS = 60;

export interface ClientAssertionInput {
	clientId: string;
	/** The token endpoint URL exactly as Scalepoint publishes it (the `aud` claim). */
	audience: string;
	keys: ClientKeyMaterial;
	nowMs: number;
	jti?: string;
}

/**
 * A `private_key_jwt` client assertion (RFC 7523) signed RS256 with node:crypto, following
 * Scalepoint's own token clients: `x5t` and `kid` headers, iss = sub = client id, aud = token URL,
 * a fresh jti, iat = nbf = now, exp = now + 60 s. A new assertion is built for every token request.
 */
export function buildClientAssertion({
	clientId,
	audience,
	keys,
	nowMs,
	jti,
}: ClientAssertionInput) {
	const now = Math.floor(nowMs / 1000);
	const header = { alg: 'RS256', typ: 'JWT', x5t: keys.x5t, kid: keys.thumbprint };
	const claims = {
		iss: clientId,
		sub: clientId,
		aud: audience,
		jti: jti ?? randomUUID(),
		iat: now,
		nbf: now,
		exp: now + ASSERTION_LIFETIME_SECONDS,
	};
	const signingInput = `${base64url(header)}.${base64url(claims)}`;
	const signature = createSign('RSA-SHA256')
		.update(signingInput)
		.sign(keys.privateKey, 'base64url');
	return `${signingInput}.${signature}`;
}

function base64url(value: object) {
	return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}
