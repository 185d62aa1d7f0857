import { createHash, randomUUID } from 'node:crypto';

import { CredentialTestContext } from 'n8n-core';

import { ScalepointApi } from '../../credentials/ScalepointApi.credentials';
import { scalepointApiTest } from '../../nodes/Scalepoint/credentialTest';
import { ScalepointCaseDeletion } from '../../nodes/ScalepointCaseDeletion/ScalepointCaseDeletion.node';
import { ScalepointEvents } from '../../nodes/ScalepointEvents/ScalepointEvents.node';
import { ScalepointEventsTrigger } from '../../nodes/ScalepointEvents/ScalepointEventsTrigger.node';
import { ScalepointFiles } from '../../nodes/ScalepointFiles/ScalepointFiles.node';
import { ScalepointSelfService } from '../../nodes/ScalepointSelfService/ScalepointSelfService.node';
import { runNode } from '../harness/runWorkflow';
import {
	CLIENT_ID,
	decodeJwt,
	startScalepointFixture,
	type ScalepointFixture,
} from '../fixtures/scalepoint';
import { generateClientKeyMaterial, generateEcKeyPem } from '../sandbox/keys';

const NO_LINES = '00000000-0000-4000-8000-000000000001';
let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startScalepointFixture();
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

async function submitWith(overrides: Record<string, unknown>) {
	return await runNode({
		type: 'scalepointSelfService',
		parameters: {
			resource: 'case',
			operation: 'submit',
			host: fx.sandbox.url,
			country: 'dk',
			tenant: 'abcinsurance',
			caseToken: NO_LINES,
		},
		credentials: fx.credentials(overrides as never),
	});
}

function tokenForm(index = 0) {
	return new URLSearchParams(fx.sandbox.requests('scalepoint.token')[index].bodyText);
}

describe('Scalepoint credential — private_key_jwt client assertion', () => {
	it('sends a client assertion the sandbox accepts with every documented claim and header', async () => {
		const result = await submitWith({});
		expect(result.error).toBeUndefined();
		const [tokenCall] = fx.sandbox.requests('scalepoint.token');
		expect(tokenCall.status).toBe(200);
		expect(tokenCall.headers['content-type']).toContain('application/x-www-form-urlencoded');
		expect(tokenCall.headers.authorization).toBeUndefined();
		const form = tokenForm();
		expect(form.get('grant_type')).toBe('client_credentials');
		expect(form.get('client_assertion_type')).toBe(
			'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
		);
		expect(form.get('client_id')).toBeNull();
		expect(form.get('client_secret')).toBeNull();
		expect(form.get('scope')!.split(' ').sort()).toEqual([
			'case:delete',
			'events',
			'platform-service-provider:write',
			'self-service:submit',
		]);

		const { header, claims } = decodeJwt(form.get('client_assertion')!);
		expect(header).toEqual({
			alg: 'RS256',
			typ: 'JWT',
			x5t: fx.keys.x5t,
			kid: fx.keys.thumbprintSha1Hex,
		});
		expect(claims.iss).toBe(CLIENT_ID);
		expect(claims.sub).toBe(CLIENT_ID);
		expect(claims.aud).toBe(fx.sandbox.tokenUrl);
		expect(claims.iat).toBe(claims.nbf);
		expect(Number(claims.exp) - Number(claims.iat)).toBe(60);
		expect(Math.abs(Number(claims.iat) - Date.now() / 1000)).toBeLessThan(30);
		expect(String(claims.jti)).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('x5t is base64url SHA-1 of the DER certificate and kid its upper-case hex thumbprint', async () => {
		await submitWith({});
		const der = Buffer.from(fx.keys.certificatePem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
		const { header } = decodeJwt(tokenForm().get('client_assertion')!);
		expect(header.x5t).toBe(createHash('sha1').update(der).digest('base64url'));
		expect(header.kid).toBe(createHash('sha1').update(der).digest('hex').toUpperCase());
	});

	it('builds a new assertion (fresh jti) for every token request', async () => {
		await submitWith({});
		await submitWith({});
		const jtis = [0, 1].map((i) => decodeJwt(tokenForm(i).get('client_assertion')!).claims.jti);
		expect(jtis[0]).not.toBe(jtis[1]);
		expect(fx.sandbox.requests('scalepoint.token').map((r) => r.status)).toEqual([200, 200]);
	});

	it('accepts a PKCS#1 key and an encrypted PKCS#8 key with its passphrase', async () => {
		const pkcs1 = generateClientKeyMaterial({ keyFormat: 'pkcs1' });
		fx.sandbox.addScalepointClient({
			clientId: 'pkcs1-client',
			certificatePem: pkcs1.certificatePem,
			scopes: ['self-service:submit'],
		});
		const first = await submitWith({
			clientId: 'pkcs1-client',
			certificate: pkcs1.certificatePem,
			privateKey: pkcs1.privateKeyPem,
			scopes: ['self-service:submit'],
		});
		expect(first.error).toBeUndefined();
		expect(pkcs1.privateKeyPem).toContain('BEGIN RSA PRIVATE KEY');

		const encrypted = generateClientKeyMaterial({ passphrase: 'correct horse' });
		fx.sandbox.addScalepointClient({
			clientId: 'enc-client',
			certificatePem: encrypted.certificatePem,
			scopes: ['self-service:submit'],
		});
		const second = await submitWith({
			clientId: 'enc-client',
			certificate: encrypted.certificatePem,
			privateKey: encrypted.privateKeyPem,
			passphrase: 'correct horse',
			scopes: ['self-service:submit'],
		});
		expect(second.error).toBeUndefined();
	});

	it('accepts PEM pasted on one line or with literal \\n sequences', async () => {
		const oneLine = fx.keys.privateKeyPem.replace(/\n/g, ' ');
		const escaped = fx.keys.certificatePem.replace(/\n/g, '\\n');
		const result = await submitWith({ privateKey: oneLine, certificate: escaped });
		expect(result.error).toBeUndefined();
		expect(fx.sandbox.requests('scalepoint.token')[0].status).toBe(200);
	});

	it('an audience that differs from the published token URL is refused with a clear message', async () => {
		// Same server, other spelling of the host: the sandbox requires aud to match exactly.
		const result = await submitWith({
			customTokenUrl: fx.sandbox.tokenUrl.replace('127.0.0.1', 'localhost'),
		});
		expect(fx.sandbox.requests('scalepoint.token')[0].status).toBe(400);
		expect(result.error?.message).toContain('Scalepoint rejected the client assertion');
	});
});

describe('Scalepoint credential — client secret', () => {
	it('sends client_id and client_secret in the form body, not Basic auth', async () => {
		const result = await submitWith({
			authentication: 'clientSecret',
			clientId: 'secret-client',
			clientSecret: 'S3cr3t-value-for-tests',
		});
		expect(result.error).toBeUndefined();
		const [tokenCall] = fx.sandbox.requests('scalepoint.token');
		expect(tokenCall.headers.authorization).toBeUndefined();
		const form = tokenForm();
		expect(form.get('client_id')).toBe('secret-client');
		expect(form.get('client_secret')).toBe('S3cr3t-value-for-tests');
		expect(form.get('client_assertion')).toBeNull();
	});

	it('a wrong secret gives the secret-specific message and never echoes the secret', async () => {
		const result = await submitWith({
			authentication: 'clientSecret',
			clientId: 'secret-client',
			clientSecret: 'wrong-secret-value',
		});
		expect(result.error?.message).toBe(
			'Scalepoint rejected the client ID or client secret: check both and the environment (400 invalid_client)',
		);
		expect(JSON.stringify(result.run)).not.toContain('wrong-secret-value');
	});

	it('an empty secret is refused before any request', async () => {
		const result = await submitWith({
			authentication: 'clientSecret',
			clientId: 'secret-client',
			clientSecret: '',
		});
		expect(result.error?.message).toContain('Client Secret: it is empty');
		expect(fx.sandbox.journal).toHaveLength(0);
	});
});

describe('Scalepoint credential — bad key material is named before anything is sent', () => {
	const other = () => generateClientKeyMaterial({ modulusLength: 2048 });
	const day = 24 * 3600 * 1000;
	it.each([
		[
			'certificate is not PEM',
			() => ({ certificate: 'hello' }),
			'Certificate: it is not a PEM certificate',
		],
		[
			'certificate field holds a key',
			() => ({ certificate: fx.keys.privateKeyPem }),
			'Certificate: this field holds a private key',
		],
		[
			'certificate truncated',
			() => ({ certificate: fx.keys.certificatePem.slice(0, 200) + '\n-----END CERTIFICATE-----' }),
			'Certificate: it could not be read',
		],
		[
			'certificate expired',
			() => {
				const k = generateClientKeyMaterial({
					notBefore: new Date(Date.now() - 10 * day),
					notAfter: new Date(Date.now() - day),
				});
				return { certificate: k.certificatePem };
			},
			'Certificate: it expired on',
		],
		[
			'certificate not yet valid',
			() => {
				const k = generateClientKeyMaterial({
					notBefore: new Date(Date.now() + day),
					notAfter: new Date(Date.now() + 10 * day),
				});
				return { certificate: k.certificatePem };
			},
			'Certificate: it is not valid before',
		],
		['key empty', () => ({ privateKey: '' }), 'Private Key: it is empty'],
		[
			'key field holds a certificate',
			() => ({ privateKey: fx.keys.certificatePem }),
			'Private Key: this field holds a certificate',
		],
		['key is not RSA', () => ({ privateKey: generateEcKeyPem() }), 'Private Key: it is a EC key'],
		[
			'key does not match the certificate',
			() => ({ privateKey: other().privateKeyPem }),
			'Private Key: it does not match the certificate',
		],
		[
			'encrypted key without passphrase',
			() => ({ privateKey: generateClientKeyMaterial({ passphrase: 'pw' }).privateKeyPem }),
			'Private Key Passphrase: the private key is encrypted; enter its passphrase',
		],
		[
			'encrypted key with a wrong passphrase',
			() => ({
				privateKey: generateClientKeyMaterial({ passphrase: 'pw' }).privateKeyPem,
				passphrase: 'nope',
			}),
			'Private Key Passphrase: the private key could not be decrypted',
		],
	])('%s', async (_name, overrides, message) => {
		const result = await submitWith(overrides());
		expect(result.error?.message).toContain(message);
		expect(fx.sandbox.journal).toHaveLength(0);
		const secretKey = fx.keys.privateKeyPem.split('\n')[2];
		expect(JSON.stringify(result.error)).not.toContain(secretKey);
	});
});

describe('Scalepoint credential — token endpoint answers', () => {
	it('invalid_scope names the scopes and the client', async () => {
		const result = await submitWith({
			scopes: ['self-service:submit'],
			additionalScopes: 'not:granted',
		});
		expect(result.error?.message).toBe(
			`Scalepoint refused the scopes self-service:submit not:granted: ask Scalepoint to grant them to client ${CLIENT_ID}, or remove them from the credential (400 invalid_scope)`,
		);
	});

	it('a 500 from the token endpoint is retried with backoff, then fails clearly', async () => {
		fx.sandbox.faults.add({ route: 'scalepoint.token', status: 500, body: 'boom', times: 3 });
		const result = await submitWith({});
		expect(result.error?.message).toBe(
			'The Scalepoint token endpoint failed (500). Try again later.',
		);
		expect(fx.tokenRequests()).toBe(3);
		expect(fx.sandbox.requests('selfService.submit')).toHaveLength(0);
	});

	it('a token answer without expires_in is used, with a short assumed lifetime', async () => {
		fx.sandbox.faults.add({
			route: 'scalepoint.token',
			status: 200,
			body: JSON.stringify({ access_token: `tok-${randomUUID()}`, token_type: 'Bearer' }),
		});
		const credentials = fx.credentials();
		const before = Date.now();
		const result = await runNode({
			type: 'scalepointSelfService',
			parameters: {
				resource: 'case',
				operation: 'submit',
				host: fx.sandbox.url,
				country: 'dk',
				tenant: 'abcinsurance',
				caseToken: NO_LINES,
			},
			credentials,
		});
		// The sandbox does not know this token, so the API answers 401 and one refresh follows.
		expect(result.error).toBeUndefined();
		expect(fx.tokenRequests()).toBe(2);
		expect(credentials.updates[0].data.accessTokenExpiresAt).toBeGreaterThan(before + 200_000);
		expect(credentials.updates[0].data.accessTokenExpiresAt).toBeLessThan(before + 300_000);
	});

	it('an error body that echoes the request is never shown', async () => {
		fx.sandbox.faults.add({
			route: 'scalepoint.token',
			status: 400,
			body: JSON.stringify({ error: 'weird error code!', request: 'client_assertion=eyJ...' }),
		});
		const result = await submitWith({});
		expect(result.error?.message).toBe(
			"The Scalepoint token endpoint refused the request (400). Check the credential's environment, client ID and key material.",
		);
		expect(JSON.stringify(result.error)).not.toContain('client_assertion');
	});
});

describe('Scalepoint credential — definition', () => {
	const credential = new ScalepointApi();
	it('marks every secret as a password field and the token as hidden and expirable', () => {
		const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		for (const name of ['privateKey', 'passphrase', 'clientSecret', 'accessToken']) {
			expect(byName[name].typeOptions?.password).toBe(true);
		}
		expect(byName.accessToken.type).toBe('hidden');
		expect(byName.accessToken.typeOptions?.expirable).toBe(true);
		expect(byName.authentication.default).toBe('privateKeyJwt');
	});

	it('authenticate adds the bearer token to a request for one of its hosts', async () => {
		const options = await credential.authenticate(
			{ environment: 'production', accessToken: 'abc' },
			{ url: 'https://www.scalepoint.com/api/x', headers: { A: '1' } },
		);
		expect(options.headers).toEqual({ A: '1', Authorization: 'Bearer abc' });
	});

	it('offers Production, Sandbox and Custom (Project Server), and has no test request of its own', () => {
		const environment = credential.properties.find((p) => p.name === 'environment');
		expect(environment?.options?.map((o) => (o as { name: string }).name)).toEqual([
			'Production',
			'Sandbox',
			'Custom (Project Server)',
		]);
		// n8n uses a credential's own `test` before a node's testedBy function.
		expect('test' in credential).toBe(false);
	});
});

describe('Scalepoint credential — the editor test (testedBy scalepointApiTest)', () => {
	async function editorTest(overrides: Record<string, unknown> = {}) {
		// The context n8n gives a credential test function: only the legacy request helper.
		const context = new CredentialTestContext(undefined as never);
		return await scalepointApiTest.call(context as never, {
			id: 'credential-id',
			name: 'Scalepoint account',
			type: 'scalepointApi',
			data: fx.credentialData(overrides as never),
		});
	}

	it('every Scalepoint node names it, and it obtains a token and stops there', async () => {
		const nodes = [
			new ScalepointSelfService(),
			new ScalepointFiles(),
			new ScalepointEvents(),
			new ScalepointEventsTrigger(),
			new ScalepointCaseDeletion(),
		];
		for (const node of nodes) {
			expect(node.description.credentials).toEqual([
				{ name: 'scalepointApi', required: true, testedBy: 'scalepointApiTest' },
			]);
			expect(node.methods?.credentialTest?.scalepointApiTest).toBe(scalepointApiTest);
		}
		const result = await editorTest({ scopes: ['events'], additionalScopes: 'case:delete' });
		expect(result).toEqual({
			status: 'OK',
			message: 'Token obtained for scopes events case:delete',
		});
		expect(fx.sandbox.journal.map((entry) => entry.route)).toEqual(['scalepoint.token']);
		expect(fx.sandbox.requests('scalepoint.discovery')).toHaveLength(0);
	});

	it('invalid_client shows the mapped cause, not a generic HTTP message', async () => {
		const result = await editorTest({ clientId: 'not-registered' });
		expect(result).toEqual({
			status: 'Error',
			message:
				'Scalepoint rejected the client assertion: check client ID, certificate registration and environment (400 invalid_client)',
		});
	});

	it('checks the hosts before anything is sent', async () => {
		expect(await editorTest({ customApiHost: '' })).toEqual({
			status: 'Error',
			message:
				'API Host: it is empty. With the Custom environment, enter your Scalepoint project server, e.g. https://<hostname>.',
		});
		const plain = await editorTest({ customApiHost: 'http://sandbox.scalepoint.com' });
		expect(plain.status).toBe('Error');
		expect(plain.message).toContain(
			'API Host: "http://sandbox.scalepoint.com" must start with https://',
		);
		const token = await editorTest({
			customTokenUrl: 'http://accounts.scalepoint.com/connect/token',
		});
		expect(token.status).toBe('Error');
		expect(token.message).toContain('Token URL: it must start with https://');
		expect(fx.sandbox.journal).toHaveLength(0);
	});
});
