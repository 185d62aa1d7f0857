import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { certificateThumbprints } from './clientAssertion';

/** Test key material: an RSA key (node:crypto) and a self-signed certificate (node-forge). */

export interface ClientKeyMaterial {
	certificatePem: string;
	privateKeyPem: string;
	/** Upper-case hex SHA-1 of the DER certificate. */
	thumbprintSha1Hex: string;
	/** base64url SHA-1 of the DER certificate. */
	x5t: string;
}

export interface ClientKeyMaterialOptions {
	notBefore?: Date;
	notAfter?: Date;
	keyFormat?: 'pkcs8' | 'pkcs1';
	/** Encrypts the private key PEM (AES-256-CBC). */
	passphrase?: string;
	/** When given, a fresh key pair is generated (use it to get a second, different key). */
	modulusLength?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
let defaultPair: { privateKey: KeyObject; publicKey: KeyObject } | undefined;

/** RSA keygen takes a noticeable moment: the default pair is made once per process. */
function keyPair(modulusLength: number | undefined) {
	if (modulusLength !== undefined) return generateKeyPairSync('rsa', { modulusLength });
	defaultPair ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
	return defaultPair;
}

export function generateClientKeyMaterial(opts: ClientKeyMaterialOptions = {}): ClientKeyMaterial {
	const { privateKey, publicKey } = keyPair(opts.modulusLength);
	const now = Date.now();
	const cert = forge.pki.createCertificate();
	cert.publicKey = forge.pki.publicKeyFromPem(
		publicKey.export({ type: 'spki', format: 'pem' }).toString(),
	);
	// A leading 01 keeps the DER integer positive.
	cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
	cert.validity.notBefore = opts.notBefore ?? new Date(now - DAY_MS);
	cert.validity.notAfter = opts.notAfter ?? new Date(now + 365 * DAY_MS);
	const name = [
		{ name: 'commonName', value: 'n8n-nodes-scalepoint-thinksurance sandbox client' },
		{ name: 'organizationName', value: 'Sandbox' },
	];
	cert.setSubject(name);
	cert.setIssuer(name);
	cert.setExtensions([
		{ name: 'basicConstraints', cA: false },
		{ name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
	]);
	const forgeKey = forge.pki.privateKeyFromPem(
		privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
	);
	cert.sign(forgeKey, forge.md.sha256.create());
	const certificatePem = forge.pki.certificateToPem(cert);

	const encryption = opts.passphrase ? { cipher: 'aes-256-cbc', passphrase: opts.passphrase } : {};
	const privateKeyPem = privateKey
		.export({ type: opts.keyFormat ?? 'pkcs8', format: 'pem', ...encryption })
		.toString();
	return { certificatePem, privateKeyPem, ...certificateThumbprints(certificatePem) };
}

/** A P-256 key in PKCS#8 PEM, for "this is not an RSA key" tests. */
export function generateEcKeyPem(): string {
	const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
	return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}
