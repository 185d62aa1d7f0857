/**
 * The workflows the figures run: a Code node makes N event envelopes, then one node under test
 * publishes them (our Scalepoint Events node, n8n's HTTP Request node, or a No-Op for the baseline);
 * and a file read from disk, optionally submitted with Scalepoint Files.
 */
import { PACKAGE_NAME } from '../runtime/communityPackage';
import type { CredentialRecord } from '../runtime/sandboxLink';
import { FLOOR_NODE_TYPE } from './floorPackage';

export interface BenchWorkflow {
	id: string;
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	active: boolean;
	settings: Record<string, unknown>;
}

export const EVENT_TYPE = 'fraud_status';
export const TARGET = 'Under test';

let counter = 0;
/** n8n ids are 16 characters. */
export function newId(prefix: string): string {
	counter += 1;
	return `${prefix}${String(counter).padStart(16 - prefix.length, '0')}`.slice(0, 16);
}

function chain(id: string, name: string, nodes: Array<Record<string, unknown>>): BenchWorkflow {
	const placed: Array<Record<string, unknown>> = nodes.map((node, index) => ({
		id: `${id}-${index}`,
		typeVersion: 1,
		position: [index * 240, 0],
		...node,
	}));
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < placed.length; i++) {
		connections[placed[i].name as string] = {
			main: [[{ node: placed[i + 1].name, type: 'main', index: 0 }]],
		};
	}
	return {
		id,
		name,
		nodes: placed,
		connections,
		active: false,
		settings: { executionOrder: 'v1' },
	};
}

const trigger = { name: 'Run', type: 'n8n-nodes-base.manualTrigger', parameters: {} };

/** N complete event envelopes, as an upstream system would hand them over. */
function makeItems(count: number) {
	return {
		name: 'Make items',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: {
			jsCode: [
				'const items = [];',
				'const now = new Date().toISOString();',
				`for (let i = 0; i < ${count}; i++) {`,
				'  const n = String(i).padStart(12, "0");',
				'  items.push({ json: {',
				`    eventType: '${EVENT_TYPE}', payloadVersion: '1.0.0',`,
				'    correlationId: `bench-${n}`, timestamp: now,',
				"    status: 'NOT_FRAUDULENT', case: { token: `00000000-0000-4000-8000-${n}` },",
				'  } });',
				'}',
				'return items;',
			].join('\n'),
		},
	};
}

export type OurBodySource = 'fields' | 'inputItem';

/** Our node: fraud status from fields (the case token mapped with one expression), or the item. */
export function scalepointEventsWorkflow(
	count: number,
	sandboxUrl: string,
	credential: CredentialRecord,
	bodySource: OurBodySource,
	concurrency?: number,
): BenchWorkflow {
	const id = newId('benchEv');
	const fields =
		bodySource === 'fields'
			? {
					fraudStatus: 'NOT_FRAUDULENT',
					caseIdentifierType: 'token',
					caseIdentifier: '={{ $json.case.token }}',
				}
			: {};
	return chain(id, `Bench: Scalepoint Events ${bodySource} [${id}]`, [
		trigger,
		makeItems(count),
		{
			name: TARGET,
			type: `${PACKAGE_NAME}.scalepointEvents`,
			parameters: {
				resource: 'event',
				operation: 'publish',
				host: sandboxUrl,
				country: 'dk',
				tenant: 'abcinsurance',
				eventType: EVENT_TYPE,
				bodySource,
				...fields,
				payloadVersion: '1.0.0',
				options: concurrency ? { concurrency } : {},
			},
			credentials: { scalepointApi: { id: credential.id, name: credential.name } },
		},
	]);
}

/**
 * The in-n8n floor: the dev-only node of floor/BenchFloor.node.ts sending the same requests with
 * the same credential and number in flight, and nothing else.
 */
export function floorWorkflow(
	count: number,
	sandboxUrl: string,
	credential: CredentialRecord,
	concurrency: number,
): BenchWorkflow {
	const id = newId('benchFl');
	return chain(id, `Bench: in-n8n floor [${id}]`, [
		trigger,
		makeItems(count),
		{
			name: TARGET,
			type: FLOOR_NODE_TYPE,
			parameters: {
				url: `${sandboxUrl}/api/events/v1/dk/external/abcinsurance/send`,
				eventType: EVENT_TYPE,
				concurrency,
			},
			credentials: { scalepointApi: { id: credential.id, name: credential.name } },
		},
	]);
}

/**
 * The Event publish workflow started by POST /webhook/<path> instead of the manual trigger, so
 * that in queue mode a worker runs it (`n8n execute` never reaches one). Published on import.
 */
export function webhookEventsWorkflow(
	count: number,
	sandboxUrl: string,
	credential: CredentialRecord,
	path: string,
): BenchWorkflow {
	const workflow = scalepointEventsWorkflow(count, sandboxUrl, credential, 'fields');
	const manual = workflow.nodes[0];
	workflow.nodes[0] = {
		...manual,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: path,
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	};
	workflow.active = true;
	return workflow;
}

export interface HttpBatching {
	batchSize: number;
	batchIntervalMs: number;
}

/** n8n's HTTP Request node sending the same calls: literal Bearer token, Event-Type, body {{$json}}. */
export function httpRequestWorkflow(
	count: number,
	sandboxUrl: string,
	token: string,
	batching?: HttpBatching,
): BenchWorkflow {
	const id = newId('benchHt');
	return chain(id, `Bench: HTTP Request [${id}]`, [
		trigger,
		makeItems(count),
		{
			name: TARGET,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `${sandboxUrl}/api/events/v1/dk/external/abcinsurance/send`,
				sendHeaders: true,
				headerParameters: {
					parameters: [
						{ name: 'Authorization', value: `Bearer ${token}` },
						{ name: 'Event-Type', value: EVENT_TYPE },
						// The Event API accepts only this content type (415 otherwise).
						{ name: 'Content-Type', value: 'application/json;charset=utf-8' },
					],
				},
				sendBody: true,
				contentType: 'json',
				specifyBody: 'json',
				jsonBody: '={{ $json }}',
				options: batching
					? {
							batching: {
								batch: { batchSize: batching.batchSize, batchInterval: batching.batchIntervalMs },
							},
						}
					: {},
			},
		},
	]);
}

/** Same items, a node that does nothing: what the Code node and the engine cost on their own. */
export function noOpWorkflow(count: number): BenchWorkflow {
	const id = newId('benchNo');
	return chain(id, `Bench: no-op [${id}]`, [
		trigger,
		makeItems(count),
		{ name: TARGET, type: 'n8n-nodes-base.noOp', parameters: {} },
	]);
}

/** Reads one file from disk (filesystem binary mode) and optionally submits it to an ECB case. */
export function fileWorkflow(
	path: string,
	sandboxUrl: string,
	credential: CredentialRecord | undefined,
): BenchWorkflow {
	const id = newId('benchFi');
	const read = {
		name: 'Read file',
		type: 'n8n-nodes-base.readWriteFile',
		parameters: { operation: 'read', fileSelector: path, options: {} },
	};
	const nodes: Array<Record<string, unknown>> = [trigger, read];
	if (credential) {
		nodes.push({
			name: TARGET,
			type: `${PACKAGE_NAME}.scalepointFiles`,
			parameters: {
				resource: 'file',
				operation: 'submitToCase',
				host: sandboxUrl,
				tenant: 'host',
				caseId: '11111111-1111-1111-1111-111111111111',
				insuranceCompanyAlias: 'company',
				userEmail: 'company_ds@example.com',
				securityToken: '00000000-0000-0000-0000-000000000000',
				binaryPropertyNames: 'data',
				options: { timeoutSeconds: 600 },
			},
			credentials: { scalepointApi: { id: credential.id, name: credential.name } },
		});
	}
	return chain(id, `Bench: file ${credential ? 'submit' : 'read only'} [${id}]`, nodes);
}

/** A fresh copy of the credential, so n8n has no stored token and the run must fetch one. */
export function freshCredential(base: CredentialRecord): CredentialRecord {
	const id = newId('benchCr');
	return { ...structuredClone(base), id, name: `${base.name} [${id}]` };
}
