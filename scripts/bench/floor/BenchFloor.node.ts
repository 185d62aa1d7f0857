/**
 * The in-n8n floor for Event publish: the least a community node can do to send the bench's
 * events. Dev-only, never shipped: `floorPackage.ts` transpiles this file into a tiny extra
 * community package (`n8n-nodes-bench-floor`) installed into the bench's own n8n user folder.
 *
 * It sends exactly the requests Scalepoint Events sends in the bench (same URL, headers, JSON
 * envelope, credential and number in flight) through `this.helpers.httpRequestWithAuthentication`,
 * and nothing else: no parameter validation, no retries, no deadlines, no redaction, no error
 * items. The credential is read once and handed over decrypted (what the real node does too, so
 * n8n does not decrypt it per request); the first item goes alone so that n8n fetches one token.
 *
 * Imports only types: n8n loads the compiled file from the user folder, where `n8n-workflow` does
 * not resolve.
 */
import { randomUUID } from 'node:crypto';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

const CREDENTIAL_TYPE = 'scalepointApi';

export class BenchFloor implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bench Floor (dev only)',
		name: 'benchFloor',
		group: ['output'],
		version: 1,
		description: 'Publishes the bench events with nothing but httpRequestWithAuthentication',
		defaults: { name: 'Bench Floor' },
		inputs: ['main'] as INodeTypeDescription['inputs'],
		outputs: ['main'] as INodeTypeDescription['outputs'],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			{ displayName: 'Event Type', name: 'eventType', type: 'string', default: 'fraud_status' },
			{ displayName: 'Concurrency', name: 'concurrency', type: 'number', default: 5 },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const url = this.getNodeParameter('url', 0) as string;
		const eventType = this.getNodeParameter('eventType', 0) as string;
		const concurrency = this.getNodeParameter('concurrency', 0) as number;
		const reference = this.getNode().credentials?.[CREDENTIAL_TYPE];
		const data = { ...(await this.getCredentials(CREDENTIAL_TYPE)) };
		const credentialsDecrypted = {
			id: reference?.id ?? '',
			name: reference?.name ?? '',
			type: CREDENTIAL_TYPE,
			data,
		};
		const results: INodeExecutionData[] = new Array(items.length);

		const publish = async (index: number) => {
			const correlationId = randomUUID();
			const timestamp = new Date().toISOString();
			const source = items[index].json as { case?: { token?: string } };
			const options: IHttpRequestOptions = {
				method: 'POST',
				url,
				headers: {
					Accept: 'application/json',
					'Event-Type': eventType,
					'Content-Type': 'application/json;charset=utf-8',
				},
				body: {
					eventType,
					payloadVersion: '1.0.0',
					correlationId,
					timestamp,
					status: 'NOT_FRAUDULENT',
					case: { token: source.case?.token },
				},
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				timeout: 60_000,
			};
			const answer = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
				{ credentialsDecrypted },
			)) as { statusCode: number; body: IDataObject };
			results[index] = {
				json: { id: answer.body?._id, eventType, correlationId, timestamp },
				pairedItem: { item: index },
			};
		};

		let next = 0;
		if (items.length > 0) await publish(next++);
		const worker = async () => {
			while (next < items.length) await publish(next++);
		};
		await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
		return [results];
	}
}
