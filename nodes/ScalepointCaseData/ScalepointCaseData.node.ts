import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { scalepointApiTest } from '../Scalepoint/credentialTest';
import * as getCase from './actions/case/get.operation';
import * as getRevision from './actions/settlement/getRevision.operation';

const operations: Record<string, (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>> = {
	'case:get': getCase.execute,
	'settlement:getRevision': getRevision.execute,
};

export class ScalepointCaseData implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Scalepoint Case Data',
		name: 'scalepointCaseData',
		icon: { light: 'file:scalepoint.svg', dark: 'file:scalepoint.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle:
			'={{ $parameter["resource"] === "settlement" ? "Get settlement revision" : "Get case" }}',
		description: 'Read Scalepoint cases and settlement revisions, e.g. after a case_settled event',
		defaults: { name: 'Scalepoint Case Data' },
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
				options: [
					{ name: 'Case', value: 'case' },
					{ name: 'Settlement', value: 'settlement' },
				],
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
						name: 'Get',
						value: 'get',
						action: 'Get case',
						description: 'Get the data of a case (customer, loss, claim lines) by its case token',
					},
				],
				default: 'get',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['settlement'] } },
				options: [
					{
						name: 'Get Revision',
						value: 'getRevision',
						action: 'Get settlement revision',
						description:
							'Get the settlement of a case (status, type, amounts, items) by its revision token',
					},
				],
				default: 'getRevision',
			},
			...getCase.description,
			...getRevision.description,
		],
	};

	// The editor's credential test: obtain a token and stop there (see credentialTest.ts).
	methods = { credentialTest: { scalepointApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const run = operations[`${resource}:${operation}`];
		if (!run) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" of "${resource}" is not supported`,
			);
		}
		return await run.call(this);
	}
}
