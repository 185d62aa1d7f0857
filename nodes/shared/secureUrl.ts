/**
 * Secrets (client secrets, assertions, bearer tokens) travel only over https. Plain http is
 * accepted for loopback addresses alone: there the traffic never leaves the machine (a local
 * sandbox, a development proxy).
 */
export function isLoopbackHostname(hostname: string) {
	const name = hostname.toLowerCase().replace(/\.$/, '');
	if (name === 'localhost' || name === '[::1]') return true;
	// 127.0.0.0/8, as the WHATWG URL parser writes it (it normalises 127.1 and 0x7f.1).
	return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** True for https, and for http to a loopback host. */
export function hasSecureTransport(url: URL) {
	if (url.protocol === 'https:') return true;
	return url.protocol === 'http:' && isLoopbackHostname(url.hostname);
}

export const SECURE_TRANSPORT_RULE =
	'must start with https:// (http:// is accepted only for loopback addresses such as 127.0.0.1 and localhost)';
