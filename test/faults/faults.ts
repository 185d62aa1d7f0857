import { createServer } from 'node:net';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { Env, Subject } from './subjects';

export interface FaultCase {
	id: string;
	label: string;
	/** Arms the sandbox; may return credential overrides for the run. */
	arm(env: Env, subject: Subject): ICredentialDataDecryptedObject | void;
	/** Only some nodes can meet this fault (undefined: all). */
	appliesTo?(subject: Subject): boolean;
	/** Cancel the execution this long after the start. */
	cancelAfterMs?: number;
	/** The sandbox is still working on a request this long after the start (a delayed answer). */
	settleMs?: number;
}

/** A loopback port nobody listens on: connecting to it is refused at once. */
export async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

let deadPort = 0;
export async function prepareFaults() {
	deadPort = await closedPort();
}

const unauthorizedBody = (env: Env) =>
	env.vendor === 'thinksurance'
		? '{"error":"Token is invalid or expired."}'
		: '{"success":false,"code":"UNAUTHORIZED","message":"Unauthorized"}';

/** Registers a token the sandbox accepts and answers it without expires_in / expired. */
function tokenWithoutLifetime(env: Env) {
	const token = `no-expiry-${Math.random().toString(36).slice(2)}`;
	const expiresAtMs = env.sandbox.clock.now().getTime() + 3_600_000;
	if (env.vendor === 'scalepoint') {
		env.sandbox.state.scalepointTokens.set(token, {
			clientId: 'secret-client',
			scopes: [
				'self-service:submit',
				'platform-service-provider:write',
				'case:delete',
				'events',
				'platform-case:read',
			],
			expiresAtMs,
		});
		return JSON.stringify({ access_token: token, token_type: 'Bearer' });
	}
	env.sandbox.state.thinksuranceTokens.set(token, { hash: 'hash-0123456789', expiresAtMs });
	return JSON.stringify({ token });
}

/** The status each vendor page gives for success: only the body can then tell it is not one. */
function successStatus(subject: Subject) {
	return subject.route === 'events.send' ? 201 : 200;
}

export const FAULTS: FaultCase[] = [
	{
		id: 'expired401',
		label: '401 once (expired token)',
		arm: (env, s) =>
			env.sandbox.faults.add({ route: s.route, status: 401, body: unauthorizedBody(env) }),
	},
	{
		id: 'token500',
		label: 'token endpoint 500',
		arm: (env, s) =>
			env.sandbox.faults.add({
				route: s.tokenRoute,
				status: 500,
				body: '{"error":"server_error"}',
			}),
	},
	{
		id: 'tokenSlow',
		label: 'token endpoint slow (400 ms)',
		arm: (env, s) => env.sandbox.faults.add({ route: s.tokenRoute, delayMs: 400 }),
	},
	{
		id: 'tokenUnreachable',
		label: 'token endpoint unreachable',
		arm: (env) =>
			env.vendor === 'scalepoint'
				? { customTokenUrl: `http://127.0.0.1:${deadPort}/connect/token` }
				: // Thinksurance serves tokens from the API base URL, so the whole host is unreachable.
					{ customBaseUrl: `http://127.0.0.1:${deadPort}` },
	},
	{
		// To the same token URL: a client that followed it would re-post the secret and succeed.
		id: 'tokenRedirect',
		label: 'token endpoint redirects (307)',
		arm: (env, s) =>
			env.sandbox.faults.add({
				route: s.tokenRoute,
				status: 307,
				headers: {
					Location: `${env.sandbox.url}${env.vendor === 'scalepoint' ? '/connect/token' : '/api/ipn/tokens'}`,
				},
			}),
	},
	{
		id: 'rate429RetryAfter',
		label: '429 + Retry-After: 1',
		arm: (env, s) =>
			env.sandbox.faults.add({
				route: s.route,
				status: 429,
				body: '{"error":"too_many_requests"}',
				headers: { 'retry-after': '1' },
			}),
	},
	{
		id: 'rate429',
		label: '429 without Retry-After',
		arm: (env, s) =>
			env.sandbox.faults.add({
				route: s.route,
				status: 429,
				body: '{"error":"too_many_requests"}',
			}),
	},
	{
		id: 'unavailable503',
		label: '503 + Retry-After: 1 (window)',
		arm: (env, s) =>
			env.sandbox.faults.add({
				route: s.route,
				status: 503,
				body: '{"error":"service_unavailable"}',
				headers: { 'retry-after': '1' },
			}),
	},
	{
		id: 'server500',
		label: '500',
		arm: (env, s) =>
			env.sandbox.faults.add({ route: s.route, status: 500, body: '{"error":"internal"}' }),
	},
	{
		id: 'resetBefore',
		label: 'reset before request is read',
		arm: (env, s) => env.sandbox.faults.add({ route: s.route, reset: 'beforeRequest' }),
	},
	{
		id: 'resetAfter',
		label: 'reset after request was processed',
		arm: (env, s) => env.sandbox.faults.add({ route: s.route, reset: 'afterRequest' }),
	},
	{
		id: 'slow',
		label: 'answer slower than the timeout',
		settleMs: 1_400,
		arm: (env, s) => env.sandbox.faults.add({ route: s.route, delayMs: 1_300 }),
	},
	{
		// Never silent for a whole second, so only a total deadline ends it; without one the
		// answer completes after 9 s and counts as a success.
		id: 'dribble',
		label: 'answer dribbles (a byte every 0.3 s)',
		arm: (env, s) =>
			env.sandbox.faults.add({ route: s.route, dribble: { intervalMs: 300, bytes: 30 } }),
	},
	{
		id: 'malformedJson',
		label: 'malformed JSON',
		arm: (env, s) => env.sandbox.faults.add({ route: s.route, malformedJson: true }),
	},
	{
		id: 'emptyBody',
		label: 'empty body',
		arm: (env, s) => env.sandbox.faults.add({ route: s.route, emptyBody: true }),
	},
	{
		id: 'http200Error',
		label: 'HTTP 200 with an error body',
		appliesTo: (s) => s.vendor === 'thinksurance',
		arm: (env, s) =>
			env.sandbox.faults.add({
				route: s.route,
				status: 200,
				body: '{"error":"Internal processing failed"}',
			}),
	},
	{
		id: 'unconfirmedHtml',
		label: 'success status with an HTML page',
		arm: (env, s) =>
			env.sandbox.faults.add({
				route: s.route,
				status: successStatus(s),
				body: '<html><body>OK</body></html>',
				headers: { 'content-type': 'text/html' },
			}),
	},
	{
		id: 'unconfirmedEmpty',
		label: 'success status with {}',
		appliesTo: (s) => s.emptyObjectIsAnswer !== true,
		arm: (env, s) =>
			env.sandbox.faults.add({ route: s.route, status: successStatus(s), body: '{}' }),
	},
	{
		// Queued ahead of the run's valid events: the poll must emit the valid ones, surface this
		// one as a malformed item and move the cursor past it (before, every later poll failed).
		id: 'malformedEvent',
		label: 'an event without an id, ahead of valid ones',
		appliesTo: (s) => s.trigger === true,
		arm: (env) => {
			env.sandbox.state.outgoingEvents.push({
				type: 'event',
				timestamp: env.sandbox.clock.now().toISOString(),
				attributes: { eventType: 'case_created', caseNumber: 'CN-malformed' },
			} as never);
		},
	},
	{
		id: 'tokenNoExpiry',
		label: 'token answer without expires_in',
		arm: (env, s) =>
			env.sandbox.faults.add({ route: s.tokenRoute, status: 200, body: tokenWithoutLifetime(env) }),
	},
	{
		id: 'cancel',
		label: 'cancel while waiting to retry (429, Retry-After: 30)',
		// A poll has no cancel signal in n8n: the engine stops it between polls. A 429, which every
		// operation waits out (a 503 is waited out by idempotent ones only).
		appliesTo: (s) => !s.trigger,
		cancelAfterMs: 500,
		arm: (env, s) =>
			env.sandbox.faults.add({
				route: s.route,
				status: 429,
				body: '{"error":"too_many_requests"}',
				headers: { 'retry-after': '30' },
			}),
	},
];
