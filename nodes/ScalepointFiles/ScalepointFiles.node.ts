import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { scalepointApiTest } from '../Scalepoint/credentialTest';
import { connectionFields, submitFields } from './actions/file/fields';
import * as submitToCase from './actions/file/submitToCase.operation';
import * as submitToDamageNotification from './actions/file/submitToDamageNotification.operation';

export class ScalepointFiles implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Scalepoint Files (ECB)',
		name: 'scalepointFiles',
		icon: { light: 'file:scalepoint.svg', dark: 'file:scalepoint.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{ $parameter["operation"] === "submitToCase" ? "Submit to case" : "Submit to damage notification" }}',
		description: 'Submit files from binary data to Scalepoint ECB cases and damage notifications',
		defaults: { name: 'Scalepoint Files (ECB)' },
		// Kept as a tool, although node-cli's template advises against it for binary-heavy nodes.
		// That advice is about file content passing through the model; here it never does: a tool
		// call chooses only parameters (target, IDs, which binary properties), the files are the
		// binary data already on the node's input, and the output is a short JSON without content.
		// Input without that binary ends in an error naming the missing property, nothing sent.
		// (n8n's lint requires the property and its type allows only `true`.)
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
				options: [{ name: 'File', value: 'file' }],
				default: 'file',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['file'] } },
				options: [
					{
						name: 'Submit to Case',
						value: 'submitToCase',
						action: 'Submit files to case',
						description: 'Add files to an open ECB case',
					},
					{
						name: 'Submit to Damage Notification',
						value: 'submitToDamageNotification',
						action: 'Submit files to damage notification',
						description: 'Add files to a damage notification that is not merged yet',
					},
				],
				default: 'submitToCase',
			},
			...connectionFields,
			...submitToCase.description,
			...submitToDamageNotification.description,
			...submitFields,
		],
	};

	// The editor's credential test: obtain a token and stop there (see credentialTest.ts).
	methods = { credentialTest: { scalepointApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0);
		if (operation === 'submitToCase') return await submitToCase.execute.call(this);
		if (operation === 'submitToDamageNotification')
			return await submitToDamageNotification.execute.call(this);
		throw new NodeOperationError(this.getNode(), `Unknown operation "${String(operation)}"`);
	}
}
