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
import * as createBroker from './actions/broker/create.operation';
import * as getBrokerToken from './actions/broker/getToken.operation';
import * as getInquiries from './actions/inquiry/getAll.operation';
import { thinksuranceApiTest } from './credentialTest';

/** Keyed by `resource:operation`: Get Many exists for agency numbers and for inquiries. */
const operations: Record<string, (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>> = {
	'agencyNumber:add': add.execute,
	'agencyNumber:getAll': getAll.execute,
	'agencyNumber:delete': remove.execute,
	'broker:create': createBroker.execute,
	'broker:getToken': getBrokerToken.execute,
	'inquiry:getAll': getInquiries.execute,
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
			'={{ { add: "Add agency numbers", delete: "Delete agency numbers", getAll: $parameter["resource"] === "inquiry" ? "Get many inquiries" : "Get many agency numbers", create: "Create broker", getToken: "Get broker token" }[$parameter["operation"]] }}',
		description:
			'Manage agency numbers and brokers and read inquiries in Thinksurance (Public API V1.1)',
		defaults: { name: 'Thinksurance' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'thinksuranceApi', required: true, testedBy: 'thinksuranceApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Agency Number', value: 'agencyNumber' },
					{ name: 'Broker', value: 'broker' },
					{ name: 'Inquiry', value: 'inquiry' },
				],
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
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['broker'] } },
				options: [
					{
						name: 'Create',
						value: 'create',
						action: 'Create broker',
						description:
							'Create a broker in the account of the credential (needs its Account Token). Not repeated automatically: check before running it again after a failure.',
					},
					{
						name: 'Get Token',
						value: 'getToken',
						action: 'Get broker token',
						description:
							"Get a broker's token (bToken) by its external ID, for the Broker Token of another credential or an expression (needs the credential's Account Token). The output holds the token in plain text.",
					},
				],
				default: 'getToken',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['inquiry'] } },
				options: [
					{
						name: 'Get Many',
						value: 'getAll',
						action: 'Get many inquiries',
						description:
							'List the inquiries (IP notifications) of the broker/account of the credential, optionally one inquiry ID or the last N days only',
					},
				],
				default: 'getAll',
			},
			...add.description,
			...getAll.description,
			...remove.description,
			...createBroker.description,
			...getBrokerToken.description,
			...getInquiries.description,
		],
	};

	// The editor's credential test: a token, then the agency number list (see credentialTest.ts).
	methods = { credentialTest: { thinksuranceApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const run = operations[`${resource}:${operation}`];
		if (!run) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" of resource "${resource}" is not supported`,
			);
		}
		return await run.call(this);
	}
}
