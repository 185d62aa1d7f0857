import { errorFacts } from '../harness/errorItems';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runNode } from '../harness/runWorkflow';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { credentialsFor, number, SECRETS, USER, visibleText } from './fixtures';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ thinksurance: { users: [USER] } });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const perItem = (options: INodeParameters = {}): INodeParameters => ({
	resource: 'agencyNumber',
	operation: 'add',
	inputMode: 'perItem',
	options,
});

const row = (
	agencyNumber: string,
	insurer: Record<string, string>,
	extra: Record<string, unknown> = {},
) => ({
	json: { agencyNumber, ...insurer, ...extra },
});

const sentSets = () =>
	sandbox
		.requests('thinksurance.agencyNumbers.add')
		.map((entry) => (entry.json as { agencyNumberSets: unknown }).agencyNumberSets);

describe('Add, one agency number per input item', () => {
	it('groups items by insurer into one request and pairs each output with its item', async () => {
		const credentials = credentialsFor(sandbox);
		const result = await runNode({
			type: 'thinksurance',
			parameters: perItem(),
			credentials,
			items: [
				row(
					'A1',
					{ baFinId: '5405' },
					{
						externalUniqueId: 'u1',
						collectionType: 'Versichererinkasso',
						defaultForTenders: 'TRUE',
					},
				),
				row('B1', { insurerId: '5036' }, { active: 'no', matchCode: 'M-B1' }),
				row('A2', { baFinId: '5405' }, { defaultForCalculations: true }),
			],
		});

		expect(result.error).toBeUndefined();
		expect(sandbox.requests('thinksurance.token')).toHaveLength(1);
		expect(sentSets()).toEqual([
			[
				{
					baFinId: '5405',
					agencyNumbers: [
						number('A1', {
							externalUniqueId: 'u1',
							collectionType: 'insurer_collection',
							defaultForTenders: true,
						}),
						number('A2', { defaultForCalculations: true }),
					],
				},
				{ insurerId: '5036', agencyNumbers: [number('B1', { active: false, matchCode: 'M-B1' })] },
			],
		]);
		expect(result.output.map((item) => [item.json.agencyNumber, item.pairedItem])).toEqual([
			['A1', { item: 0 }],
			['B1', { item: 1 }],
			['A2', { item: 2 }],
		]);
		expect(result.output[0].json).toMatchObject({
			success: true,
			status: 'Broker Api: agency number added succesfully.',
			baFinId: '5405',
			batch: 1,
		});
		expect(result.output[1].json).toMatchObject({ insurerId: '5036', active: false });
		expect(sandbox.state.agencyNumbersOf(`broker:${USER.brokerTokens[0]}`)).toHaveLength(2);
	});

	it('cuts requests at Batch Size, keeping an insurer together where possible', async () => {
		const credentials = credentialsFor(sandbox);
		const items = [
			row('A1', { baFinId: '1' }),
			row('B1', { baFinId: '2' }),
			row('A2', { baFinId: '1' }),
			row('B2', { baFinId: '2' }),
			row('A3', { baFinId: '1' }),
		];
		const result = await runNode({
			type: 'thinksurance',
			parameters: perItem({ batchSize: 3 }),
			credentials,
			items,
		});

		expect(result.error).toBeUndefined();
		const names = (sets: unknown) =>
			(sets as Array<{ baFinId: string; agencyNumbers: Array<{ agencyNumber: string }> }>).map(
				(set) => [set.baFinId, set.agencyNumbers.map((n) => n.agencyNumber)],
			);
		expect(sentSets().map(names)).toEqual([[['1', ['A1', 'A2', 'A3']]], [['2', ['B1', 'B2']]]]);
		expect(
			result.output.map((item) => [item.json.agencyNumber, item.json.batch, item.pairedItem]),
		).toEqual([
			['A1', 1, { item: 0 }],
			['B1', 2, { item: 1 }],
			['A2', 1, { item: 2 }],
			['B2', 2, { item: 3 }],
			['A3', 1, { item: 4 }],
		]);
	});

	describe('validation: bad items become error items and are never sent', () => {
		const cases: Array<[string, IDataObject, RegExp]> = [
			[
				'no insurer',
				{ agencyNumber: 'X' },
				/^Insurer is missing: item 2 has no column "baFinId", .*; the item's columns are: agencyNumber\. /,
			],
			[
				'two insurers',
				{ agencyNumber: 'X', baFinId: '1', supervisingAuthorityId: '2' },
				/^Insurer is ambiguous: .*\(got BaFin ID and Supervising Authority ID\)$/,
			],
			[
				'no agency number',
				{ baFinId: '1' },
				/^Agency Number is missing: item 2 has no column "agencyNumber", "Agency Number", .*; the item's columns are: baFinId\. /,
			],
			[
				'a boolean that is not one',
				{ agencyNumber: 'X', baFinId: '1', active: 'maybe' },
				/^Active must be true or false \(got "maybe"\)$/,
			],
			[
				'an unknown collection type',
				{ agencyNumber: 'X', baFinId: '1', collectionType: 'cash' },
				/^Collection Type must be one of broker_collection, insurer_collection, mga_collection or empty \(got "cash"\)$/,
			],
		];
		it.each(cases)('%s', async (_name, json, message) => {
			const credentials = credentialsFor(sandbox);
			const result = await runNode({
				type: 'thinksurance',
				parameters: perItem(),
				credentials,
				items: [{ json: { agencyNumber: 'OK1', baFinId: '1' } }, { json }],
				onError: 'continueErrorOutput',
			});
			expect(result.errorOutput).toHaveLength(1);
			expect(result.errorOutput[0].json.error).toMatch(message);
			expect(result.errorOutput[0].pairedItem).toEqual({ item: 1 });
			expect(result.output.map((item) => item.json.agencyNumber)).toEqual(['OK1']);
			expect(sentSets()).toEqual([[{ baFinId: '1', agencyNumbers: [number('OK1')] }]]);
		});

		it('a repeated externalUniqueId fails the later item', async () => {
			const credentials = credentialsFor(sandbox);
			const result = await runNode({
				type: 'thinksurance',
				parameters: perItem(),
				credentials,
				items: [
					row('A1', { baFinId: '1' }, { externalUniqueId: 'dup' }),
					row('B1', { insurerId: '2' }, { externalUniqueId: 'dup' }),
				],
				onError: 'continueErrorOutput',
			});
			expect(result.errorOutput[0].json.error).toBe(
				'External Unique ID "dup" is already used by item 1 of this run; each external unique ID can be used only once',
			);
			expect(result.errorOutput[0].pairedItem).toEqual({ item: 1 });
			expect(result.output).toHaveLength(1);
		});

		it('without continue-on-fail one bad item stops the node before anything is sent', async () => {
			const credentials = credentialsFor(sandbox);
			const result = await runNode({
				type: 'thinksurance',
				parameters: perItem(),
				credentials,
				items: [row('A1', { baFinId: '1' }), { json: { baFinId: '1' } }],
			});
			expect(result.error?.message).toMatch(/^Agency Number is missing: item 2 has no column /);
			expect(sandbox.journal).toHaveLength(0);
		});
	});

	it.each(['http200', 'http4xx'] as const)(
		'a refused request (%s) fails every item of its batch, other batches still go',
		async (style) => {
			sandbox.setThinksuranceErrorStyle(style);
			sandbox.state.usedExternalUniqueIds.push('taken');
			const credentials = credentialsFor(sandbox);
			const result = await runNode({
				type: 'thinksurance',
				parameters: perItem({ batchSize: 2 }),
				credentials,
				items: [
					row('A1', { baFinId: '1' }, { externalUniqueId: 'taken' }),
					row('A2', { baFinId: '1' }),
					row('B1', { baFinId: '2' }),
				],
				onError: 'continueErrorOutput',
			});

			expect(
				sandbox.requests('thinksurance.agencyNumbers.add').map((entry) => entry.status),
			).toEqual([style === 'http200' ? 200 : 400, 200]);
			expect(result.errorOutput.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			for (const item of result.errorOutput) {
				expect(item.json.error).toBe(
					"Thinksurance could not add the agency numbers of batch 1 of 2: externalUniqueId 'taken' has already been used.",
				);
				expect(errorFacts(item).description).toMatch(
					/one of 2 agency numbers sent together in batch 1 of 2; this outcome applies to all of them\. To keep one refused number from holding back the others, set Batch Size to 1\./,
				);
				expect(errorFacts(item).httpCode).toBe(style === 'http200' ? '200' : '400');
			}
			expect(result.output.map((item) => [item.json.agencyNumber, item.pairedItem])).toEqual([
				['B1', { item: 2 }],
			]);
		},
	);

	it('never resends an add after the connection broke once it was sent', async () => {
		sandbox.faults.add({ route: 'thinksurance.agencyNumbers.add', reset: 'afterRequest' });
		const credentials = credentialsFor(sandbox);
		const result = await runNode({
			type: 'thinksurance',
			parameters: perItem(),
			credentials,
			items: [row('A1', { baFinId: '1' })],
		});

		expect(sandbox.requests('thinksurance.agencyNumbers.add')).toHaveLength(1);
		expect(result.error?.message).toBe(
			`Thinksurance at ${new URL(sandbox.url).host} could not be reached or dropped the connection while trying to add the agency numbers of batch 1 of 1`,
		);
		expect(result.error?.description).toMatch(/^Network error: ECONNRESET\./);
		expect(result.error?.description).toMatch(
			/not sent again automatically \(an externalUniqueId can never be reused\)\. Check with Get Many before re-sending\./,
		);
	});

	it('reports a redirect instead of following it (the add is sent once)', async () => {
		const credentials = credentialsFor(sandbox);
		const items = [row('A1', { baFinId: '1' })];
		await runNode({ type: 'thinksurance', parameters: perItem(), credentials, items });
		const location = `${sandbox.url}${sandbox.requests('thinksurance.agencyNumbers.add')[0].rawPath}`;
		sandbox.clearJournal();
		sandbox.faults.add({
			route: 'thinksurance.agencyNumbers.add',
			status: 307,
			headers: { Location: location },
		});
		const result = await runNode({
			type: 'thinksurance',
			parameters: perItem(),
			credentials,
			items,
		});
		expect(result.error?.message).toContain('307');
		expect(sandbox.requests('thinksurance.agencyNumbers.add')).toHaveLength(1);
	});

	it('resends an add once after an invalid-token answer (refused before processing)', async () => {
		const credentials = credentialsFor(sandbox);
		sandbox.faults.add({
			route: 'thinksurance.agencyNumbers.add',
			status: 200,
			body: '{"error":"Token is invalid or expired."}',
		});
		const result = await runNode({
			type: 'thinksurance',
			parameters: perItem(),
			credentials,
			items: [row('A1', { baFinId: '1' }, { externalUniqueId: 'once' })],
		});
		expect(result.error).toBeUndefined();
		expect(sandbox.requests('thinksurance.agencyNumbers.add')).toHaveLength(2);
		expect(sandbox.requests('thinksurance.token')).toHaveLength(2);
		expect(sandbox.state.usedExternalUniqueIds).toEqual(['once']);
	});
});

describe('Add, defined in the node', () => {
	const defined = (sets: unknown[]): INodeParameters => ({
		resource: 'agencyNumber',
		operation: 'add',
		inputMode: 'define',
		agencyNumberSets: { set: sets } as never,
	});

	it('sends every documented field, once per input item', async () => {
		const credentials = credentialsFor(sandbox);
		const result = await runNode({
			type: 'thinksurance',
			credentials,
			parameters: defined([
				{
					baFinId: '5405',
					agencyNumbers: {
						number: [
							{
								agencyNumber: '1-agency-number',
								matchCode: 'comment',
								externalInsurerId: '',
								externalUniqueId: 'uniqueId1',
								defaultForTenders: false,
								defaultForCalculations: false,
								collectionType: 'insurer_collection',
								internalComment: 'internal comment',
								active: true,
							},
						],
					},
				},
				{
					supervisingAuthorityId: '61234',
					agencyNumbers: {
						number: [
							{
								agencyNumber: 'A2',
								collectionType: 'mga_collection',
								defaultForCalculations: true,
							},
						],
					},
				},
			]),
		});

		expect(result.error).toBeUndefined();
		expect(sentSets()).toEqual([
			[
				{
					baFinId: '5405',
					agencyNumbers: [
						number('1-agency-number', {
							matchCode: 'comment',
							externalUniqueId: 'uniqueId1',
							collectionType: 'insurer_collection',
							internalComment: 'internal comment',
						}),
					],
				},
				{
					supervisingAuthorityId: '61234',
					agencyNumbers: [
						number('A2', { collectionType: 'mga_collection', defaultForCalculations: true }),
					],
				},
			],
		]);
		expect(result.output).toHaveLength(1);
		expect(result.output[0].json).toMatchObject({ success: true, count: 2 });
		expect(result.output[0].pairedItem).toEqual({ item: 0 });
	});

	it.each(['http200', 'http4xx'] as const)(
		'reports a refused add (%s) as an error, never as success',
		async (style) => {
			sandbox.setThinksuranceErrorStyle(style);
			sandbox.state.usedExternalUniqueIds.push('u-old');
			const credentials = credentialsFor(sandbox);
			const result = await runNode({
				type: 'thinksurance',
				credentials,
				parameters: defined([
					{
						insurerId: '1',
						agencyNumbers: { number: [{ agencyNumber: 'A', externalUniqueId: 'u-old' }] },
					},
				]),
			});
			expect(result.output).toHaveLength(0);
			expect(result.error?.message).toBe(
				"Thinksurance could not add the agency numbers: externalUniqueId 'u-old' has already been used.",
			);
		},
	);

	it('refuses a set without insurer and a duplicate externalUniqueId before sending', async () => {
		const credentials = credentialsFor(sandbox);
		const noInsurer = await runNode({
			type: 'thinksurance',
			credentials,
			parameters: defined([{ agencyNumbers: { number: [{ agencyNumber: 'A' }] } }]),
		});
		expect(noInsurer.error?.message).toBe(
			'Insurer 1: Insurer is missing: fill exactly one of BaFin ID, Insurer ID or Supervising Authority ID',
		);
		const duplicate = await runNode({
			type: 'thinksurance',
			credentials,
			parameters: defined([
				{ baFinId: '1', agencyNumbers: { number: [{ agencyNumber: 'A', externalUniqueId: 'x' }] } },
				{ baFinId: '2', agencyNumbers: { number: [{ agencyNumber: 'B', externalUniqueId: 'x' }] } },
			]),
		});
		expect(duplicate.error?.message).toBe(
			'External Unique ID "x" is used twice; each external unique ID can be used only once',
		);
		const noNumbers = await runNode({
			type: 'thinksurance',
			credentials,
			parameters: defined([{ baFinId: '1' }]),
		});
		expect(noNumbers.error?.message).toBe(
			'Insurer 1: Agency Numbers is empty: add at least one agency number',
		);
		expect(sandbox.journal).toHaveLength(0);
		const text = visibleText([noInsurer.run, duplicate.run]);
		for (const secret of SECRETS) expect(text).not.toContain(secret);
	});
});
