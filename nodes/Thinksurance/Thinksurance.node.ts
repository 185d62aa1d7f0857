import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import * as add from './actions/agencyNumber/add.operation';
import * as getAll from './actions/agencyNumber/getAll.operation';
import * as remove from './actions/agencyNumber/delete.operation';

const operations: Record<string, (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>> = {
	add: add.execute,
	getAll: getAll.execute,
	delete: remove.execute,
};

export class Thinksurance implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Thinksurance',
		name: 'thinksurance',
		icon: { light: 'file:thinksurance.svg', dark: 'file:thinksurance.dark.svg' },
		group: ['output'],
		version: 1,
		// The action's name, not the internal values ("getAll: agencyNumber").
		subtitle:
			'={{ { add: "Add agency numbers", delete: "Delete agency numbers", getAll: "Get many agency numbers" }[$parameter["operation"]] }}',
		description: 'Manage agency numbers in Thinksurance (Public API V1.1)',
		defaults: { name: 'Thinksurance' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'thinksuranceApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Agency Number', value: 'agencyNumber' }],
				default: 'agencyNumber',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['agencyNumber'] } },
				options: [
					{
						name: 'Add',
						value: 'add',
						action: 'Add agency numbers',
						description: 'Add agency numbers for one or more insurers',
					},
					{
						name: 'Delete',
						value: 'delete',
						action: 'Delete agency numbers',
						description: 'Delete agency numbers of an insurer',
					},
					{
						name: 'Get Many',
						value: 'getAll',
						action: 'Get many agency numbers',
						description: 'List the agency numbers of the broker/account',
					},
				],
				default: 'add',
			},
			...add.description,
			...getAll.description,
			...remove.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		const run = operations[operation];
		if (!run)
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
		return await run.call(this);
	}
}
