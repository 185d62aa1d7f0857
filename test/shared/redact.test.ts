import { ClientSecrets, REDACTED, redactSecrets, secretList } from '../../nodes/shared/redact';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.token-one';

describe('redactSecrets', () => {
	it('returns the answer itself when it holds no secret (nothing copied)', () => {
		const answer = { ok: true, list: [{ id: 'abc' }], text: 'nothing to hide' };
		expect(redactSecrets(answer, [TOKEN])).toBe(answer);
	});

	it('redacts secrets in nested values and keys, without changing the original', () => {
		const answer = {
			errors: [{ detail: `bad header Bearer ${TOKEN}` }],
			[`echo:${TOKEN}`]: 1,
		};
		const original = JSON.stringify(answer);
		const redacted = redactSecrets(answer, [TOKEN]);
		expect(JSON.stringify(redacted)).not.toContain(TOKEN);
		expect(redacted.errors[0].detail).toBe(`bad header Bearer ${REDACTED}`);
		expect(Object.keys(redacted)).toContain(`echo:${REDACTED}`);
		expect(JSON.stringify(answer)).toBe(original);
	});

	it('keeps a "__proto__" key of a parsed answer as a plain key in the copy', () => {
		const answer = JSON.parse(`{"__proto__":{"polluted":true},"echo":"${TOKEN}"}`) as object;
		const redacted = redactSecrets(answer, [TOKEN]) as Record<string, unknown>;
		expect(Object.keys(redacted)).toEqual(['__proto__', 'echo']);
		expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
		expect((redacted as { polluted?: boolean }).polluted).toBeUndefined();
	});

	it('replaces the longer of two overlapping secrets whole', () => {
		const secrets = secretList(['secret-12', 'secret-12345678']);
		expect(redactSecrets('x secret-12345678 y', secrets)).toBe(`x ${REDACTED} y`);
	});
});

describe('ClientSecrets', () => {
	it('lists the fixed secrets once and picks up every token sent later', () => {
		const sent = new Set<unknown>();
		const secrets = new ClientSecrets(sent, ['client-secret-value', 'short', undefined]);
		expect(secrets.current()).toEqual(['client-secret-value']);
		expect(secrets.current()).toBe(secrets.current());
		sent.add(TOKEN);
		expect(secrets.current()).toEqual([TOKEN, 'client-secret-value']);
		sent.add(`${TOKEN}-two`);
		expect(secrets.current()).toContain(`${TOKEN}-two`);
	});

	it("adds a request's own secrets without keeping them for the next request", () => {
		const secrets = new ClientSecrets(new Set(), ['client-secret-value']);
		expect(secrets.current(['security-token-1'])).toEqual([
			'client-secret-value',
			'security-token-1',
		]);
		expect(secrets.current()).toEqual(['client-secret-value']);
	});
});
