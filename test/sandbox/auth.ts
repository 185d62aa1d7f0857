import type { SandboxDeps } from './context';
import { json, type Reply, type RequestContext } from './http';

/** The Bearer token of an `Authorization` header; the scheme is case-insensitive (RFC 7235). */
export function bearerToken(headers: Record<string, string>): string | undefined {
	const match = /^bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
	return match?.[1];
}

/**
 * The gate in front of every Scalepoint API: unknown/expired token -> 401 with the API's own
 * body, token without the scope -> 403 with the gateway's insufficient_scope body (the Event API
 * page shows it; the other pages do not document their 403 body, so the same one is used).
 * Returns a reply when refused, undefined when the request may go on.
 */
export function requireScope(
	ctx: RequestContext,
	deps: SandboxDeps,
	scope: string,
	unauthorizedBody: unknown,
	extra: Record<string, unknown> = {},
): Reply | undefined {
	const token = bearerToken(ctx.headers);
	const issued = token ? deps.state.scalepointTokens.get(token) : undefined;
	if (!issued || issued.expiresAtMs <= deps.clock.now().getTime()) {
		return json(401, unauthorizedBody, { 'www-authenticate': 'Bearer' });
	}
	ctx.entry.clientId = issued.clientId;
	if (!issued.scopes.includes(scope)) {
		return json(403, {
			...extra,
			error: 'insufficient_scope',
			error_description: 'Insufficient scope for this resource',
			scope,
		});
	}
	return undefined;
}
