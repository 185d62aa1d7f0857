import './environment';

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWebhookData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import type { TestCredentialsHelper } from './credentialsHelper';
import { PACKAGE_NAME, nodeTypes, registry } from './registry';

export interface WebhookServerOptions {
	/** Node name inside the package, e.g. `thinksuranceTrigger`. */
	type: string;
	parameters: INodeParameters;
	credentials: TestCredentialsHelper;
	/** Credential types the node has selected, e.g. `['thinksuranceWebhookApi']`. */
	credentialTypes?: string[];
}

export interface WebhookServer {
	url: string;
	/** The workflowData of every call that started the workflow, in order. */
	emitted: INodeExecutionData[][][];
	/** Errors thrown by webhook() or the harness (n8n would answer 500); tests expect none. */
	failures: Error[];
	/** The workflow's static data as n8n would have saved it after the last call. */
	staticData(): IDataObject;
	close(): Promise<void>;
}

/**
 * A trigger's `webhook()` behind a real HTTP server on 127.0.0.1, the way n8n's live webhooks run
 * it: per call the workflow is built anew from the saved static data (n8n loads it from its
 * database), the body is read and parsed as n8n's body parser does (`rawBody`, JSON for
 * application/json; a body that is not JSON is answered 422 before the node runs, as n8n does),
 * a real n8n-core WebhookContext calls the node, and changed static data is saved afterwards.
 */
export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
	const type = `${PACKAGE_NAME}.${options.type}`;
	const nodeType = registry().nodes[type] as INodeType;
	const description = nodeType.description.webhooks![0];
	let saved: IDataObject = {};
	const emitted: INodeExecutionData[][][] = [];
	const failures: Error[] = [];

	async function handle(req: IncomingMessage, res: ServerResponse) {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
		const request = req as IncomingMessage & { rawBody: Buffer; body?: unknown };
		request.rawBody = rawBody;
		if (rawBody.length > 0 && req.headers['content-type']?.startsWith('application/json')) {
			try {
				request.body = JSON.parse(rawBody.toString('utf8'));
			} catch {
				res.writeHead(422, { 'content-type': 'application/json' });
				res.end('{"code":422,"message":"Failed to parse request body"}');
				return;
			}
		}
		const workflow = new Workflow({
			id: 'webhook-workflow',
			name: 'webhook',
			nodes: [
				{
					id: 'trigger',
					name: 'Trigger',
					type,
					typeVersion: 1,
					position: [0, 0],
					webhookId: 'test-webhook-id',
					parameters: options.parameters,
					credentials: Object.fromEntries(
						(options.credentialTypes ?? []).map((credential) => [
							credential,
							{ id: options.credentials.credentialId(credential), name: credential },
						]),
					),
				},
			],
			connections: {},
			nodeTypes: nodeTypes(),
			active: true,
			staticData: structuredClone(saved),
			settings: { executionOrder: 'v1' },
		});
		const additionalData = {
			credentialsHelper: options.credentials,
			httpRequest: request,
			httpResponse: res,
			restApiUrl: 'http://127.0.0.1:5678/rest',
			instanceBaseUrl: 'http://127.0.0.1:5678/',
			webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
			webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
			webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
			formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
			variables: {},
			userId: 'test-user',
		} as unknown as IWorkflowExecuteAdditionalData;
		const webhookData = {
			httpMethod: 'POST',
			node: 'Trigger',
			path: `test-webhook-id/${String(description.path)}`,
			webhookDescription: description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: 'test-webhook-id',
		} as IWebhookData;
		const node = workflow.getNode('Trigger')!;
		const context = new WebhookContext(
			workflow,
			node,
			additionalData,
			'webhook',
			webhookData,
			[],
			null,
		);
		const result = await nodeType.webhook!.call(context);
		if (result.workflowData) emitted.push(result.workflowData);
		if (!result.noWebhookResponse && !res.headersSent) {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"message":"Workflow was started"}');
		}
		const staticData = workflow.staticData as IDataObject;
		// As n8n's saveStaticData: only when the node changed it, then the flag is reset.
		if (staticData.__dataChanged === true) {
			staticData.__dataChanged = false;
			saved = JSON.parse(JSON.stringify(staticData)) as IDataObject;
			delete saved.__dataChanged;
		}
	}

	const server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			failures.push(error instanceof Error ? error : new Error(String(error)));
			if (res.headersSent) {
				res.end();
				return;
			}
			res.writeHead(500, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ message: error instanceof Error ? error.message : String(error) }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/webhook/test-webhook-id/${String(description.path)}`,
		emitted,
		failures,
		staticData: () => saved,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
