/**
 * Queue-mode variants of the example workflows. `n8n execute` never reaches a worker, so each
 * workflow starts from a production webhook instead of its manual trigger (same node name, so the
 * connections stay), and is published on import.
 */
import type { Workflow, WorkflowNode } from '../e2e/workflows';

/** Hub's documented limit (5 per second and 100 per minute, per client). */
export const HUB_PER_SECOND = 5;
export const HUB_PER_MINUTE = 100;

/** The least time `count` Hub requests of one client can take under both sliding windows. */
export function hubMinimumMs(count: number): number {
	let last = 0;
	const starts: number[] = [];
	for (let index = 0; index < count; index++) {
		let at = index === 0 ? 0 : last + 1000 / HUB_PER_SECOND;
		if (index >= HUB_PER_MINUTE) at = Math.max(at, starts[index - HUB_PER_MINUTE] + 60_000);
		starts.push(at);
		last = at;
	}
	return last;
}

function webhookNode(name: string, path: string, position: unknown): WorkflowNode {
	return {
		id: `${path}-webhook`,
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position,
		webhookId: path,
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	};
}

/** The workflow started by POST /webhook/<path>; its manual trigger becomes that webhook. */
export function asWebhook(path: string) {
	return (workflow: Workflow) => {
		const index = workflow.nodes.findIndex((node) => node.type === 'n8n-nodes-base.manualTrigger');
		if (index < 0) throw new Error(`workflow ${workflow.name} has no manual trigger`);
		const manual = workflow.nodes[index];
		workflow.nodes[index] = webhookNode(manual.name, path, manual.position);
		workflow.active = true;
	};
}

/**
 * The dry-run example turned into a live Hub deletion of the cases a webhook call lists
 * (`{ "cases": [{ "caseNumber": "..." }] }`), one item per case, errors to the error output.
 */
export function hubDeletionOfPostedCases(path: string) {
	return deletionOfPostedCases(path, 'hubProperty');
}

/** The same for ClaimShop (country dk, tenant abcinsurance), at the example's sandbox host. */
export function claimShopDeletionOfPostedCases(path: string) {
	return deletionOfPostedCases(path, 'claimShop');
}

function deletionOfPostedCases(path: string, system: 'hubProperty' | 'claimShop') {
	return (workflow: Workflow) => {
		asWebhook(path)(workflow);
		const deletion = workflow.nodes.find((node) => node.type.endsWith('.scalepointCaseDeletion'));
		if (!deletion) throw new Error('the Case Deletion example has no Case Deletion node');
		const parameters = deletion.parameters;
		deletion.parameters = {
			...parameters,
			...(system === 'claimShop'
				? { system, claimShopHost: parameters.hubHost, country: 'dk' }
				: {}),
			mode: 'delete',
			caseNumber: '={{ $json.caseNumber }}',
		};
		deletion.onError = 'continueErrorOutput';
		const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.webhook')!;
		workflow.nodes.push({
			id: `${path}-split`,
			name: 'One item per case',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [120, 0],
			parameters: { fieldToSplitOut: 'body.cases', options: {} },
		});
		workflow.connections = {
			[trigger.name]: { main: [[{ node: 'One item per case', type: 'main', index: 0 }]] },
			'One item per case': { main: [[{ node: deletion.name, type: 'main', index: 0 }]] },
		};
	};
}
