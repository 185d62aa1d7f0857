import type { KeyObject } from 'node:crypto';
import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';

/** A problem with the key material the user pasted; the message names the credential field. */
export class KeyMaterialError extends Error {
	constructor(
		readonly field: 'Certificate' | 'Private Key' | 'Private Key Passphrase',
		problem: string,
	) {
		super(`${field}: ${problem}`);
		this.name = 'KeyMaterialError';
	}
}

export interface ClientKeyMaterial {
	privateKey: KeyObject;
	/** base64url(SHA-1(DER certificate)), the JWT `x5t` header. */
	x5t: string;
	/** Upper-case hex SHA-1 thumbprint, the JWT `kid` header (as Scalepoint's .NET client sends it). */
	thumbprint: string;
}

/**
 * Reads and cross-checks the certificate and private key before anything is sent, so a wrong
 * paste gets an answer that names the field instead of an opaque `invalid_client` from the server.
 * Error messages never quote the key material.
 */
export function loadClientKeyMaterial(
	certificatePem: unknown,
	privateKeyPem: unknown,
	passphrase: unknown,
	now: Date,
): ClientKeyMaterial {
	const certificate = readCertificate(normalisePem(certificatePem));
	checkValidity(certificate, now);
	if (certificate.publicKey.asymmetricKeyType !== 'rsa') {
		throw new KeyMaterialError(
			'Certificate',
			'it does not hold an RSA key. Scalepoint requires a 2048-bit RSA key signed with SHA-256.',
		);
	}
	const privateKey = readPrivateKey(normalisePem(privateKeyPem), passphrase);
	if (!certificate.checkPrivateKey(privateKey)) {
		throw new KeyMaterialError(
			'Private Key',
			'it does not match the certificate. Paste the private key that was used to create this certificate.',
		);
	}
	const der = certificate.raw;
	return {
		privateKey,
		x5t: createHash('sha1').update(der).digest('base64url'),
		thumbprint: createHash('sha1').update(der).digest('hex').toUpperCase(),
	};
}

/**
 * Accepts pasted PEM with Windows line ends, indentation, literal "\n" sequences, or all on one
 * line (password inputs drop line breaks on paste): each block is re-wrapped the standard way.
 */
export function normalisePem(value: unknown) {
	if (typeof value !== 'string') return '';
	const text = value.replace(/\\n/g, '\n');
	const blocks = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)];
	if (blocks.length === 0) return text.trim();
	return blocks
		.map(([, label, body]) => {
			const lines = body
				.split(/\r?\n/)
				.map((line) => line.trim())
				.filter((line) => line !== '');
			const isHeader = (line: string) => /^[A-Za-z-]+:/.test(line);
			const headers = lines.filter(isHeader);
			const base64 = lines
				.filter((line) => !isHeader(line))
				.join('')
				.replace(/\s+/g, '');
			const wrapped = base64.match(/.{1,64}/g) ?? [];
			const head = headers.length > 0 ? [...headers, ''] : [];
			return [`-----BEGIN ${label}-----`, ...head, ...wrapped, `-----END ${label}-----`].join('\n');
		})
		.join('\n');
}

function readCertificate(pem: string) {
	if (pem === '') {
		throw new KeyMaterialError(
			'Certificate',
			'it is empty. Paste the PEM certificate registered with Scalepoint (-----BEGIN CERTIFICATE-----).',
		);
	}
	if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
		throw new KeyMaterialError(
			'Certificate',
			'this field holds a private key. Paste the certificate (-----BEGIN CERTIFICATE-----) here and the key in Private Key.',
		);
	}
	if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
		throw new KeyMaterialError(
			'Certificate',
			'it is not a PEM certificate (-----BEGIN CERTIFICATE-----).',
		);
	}
	const certificate = attempt(() => new X509Certificate(pem));
	if (!certificate) {
		throw new KeyMaterialError(
			'Certificate',
			'it could not be read as an X.509 certificate. Check that it was pasted whole.',
		);
	}
	return certificate;
}

function checkValidity(certificate: X509Certificate, now: Date) {
	const validTo = new Date(certificate.validTo);
	const validFrom = new Date(certificate.validFrom);
	if (validTo.getTime() < now.getTime()) {
		throw new KeyMaterialError(
			'Certificate',
			`it expired on ${validTo.toISOString()}. Create a new certificate and register it with Scalepoint.`,
		);
	}
	if (validFrom.getTime() > now.getTime()) {
		throw new KeyMaterialError(
			'Certificate',
			`it is not valid before ${validFrom.toISOString()}. Check the clock of the machine that created it.`,
		);
	}
}

function readPrivateKey(pem: string, passphrase: unknown) {
	if (pem === '') {
		throw new KeyMaterialError(
			'Private Key',
			'it is empty. Paste the PEM private key (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----).',
		);
	}
	if (pem.includes('-----BEGIN CERTIFICATE-----')) {
		throw new KeyMaterialError(
			'Private Key',
			'this field holds a certificate. Paste the private key here and the certificate in Certificate.',
		);
	}
	if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
		throw new KeyMaterialError(
			'Private Key',
			'it is not a PEM private key (PKCS#8 -----BEGIN PRIVATE KEY----- or PKCS#1 -----BEGIN RSA PRIVATE KEY-----).',
		);
	}
	const secret = typeof passphrase === 'string' && passphrase !== '' ? passphrase : undefined;
	const encrypted = /ENCRYPTED/.test(pem);
	if (encrypted && secret === undefined) {
		throw new KeyMaterialError(
			'Private Key Passphrase',
			'the private key is encrypted; enter its passphrase.',
		);
	}
	const key = attempt(() => createPrivateKey({ key: pem, format: 'pem', passphrase: secret }));
	if (!key) {
		if (encrypted) {
			throw new KeyMaterialError(
				'Private Key Passphrase',
				'the private key could not be decrypted with this passphrase.',
			);
		}
		throw new KeyMaterialError(
			'Private Key',
			'it could not be read. Check that it was pasted whole.',
		);
	}
	if (key.asymmetricKeyType !== 'rsa') {
		throw new KeyMaterialError(
			'Private Key',
			`it is a ${String(key.asymmetricKeyType).toUpperCase()} key; Scalepoint requires an RSA key.`,
		);
	}
	return key;
}

/** Runs a parser that throws on bad input; the caller turns `undefined` into a field error. */
function attempt<T>(parse: () => T): T | undefined {
	try {
		return parse();
	} catch {
		return undefined;
	}
}
