import { hasSecureTransport, SECURE_TRANSPORT_RULE } from '../shared/secureUrl';
import { quoteValue, truncate } from '../shared/validation';

/**
 * Scalepoint hosts (see shared API notes, "Hosts"). The credential decides them: its environment
 * names the token endpoint and the API hosts, so a workflow editor who may only use a shared
 * credential cannot send its token anywhere else. A node's Host parameter may only pick another
 * host the credential lists (an assigned project server).
 */
export const TOKEN_URLS = {
	production: 'https://accounts.scalepoint.com/connect/token',
	sandbox: 'https://sandbox-accounts.scalepoint.com/connect/token',
} as const;

/** Self-Service, Event API and ClaimShop. */
export const WWW_HOST = 'https://www.scalepoint.com';
/** Hub Property and ECB (`/ecx/<tenant>/api/integration/v1/...`). */
export const ENTRY_HOST = 'https://entry.scalepoint.com';
/** Every API of the non-production environment, Hub included. */
export const SANDBOX_HOST = 'https://sandbox.scalepoint.com';

export type ScalepointEnvironment = 'production' | 'sandbox' | 'custom';

/**
 * `api`: Self-Service, Event API, ClaimShop delete. `hub`: Hub Property delete and ECB files,
 * which production serves from another host.
 */
export type HostKind = 'api' | 'hub';

const ENVIRONMENT_HOSTS: Record<'production' | 'sandbox', Record<HostKind, string>> = {
	production: { api: WWW_HOST, hub: ENTRY_HOST },
	sandbox: { api: SANDBOX_HOST, hub: SANDBOX_HOST },
};

/** The origins a Scalepoint credential sends its token to. */
export interface CredentialHosts {
	api: string;
	hub: string;
	/** `api`, `hub` and the Additional Allowed Hosts, without repeats. */
	allowed: string[];
}

/** A credential host setting that cannot be used. The message names the credential field. */
export class CredentialHostsError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CredentialHostsError';
	}
}

/** The token endpoint the credential uses; it is also the `aud` of the client assertion. */
export function tokenUrlOf(environment: unknown, customTokenUrl: unknown) {
	if (environment === 'sandbox') return TOKEN_URLS.sandbox;
	if (environment === 'custom') return String(customTokenUrl ?? '').trim();
	return TOKEN_URLS.production;
}

/** The hosts of the credential's environment, checked; throws CredentialHostsError. */
export function credentialHosts(credentials: Record<string, unknown>): CredentialHosts {
	const environment = credentials.environment;
	let own: Record<HostKind, string>;
	if (environment === 'custom') {
		const apiText = textOf(credentials.customApiHost);
		if (apiText === '') {
			throw new CredentialHostsError(
				'API Host: it is empty. With the Custom environment, enter your Scalepoint project server, e.g. https://<hostname>.',
			);
		}
		const api = settingOrigin('API Host', apiText);
		const hubText = textOf(credentials.customHubHost);
		own = {
			api,
			hub: hubText === '' ? api : settingOrigin('Hub Property and Files Host', hubText),
		};
	} else {
		own = ENVIRONMENT_HOSTS[environment === 'sandbox' ? 'sandbox' : 'production'];
	}
	const extra = textOf(credentials.allowedHosts)
		.split(/[\s,]+/)
		.filter((entry) => entry !== '')
		.map((entry) => settingOrigin('Additional Allowed Hosts', entry));
	return { ...own, allowed: [...new Set([own.api, own.hub, ...extra])] };
}

/**
 * The origin a node's Host parameter stands for: empty means the credential's host of that kind;
 * anything else must be a host the credential allows. The problem otherwise, as a message that
 * names the field and says where to allow the host.
 */
export function hostParameterOrigin(
	hosts: CredentialHosts,
	kind: HostKind,
	value: unknown,
	field: { label: string; credentialName?: string },
): { origin: string } | { message: string } {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		return { origin: hosts[kind] };
	}
	if (typeof value !== 'string') {
		return { message: `${field.label} must be text (got ${quoteValue(value)})` };
	}
	const text = value.trim();
	const parsed = parseOrigin(text);
	if ('problem' in parsed) {
		return { message: `${field.label} ${parsed.problem} (got "${truncate(text)}")` };
	}
	if (hosts.allowed.includes(parsed.origin)) return parsed;
	return {
		message: `${field.label} ${notCredentialHost(parsed.origin, hosts, field.credentialName)}. Clear ${field.label} to use the credential's host, or add it to the credential's Additional Allowed Hosts.`,
	};
}

/**
 * The origin of a request URL (relative ones resolved against `baseURL`) when the credential may
 * send its token there; otherwise why not. Used by the transport and by the credential's
 * `authenticate`, which n8n also calls for its generic HTTP Request node with any URL.
 */
export function requestTargetProblem(
	hosts: CredentialHosts,
	target: { url?: unknown; baseURL?: unknown },
	credentialName?: string,
): string | undefined {
	let url: URL;
	try {
		const base =
			typeof target.baseURL === 'string' && target.baseURL !== '' ? target.baseURL : undefined;
		url = new URL(String(target.url ?? ''), base);
	} catch {
		return `the request URL ${quoteValue(target.url)} is not an absolute URL of a host of the Scalepoint credential (it allows ${hosts.allowed.join(', ')})`;
	}
	if (hosts.allowed.includes(url.origin)) return undefined;
	return notCredentialHost(url.origin, hosts, credentialName);
}

function notCredentialHost(origin: string, hosts: CredentialHosts, credentialName?: string) {
	const credential =
		credentialName === undefined || credentialName === ''
			? 'the Scalepoint credential'
			: `the Scalepoint credential "${truncate(credentialName)}"`;
	return `${truncate(origin, 120)} is not a host of ${credential} (it allows ${hosts.allowed.join(', ')})`;
}

function settingOrigin(fieldLabel: string, text: string) {
	const parsed = parseOrigin(text);
	if ('problem' in parsed)
		throw new CredentialHostsError(`${fieldLabel}: ${quoteValue(text)} ${parsed.problem}.`);
	return parsed.origin;
}

/** `https://host[:port]` with nothing after it but an optional "/". */
function parseOrigin(text: string): { origin: string } | { problem: string } {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { problem: 'must be a URL such as https://www.scalepoint.com' };
	}
	if (!hasSecureTransport(url)) return { problem: SECURE_TRANSPORT_RULE };
	if (url.username || url.password || url.search || url.hash) {
		return { problem: 'must not contain a user, password, query or fragment' };
	}
	if (url.pathname !== '/') {
		return { problem: 'must be a host only, such as https://www.scalepoint.com, without a path' };
	}
	return { origin: url.origin };
}

function textOf(value: unknown) {
	return typeof value === 'string' ? value.trim() : '';
}
