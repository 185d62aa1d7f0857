import '../harness/environment';

import { PollContext } from 'n8n-core';
import type {
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import type { TestCredentialsHelper } from '../harness/credentialsHelper';
import { PACKAGE_NAME, nodeTypes, registry } from '../harness/registry';

export interface PollOptions {
	parameters: INodeParameters;
	credentials: TestCredentialsHelper;
	/** The node's workflow static data; pass the same object to simulate n8n persisting it. */
	staticData: IDataObject;
	mode?: 'trigger' | 'manual';
	/** What the engine allows the poll to spend (IPollFunctions.getPollBudgetMs). */
	budgetMs?: number;
	/** Default: one id per static data object, so polls sharing static data are one trigger. */
	workflowId?: string;
	/**
	 * The trigger's node version. Default 1: the tests written before version 2 existed describe
	 * version 1, which saved triggers keep (test/ScalepointEvents/eventTypes.test.ts runs version 2).
	 */
	typeVersion?: number;
}

const workflowIds = new WeakMap<IDataObject, string>();
let workflowCount = 0;

/**
 * The trigger lets only one poll per workflow and node run at a time (in this process), so tests
 * that run polls side by side must look like different workflows unless they share static data.
 */
function workflowIdFor(staticData: IDataObject) {
	let id = workflowIds.get(staticData);
	if (id === undefined) {
		id = `poll-workflow-${++workflowCount}`;
		workflowIds.set(staticData, id);
	}
	return id;
}

/**
 * Runs the trigger's `poll` the way n8n's poll tick does: a real n8n-core PollContext on a
 * workflow holding only the trigger, credentials from the test helper, and static data the test
 * owns (n8n would persist it between polls and restarts).
 */
export async function runPoll(options: PollOptions): Promise<INodeExecutionData[][] | null> {
	const type = `${PACKAGE_NAME}.scalepointEventsTrigger`;
	const workflow = new Workflow({
		id: options.workflowId ?? workflowIdFor(options.staticData),
		name: 'poll',
		nodes: [
			{
				id: 'trigger',
				name: 'Trigger',
				type,
				typeVersion: options.typeVersion ?? 1,
				position: [0, 0],
				parameters: options.parameters,
				credentials: {
					scalepointApi: {
						id: options.credentials.credentialId('scalepointApi'),
						name: 'scalepointApi account',
					},
				},
			},
		],
		connections: {},
		nodeTypes: nodeTypes(),
		active: true,
		settings: { executionOrder: 'v1' },
	});
	const base = 'http://127.0.0.1:5678';
	const additionalData = {
		credentialsHelper: options.credentials,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		variables: {},
		userId: 'test-user',
	} as unknown as IWorkflowExecuteAdditionalData;
	const node = workflow.getNode('Trigger')!;
	const mode = options.mode ?? 'trigger';
	const context = new PollContext(
		workflow,
		node,
		additionalData,
		mode,
		mode === 'manual' ? 'manual' : 'activate',
		undefined,
		undefined,
		undefined,
		undefined,
		() => options.staticData,
		() => options.budgetMs ?? 5 * 60_000,
	);
	const nodeType = registry().nodes[type] as INodeType;
	return await nodeType.poll!.call(context);
}
