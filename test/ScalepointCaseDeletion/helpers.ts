import { errorFacts } from '../harness/errorItems';
import type { INodeExecutionData } from 'n8n-workflow';

import { runNode } from '../harness/runWorkflow';
import type { ScalepointFixture } from '../fixtures/scalepoint';
import type { JournalEntry } from '../sandbox/types';

/** Inside the 16:00–08:00 UTC deletion window. */
export const IN_WINDOW = '2026-01-15T18:00:00.000Z';

/**
 * The client-secret client: the JWT client's assertion is checked against the sandbox clock, which
 * these tests move away from real time to open and close the deletion window.
 */
export const SECRET_CLIENT = {
	clientId: 'secret-client',
	authentication: 'clientSecret',
	clientSecret: 'S3cr3t-value-for-tests',
};

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DeleteRun {
	system?: 'hubProperty' | 'claimShop';
	mode?: 'dryRun' | 'delete';
	items: Array<Record<string, unknown>>;
	parameters?: Record<string, unknown>;
	options?: Record<string, unknown>;
	onError?: 'continueErrorOutput' | 'continueRegularOutput';
	cancelAfterMs?: number;
	credentials?: ReturnType<ScalepointFixture['credentials']>;
	/** The node's Settings tab, e.g. Retry On Fail. */
	settings?: Parameters<typeof runNode>[0]['settings'];
}

/** Runs the node with the case identifier mapped from each item's `caseNumber` / `caseToken`. */
export async function runDeletion(fx: ScalepointFixture, run: DeleteRun) {
	const system = run.system ?? 'hubProperty';
	const parameters: Record<string, unknown> = {
		resource: 'case',
		operation: 'deleteCase',
		system,
		...(run.mode ? { mode: run.mode } : {}),
		hubHost: fx.sandbox.url,
		claimShopHost: fx.sandbox.url,
		country: 'dk',
		tenant: 'abcinsurance',
		identifyBy: 'caseNumber',
		caseNumber: '={{ $json.caseNumber }}',
		caseToken: '={{ $json.caseToken }}',
		options: run.options ?? {},
		...run.parameters,
	};
	return await runNode({
		type: 'scalepointCaseDeletion',
		parameters: parameters as never,
		items: run.items.map((json) => ({ json: json as never })),
		credentials: run.credentials ?? fx.credentials(SECRET_CLIENT),
		onError: run.onError,
		cancelAfterMs: run.cancelAfterMs,
		settings: run.settings,
	});
}

export function jsonOf(items: INodeExecutionData[]) {
	return items.map((item) => item.json);
}

/** Most arrivals in any window of `windowMs` (journal times are the sandbox clock, in ms). */
export function maxInAnyWindow(entries: JournalEntry[], windowMs: number) {
	const times = entries.map((entry) => Date.parse(entry.at)).sort((a, b) => a - b);
	let most = 0;
	let first = 0;
	for (let last = 0; last < times.length; last++) {
		while (times[last] - times[first] >= windowMs) first++;
		most = Math.max(most, last - first + 1);
	}
	return most;
}

/** An error item as the user sees it, flattened (see test/harness/errorItems.ts). */
export function errorJson(item: INodeExecutionData): Record<string, unknown> {
	return errorFacts(item as never);
}
