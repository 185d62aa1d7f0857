import { createHash, X509Certificate } from 'node:crypto';
import type { SandboxDeps } from './context';
import { jose } from './jose';

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Allowed difference between the client's clock and ours for nbf/iat/exp. */
const CLOCK_SKEW_SECONDS = 5;
/** Scalepoint's clients use assertions that live at most 60 s. */
const MAX_LIFETIME_SECONDS = 60;

export type AssertionResult =
	{ ok: true; clientId: string } | { ok: false; reason: string; clientId?: string };

export interface CertificateThumbprints {
	/** Upper-case hex SHA-1 of the DER certificate (what Windows calls the thumbprint). */
	thumbprintSha1Hex: string;
	/** base64url SHA-1 of the DER certificate. */
	x5t: string;
}

export function certificateThumbprints(certificatePem: string): CertificateThumbprints {
	const sha1 = createHash('sha1').update(new X509Certificate(certificatePem).raw).digest();
	return { thumbprintSha1Hex: sha1.toString('hex').toUpperCase(), x5t: sha1.toString('base64url') };
}

/**
 * private_key_jwt as Scalepoint's own token clients send it (see API-NOTES): RS256, typ JWT,
 * x5t of the registered certificate, iss = sub = client id, aud = the token URL exactly,
 * short-lived, single-use jti. Time checks use the real clock, not the sandbox clock: the
 * assertion is stamped by the client's own clock, and moving the sandbox clock (deletion window,
 * token expiry) must not make every assertion look early or late.
 */
export async function verifyClientAssertion(
	assertion: string,
	deps: SandboxDeps,
): Promise<AssertionResult> {
	const j = jose();
	let claims: Record<string, unknown>;
	let header: Record<string, unknown>;
	try {
		claims = j.decodeJwt(assertion);
		header = j.decodeProtectedHeader(assertion);
	} catch {
		return { ok: false, reason: 'client_assertion is not a JWT' };
	}
	const clientId = claims.iss;
	if (typeof clientId !== 'string' || clientId === '') {
		return { ok: false, reason: 'iss is missing' };
	}
	const fail = (reason: string): AssertionResult => ({ ok: false, reason, clientId });
	const client = deps.config.clients.get(clientId);
	if (!client) return { ok: false, reason: 'unknown client (iss)' };
	if (!client.certificatePem) return fail('client has no registered certificate');
	if (header.alg !== 'RS256') return fail('alg must be RS256');
	if (header.typ !== 'JWT') return fail('typ must be JWT');

	let thumbprints: CertificateThumbprints;
	try {
		thumbprints = certificateThumbprints(client.certificatePem);
	} catch {
		return fail('registered certificate cannot be read');
	}
	if (header.x5t !== thumbprints.x5t) return fail('x5t does not match the registered certificate');
	if (
		header.kid !== undefined &&
		header.kid !== thumbprints.thumbprintSha1Hex &&
		header.kid !== thumbprints.x5t
	) {
		return fail('kid does not match the registered certificate');
	}

	const now = new Date();
	let payload: Record<string, unknown>;
	try {
		const key = await j.importX509(client.certificatePem, 'RS256');
		({ payload } = await j.jwtVerify(assertion, key, {
			algorithms: ['RS256'],
			typ: 'JWT',
			issuer: clientId,
			subject: clientId,
			audience: deps.tokenUrl,
			currentDate: now,
			clockTolerance: CLOCK_SKEW_SECONDS,
			requiredClaims: ['sub', 'aud', 'exp', 'iat', 'jti'],
		}));
	} catch (error) {
		const { code, message } = error as { code?: string; message?: string };
		return fail(`${code ?? 'ERR_JWT'}: ${message ?? 'verification failed'}`);
	}

	// jose accepts an aud array containing the URL; Scalepoint's clients send the plain string.
	if (payload.aud !== deps.tokenUrl) return fail('aud must be the token URL exactly');
	const nowSeconds = now.getTime() / 1000;
	const iat = payload.iat as number;
	const exp = payload.exp as number;
	if (iat > nowSeconds + CLOCK_SKEW_SECONDS) return fail('iat is in the future');
	if (exp - iat > MAX_LIFETIME_SECONDS)
		return fail(`exp is more than ${MAX_LIFETIME_SECONDS} s after iat`);
	const jti = payload.jti;
	if (typeof jti !== 'string' || jti === '') return fail('jti is missing');
	const replayKey = `${clientId}\n${jti}`;
	if (deps.state.seenJtis.has(replayKey)) return fail('jti was already used (replay)');
	deps.state.seenJtis.add(replayKey);
	return { ok: true, clientId };
}
