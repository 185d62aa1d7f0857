/**
 * "One Agency Number per Input Item" with spreadsheet headers as people write them: a field left
 * at its default reads its column under the common spellings; a missing column is named, with the
 * columns the row does have; a field the user mapped is read as mapped.
 */
import type { INodeParameters } from 'n8n-workflow';

import { Thinksurance } from '../../nodes/Thinksurance/Thinksurance.node';
import { runNode } from '../harness/runWorkflow';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { credentialsFor, number, USER } from './fixtures';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ thinksurance: { users: [USER] } });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const perItem = (more: INodeParameters = {}): INodeParameters => ({
	resource: 'agencyNumber',
	operation: 'add',
	inputMode: 'perItem',
	options: {},
	...more,
});

const sentSets = () =>
	sandbox
		.requests('thinksurance.agencyNumbers.add')
		.map((entry) => (entry.json as { agencyNumberSets: unknown }).agencyNumberSets);

it('reads "BaFin ID", "Agency Number", "match_code", "Aktiv" and "Insurer-ID" columns', async () => {
	const result = await runNode({
		type: 'thinksurance',
		parameters: perItem(),
		credentials: credentialsFor(sandbox),
		items: [
			{ json: { 'BaFin ID': 5405, 'Agency Number': 'A1', match_code: 'M1', Aktiv: 'no' } },
			{ json: { 'Insurer-ID': '5036', agenturnummer: 'B1', 'Default for Tenders': 'yes' } },
		],
	});
	expect(result.error).toBeUndefined();
	expect(sentSets()).toEqual([
		[
			{ baFinId: '5405', agencyNumbers: [number('A1', { matchCode: 'M1', active: false })] },
			{
				insurerId: '5036',
				agencyNumbers: [number('B1', { defaultForTenders: true })],
			},
		],
	]);
	expect(result.output.map((item) => item.json.matchCode)).toEqual(['M1', undefined]);
});

it('a row without an agency number column names the spellings read and the columns it has', async () => {
	const result = await runNode({
		type: 'thinksurance',
		parameters: perItem(),
		credentials: credentialsFor(sandbox),
		items: [{ json: { 'BaFin ID': '5405', 'Agency No': 'A1' } }],
		onError: 'continueErrorOutput',
	});
	expect(result.errorOutput[0].json.error).toBe(
		'Agency Number is missing: item 1 has no column "agencyNumber", "Agency Number", "Agenturnummer" or "Vermittlernummer"; the item\'s columns are: BaFin ID, Agency No. Rename the column or drag it into the Agency Number field.',
	);
	expect(sandbox.journal).toHaveLength(0);
});

it('a field the user mapped is read as mapped, not from a look-alike column', async () => {
	const result = await runNode({
		type: 'thinksurance',
		parameters: perItem({ agencyNumberValue: '={{ $json.number }}' }),
		credentials: credentialsFor(sandbox),
		items: [{ json: { baFinId: '1', number: 'MAPPED', 'Agency Number': 'IGNORED' } }],
	});
	expect(result.error).toBeUndefined();
	expect(sentSets()).toEqual([[{ baFinId: '1', agencyNumbers: [number('MAPPED')] }]]);
});

it('each mapping field says which columns it reads when left as it is', () => {
	const fields = new Thinksurance().description.properties.filter(
		(field) =>
			field.displayOptions?.show?.inputMode?.includes('perItem') && field.type === 'string',
	);
	expect(fields.map((field) => field.displayName)).toContain('Agency Number');
	for (const field of fields) expect(field.description).toMatch(/read from the item's column "/);
});
