import { errorFacts } from '../harness/errorItems';
import type { INodeParameters } from 'n8n-workflow';

import { runNode } from '../harness/runWorkflow';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { credentialsFor, listParameters, number, seed, USER } from './fixtures';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ thinksurance: { users: [USER] } });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const owner = `broker:${USER.brokerTokens[0]}`;

describe('Get Many', () => {
	it('returns one item per agency number with its insurer identifier (key agencyNumberSets)', async () => {
		seed(sandbox, 'baFinId', '5405', ['A1', 'A2']);
		seed(sandbox, 'insurerId', '5036', ['B1']);
		const result = await runNode({
			type: 'thinksurance',
			parameters: listParameters,
			credentials: credentialsFor(sandbox),
		});

		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => item.json)).toEqual([
			{ baFinId: '5405', ...number('A1') },
			{ baFinId: '5405', ...number('A2') },
			{ insurerId: '5036', ...number('B1') },
		]);
		expect(result.output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(
			true,
		);
	});

	it('an empty list gives no items and a hint saying why, instead of a bare "No output data"', async () => {
		const result = await runNode({
			type: 'thinksurance',
			parameters: listParameters,
			credentials: credentialsFor(sandbox),
		});
		expect(result.error).toBeUndefined();
		expect(result.output).toEqual([]);
		expect(result.hints).toEqual([
			expect.objectContaining({
				location: 'outputPane',
				message: expect.stringMatching(
					/^Thinksurance answered with an empty list: .*Add operation\.$/,
				),
			}),
		]);
	});

	it('accepts the key agencyNumbers of the page example and applies Limit', async () => {
		const body = {
			agencyNumbers: [
				{
					supervisingAuthorityId: '61234',
					agencyNumbers: [number('X1'), number('X2'), number('X3')],
				},
			],
		};
		sandbox.faults.add({
			route: 'thinksurance.agencyNumbers.list',
			status: 200,
			body: JSON.stringify(body),
		});
		const parameters: INodeParameters = { ...listParameters, returnAll: false, limit: 2 };
		const result = await runNode({
			type: 'thinksurance',
			parameters,
			credentials: credentialsFor(sandbox),
		});

		expect(
			result.output.map((item) => [item.json.supervisingAuthorityId, item.json.agencyNumber]),
		).toEqual([
			['61234', 'X1'],
			['61234', 'X2'],
		]);
	});

	it('retries a list after a 500 and after a dropped connection (reading is safe to repeat)', async () => {
		seed(sandbox, 'baFinId', '1', ['A1']);
		sandbox.faults.add({
			route: 'thinksurance.agencyNumbers.list',
			status: 500,
			body: '{"error":"boom"}',
		});
		sandbox.faults.add({ route: 'thinksurance.agencyNumbers.list', reset: 'beforeRequest' });
		const result = await runNode({
			type: 'thinksurance',
			parameters: listParameters,
			credentials: credentialsFor(sandbox),
		});

		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => item.json.agencyNumber)).toEqual(['A1']);
		expect(sandbox.requests('thinksurance.agencyNumbers.list')).toHaveLength(3);
	});

	it.each(['http200', 'http4xx'] as const)(
		'a refused list (%s) is an error item with the reason',
		async (style) => {
			sandbox.setThinksuranceErrorStyle(style);
			const credentials = credentialsFor(sandbox, { brokerToken: 'someone-elses-broker' });
			const result = await runNode({
				type: 'thinksurance',
				parameters: listParameters,
				credentials,
				items: [{ json: {} }, { json: {} }],
				onError: 'continueErrorOutput',
			});

			expect(result.output).toHaveLength(0);
			expect(result.errorOutput.map((item) => [item.json.error, item.pairedItem])).toEqual([
				[
					'Thinksurance could not list the agency numbers: X-Broker-Token does not belong to this API user.',
					{ item: 0 },
				],
				[
					'Thinksurance could not list the agency numbers: X-Broker-Token does not belong to this API user.',
					{ item: 1 },
				],
			]);
			expect(errorFacts(result.errorOutput[0]).httpCode).toBe(style === 'http200' ? '200' : '400');
			// Not a token problem: no refresh.
			expect(sandbox.requests('thinksurance.token')).toHaveLength(1);
			expect(
				sandbox.journal.map((entry) => entry.headers['x-broker-token']).filter(Boolean),
			).toEqual(['someone-elses-broker', 'someone-elses-broker']);
		},
	);
});

describe('Delete', () => {
	const del = (parameters: INodeParameters): INodeParameters => ({
		resource: 'agencyNumber',
		operation: 'delete',
		...parameters,
	});

	it('deletes only the listed numbers of an insurer, with a JSON body on DELETE', async () => {
		seed(sandbox, 'baFinId', '5405', ['A1', 'A2', 'A3']);
		const result = await runNode({
			type: 'thinksurance',
			parameters: del({
				baFinId: '5405',
				deleteScope: 'listed',
				agencyNumbers: '={{ $json.numbers }}',
			}),
			items: [{ json: { numbers: 'A1, A3' } }],
			credentials: credentialsFor(sandbox),
		});

		expect(result.error).toBeUndefined();
		const [request] = sandbox.requests('thinksurance.agencyNumbers.delete');
		expect(request.method).toBe('DELETE');
		expect(request.json).toEqual({
			agencyNumberSets: [
				{ baFinId: '5405', agencyNumbers: [{ agencyNumber: 'A1' }, { agencyNumber: 'A3' }] },
			],
		});
		expect(result.output[0].json).toEqual({
			success: true,
			status: 'Broker Api: agency number deleted succesfully.',
			baFinId: '5405',
			deleted: ['A1', 'A3'],
		});
		expect(
			sandbox.state.agencyNumbersOf(owner)[0].agencyNumbers.map((n) => n.agencyNumber),
		).toEqual(['A2']);
	});

	it('deletes every number of the insurer only when chosen explicitly', async () => {
		seed(sandbox, 'insurerId', '5036', ['B1', 'B2']);
		const result = await runNode({
			type: 'thinksurance',
			parameters: del({ insurerId: '5036', deleteScope: 'all' }),
			credentials: credentialsFor(sandbox),
		});
		expect(result.error).toBeUndefined();
		expect(sandbox.requests('thinksurance.agencyNumbers.delete')[0].json).toEqual({
			agencyNumberSets: [{ insurerId: '5036' }],
		});
		expect(sandbox.state.agencyNumbersOf(owner)).toEqual([]);
	});

	it('refuses an empty list and a missing insurer before sending', async () => {
		const credentials = credentialsFor(sandbox);
		const empty = await runNode({
			type: 'thinksurance',
			parameters: del({ baFinId: '1', deleteScope: 'listed', agencyNumbers: ' , ' }),
			credentials,
		});
		expect(empty.error?.message).toBe(
			'Agency Numbers is empty: list the numbers to delete, or choose "All Agency Numbers of This Insurer"',
		);
		const noInsurer = await runNode({
			type: 'thinksurance',
			parameters: del({ deleteScope: 'all' }),
			credentials,
		});
		expect(noInsurer.error?.message).toMatch(/^Insurer is missing/);
		expect(sandbox.journal).toHaveLength(0);
	});

	it.each([
		['http200', '200'],
		['http4xx', '404'],
	] as const)(
		'a not-found delete (%s) is an error with the server reason',
		async (style, httpCode) => {
			sandbox.setThinksuranceErrorStyle(style);
			seed(sandbox, 'baFinId', '5405', ['A1']);
			const result = await runNode({
				type: 'thinksurance',
				parameters: del({ baFinId: '5405', deleteScope: 'listed', agencyNumbers: 'NOPE' }),
				credentials: credentialsFor(sandbox),
			});
			expect(result.output).toHaveLength(0);
			expect(result.error?.message).toBe(
				'Thinksurance could not delete the agency numbers: Agency number NOPE not found for baFinId 5405.',
			);
			expect(result.error?.httpCode).toBe(httpCode);
			expect(sandbox.state.agencyNumbersOf(owner)[0].agencyNumbers).toHaveLength(1);
		},
	);
});
