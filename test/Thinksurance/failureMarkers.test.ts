import type { INodeParameters } from 'n8n-workflow';

import { runNode } from '../harness/runWorkflow';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { credentialsFor, listParameters, number, USER } from './fixtures';

/**
 * A 200 whose body carries an explicit failure marker (`errors`, `success: false`) or an ambiguous
 * list is never a success and never "no agency numbers". The `status` text itself is not matched:
 * the vendor's wording may change.
 */
let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ thinksurance: { users: [USER] } });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

function answer(route: 'list' | 'add' | 'delete', body: unknown) {
	sandbox.faults.add({
		route: `thinksurance.agencyNumbers.${route}`,
		status: 200,
		body: JSON.stringify(body),
	});
}

async function run(parameters: INodeParameters, items = [{ json: {} }]) {
	return await runNode({
		type: 'thinksurance',
		parameters,
		items,
		credentials: credentialsFor(sandbox),
		onError: 'continueErrorOutput',
	});
}

describe('Get Many', () => {
	it('an answer with both list keys is not understood, never an empty list', async () => {
		answer('list', { agencyNumberSets: [], agencyNumbers: [number('X')] });
		const result = await run(listParameters);
		expect(result.output).toEqual([]);
		expect(result.errorOutput[0].json.error).toMatch(
			/^Thinksurance answered 200 with a JSON object, not the agency number list as documented/,
		);
	});

	it('an empty list next to an errors list is a failure with the reason', async () => {
		answer('list', { agencyNumberSets: [], errors: ['internal'] });
		const result = await run(listParameters);
		expect(result.output).toEqual([]);
		expect(result.errorOutput[0].json.error).toBe(
			'Thinksurance could not list the agency numbers: internal',
		);
		expect(result.hints).toEqual([]);
	});
});

describe('Add and Delete', () => {
	const add: INodeParameters = {
		resource: 'agencyNumber',
		operation: 'add',
		inputMode: 'perItem',
		options: { batchSize: 1 },
	};
	const del: INodeParameters = {
		resource: 'agencyNumber',
		operation: 'delete',
		baFinId: '5405',
		deleteScope: 'listed',
		agencyNumbers: 'D1',
	};

	it('add: a status next to success: false is no success', async () => {
		answer('add', { status: 'failed', success: false });
		const result = await run(add, [{ json: { agencyNumber: 'A1', baFinId: '5405' } }]);
		expect(result.output).toEqual([]);
		expect(result.errorOutput[0].json.error).toContain('success: false: failed');
	});

	it("the vendor's own words (message and code) are the reason, not the marker", async () => {
		// Found when an analyst saw "success: false" and nothing else: the body said why.
		for (const status of [200, 400]) {
			sandbox.faults.add({
				route: 'thinksurance.agencyNumbers.add',
				status,
				body: JSON.stringify({ success: false, code: 'BAD_BAFIN', message: 'BaFin ID unknown' }),
			});
			const result = await run(add, [{ json: { agencyNumber: 'A1', baFinId: '5405' } }]);
			expect(result.errorOutput[0].json.error).toMatch(/: BaFin ID unknown \(BAD_BAFIN\)$/);
		}
		answer('add', { error: { message: 'Broker locked', code: 7 } });
		const result = await run(add, [{ json: { agencyNumber: 'A1', baFinId: '5405' } }]);
		expect(result.errorOutput[0].json.error).toMatch(/: Broker locked \(7\)$/);
	});

	it('add: a status next to a non-empty errors list is no success', async () => {
		answer('add', { status: 'Broker Api: agency number added succesfully.', errors: ['dup'] });
		const result = await run(add, [{ json: { agencyNumber: 'A1', baFinId: '5405' } }]);
		expect(result.output).toEqual([]);
		expect(result.errorOutput[0].json.error).toContain('dup');
	});

	it('delete: a status next to a non-empty errors list is no success', async () => {
		answer('delete', { status: 'failed', errors: ['agency number D1 not found'] });
		const result = await run(del);
		expect(result.output).toEqual([]);
		expect(result.errorOutput[0].json.error).toContain('agency number D1 not found');
	});

	it('a status with an empty errors list and success: true is still a success (wording not matched)', async () => {
		answer('delete', { status: 'Some new wording.', errors: [], success: true });
		const result = await run(del);
		expect(result.errorOutput).toEqual([]);
		expect(result.output[0].json).toMatchObject({ success: true, status: 'Some new wording.' });
	});
});
