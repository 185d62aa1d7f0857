import fc from 'fast-check';

import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { runNode } from '../harness/runWorkflow';
import { nasty } from './generators';

/**
 * The Events and Files URLs are built inside their operations, so these properties go through
 * the real node and the sandbox journal. Each run is a whole workflow execution, so they run
 * fewer cases than the pure-builder properties (the segment encoder itself has 10,000 runs in
 * test/shared/pathSegment.property.test.ts).
 */
const E2E_RUNS = Number(process.env.FC_E2E_RUNS ?? 250);

let fx: ScalepointFixture;
beforeAll(async () => {
	fx = await startScalepointFixture();
});
afterAll(async () => await fx.sandbox.close());

const segment = fc.oneof(nasty, fc.constantFrom('dk', 'abcinsurance', 'host'));

async function sentPathOrFieldError(
	type: string,
	parameters: Record<string, unknown>,
	labels: string[],
	items: never[],
) {
	fx.sandbox.reset();
	const result = await runNode({
		type,
		parameters: parameters as never,
		items,
		credentials: fx.credentials(),
		onError: 'continueErrorOutput',
	});
	const sent = fx.sandbox.journal.filter((entry) => entry.route !== 'scalepoint.token');
	if (result.errorOutput.length > 0 && sent.length === 0) {
		const message = String(result.errorOutput[0].json.error);
		expect(labels.some((label) => message.startsWith(`${label} `))).toBe(true);
		return undefined;
	}
	expect(sent.length).toBeGreaterThan(0);
	expect(sent[0].query).toEqual({});
	return sent[0].rawPath.split('/').slice(1).map(decodeURIComponent);
}

describe('request paths through the real nodes (generated input)', () => {
	it('Events publish: /api/events/v1/{country}/external/{tenant}/send or a field error, nothing sent', async () => {
		await fc.assert(
			fc.asyncProperty(segment, segment, async (country, tenant) => {
				const path = await sentPathOrFieldError(
					'scalepointEvents',
					{
						resource: 'event',
						operation: 'publish',
						host: fx.sandbox.url,
						// Expressions: n8n itself refuses an empty required literal before the node runs.
						country: '={{ $json.country }}',
						tenant: '={{ $json.tenant }}',
						eventType: 'payment_status_updated',
						bodySource: 'fields',
						paymentUuid: '967ce1a4-a55a-4765-bd5b-bafcb4178fd3',
						paymentStatus: 'canceled',
					},
					['Country', 'Tenant'],
					[{ json: { country, tenant } }] as never[],
				);
				if (path === undefined) return;
				expect(path).toEqual([
					'api',
					'events',
					'v1',
					country.trim(),
					'external',
					tenant.trim(),
					'send',
				]);
			}),
			{ numRuns: E2E_RUNS },
		);
	});

	it('Files submit: /ecx/{tenant}/api/integration/v1/file/submitForCase or a field error, nothing sent', async () => {
		await fc.assert(
			fc.asyncProperty(segment, async (tenant) => {
				const path = await sentPathOrFieldError(
					'scalepointFiles',
					{
						resource: 'file',
						operation: 'submitToCase',
						host: fx.sandbox.url,
						tenant: '={{ $json.tenant }}',
						caseId: '11111111-1111-1111-1111-111111111111',
						insuranceCompanyAlias: 'company',
						userEmail: 'company_ds@example.com',
						securityToken: '00000000-0000-0000-0000-000000000000',
					},
					['Tenant'],
					[
						{
							json: { tenant },
							binary: {
								data: { data: Buffer.from('x'), fileName: 'a.txt', mimeType: 'text/plain' },
							},
						},
					] as never[],
				);
				if (path === undefined) return;
				expect(path).toEqual([
					'ecx',
					tenant.trim(),
					'api',
					'integration',
					'v1',
					'file',
					'submitForCase',
				]);
			}),
			{ numRuns: E2E_RUNS },
		);
	});
});
