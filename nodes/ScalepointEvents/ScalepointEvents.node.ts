import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { scalepointApiTest } from '../Scalepoint/credentialTest';
import * as publish from './actions/event/publish.operation';

export class ScalepointEvents implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Scalepoint Events',
		name: 'scalepointEvents',
		icon: { light: 'file:scalepoint.svg', dark: 'file:scalepoint.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{ "Publish " + ($parameter["eventType"] === "custom" ? $parameter["customEventType"] : $parameter["eventType"]) }}',
		description: 'Publish events to the Scalepoint Event API',
		defaults: { name: 'Scalepoint Events' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'scalepointApi', required: true, testedBy: 'scalepointApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Event', value: 'event' }],
				default: 'event',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['event'] } },
				options: [
					{
						name: 'Publish',
						value: 'publish',
						action: 'Publish event',
						description:
							'Send an event such as payment_status_updated or fraud_status to Scalepoint',
					},
				],
				default: 'publish',
			},
			...publish.description,
		],
	};

	// The editor's credential test: obtain a token and stop there (see credentialTest.ts).
	methods = { credentialTest: { scalepointApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await publish.execute.call(this);
	}
}
