import { createPrivateKey, X509Certificate } from 'node:crypto';
import { certificateThumbprints } from './clientAssertion';
import { generateClientKeyMaterial, generateEcKeyPem } from './keys';
import { startSandbox } from './server';
import { call, tokenWithScopes } from './testHelpers';
import type { Sandbox } from './types';

let sandbox: Sandbox;
let token: string;
const OPEN_CASE = 'd1a72df4-f7d5-402c-a495-cc31b8b39a59';
let submitUrl: string;

beforeAll(async () => {
	sandbox = await startSandbox();
	token = await tokenWithScopes(sandbox, ['self-service:submit']);
	submitUrl = `${sandbox.url}/self-service/dk/api/abcinsurance/case/${OPEN_CASE}/submitted`;
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const submit = (query = '') => call(`${submitUrl}${query}`, { method: 'POST', token });

describe('startSandbox', () => {
	it('listens on 127.0.0.1 with the token URL under it', () => {
		expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(sandbox.tokenUrl).toBe(`${sandbox.url}/connect/token`);
	});

	it('answers unknown routes with 404 not_found, journaled as unknown', async () => {
		const answer = await call(`${sandbox.url}/nope?x=1`);
		expect(answer.status).toBe(404);
		expect(answer.body).toEqual({ error: 'not_found' });
		expect(sandbox.requests('unknown')).toMatchObject([
			{ rawPath: '/nope', query: { x: '1' }, status: 404 },
		]);
	});

	it('close() resolves promptly with a held long poll and keep-alive sockets', async () => {
		const other = await startSandbox({ eventHoldMs: 20_000 });
		const t = await tokenWithScopes(other, ['events']);
		const held = call(`${other.url}/api/events/v1/dk/external/abcinsurance/receive`, {
			token: t,
		}).catch((error: unknown) => error);
		await new Promise((resolve) => setTimeout(resolve, 50));
		const started = Date.now();
		await other.close();
		// Far below the 20 s hold, whatever the load: close() did not wait for the poll.
		expect(Date.now() - started).toBeLessThan(10_000);
		// fetch's TypeError comes from another realm than jest's, so compare by text.
		expect(String(await held)).toMatch(/fetch failed/);
	});
});

describe('journal', () => {
	it('records every request in order with raw path, query, headers, body, status and owner', async () => {
		await call(`${sandbox.url}/self-service/dk/api/abcinsurance/case/a%2Fb/submitted?trace=1`, {
			method: 'POST',
			token,
			body: '{not json',
			headers: { 'content-type': 'application/json', 'x-test': 'yes' },
		});
		await submit();
		expect(sandbox.journal.map((e) => e.seq)).toEqual([
			sandbox.journal[0].seq,
			sandbox.journal[0].seq + 1,
		]);
		const [first, second] = sandbox.requests('selfService.submit');
		expect(first).toMatchObject({
			route: 'selfService.submit',
			method: 'POST',
			rawPath: '/self-service/dk/api/abcinsurance/case/a%2Fb/submitted',
			query: { trace: '1' },
			bodyText: '{not json',
			bodyBytes: 9,
			status: 400,
			params: { country: 'dk', tenant: 'abcinsurance', caseToken: 'a/b' },
		});
		expect(first.json).toBeUndefined();
		expect(first.headers['x-test']).toBe('yes');
		expect(first.clientId).toMatch(/^client-/);
		expect(first.at).toMatch(/^2026-01-15T18:/);
		expect(second.status).toBe(200);
		sandbox.clearJournal();
		expect(sandbox.journal).toHaveLength(0);
	});

	it('keeps parsed JSON bodies', async () => {
		await call(`${sandbox.url}/api/ipn/tokens`, {
			method: 'POST',
			json: { hash: 'a', secret: 'b' },
		});
		expect(sandbox.requests('thinksurance.token')[0].json).toEqual({ hash: 'a', secret: 'b' });
	});
});

describe('faults', () => {
	it('replaces the answer with status, body and headers, the given number of times', async () => {
		sandbox.faults.add({
			route: 'selfService.submit',
			times: 2,
			status: 503,
			body: '{"down":true}',
			headers: { 'Retry-After': '7' },
		});
		const first = await submit();
		expect(first.status).toBe(503);
		expect(first.body).toEqual({ down: true });
		expect(first.headers.get('retry-after')).toBe('7');
		expect((await submit()).status).toBe(503);
		expect((await submit()).status).toBe(200);
		expect(sandbox.requests('selfService.submit').map((e) => [e.status, e.fault])).toEqual([
			[503, 'status:503+headers'],
			[503, 'status:503+headers'],
			[200, undefined],
		]);
		expect(sandbox.state.selfServiceCases[OPEN_CASE].status).toBe('submitted');
	});

	it('delays and then runs the real handler', async () => {
		sandbox.faults.add({ route: 'selfService.submit', delayMs: 150 });
		const started = Date.now();
		const answer = await submit();
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect(answer.body.code).toBe('SUCCESS');
	});

	it('resets before the request: nothing processed, no status', async () => {
		sandbox.faults.add({ route: 'selfService.submit', reset: 'beforeRequest' });
		await expect(submit()).rejects.toThrow();
		expect(sandbox.state.selfServiceCases[OPEN_CASE].status).toBe('open');
		const entries = sandbox.requests('selfService.submit');
		expect(entries).toHaveLength(1);
		expect(entries[0].fault).toBe('reset:beforeRequest');
		expect(entries[0].status).toBeUndefined();
	});

	it('resets after the request: processed, but the client gets no answer', async () => {
		sandbox.faults.add({ route: 'selfService.submit', reset: 'afterRequest' });
		await expect(submit()).rejects.toThrow();
		expect(sandbox.state.selfServiceCases[OPEN_CASE].status).toBe('submitted');
		expect(sandbox.requests('selfService.submit')[0].status).toBeUndefined();
	});

	it('sends malformed JSON or an empty body with the real status', async () => {
		sandbox.faults.add({ route: 'selfService.submit', malformedJson: true });
		const malformed = await submit();
		expect(malformed.status).toBe(200);
		expect(malformed.text.length).toBeGreaterThan(0);
		expect(() => JSON.parse(malformed.text)).toThrow();
		sandbox.faults.add({ route: 'selfService.submit', emptyBody: true });
		const empty = await submit();
		expect(empty.status).toBe(400); // CASE_ALREADY_SUBMITTED: the real handler ran
		expect(empty.text).toBe('');
	});

	it('applies to unknown routes and is cleared by faults.clear()', async () => {
		sandbox.faults.add({ route: 'unknown', status: 418 });
		sandbox.faults.add({ route: 'selfService.submit', status: 500 });
		expect((await call(`${sandbox.url}/teapot`)).status).toBe(418);
		sandbox.faults.clear();
		expect((await submit()).status).toBe(200);
	});

	it('refuses a fault for a route that does not exist', () => {
		expect(() => sandbox.faults.add({ route: 'nope' as never, status: 500 })).toThrow(
			/Unknown route/,
		);
	});
});

describe('clock', () => {
	it('starts at the default start time and ticks with real time', async () => {
		const first = sandbox.clock.now().getTime();
		expect(first - Date.parse('2026-01-15T18:00:00.000Z')).toBeLessThan(60_000);
		expect(first).toBeGreaterThanOrEqual(Date.parse('2026-01-15T18:00:00.000Z'));
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(sandbox.clock.now().getTime()).toBeGreaterThanOrEqual(first + 25);
	});

	it('can be set and advanced; reset() puts it back', () => {
		sandbox.clock.set('2030-06-01T00:00:00.000Z');
		sandbox.clock.advance(3_600_000);
		expect(
			Math.abs(sandbox.clock.now().getTime() - Date.parse('2030-06-01T01:00:00.000Z')),
		).toBeLessThan(1_000);
		sandbox.reset();
		expect(sandbox.clock.now().toISOString().slice(0, 13)).toBe('2026-01-15T18');
	});
});

describe('control API', () => {
	const control = (path: string, json?: unknown, method = json === undefined ? 'GET' : 'POST') =>
		call(`${sandbox.url}/__sandbox/${path}`, { method, json });

	it('drives faults, clock, events, clients, error style, state and reset; not journaled', async () => {
		expect((await control('faults', { route: 'selfService.submit', status: 502 })).status).toBe(
			200,
		);
		expect((await submit()).status).toBe(502);
		expect((await control('clock', { set: '2026-02-01T10:00:00.000Z' })).body.now).toMatch(
			/^2026-02-01T10:00/,
		);
		expect((await control('clock', { advanceMs: 3_600_000 })).body.now).toMatch(
			/^2026-02-01T11:00/,
		);
		const event = await control('events', {
			eventType: 'case_created',
			attributes: { case: { number: 'CN1' } },
		});
		expect(event.body).toMatchObject({
			id: '_1',
			attributes: { eventType: 'case_created', case: { number: 'CN1' } },
		});
		expect(
			(await control('clients', { clientId: 'remote', clientSecret: 'x', scopes: ['events'] }))
				.status,
		).toBe(200);
		expect((await control('thinksurance/error-style', { style: 'http4xx' })).status).toBe(200);
		const seeded = await control('state', {
			selfServiceCases: { 'new-case': { status: 'open', lines: 1, agreementAccepted: true } },
		});
		expect(seeded.body.selfServiceCases['new-case'].status).toBe('open');
		expect(sandbox.state.selfServiceCases[OPEN_CASE]).toBeDefined();
		expect((await control('state', { nonsense: 1 })).status).toBe(400);
		const journal = await control('journal');
		expect(journal.body.map((e: { route: string }) => e.route)).toEqual(['selfService.submit']);
		expect((await control('reset', {})).status).toBe(200);
		expect(sandbox.journal).toHaveLength(0);
		expect(sandbox.state.outgoingEvents).toHaveLength(0);
		expect(sandbox.state.selfServiceCases['new-case']).toBeUndefined();
		const token = await call(sandbox.tokenUrl, {
			method: 'POST',
			body: 'grant_type=client_credentials&client_id=remote&client_secret=x',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
		});
		expect(token.status).toBe(200);
	});
});

describe('keys', () => {
	it('makes a self-signed SHA-256 certificate with matching thumbprints and default validity', () => {
		const material = generateClientKeyMaterial();
		const cert = new X509Certificate(material.certificatePem);
		expect(cert.checkPrivateKey(createPrivateKey(material.privateKeyPem))).toBe(true);
		expect(cert.verify(cert.publicKey)).toBe(true);
		expect(material.privateKeyPem).toContain('-----BEGIN PRIVATE KEY-----');
		expect(material.thumbprintSha1Hex).toBe(cert.fingerprint.replace(/:/g, ''));
		expect(material).toMatchObject(certificateThumbprints(material.certificatePem));
		expect(material.x5t).toBe(Buffer.from(material.thumbprintSha1Hex, 'hex').toString('base64url'));
		expect(Date.parse(cert.validFrom)).toBeLessThan(Date.now() - 23 * 3_600_000);
		expect(Date.parse(cert.validTo)).toBeGreaterThan(Date.now() + 364 * 24 * 3_600_000);
	});

	it('honours validity, PKCS#1 and passphrase options', () => {
		const notBefore = new Date('2020-01-01T00:00:00Z');
		const notAfter = new Date('2021-01-01T00:00:00Z');
		const material = generateClientKeyMaterial({ notBefore, notAfter, keyFormat: 'pkcs1' });
		const cert = new X509Certificate(material.certificatePem);
		expect(new Date(cert.validTo).toISOString()).toBe(notAfter.toISOString());
		expect(material.privateKeyPem).toContain('-----BEGIN RSA PRIVATE KEY-----');
		const encrypted = generateClientKeyMaterial({ passphrase: 'pw' });
		expect(encrypted.privateKeyPem).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
		expect(() => createPrivateKey(encrypted.privateKeyPem)).toThrow();
		expect(
			createPrivateKey({ key: encrypted.privateKeyPem, passphrase: 'pw' }).asymmetricKeyType,
		).toBe('rsa');
	});

	it('makes an EC key for not-RSA tests', () => {
		expect(createPrivateKey(generateEcKeyPem()).asymmetricKeyType).toBe('ec');
	});
});
