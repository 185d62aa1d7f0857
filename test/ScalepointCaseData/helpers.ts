import type { INodeParameters } from 'n8n-workflow';

import { CLIENT_ID, startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { runNode, type TestItem } from '../harness/runWorkflow';

export const CASE_READ = 'platform-case:read';
export const V3 = 'application/vnd.scalepoint.content.settlement.v3+json';

/**
 * The shared Scalepoint fixture, with its JWT client also granted platform-case:read (the
 * fixture's own scope list belongs to the other nodes' tests). Credentials ask for that scope only,
 * as Scalepoint recommends one token per scope set.
 */
export async function startCaseDataFixture(): Promise<ScalepointFixture> {
	const fx = await startScalepointFixture();
	fx.sandbox.addScalepointClient({
		clientId: CLIENT_ID,
		certificatePem: fx.keys.certificatePem,
		scopes: [CASE_READ],
	});
	return fx;
}

export function caseReadCredentials(
	fx: ScalepointFixture,
	overrides: Record<string, unknown> = {},
) {
	return fx.credentials({ scopes: [CASE_READ], ...overrides } as never);
}

export async function runCaseData(
	fx: ScalepointFixture,
	parameters: INodeParameters,
	items: TestItem[],
	options: {
		onError?: 'continueErrorOutput' | 'continueRegularOutput';
		credentials?: ReturnType<ScalepointFixture['credentials']>;
	} = {},
) {
	return await runNode({
		type: 'scalepointCaseData',
		parameters,
		items,
		credentials: options.credentials ?? caseReadCredentials(fx),
		onError: options.onError,
	});
}
