import { runNode } from '../harness/runWorkflow';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { credentialsFor, listParameters } from '../Thinksurance/fixtures';

// A secret with the characters escaping changes: a quote, a backslash, a tab, a slash, a plus.
const USER = {
	hash: 'hash"with\\quote-0123',
	secret: 'sec"ret\\with\ttab/and+plus-4567',
	brokerTokens: ['broker-token-1'],
	accountTokens: [],
};

/** Every form of a secret this test looks for, built here independently of the node's code. */
function formsOf(secret: string) {
	const json = JSON.stringify(secret).slice(1, -1);
	return {
		raw: secret,
		json,
		'json twice': JSON.stringify(json).slice(1, -1),
		'json with \\/': json.replace(/\//g, '\\/'),
		'url-encoded': encodeURIComponent(secret),
		'form-encoded': new URLSearchParams({ s: secret }).toString().slice(2),
		'url-encoded json': encodeURIComponent(json),
	};
}

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ thinksurance: { users: [USER] } });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

function leaks(texts: string[]) {
	const found: string[] = [];
	for (const [name, secret] of Object.entries({ hash: USER.hash, secret: USER.secret })) {
		for (const [form, text] of Object.entries(formsOf(secret))) {
			if (texts.some((shown) => shown.includes(text))) found.push(`${name} (${form})`);
		}
	}
	return found;
}

describe('Thinksurance: a token endpoint that echoes the request never shows the secret', () => {
	const requestBody = JSON.stringify({ hash: USER.hash, secret: USER.secret });
	it.each([
		['JSON-escaped, as a JSON body quoted in an error text', requestBody],
		['as that JSON body URL-encoded', encodeURIComponent(requestBody)],
		['form-encoded', new URLSearchParams({ hash: USER.hash, secret: USER.secret }).toString()],
	])('the hash and secret come back %s', async (_, echoed) => {
		// What a careless server does: it quotes the request it got in its error text.
		sandbox.faults.add({
			route: 'thinksurance.token',
			status: 200,
			body: JSON.stringify({ error: `Invalid credentials in request ${echoed}` }),
		});
		const result = await runNode({
			type: 'thinksurance',
			parameters: listParameters,
			credentials: credentialsFor(sandbox, { hash: USER.hash, secret: USER.secret }),
		});
		const error = result.error as Error & { description?: string };
		expect(error?.message).toContain('Thinksurance rejected the hash/secret: Invalid credentials');
		expect(sandbox.requests('thinksurance.token')).toHaveLength(1);
		const shown = [error.message, String(error.description ?? ''), JSON.stringify(result.output)];
		expect(leaks(shown)).toEqual([]);
	});
});
