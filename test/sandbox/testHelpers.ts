/** Shared by the sandbox's own tests: HTTP calls, tokens and client assertions. */
import { randomUUID } from 'node:crypto';
import { jose } from './jose';
import type { ClientKeyMaterial } from './keys';
import type { Sandbox } from './types';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface Answer {
	status: number;
	headers: Headers;
	text: string;
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read any shape
}

export async function call(
	url: string,
	init: {
		method?: string;
		token?: string;
		json?: unknown;
		body?: string;
		headers?: Record<string, string>;
	} = {},
): Promise<Answer> {
	const headers: Record<string, string> = { ...init.headers };
	if (init.token) headers.authorization = `Bearer ${init.token}`;
	let body = init.body;
	if (init.json !== undefined) {
		body = JSON.stringify(init.json);
		headers['content-type'] ??= 'application/json';
	}
	const response = await fetch(url, { method: init.method ?? 'GET', headers, body });
	const text = await response.text();
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		parsed = undefined;
	}
	return { status: response.status, headers: response.headers, text, body: parsed };
}

export function postForm(
	url: string,
	fields: Record<string, string>,
	headers: Record<string, string> = {},
) {
	return call(url, {
		method: 'POST',
		body: new URLSearchParams(fields).toString(),
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
	});
}

export interface AssertionOverrides {
	iss?: string;
	sub?: string;
	aud?: string;
	jti?: string | null;
	/** Seconds, relative to the real clock. */
	iatOffset?: number;
	lifetime?: number;
	nbfOffset?: number;
	x5t?: string | null;
	kid?: string;
	typ?: string | null;
	privateKeyPem?: string;
}

/** A client assertion as Scalepoint's clients build it, timed by the real clock. */
export async function signAssertion(
	sandbox: Sandbox,
	clientId: string,
	material: ClientKeyMaterial,
	overrides: AssertionOverrides = {},
): Promise<string> {
	const j = jose();
	const now = Math.floor(Date.now() / 1000);
	const iat = now + (overrides.iatOffset ?? 0);
	const header: Record<string, unknown> = { alg: 'RS256' };
	if (overrides.typ !== null) header.typ = overrides.typ ?? 'JWT';
	if (overrides.x5t !== null) header.x5t = overrides.x5t ?? material.x5t;
	if (overrides.kid !== undefined) header.kid = overrides.kid;
	const claims: Record<string, unknown> = {
		iss: overrides.iss ?? clientId,
		sub: overrides.sub ?? clientId,
		aud: overrides.aud ?? sandbox.tokenUrl,
		iat,
		nbf: now + (overrides.nbfOffset ?? 0),
		exp: iat + (overrides.lifetime ?? 60),
	};
	if (overrides.jti !== null) claims.jti = overrides.jti ?? randomUUID();
	const key = await j.importPKCS8(overrides.privateKeyPem ?? material.privateKeyPem, 'RS256');
	return new j.SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key);
}

export function assertionForm(assertion: string, scope?: string): Record<string, string> {
	return {
		grant_type: 'client_credentials',
		client_assertion_type: JWT_BEARER,
		client_assertion: assertion,
		...(scope !== undefined ? { scope } : {}),
	};
}

/** A fresh secret-mode client with the given scopes, and a token for it. */
export async function tokenWithScopes(sandbox: Sandbox, scopes: string[]): Promise<string> {
	const clientId = `client-${randomUUID()}`;
	sandbox.addScalepointClient({ clientId, clientSecret: 'secret', scopes });
	const answer = await postForm(sandbox.tokenUrl, {
		grant_type: 'client_credentials',
		client_id: clientId,
		client_secret: 'secret',
	});
	if (answer.status !== 200) throw new Error(`token request failed: ${answer.text}`);
	return answer.body.access_token as string;
}
