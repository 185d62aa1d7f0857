import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { scalepointApiTest } from '../Scalepoint/credentialTest';
import * as deleteCase from './actions/case/deleteCase.operation';

export class ScalepointCaseDeletion implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Scalepoint Case Deletion',
		name: 'scalepointCaseDeletion',
		icon: { light: 'file:scalepoint.svg', dark: 'file:scalepoint.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{ ($parameter["mode"] === "delete" ? "Delete" : "Dry run") + " in " + ($parameter["system"] === "claimShop" ? "ClaimShop" : "Hub Property") }}',
		description: 'Delete Scalepoint cases in Hub Property or ClaimShop, with a dry run first',
		defaults: { name: 'Scalepoint Case Deletion' },
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
						name: 'Delete',
						value: 'deleteCase',
						action: 'Delete case',
						description: 'Check (dry run) or delete a case in all Scalepoint systems',
					},
				],
				default: 'deleteCase',
			},
			...deleteCase.description,
		],
	};

	// The editor's credential test: obtain a token and stop there (see credentialTest.ts).
	methods = { credentialTest: { scalepointApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await deleteCase.execute.call(this);
	}
}
