import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { scalepointApiTest } from '../Scalepoint/credentialTest';
import * as submit from './actions/case/submit.operation';

export class ScalepointSelfService implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Scalepoint Self-Service',
		name: 'scalepointSelfService',
		icon: { light: 'file:scalepoint.svg', dark: 'file:scalepoint.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ "Submit case " + ($parameter["caseToken"] || "") }}',
		description: 'Submit Scalepoint Self-Service cases to ClaimShop',
		defaults: { name: 'Scalepoint Self-Service' },
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
				options: [{ name: 'Case', value: 'case' }],
				default: 'case',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['case'] } },
				options: [
					{
						name: 'Submit',
						value: 'submit',
						action: 'Submit case',
						description: 'Import the data of a Self-Service case into its ClaimShop case',
					},
				],
				default: 'submit',
			},
			...submit.description,
		],
	};

	// The editor's credential test: obtain a token and stop there (see credentialTest.ts).
	methods = { credentialTest: { scalepointApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await submit.execute.call(this);
	}
}
