import {
	ClientSecrets,
	LEFT_OUT,
	REDACTED,
	redactSecrets,
	secretList,
} from '../../nodes/shared/redact';

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
		expect(secrets.current()).toEqual(secretList(['client-secret-value']));
		expect(secrets.current()).toContain('client-secret-value');
		expect(secrets.current()).toBe(secrets.current());
		sent.add(TOKEN);
		expect(secrets.current()).toEqual(secretList([TOKEN, 'client-secret-value']));
		sent.add(`${TOKEN}-two`);
		expect(secrets.current()).toContain(`${TOKEN}-two`);
	});

	it("adds a request's own secrets without keeping them for the next request", () => {
		const secrets = new ClientSecrets(new Set(), ['client-secret-value']);
		expect(secrets.current(['security-token-1'])).toEqual(
			secretList(['client-secret-value', 'security-token-1']),
		);
		expect(secrets.current()).toEqual(secretList(['client-secret-value']));
	});
});

describe('secrets in the forms an echoing server writes them', () => {
	// A secret with every character that escaping changes: quote, backslash, tab, slash, plus,
	// space, ampersand, angle brackets, a non-ASCII letter and a control character.
	const SECRET = 'pa"ss\\wo\trd/+ &<é>\u0001-end';
	const secrets = secretList([SECRET]);
	const jsonInner = (text: string) => JSON.stringify(text).slice(1, -1);
	const echoes: Record<string, string> = {
		'raw text': SECRET,
		'a JSON body quoted in an error text': jsonInner(SECRET),
		'JSON quoted twice': jsonInner(jsonInner(SECRET)),
		'PHP json_encode (\\/ and \\u00e9)': jsonInner(SECRET)
			.replace(/\//g, '\\/')
			.replace('é', '\\u00e9'),
		'System.Text.Json (\\u0022, \\u002B, \\u0026, \\u003C)': jsonInner(SECRET)
			.replace('\\"', '\\u0022')
			.replace('+', '\\u002B')
			.replace('&', '\\u0026')
			.replace('<', '\\u003C')
			.replace('>', '\\u003E')
			.replace('é', '\\u00E9')
			.replace('\\u0001', '\\u0001'),
		'a form body (URLSearchParams)': new URLSearchParams({ s: SECRET }).toString().slice(2),
		'encodeURIComponent, lower-case hex': encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (c) =>
			c.toLowerCase(),
		),
		'URL-encoded twice': encodeURIComponent(encodeURIComponent(SECRET)),
		'HTML page': SECRET.replace(/&/g, '&amp;')
			.replace(/"/g, '&quot;')
			.replace(/</g, '&lt;')
			.replace(/>/g, '&gt;'),
	};

	it.each(Object.entries(echoes))('redacts the secret written as %s', (name, form) => {
		// Every form but the raw one hides the secret from a plain substring search.
		expect(form.includes(SECRET)).toBe(name === 'raw text');
		const answer = { error: `request ${form} refused`, detail: [`echo=${form}`] };
		const redacted = redactSecrets(answer, secrets);
		expect(redacted.error).toBe(`request ${REDACTED} refused`);
		expect(redacted.detail[0]).toBe(`echo=${REDACTED}`);
	});

	it('redacts escaped forms in message texts too (the Thinksurance token error)', () => {
		const echoed = `Request {"hash":"h-1234","secret":"${jsonInner(SECRET)}"} was refused`;
		expect(redactSecrets(echoed, secretList(['h-1234', SECRET], 4))).toBe(
			`Request {"hash":"${REDACTED}","secret":"${REDACTED}"} was refused`,
		);
	});

	it("adds the forms of a request's own secrets", () => {
		const client = new ClientSecrets(new Set(), ['client-secret-value']);
		const withExtra = client.current(['sec"urity-token']);
		expect(redactSecrets('x sec\\"urity-token y', withExtra)).toBe(`x ${REDACTED} y`);
	});
});

describe('secrets at any depth, with bounded work', () => {
	/** `inner` wrapped in `levels` objects: {"n": {"n": … inner …}}. */
	function nested(levels: number, inner: unknown): unknown {
		let value = inner;
		for (let level = 0; level < levels; level++) value = { n: value };
		return value;
	}
	const innermost = (value: unknown, levels: number) => {
		let current = value;
		for (let level = 0; level < levels; level++) current = (current as { n: unknown }).n;
		return current;
	};

	it.each([40, 100_000])(
		'redacts a secret echoed %i levels deep, in a value and in a key',
		(levels) => {
			const answer = nested(levels, { echoed: `hash was ${TOKEN}`, [TOKEN]: [`x ${TOKEN}`] });
			const redacted = redactSecrets(answer, [TOKEN]);
			expect(innermost(redacted, levels)).toEqual({
				echoed: `hash was ${REDACTED}`,
				[REDACTED]: [`x ${REDACTED}`],
			});
			// The original is left as it was; a clean answer as deep is returned itself, not copied.
			expect(innermost(answer, levels)).toHaveProperty('echoed', `hash was ${TOKEN}`);
			const clean = nested(levels, { id: 'abc' });
			expect(redactSecrets(clean, [TOKEN])).toBe(clean);
		},
	);

	it('replaces the values beyond the bound with a marker, never passing them on unchecked', () => {
		const answer = { first: 'a', list: ['b', `c ${TOKEN}`, { d: 'e' }], count: 7 };
		// Values in document order: the answer, "a", the list, "b", "c …" (5), the object, "e", 7.
		const redacted = redactSecrets(answer, [TOKEN], 5);
		expect(redacted).toEqual({
			first: 'a',
			list: ['b', `c ${REDACTED}`, LEFT_OUT],
			count: 7,
		});
		expect(answer.list[2]).toEqual({ d: 'e' });
	});

	it('copies an answer larger than the bound even when it holds no secret', () => {
		const answer = nested(10, 'clean text');
		const redacted = redactSecrets(answer, [TOKEN], 5);
		expect(redacted).not.toBe(answer);
		expect(innermost(redacted, 4)).toEqual({ n: LEFT_OUT });
		expect(JSON.stringify(redacted)).not.toContain('clean text');
	});
});
