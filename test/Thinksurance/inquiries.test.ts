import type { INodeParameters } from 'n8n-workflow';

import { errorFacts } from '../harness/errorItems';
import { runNode } from '../harness/runWorkflow';
import { startRecorder } from '../fixtures/recorder';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { inquiry } from '../sandbox/thinksuranceIpnSeed';
import { credentialsFor, USER, visibleText } from './fixtures';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ thinksurance: { users: [USER] } });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const getMany = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'inquiry',
	operation: 'getAll',
	returnAll: true,
	...extra,
});
const listed = () => sandbox.requests('thinksurance.inquiries.list');
const ids = (items: Array<{ json: Record<string, unknown> }>) =>
	items.map((item) => item.json.inquiryId);
/** The credential of an account manager: Account Token only. */
const accountOnly = () =>
	credentialsFor(sandbox, { brokerToken: '', accountToken: USER.accountTokens[0] });

describe('Inquiry: Get Many', () => {
	it('returns one item per inquiry of the broker, the vendor JSON untouched but for the broker token', async () => {
		const result = await runNode({
			type: 'thinksurance',
			parameters: getMany(),
			credentials: credentialsFor(sandbox),
		});

		expect(result.error).toBeUndefined();
		// Seeded 2, 20 and 120 days ago: the default window (three months) leaves the last out.
		expect(ids(result.output)).toEqual([187888, 187889]);
		const expected = sandbox.state.inquiries['187888'].item;
		expect(result.output[0].json).toEqual({
			inquiryId: 187888,
			...expected,
			data: { ...expected.data, bToken: '[redacted]' },
		});
		expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		const [sent] = listed();
		expect(sent.method).toBe('GET');
		expect(sent.query).toEqual({});
		expect(sent.headers['x-broker-token']).toBe(USER.brokerTokens[0]);
		expect(sent.headers['x-account-token']).toBeUndefined();
	});

	it('sends the Last Days and Inquiry ID filters as documented query parameters', async () => {
		const recent = await runNode({
			type: 'thinksurance',
			parameters: getMany({ filters: { lastDays: 10 } }),
			credentials: credentialsFor(sandbox),
		});
		const old = await runNode({
			type: 'thinksurance',
			parameters: getMany({ filters: { inquiryId: '187890', lastDays: 365 } }),
			credentials: credentialsFor(sandbox),
		});

		expect(ids(recent.output)).toEqual([187888]);
		expect(ids(old.output)).toEqual([187890]);
		expect(listed().map((entry) => entry.query)).toEqual([
			{ lastDays: '10' },
			{ inquiryId: '187890', lastDays: '365' },
		]);
	});

	it('with an Account Token only, lists every broker of the account and sends X-Account-Token alone', async () => {
		const created = {
			accountToken: USER.accountTokens[0],
			bToken: 'created-broker-token-77',
			fields: { type: 1, bExternalId: 'B-77', bEmail: 'b77@example.com', bCompany: 'B77' },
		};
		sandbox.state.thinksuranceBrokers[created.bToken] = created;
		sandbox.state.inquiries['900001'] = inquiry(created, 900001, sandbox.clock.now(), 4);

		const hidden = await runNode({
			type: 'thinksurance',
			parameters: getMany(),
			credentials: accountOnly(),
		});
		const shown = await runNode({
			type: 'thinksurance',
			parameters: getMany({ options: { includeBrokerTokens: true } }),
			credentials: accountOnly(),
		});

		expect(ids(hidden.output)).toEqual([187888, 187889, 900001]);
		expect(hidden.output.map((item) => (item.json.data as { bToken: string }).bToken)).toEqual([
			'[redacted]',
			'[redacted]',
			'[redacted]',
		]);
		// Asked for: the tokens of the account's brokers, as sent.
		expect(shown.output.map((item) => (item.json.data as { bToken: string }).bToken)).toEqual([
			USER.brokerTokens[0],
			USER.brokerTokens[0],
			'created-broker-token-77',
		]);
		expect(
			listed().map((entry) => [entry.headers['x-broker-token'], entry.headers['x-account-token']]),
		).toEqual([
			[undefined, USER.accountTokens[0]],
			[undefined, USER.accountTokens[0]],
		]);
	});

	it.each([
		[{ inquiryId: 'abc' }, 'Inquiry ID must be a whole number such as 187888 (got "abc")'],
		[{ inquiryId: '12.5' }, 'Inquiry ID must be a whole number such as 187888 (got "12.5")'],
		[{ inquiryId: '0' }, 'Inquiry ID must be a whole number such as 187888 (got "0")'],
		[
			{ inquiryId: '1 OR 1=1' },
			'Inquiry ID must be a whole number such as 187888 (got "1 OR 1=1")',
		],
		[{ lastDays: 0 }, 'Last Days must be a whole number 1 or more (got "0")'],
		[{ lastDays: -3 }, 'Last Days must be a whole number 1 or more (got "-3")'],
		[{ lastDays: 1.5 }, 'Last Days must be a whole number 1 or more (got "1.5")'],
		[{ lastDays: 'ten' }, 'Last Days must be a whole number 1 or more (got "ten")'],
	])('refuses the filter %j before anything is sent', async (filters, message) => {
		const result = await runNode({
			type: 'thinksurance',
			parameters: getMany({ filters }),
			credentials: credentialsFor(sandbox),
			onError: 'continueErrorOutput',
		});

		expect(result.output).toEqual([]);
		expect(result.errorOutput.map((item) => [item.json.error, item.pairedItem])).toEqual([
			[message, { item: 0 }],
		]);
		expect(sandbox.journal).toEqual([]);
	});

	it.each(['http200', 'http4xx'] as const)(
		'an unknown inquiry (%s) is an error item with the reason, not an empty list',
		async (style) => {
			sandbox.setThinksuranceErrorStyle(style);
			const result = await runNode({
				type: 'thinksurance',
				parameters: getMany({ filters: { inquiryId: '42' } }),
				credentials: credentialsFor(sandbox),
				onError: 'continueErrorOutput',
			});

			expect(result.output).toEqual([]);
			expect(result.errorOutput.map((item) => item.json.error)).toEqual([
				'Thinksurance could not list the inquiries: Inquiry 42 not found.',
			]);
			expect(errorFacts(result.errorOutput[0]).httpCode).toBe(style === 'http200' ? '200' : '404');
			expect(listed()).toHaveLength(1);
		},
	);

	it.each(['http200', 'http4xx'] as const)(
		'a refused identity (%s) fails the item with the reason',
		async (style) => {
			sandbox.setThinksuranceErrorStyle(style);
			const result = await runNode({
				type: 'thinksurance',
				parameters: getMany(),
				credentials: credentialsFor(sandbox, { brokerToken: 'someone-elses-broker' }),
			});

			expect(result.error?.message).toBe(
				'Thinksurance could not list the inquiries: X-Broker-Token does not belong to this API user.',
			);
			expect(result.error?.httpCode).toBe(style === 'http200' ? '200' : '400');
		},
	);

	it('an empty answer gives no items and a hint saying why (also the [] a PHP server writes for {})', async () => {
		const empty = await runNode({
			type: 'thinksurance',
			parameters: getMany({ filters: { lastDays: 1 } }),
			credentials: credentialsFor(sandbox),
		});
		sandbox.faults.add({ route: 'thinksurance.inquiries.list', status: 200, body: '[]' });
		const list = await runNode({
			type: 'thinksurance',
			parameters: getMany(),
			credentials: credentialsFor(sandbox),
		});

		for (const result of [empty, list]) {
			expect(result.error).toBeUndefined();
			expect(result.output).toEqual([]);
		}
		expect(empty.hints).toEqual([
			expect.objectContaining({
				location: 'outputPane',
				message:
					"Thinksurance answered with no inquiries in the last 1 day(s) for the broker/account of this credential (with a Broker Token only that broker's inquiries are listed). Widen Last Days or check the Inquiry ID.",
			}),
		]);
		expect(list.hints[0].message).toMatch(
			/in Thinksurance's default window \(the last three months\)/,
		);
	});

	it.each([
		['an object that is not keyed by inquiry', '{"status":"ok"}', 'a JSON object'],
		['an HTML page', '<html>maintenance</html>', 'an HTML page'],
		['an empty body', '', 'an empty body'],
		['items without data.iId', '{"1":{"sHash":"x","data":{}}}', 'a JSON object'],
	])('%s is not understood and never reads as "no inquiries"', async (_name, body, what) => {
		sandbox.faults.add({ route: 'thinksurance.inquiries.list', status: 200, body });
		const result = await runNode({
			type: 'thinksurance',
			parameters: getMany(),
			credentials: credentialsFor(sandbox),
		});

		expect(result.error?.message).toBe(
			`Thinksurance answered 200 with ${what}, not the inquiry list as documented (200 with {"<inquiry id>": {"sHash": …, "data": {"iId": …}}})`,
		);
		expect(result.hints).toEqual([]);
	});

	const item = (iId: unknown) => ({ sHash: 'h', data: { iId, bExternalId: '1' } });
	const NOT_UNDERSTOOD =
		'Thinksurance answered 200 with a JSON object, not the inquiry list as documented (200 with {"<inquiry id>": {"sHash": …, "data": {"iId": …}}})';

	it.each([
		[
			'another inquiry than the Inquiry ID asked for',
			{ '999': item(999) },
			'The answer lists inquiry 999, but only inquiry 187888 was asked for.',
		],
		[
			'the asked inquiry next to another one',
			{ '187888': item(187888), '999': item(999) },
			'The answer lists inquiry 999, but only inquiry 187888 was asked for.',
		],
		[
			'the asked key holding another inquiry',
			{ '187888': item(999) },
			'Inquiry 999 is listed under the key "187888", so the answer does not say which inquiry it is.',
		],
		[
			'another inquiry in a list of Items',
			[item(999)],
			'The answer lists inquiry 999, but only inquiry 187888 was asked for.',
		],
	])(
		'with the Inquiry ID filter, %s is not understood: nothing is reported as found',
		async (_name, answer, problem) => {
			sandbox.faults.add({
				route: 'thinksurance.inquiries.list',
				status: 200,
				body: JSON.stringify(answer),
			});
			const result = await runNode({
				type: 'thinksurance',
				parameters: getMany({ filters: { inquiryId: '187888' } }),
				credentials: credentialsFor(sandbox),
				onError: 'continueErrorOutput',
			});

			expect(result.output).toEqual([]);
			expect(result.hints).toEqual([]);
			const facts = errorFacts(result.errorOutput[0]);
			expect(facts.error).toBe(
				NOT_UNDERSTOOD.replace(
					'a JSON object',
					Array.isArray(answer) ? 'a JSON list' : 'a JSON object',
				),
			);
			expect(String(facts.description)).toContain(
				`nothing is reported as found or missing. ${problem} Check that the credential`,
			);
		},
	);

	it.each([
		[
			'a key that is not its data.iId',
			{ '187888': item(187888), '5': item(6) },
			'Inquiry 6 is listed under the key "5"',
		],
		[
			'a key that is no inquiry id',
			{ abc: item(187888) },
			'Inquiry 187888 is listed under the key "abc"',
		],
		[
			'a very long key (shortened)',
			{ [`1${'0'.repeat(200)}`]: item(1) },
			`Inquiry 1 is listed under the key "1${'0'.repeat(59)}…"`,
		],
	])('without a filter, %s is not understood', async (_name, answer, problem) => {
		sandbox.faults.add({
			route: 'thinksurance.inquiries.list',
			status: 200,
			body: JSON.stringify(answer),
		});
		const result = await runNode({
			type: 'thinksurance',
			parameters: getMany(),
			credentials: credentialsFor(sandbox),
			onError: 'continueErrorOutput',
		});

		expect(result.output).toEqual([]);
		const facts = errorFacts(result.errorOutput[0]);
		expect(facts.error).toBe(NOT_UNDERSTOOD);
		expect(String(facts.description)).toContain(problem);
		expect(String(facts.description)).not.toContain('0'.repeat(61));
	});

	it('the key and data.iId agree however iId is written, and {} is the documented empty dictionary', async () => {
		sandbox.faults.add({
			route: 'thinksurance.inquiries.list',
			status: 200,
			body: JSON.stringify({ '187888': item('187888') }),
		});
		const matching = await runNode({
			type: 'thinksurance',
			parameters: getMany({ filters: { inquiryId: '187888' } }),
			credentials: credentialsFor(sandbox),
		});
		sandbox.faults.add({ route: 'thinksurance.inquiries.list', status: 200, body: '{}' });
		const empty = await runNode({
			type: 'thinksurance',
			parameters: getMany({ filters: { inquiryId: '187888' } }),
			credentials: credentialsFor(sandbox),
		});

		expect(ids(matching.output)).toEqual([187888]);
		expect(empty.error).toBeUndefined();
		expect(empty.output).toEqual([]);
		expect(empty.hints[0].message).toContain('no inquiries for inquiry 187888');
	});

	it('applies Limit on our side (the API has no paging) and retries a read after a 500', async () => {
		sandbox.faults.add({
			route: 'thinksurance.inquiries.list',
			status: 500,
			body: '{"error":"x"}',
		});
		const result = await runNode({
			type: 'thinksurance',
			parameters: getMany({ returnAll: false, limit: 1 }),
			credentials: credentialsFor(sandbox),
		});

		expect(ids(result.output)).toEqual([187888]);
		expect(listed()).toHaveLength(2);
	});

	it('does not follow a redirect to another host: the token and identity go to the credential host only', async () => {
		const recorder = await startRecorder();
		try {
			sandbox.faults.add({
				route: 'thinksurance.inquiries.list',
				status: 302,
				headers: { Location: `${recorder.url}/api/ipn/inquiries` },
			});
			const result = await runNode({
				type: 'thinksurance',
				parameters: getMany(),
				credentials: credentialsFor(sandbox),
			});

			expect(result.error?.message).toContain('302');
			expect(recorder.requests).toEqual([]);
		} finally {
			await recorder.close();
		}
	});

	it('an answer echoing the hash, secret, bearer token and broker token shows none of them', async () => {
		const credentials = credentialsFor(sandbox);
		await runNode({ type: 'thinksurance', parameters: getMany(), credentials });
		// The bearer token this credential holds (the sandbox keeps every token it ever issued).
		const bearer = listed()[0].headers.authorization.replace(/^Bearer /, '');
		const echo = `Request {"hash":"${USER.hash}","secret":"${USER.secret}"} with Bearer ${bearer} and X-Broker-Token ${USER.brokerTokens[0]}`;
		sandbox.faults.add({
			route: 'thinksurance.inquiries.list',
			status: 200,
			body: JSON.stringify({ error: echo }),
		});
		const failed = await runNode({ type: 'thinksurance', parameters: getMany(), credentials });
		sandbox.faults.add({
			route: 'thinksurance.inquiries.list',
			status: 200,
			body: JSON.stringify({ '1': { sHash: 'h', data: { iId: 1, note: echo } } }),
		});
		const listedEcho = await runNode({
			type: 'thinksurance',
			parameters: getMany({ options: { includeBrokerTokens: true } }),
			credentials,
		});

		expect(failed.error?.message).toMatch(/^Thinksurance could not list the inquiries: /);
		expect(listedEcho.output).toHaveLength(1);
		for (const text of [visibleText(failed), visibleText(listedEcho)]) {
			for (const secret of [USER.hash, USER.secret, bearer, USER.brokerTokens[0]]) {
				expect(text).not.toContain(secret);
			}
		}
	});
});
