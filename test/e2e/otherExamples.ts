/**
 * Success-path checks for the example workflows of the other nodes. An example whose node is not
 * built yet is skipped by the suite. Add one entry per example file in examples/workflows/.
 */
import { DEMO, type SandboxLink } from '../../scripts/runtime/sandboxLink';

export interface OtherExample {
	file: string;
	prepare?: (sandbox: SandboxLink) => Promise<void>;
	check: (output: Array<Record<string, unknown>>, sandbox: SandboxLink) => Promise<void>;
}

/** Inside Scalepoint's case deletion window (the sandbox enforces it on its own clock). */
const IN_DELETION_WINDOW = '2026-01-15T18:00:00.000Z';

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
];
