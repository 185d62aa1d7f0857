import './environment';

import { Container } from '@n8n/di';
import { BinaryDataService, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	INode,
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	IRun,
	IWorkflowExecuteAdditionalData,
	NodeExecutionHint,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { TestCredentialsHelper } from './credentialsHelper';
import { harnessFolder } from './environment';
import { PACKAGE_NAME, nodeTypes, registry } from './registry';
import { TEST_INPUT_TYPE, TestInputNode, type TestItem } from './testInputNode';

export type { TestItem } from './testInputNode';

export interface RunNodeOptions {
	/** Node name inside the package, e.g. `scalepointSelfService`. */
	type: string;
	parameters: INodeParameters;
	items?: TestItem[];
	/** Reuse a helper to keep stored tokens between runs (as n8n's database would). */
	credentials: TestCredentialsHelper;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	/** Cancels the execution after this many ms (the user pressing "stop"). */
	cancelAfterMs?: number;
	/** The node's Settings tab, e.g. `{ retryOnFail: true, maxTries: 2 }`. */
	settings?: Pick<INode, 'retryOnFail' | 'maxTries' | 'waitBetweenTries'>;
}

export interface RunNodeResult {
	/** Items on the node's first output. */
	output: INodeExecutionData[];
	/** Items on the error output (only with onError: continueErrorOutput). */
	errorOutput: INodeExecutionData[];
	/** The node error when the node failed the execution. */
	error?: Error & { description?: string; context?: IDataObject; httpCode?: string };
	hints: NodeExecutionHint[];
	run: IRun;
}

export function credentialsHelperWith(credentials: Record<string, ICredentialDataDecryptedObject>) {
	const helper = new TestCredentialsHelper(registry().credentials);
	for (const [type, data] of Object.entries(credentials)) helper.set(type, data);
	return helper;
}

let binaryReady: Promise<void> | undefined;
let runCount = 0;

/** Binary data mode for this test process: n8n's default in-memory mode or filesystem. */
export async function useBinaryMode(mode: 'default' | 'filesystem') {
	const service = Container.get(BinaryDataService) as unknown as {
		config: { mode: string; localStoragePath: string; availableModes: string[] };
		init(): Promise<void>;
	};
	service.config.mode = mode;
	service.config.availableModes = ['default', 'filesystem'];
	service.config.localStoragePath = `${harnessFolder}/binaryData`;
	binaryReady = service.init();
	await binaryReady;
}

/**
 * Runs a two-node workflow, test input → the node under test, through n8n-core's own
 * WorkflowExecute: parameters and expressions are resolved by n8n, credentials go through
 * preAuthentication/authenticate, and the error output is routed by the engine.
 */
export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	await (binaryReady ?? useBinaryMode('default'));
	// A workflow id of its own, so that runs started side by side each get their own items.
	const workflowId = `test-workflow-${++runCount}`;
	TestInputNode.pending.set(workflowId, options.items ?? [{ json: {} }]);
	const credentialTypes = Object.keys(registry().credentials);
	const nodeName = 'Node';
	const workflow = new Workflow({
		id: workflowId,
		name: 'test',
		nodes: [
			{
				id: 'input',
				name: 'Input',
				type: TEST_INPUT_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'node',
				name: nodeName,
				type: `${PACKAGE_NAME}.${options.type}`,
				typeVersion: 1,
				position: [200, 0],
				parameters: options.parameters,
				onError: options.onError,
				...options.settings,
				credentials: Object.fromEntries(
					credentialTypes.map((type) => [
						type,
						{ id: options.credentials.credentialId(type), name: `${type} account` },
					]),
				),
			},
		],
		connections: { Input: { main: [[{ node: nodeName, type: 'main', index: 0 }]] } },
		nodeTypes: nodeTypes(),
		active: false,
		settings: { executionOrder: 'v1' },
	});

	const executionId = `test-execution-${runCount}`;
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: workflowId,
		name: 'test',
		nodes: [],
		connections: {},
		active: false,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	let finished!: (run: IRun) => void;
	const done = new Promise<IRun>((resolve) => (finished = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => finished(run));

	const base = 'http://127.0.0.1:5678';
	const additionalData = {
		hooks,
		credentialsHelper: options.credentials,
		executionId,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		currentNodeParameters: undefined,
		variables: {},
		userId: 'test-user',
	} as unknown as IWorkflowExecuteAdditionalData;

	const execution = new WorkflowExecute(additionalData, 'manual').run({
		workflow,
		startNode: workflow.getNode('Input')!,
	} as never);
	if (options.cancelAfterMs !== undefined) {
		const timer = setTimeout(() => execution.cancel(), options.cancelAfterMs);
		void execution.finally(() => clearTimeout(timer));
	}
	await execution.catch(() => undefined);
	const run = await done;
	TestInputNode.pending.delete(workflowId);

	const task = run.data.resultData.runData[nodeName]?.[0];
	const main = task?.data?.main ?? [];
	return {
		output: main[0] ?? [],
		errorOutput: options.onError === 'continueErrorOutput' ? (main[1] ?? []) : [],
		error: (task?.error ?? run.data.resultData.error) as RunNodeResult['error'],
		hints: task?.hints ?? [],
		run,
	};
}
