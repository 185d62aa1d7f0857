import type { IWebhookFunctions } from 'n8n-workflow';

import { secretsEqual } from '../../shared/constantTime';
import { readWebhookSecret } from './webhookCredential';

/**
 * Thinksurance does not document how it authenticates its webhook calls (no header, signature or
 * Basic auth is named on the V2 Notification page). So the node checks what the user agreed with
 * Thinksurance Support when handing over the URL, held in the package's Thinksurance Webhook API
 * credential: a header carrying a secret, or Basic auth, the two n8n's Webhook node offers.
 */
export type WebhookAuthentication = 'none' | 'credential';

export const WEBHOOK_CREDENTIAL = 'thinksuranceWebhookApi';

export type AuthOutcome =
	{ ok: true } | { ok: false; status: 401 | 403; reason: string; headers: Record<string, string> };

const MISSING: AuthOutcome = {
	ok: false,
	status: 401,
	reason: 'Authorization is required.',
	headers: {},
};
// 401 for Basic auth also names the scheme, as n8n's Webhook node does.
const MISSING_BASIC: AuthOutcome = {
	...MISSING,
	headers: { 'WWW-Authenticate': 'Basic realm="Webhook"' },
};
const WRONG: AuthOutcome = {
	ok: false,
	status: 403,
	reason: 'Authorization data is wrong.',
	headers: {},
};

function receivedHeader(context: IWebhookFunctions, name: string): string | undefined {
	const value = context.getHeaderData()[name.toLowerCase()];
	if (Array.isArray(value)) return value.join(', ');
	return typeof value === 'string' ? value : undefined;
}

/**
 * Checks the call against the credential: 401 when its header (or the Authorization header) is
 * absent, 403 when present but wrong, or when the credential itself is incomplete (an empty secret
 * must not let anyone in). Secrets are compared in constant time; neither the expected nor the
 * presented value appears in the reason.
 */
export async function checkAuthentication(context: IWebhookFunctions): Promise<AuthOutcome> {
	const method = context.getNodeParameter('authentication', 'none') as WebhookAuthentication;
	if (method !== 'credential') return { ok: true };
	const read = readWebhookSecret(await context.getCredentials(WEBHOOK_CREDENTIAL));
	if (!read.ok) return WRONG;
	const { secret } = read;
	if (secret.kind === 'header') {
		const presented = receivedHeader(context, secret.headerName);
		if (presented === undefined) return MISSING;
		return secretsEqual(presented, secret.headerSecret) ? { ok: true } : WRONG;
	}
	const presented = basicAuthOf(receivedHeader(context, 'authorization'));
	if (presented === undefined) return MISSING_BASIC;
	// Both compared, always: stopping after a wrong user name would tell that it was wrong.
	const userMatches = secretsEqual(presented.user, secret.user);
	const passwordMatches = secretsEqual(presented.password, secret.password);
	return userMatches && passwordMatches ? { ok: true } : WRONG;
}

/** `Authorization: Basic base64(user:password)` read back; undefined when absent or not Basic. */
function basicAuthOf(header: string | undefined): { user: string; password: string } | undefined {
	const match = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
