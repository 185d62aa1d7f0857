/**
 * Success-path checks for the example workflows of the other nodes. An example whose node is not
 * built yet is skipped by the suite. Add one entry per example file in examples/workflows/.
 */
import { DEMO, type SandboxLink } from '../../scripts/runtime/sandboxLink';
import { SEEDED_CASE, SEEDED_REVISION_TOKEN } from '../sandbox/caseSeed';

export interface OtherExample {
	file: string;
	/** The node whose output is checked, when it is not the workflow's first package node. */
	node?: string;
	prepare?: (sandbox: SandboxLink) => Promise<void>;
	check: (output: Array<Record<string, unknown>>, sandbox: SandboxLink) => Promise<void>;
	/** Error items the example produces on purpose (default none). */
	errorItems?: number;
}

/** Inside Scalepoint's case deletion window (the sandbox enforces it on its own clock). */
const IN_DELETION_WINDOW = '2026-01-15T18:00:00.000Z';
const BROKER = `broker:${DEMO.thinksurance.brokerTokens[0]}`;

/** Agency numbers of BaFin ID 5405 already in Thinksurance (for the delete example). */
const agencyNumbersOf5405 = (numbers: string[]) => ({
	agencyNumbers: {
		[BROKER]: {
			'baFinId:5405': {
				idField: 'baFinId',
				idValue: '5405',
				agencyNumbers: numbers.map((agencyNumber) => ({
					agencyNumber,
					defaultForTenders: false,
					defaultForCalculations: false,
					active: true,
				})),
			},
		},
	},
});

export const OTHER_EXAMPLES: OtherExample[] = [
	{
		file: 'scalepoint-events-publish.json',
		check: async (output, sandbox) => {
			expect(output).toHaveLength(1);
			const [sent] = await sandbox.requests('events.send');
			expect(sent.method).toBe('POST');
			expect(sent.rawPath).toBe('/api/events/v1/dk/external/abcinsurance/send');
			expect(sent.headers.authorization).toMatch(/^Bearer \S+$/);
			expect(sent.json).toMatchObject({
				status: 'NOT_FRAUDULENT',
				case: { token: 'd1a72df4-f7d5-402c-a495-cc31b8b39a59' },
			});
			expect(await sandbox.requests('scalepoint.token')).toHaveLength(1);
		},
	},
	{
		file: 'scalepoint-case-deletion-dry-run.json',
		prepare: async (sandbox) =>
			void (await sandbox.control('POST', 'clock', { set: IN_DELETION_WINDOW })),
		check: async (output, sandbox) => {
			expect(output).toEqual([expect.objectContaining({ found: true, deleted: false })]);
			const [sent] = await sandbox.requests('hub.deleteCase');
			expect(sent.headers.authorization).toMatch(/^Bearer \S+$/);
			expect(JSON.stringify(sent.json)).toContain('CN10000');
			const state = (await sandbox.state()) as { hubCases: Record<string, { state: string }> };
			expect(state.hubCases.CN10000.state).toBe('deletable');
		},
	},
	{
		file: 'thinksurance-agency-numbers-get-all.json',
		prepare: async (sandbox) =>
			await sandbox.patchState({
				agencyNumbers: {
					[`broker:${DEMO.thinksurance.brokerTokens[0]}`]: {
						'baFinId:12345678': {
							idField: 'baFinId',
							idValue: '12345678',
							agencyNumbers: [
								{
									agencyNumber: 'AG-1',
									defaultForTenders: true,
									defaultForCalculations: false,
									active: true,
								},
							],
						},
					},
				},
			}),
		check: async (output, sandbox) => {
			expect(JSON.stringify(output)).toContain('AG-1');
			expect(JSON.stringify(output)).toContain('12345678');
			expect(await sandbox.requests('thinksurance.token')).toHaveLength(1);
			const [listed] = await sandbox.requests('thinksurance.agencyNumbers.list');
			expect(listed.method).toBe('GET');
			expect(listed.headers.authorization).toMatch(/^Bearer \S+$/);
		},
	},
	{
		file: 'scalepoint-files-submit-to-damage-notification.json',
		check: async (output, sandbox) => {
			expect(output).toEqual([
				expect.objectContaining({
					success: true,
					damageNotificationId: '44444444-4444-4444-4444-444444444444',
				}),
			]);
			const [sent] = await sandbox.requests('ecb.submitForDamageNotification');
			expect(sent.status).toBe(200);
			const state = (await sandbox.state()) as {
				files: Array<{ target: string; fileName: string; isDamageImage?: boolean }>;
			};
			expect(state.files).toEqual([
				expect.objectContaining({ target: 'damageNotification', isDamageImage: false }),
			]);
		},
	},
	{
		file: 'scalepoint-case-deletion-delete.json',
		node: 'Delete case',
		prepare: async (sandbox) =>
			void (await sandbox.control('POST', 'clock', { set: IN_DELETION_WINDOW })),
		check: async (output, sandbox) => {
			// Only the deletable case reaches the delete; the one with pending payments stops at the IF.
			expect(output).toEqual([
				expect.objectContaining({ caseNumber: 'CN10001', deleted: true, dryRun: false }),
			]);
			const deletes = await sandbox.requests('hub.deleteCase');
			expect(deletes.map((entry) => JSON.stringify(entry.json))).toEqual([
				expect.stringContaining('CN10001'),
				expect.stringContaining('CN20000'),
				expect.stringContaining('CN10001'),
			]);
			const state = (await sandbox.state()) as { hubCases: Record<string, { state: string }> };
			expect(state.hubCases.CN10001.state).toBe('deleted');
			expect(state.hubCases.CN20000.state).toBe('pendingPayments');
		},
	},
	{
		file: 'thinksurance-agency-numbers-add.json',
		check: async (output, sandbox) => {
			expect(output.map((item) => item.agencyNumber)).toEqual(['AG-100', 'AG-101', 'HV-7']);
			// Spreadsheet headers ("BaFin ID", "Agency Number") read; grouped by insurer: one request.
			const [sent] = await sandbox.requests('thinksurance.agencyNumbers.add');
			expect(sent.json).toEqual({
				agencyNumberSets: [
					expect.objectContaining({ baFinId: '5405' }),
					expect.objectContaining({ baFinId: '5036' }),
				],
			});
			expect(await sandbox.requests('thinksurance.agencyNumbers.add')).toHaveLength(1);
		},
	},
	{
		file: 'thinksurance-agency-numbers-delete.json',
		prepare: async (sandbox) =>
			await sandbox.patchState(agencyNumbersOf5405(['AG-100', 'AG-101', 'AG-102'])),
		check: async (output, sandbox) => {
			expect(output).toEqual([
				expect.objectContaining({ success: true, baFinId: '5405', deleted: ['AG-100', 'AG-101'] }),
			]);
			const [sent] = await sandbox.requests('thinksurance.agencyNumbers.delete');
			expect(sent.method).toBe('DELETE');
			const state = (await sandbox.state()) as {
				agencyNumbers: Record<string, Record<string, { agencyNumbers: unknown[] }>>;
			};
			expect(state.agencyNumbers[BROKER]['baFinId:5405'].agencyNumbers).toEqual([
				expect.objectContaining({ agencyNumber: 'AG-102' }),
			]);
		},
	},
	{
		file: 'scalepoint-case-data-get-case.json',
		check: async (output, sandbox) => {
			expect(output).toEqual([
				expect.objectContaining({
					caseToken: SEEDED_CASE.token,
					caseNumber: SEEDED_CASE.number,
					case: expect.objectContaining({ loss: expect.any(Object) }),
				}),
			]);
			const [sent] = await sandbox.requests('caseData.getCase');
			expect(sent.method).toBe('GET');
			expect(sent.rawPath).toBe(
				`/api/integration/data/v1/dk/abcinsurance/case/${SEEDED_CASE.token}`,
			);
			expect(sent.headers.authorization).toMatch(/^Bearer \S+$/);
		},
	},
	{
		file: 'scalepoint-case-data-get-settlement-revision.json',
		check: async (output, sandbox) => {
			expect(output).toEqual([
				expect.objectContaining({
					apiVersion: 'v3',
					status: 'SETTLED',
					settlementType: 'SETTLED_WITH_EMAIL',
					replacementAmount: 9763,
					caseNumber: SEEDED_CASE.number,
					settlement: expect.objectContaining({ settlementDetails: expect.any(Object) }),
				}),
			]);
			const [sent] = await sandbox.requests('settlement.getRevision');
			expect(sent.headers.accept).toBe('application/vnd.scalepoint.content.settlement.v3+json');
			expect(sent.params?.revisionToken.toLowerCase()).toBe(SEEDED_REVISION_TOKEN);
			expect(await sandbox.requests('scalepoint.token')).toHaveLength(1);
		},
	},
	{
		file: 'thinksurance-inquiries-get-many.json',
		check: async (output, sandbox) => {
			// Seeded 2, 20 and 120 days ago: Last Days 30 lists two; the broker token stays hidden.
			expect(output.map((item) => item.inquiryId)).toEqual([187888, 187889]);
			expect(output[0]).toMatchObject({
				sHash: expect.any(String),
				data: { iId: 187888, bExternalId: 'B-1001', bToken: '[redacted]' },
			});
			const [sent] = await sandbox.requests('thinksurance.inquiries.list');
			expect(sent.query).toEqual({ lastDays: '30' });
			expect(sent.headers['x-broker-token']).toBe(DEMO.thinksurance.brokerTokens[0]);
		},
	},
	{
		file: 'thinksurance-brokers-create.json',
		check: async (output, sandbox) => {
			expect(output).toEqual([
				expect.objectContaining({
					success: true,
					bExternalId: 'CRM-4711',
					brokerTokenReturned: true,
				}),
			]);
			expect(output[0]).not.toHaveProperty('bToken');
			const [sent] = await sandbox.requests('thinksurance.brokers.create');
			expect(sent.headers['x-account-token']).toBe(DEMO.thinksurance.accountTokens[0]);
			expect(sent.json).toMatchObject({ type: 1, bExternalId: 'CRM-4711', bCity: 'Berlin' });
			expect(await sandbox.requests('thinksurance.brokers.create')).toHaveLength(1);
		},
	},
	{
		file: 'thinksurance-brokers-get-token.json',
		check: async (output, sandbox) => {
			// B-1001 is the sandbox's demo broker: its token is the one the other credential uses.
			expect(output).toEqual([
				expect.objectContaining({
					bExternalId: 'B-1001',
					bToken: DEMO.thinksurance.brokerTokens[0],
				}),
			]);
			const [sent] = await sandbox.requests('thinksurance.brokers.token');
			expect(sent.headers['x-account-token']).toBe(DEMO.thinksurance.accountTokens[0]);
		},
	},
];
