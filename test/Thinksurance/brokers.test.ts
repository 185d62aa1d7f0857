import type { INodeParameters } from 'n8n-workflow';

import { pairProblems } from '../faults/matrix';
import { errorFacts } from '../harness/errorItems';
import { runNode } from '../harness/runWorkflow';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { IPN_MESSAGES } from '../sandbox/routes/thinksuranceIpn';
import { credentialsFor, listParameters, USER, visibleText } from './fixtures';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ thinksurance: { users: [USER] } });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const ACCOUNT = USER.accountTokens[0];
/** An account manager's credential: Account Token only. */
const account = (extra: Record<string, string> = {}) =>
	credentialsFor(sandbox, { brokerToken: '', accountToken: ACCOUNT, ...extra });

const broker = (extra: INodeParameters = {}): INodeParameters => ({
	brokerType: 1,
	externalId: 'B-2001',
	email: 'makler@example.com',
	company: 'Example Makler GmbH',
	...extra,
});
const create = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'broker',
	operation: 'create',
	...broker(extra),
});
const getToken = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'broker',
	operation: 'getToken',
	...broker(extra),
});
const created = () => sandbox.requests('thinksurance.brokers.create');
const tokenRequests = () => sandbox.requests('thinksurance.brokers.token');
const brokersWith = (externalId: string) =>
	Object.values(sandbox.state.thinksuranceBrokers).filter(
		(entry) => entry.fields.bExternalId === externalId,
	);

describe('Broker: Create', () => {
	it('sends the documented Broker Parameters with X-Account-Token and confirms on {status, bToken}', async () => {
		const result = await runNode({
			type: 'thinksurance',
			parameters: create({
				lastName: 'Muster',
				additionalFields: { bGender: 2, bFirstName: 'Erika', bZip: '10115', bCity: 'Berlin' },
			}),
			credentials: account(),
		});

		expect(result.error).toBeUndefined();
		const [sent] = created();
		expect(sent.headers['x-account-token']).toBe(ACCOUNT);
		expect(sent.headers['x-broker-token']).toBeUndefined();
		expect(sent.json).toEqual({
			type: 1,
			bExternalId: 'B-2001',
			bEmail: 'makler@example.com',
			bLastName: 'Muster',
			bCompany: 'Example Makler GmbH',
			bGender: 2,
			bFirstName: 'Erika',
			bZip: '10115',
			bCity: 'Berlin',
		});
		// The token is a secret and not what Create is for: only a flag says it came back.
		expect(result.output.map((item) => [item.json, item.pairedItem])).toEqual([
			[
				{
					success: true,
					status: IPN_MESSAGES.created,
					bExternalId: 'B-2001',
					type: 1,
					brokerTokenReturned: true,
				},
				{ item: 0 },
			],
		]);
		expect(brokersWith('B-2001')).toHaveLength(1);
	});

	it('outputs the new broker token only when Include Broker Token is on', async () => {
		const result = await runNode({
			type: 'thinksurance',
			parameters: { ...create(), options: { includeBrokerToken: true } },
			credentials: account(),
		});

		expect(result.output[0].json.bToken).toBe(brokersWith('B-2001')[0].bToken);
	});

	it.each(['http200', 'http4xx'] as const)(
		'a duplicate external ID (%s) is an error item with the reason and what to check',
		async (style) => {
			sandbox.setThinksuranceErrorStyle(style);
			const result = await runNode({
				type: 'thinksurance',
				parameters: create({ externalId: 'B-1001' }),
				credentials: account(),
				onError: 'continueErrorOutput',
			});

			expect(result.output).toEqual([]);
			const facts = errorFacts(result.errorOutput[0]);
			expect(facts.error).toBe(
				`Thinksurance could not create broker B-1001: ${IPN_MESSAGES.duplicate('B-1001')}`,
			);
			expect(facts.httpCode).toBe(style === 'http200' ? '200' : '400');
			const description = String(facts.description);
			expect(description).toBe(
				`Thinksurance refused the request (${style === 'http200' ? 'HTTP 200 with an error' : 'HTTP 400'}). Fix the input or credential, then run again. Thinksurance does not say whether a refused change took effect in part: check in Thinksurance whether broker B-1001 exists before running Create again.`,
			);
			// One next step, not two competing ones (the fault matrix's "reads as one" rule).
			expect(pairProblems(String(facts.error), description)).toEqual([]);
			expect(created()).toHaveLength(1);
		},
	);

	it('without an Account Token in the credential it is refused, naming the field, and nothing is sent', async () => {
		const result = await runNode({
			type: 'thinksurance',
			parameters: create(),
			credentials: credentialsFor(sandbox),
			items: [{ json: {} }, { json: {} }],
			onError: 'continueErrorOutput',
		});

		expect(result.output).toEqual([]);
		expect(result.errorOutput).toHaveLength(2);
		expect(result.errorOutput[0].json.error).toMatch(
			/^Account Token in the Thinksurance credential is empty: .*Enter the Account Token Thinksurance gave you in the credential/,
		);
		expect(sandbox.journal.filter((entry) => entry.route !== 'thinksurance.token')).toEqual([]);
	});

	it.each([
		[{ email: 'two@example.com; three@example.com' }, 'Email must be an e-mail address'],
		[{ company: '' }, 'Last Name or Company is required'],
		[{ externalId: ' ' }, 'External ID is required'],
		[{ brokerType: 3 }, 'Broker Type must be 1 or 2 (got "3")'],
		[{ additionalFields: { bGender: 'x' } }, 'Gender must be 1 (Mr) or 2 (Ms) (got "x")'],
	])('refuses %j before anything is sent', async (extra, message) => {
		const result = await runNode({
			type: 'thinksurance',
			parameters: create(extra),
			credentials: account(),
			onError: 'continueErrorOutput',
		});

		expect(String(result.errorOutput[0]?.json.error)).toContain(message);
		expect(sandbox.journal).toEqual([]);
	});

	it('is never resent after the connection dropped once it was sent', async () => {
		sandbox.faults.add({ route: 'thinksurance.brokers.create', reset: 'afterRequest' });
		const result = await runNode({
			type: 'thinksurance',
			parameters: create(),
			credentials: account(),
		});

		expect(created()).toHaveLength(1);
		expect(result.error?.message).toBe(
			`Thinksurance at ${new URL(sandbox.url).host} could not be reached or dropped the connection while trying to create broker B-2001`,
		);
		expect(result.error?.description).toBe(
			'Network error: ECONNRESET. The request may have reached Thinksurance, so it was not sent again automatically. Check in Thinksurance whether broker B-2001 exists before running Create again.',
		);
	});

	it("is refused while n8n's Retry On Fail is on (it would send it again)", async () => {
		const result = await runNode({
			type: 'thinksurance',
			parameters: create(),
			credentials: account(),
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});

		expect(result.error?.message).toMatch(/^Retry On Fail is on/);
		expect(created()).toEqual([]);
	});

	it.each([
		['{}', 'an empty JSON object'],
		['{"result":"ok"}', 'a JSON object'],
		['<html>OK</html>', 'an HTML page'],
		['', 'an empty body'],
	])(
		'a 200 answer %s proves nothing: "may have taken effect", not a success',
		async (body, what) => {
			sandbox.faults.add({ route: 'thinksurance.brokers.create', status: 200, body });
			const result = await runNode({
				type: 'thinksurance',
				parameters: create(),
				credentials: account(),
			});

			expect(result.output).toEqual([]);
			expect(result.error?.message).toBe(
				`Thinksurance answered 200 with ${what}, not the documented confirmation (200 with {"status": "…", "bToken": "…"})`,
			);
			expect(result.error?.description).toBe(
				'Creating broker B-2001 may have taken effect — check before running again: look for broker B-2001 in Thinksurance. It was not sent again automatically.',
			);
			expect(created()).toHaveLength(1);
		},
	);
});

describe('Broker: Get Token', () => {
	it('returns the broker token unredacted, even when it is the Broker Token of the credential itself', async () => {
		const result = await runNode({
			type: 'thinksurance',
			parameters: getToken({ externalId: 'B-1001' }),
			// Both identity tokens: the answer's bToken equals the credential's Broker Token.
			credentials: credentialsFor(sandbox, { accountToken: ACCOUNT }),
		});

		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => item.json)).toEqual([
			{ bToken: USER.brokerTokens[0], status: IPN_MESSAGES.found, bExternalId: 'B-1001', type: 1 },
		]);
		const [sent] = tokenRequests();
		expect(sent.headers['x-account-token']).toBe(ACCOUNT);
		expect(sent.json).toEqual({
			type: 1,
			bExternalId: 'B-1001',
			bEmail: 'makler@example.com',
			bCompany: 'Example Makler GmbH',
		});
	});

	it("its output works as another credential's Broker Token (agency numbers of the new broker)", async () => {
		const token = await runNode({
			type: 'thinksurance',
			parameters: getToken({ externalId: 'B-3001' }),
			credentials: account(),
		});
		const bToken = String(token.output[0].json.bToken);
		expect(brokersWith('B-3001').map((entry) => entry.bToken)).toEqual([bToken]);

		const list = await runNode({
			type: 'thinksurance',
			parameters: listParameters,
			credentials: credentialsFor(sandbox, { brokerToken: bToken }),
		});

		expect(list.error).toBeUndefined();
		expect(sandbox.requests('thinksurance.agencyNumbers.list')[0].headers['x-broker-token']).toBe(
			bToken,
		);
	});

	it.each(['http200', 'http4xx'] as const)(
		'a refused request (%s) fails, and the token in the answer never shows in the error',
		async (style) => {
			const leaked = 'abcdef0123456789abcdef01';
			const status = style === 'http200' ? 200 : 400;
			sandbox.faults.add({
				route: 'thinksurance.brokers.token',
				status,
				body: JSON.stringify({ error: `Broker ${leaked} is locked.`, bToken: leaked }),
			});
			const result = await runNode({
				type: 'thinksurance',
				parameters: getToken(),
				credentials: account(),
			});

			expect(result.output).toEqual([]);
			expect(result.error?.message).toBe(
				'Thinksurance could not get the token of broker B-2001: Broker [redacted] is locked.',
			);
			expect(visibleText(result)).not.toContain(leaked);
		},
	);

	it.each([
		['{"status":"ok"}', 'a JSON object'],
		['[{"bToken":"a"},{"bToken":"b"}]', 'a JSON list'],
		['<html>OK</html>', 'an HTML page'],
	])('an answer without one bToken (%s) is not a success', async (body, what) => {
		sandbox.faults.add({ route: 'thinksurance.brokers.token', status: 200, body });
		const result = await runNode({
			type: 'thinksurance',
			parameters: getToken(),
			credentials: account(),
		});

		expect(result.output).toEqual([]);
		expect(result.error?.message).toBe(
			`Thinksurance answered 200 with ${what}, not a broker token as documented (200 with {"status": "…", "bToken": "…"})`,
		);
	});

	it('accepts the "JSON array of objects" revision of the answer: one element', async () => {
		sandbox.faults.add({
			route: 'thinksurance.brokers.token',
			status: 200,
			body: '[{"status":"ok","bToken":"41ba17f637177a0b34d2ac11d"}]',
		});
		const result = await runNode({
			type: 'thinksurance',
			parameters: getToken(),
			credentials: account(),
		});

		expect(result.output[0].json).toMatchObject({
			bToken: '41ba17f637177a0b34d2ac11d',
			status: 'ok',
		});
	});

	it('without an Account Token it is refused before sending', async () => {
		const result = await runNode({
			type: 'thinksurance',
			parameters: getToken(),
			credentials: credentialsFor(sandbox),
		});

		expect(result.error?.message).toMatch(/^Account Token in the Thinksurance credential is empty/);
		expect(tokenRequests()).toEqual([]);
	});

	// The page names the action "create broker": it may create one, so it is never sent twice.
	it.each([
		['the connection dropped once it was sent', { reset: 'afterRequest' as const }],
		['a 500 answer', { status: 500, body: '{"error":"internal"}' }],
	])('is never resent after %s', async (_what, fault) => {
		sandbox.faults.add({ route: 'thinksurance.brokers.token', ...fault });
		const result = await runNode({
			type: 'thinksurance',
			parameters: getToken(),
			credentials: account(),
		});

		expect(result.output).toEqual([]);
		expect(tokenRequests()).toHaveLength(1);
		expect(String(result.error?.description)).toContain(
			'Check in Thinksurance whether broker B-2001 exists before running Get Token again.',
		);
	});

	it("is refused while n8n's Retry On Fail is on (it would send it again)", async () => {
		const result = await runNode({
			type: 'thinksurance',
			parameters: getToken(),
			credentials: account(),
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});

		expect(result.error?.message).toMatch(/^Retry On Fail is on/);
		expect(tokenRequests()).toEqual([]);
	});

	it('the hash, secret and bearer token never show, also when an answer echoes them', async () => {
		const credentials = account();
		await runNode({ type: 'thinksurance', parameters: getToken(), credentials });
		const bearer = tokenRequests()[0].headers.authorization.replace(/^Bearer /, '');
		const echo = `Request {"hash":"${USER.hash}","secret":"${USER.secret}"} with Bearer ${bearer}, X-Account-Token ${ACCOUNT}`;
		sandbox.faults.add({
			route: 'thinksurance.brokers.token',
			status: 200,
			body: JSON.stringify({ status: echo, bToken: 'returned-broker-token-1234' }),
		});
		const echoed = await runNode({ type: 'thinksurance', parameters: getToken(), credentials });
		sandbox.faults.add({ route: 'thinksurance.brokers.token', status: 500, body: echo, times: 3 });
		const failed = await runNode({ type: 'thinksurance', parameters: getToken(), credentials });

		expect(echoed.output[0].json.bToken).toBe('returned-broker-token-1234');
		expect(failed.error).toBeDefined();
		for (const text of [visibleText(echoed), visibleText(failed)]) {
			for (const secret of [USER.hash, USER.secret, bearer, ACCOUNT]) {
				expect(text).not.toContain(secret);
			}
		}
	});
});

describe('Create: a 5xx is never a reason to resend (found by an outside review)', () => {
	it('a 500 whose error text mentions an invalid token is a server failure, not a token refusal: sent once', async () => {
		sandbox.faults.add({
			route: 'thinksurance.brokers.create',
			status: 500,
			body: JSON.stringify({ error: 'Internal error: token store invalid after write' }),
		});
		const result = await runNode({
			type: 'thinksurance',
			parameters: create(),
			credentials: account(),
			onError: 'continueErrorOutput',
		});
		expect(created()).toHaveLength(1);
		expect(result.errorOutput).toHaveLength(1);
		expect(String(result.errorOutput[0].json.message)).toMatch(/may have taken effect/);
	});

	it('a 503 is not resent (it does not prove the broker was not created); a 429 is', async () => {
		sandbox.faults.add({
			route: 'thinksurance.brokers.create',
			status: 503,
			headers: { 'retry-after': '0' },
			body: JSON.stringify({ error: 'unavailable' }),
		});
		const refused = await runNode({
			type: 'thinksurance',
			parameters: create(),
			credentials: account(),
			onError: 'continueErrorOutput',
		});
		expect(created()).toHaveLength(1);
		expect(refused.errorOutput).toHaveLength(1);

		sandbox.reset();
		sandbox.faults.add({
			route: 'thinksurance.brokers.create',
			status: 429,
			headers: { 'retry-after': '0' },
			body: JSON.stringify({ error: 'too many requests' }),
		});
		const retried = await runNode({
			type: 'thinksurance',
			parameters: create(),
			credentials: account(),
		});
		expect(retried.error).toBeUndefined();
		expect(created()).toHaveLength(2);
	});
});
