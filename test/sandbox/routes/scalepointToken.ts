import { randomBytes, timingSafeEqual } from 'node:crypto';
import { JWT_BEARER_ASSERTION_TYPE, verifyClientAssertion } from '../clientAssertion';
import type { SandboxDeps } from '../context';
import { json, mediaType, type Reply, type RequestContext } from '../http';

/**
 * RFC 6749 error. The body carries only `error` (like IdentityServer); the reason goes to an
 * `x-sandbox-reason` header so a human (and the tests) can see why, without changing the body.
 * Neither ever contains the assertion or the secret.
 */
function oauthError(error: string, reason: string): Reply {
	return json(400, { error }, { 'x-sandbox-reason': reason, 'cache-control': 'no-store' });
}

function sameSecret(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

/** POST /connect/token: client credentials with private_key_jwt or client_secret_post. */
export async function scalepointToken(ctx: RequestContext, deps: SandboxDeps): Promise<Reply> {
	if (mediaType(ctx.headers) !== 'application/x-www-form-urlencoded') {
		return oauthError('invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
	}
	const form = new URLSearchParams(ctx.body.toString('utf8'));
	if (form.get('grant_type') !== 'client_credentials') {
		return oauthError('unsupported_grant_type', 'grant_type must be client_credentials');
	}
	// Scalepoint's clients put credentials in the body; an Authorization header is refused.
	if (ctx.headers.authorization !== undefined) {
		return oauthError('invalid_client', 'Authorization header not accepted; use the form body');
	}

	let clientId: string;
	if (form.has('client_assertion') || form.has('client_assertion_type')) {
		if (form.get('client_assertion_type') !== JWT_BEARER_ASSERTION_TYPE) {
			return oauthError('invalid_client', 'client_assertion_type must be jwt-bearer');
		}
		const result = await verifyClientAssertion(form.get('client_assertion') ?? '', deps);
		ctx.entry.clientId = result.clientId;
		if (!result.ok) return oauthError('invalid_client', result.reason);
		clientId = result.clientId;
	} else if (form.has('client_id')) {
		clientId = form.get('client_id') ?? '';
		const client = deps.config.clients.get(clientId);
		if (client) ctx.entry.clientId = clientId;
		const secret = form.get('client_secret') ?? '';
		if (!client?.clientSecret || !sameSecret(secret, client.clientSecret)) {
			return oauthError('invalid_client', 'unknown client_id or wrong client_secret');
		}
	} else {
		return oauthError('invalid_client', 'no client credentials in the request');
	}

	const granted = deps.config.clients.get(clientId)?.scopes ?? [];
	const requested = (form.get('scope') ?? '').split(' ').filter((scope) => scope !== '');
	const notGranted = requested.filter((scope) => !granted.includes(scope));
	if (notGranted.length > 0) {
		return oauthError('invalid_scope', `scope not granted: ${notGranted.join(' ')}`);
	}
	const scopes = requested.length > 0 ? [...new Set(requested)] : [...granted];

	const accessToken = randomBytes(32).toString('base64url');
	const lifetime = deps.config.tokenLifetimeSeconds;
	deps.state.scalepointTokens.set(accessToken, {
		clientId,
		scopes,
		expiresAtMs: deps.clock.now().getTime() + lifetime * 1000,
	});
	return json(
		200,
		{
			access_token: accessToken,
			expires_in: lifetime,
			token_type: 'Bearer',
			scope: scopes.join(' '),
		},
		{ 'cache-control': 'no-store', pragma: 'no-cache' },
	);
}

/**
 * The identity server's public discovery document. The credential test in n8n's editor requests
 * it after fetching a token, to check the token server answers.
 */
export async function scalepointDiscovery(_ctx: RequestContext, deps: SandboxDeps): Promise<Reply> {
	return json(200, {
		issuer: deps.tokenUrl.replace(/\/connect\/token$/, ''),
		token_endpoint: deps.tokenUrl,
		grant_types_supported: ['client_credentials'],
		token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_post'],
	});
}
