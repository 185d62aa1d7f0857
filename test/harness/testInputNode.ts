import { createReadStream } from 'node:fs';
import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

export const TEST_INPUT_TYPE = 'test.input';

/** A binary property to create on an input item: from bytes, or streamed from a file on disk. */
export interface TestBinary {
	data?: Buffer | string;
	filePath?: string;
	fileName?: string;
	mimeType?: string;
}

export interface TestItem {
	json: IDataObject;
	binary?: Record<string, TestBinary>;
}

/**
 * The workflow's start node in tests. It emits the items the test gives it and stores their binary
 * data through n8n's own BinaryDataService (memory or filesystem mode), as a Read File node would.
 */
export class TestInputNode implements INodeType {
	/** The items of each workflow being run, by workflow id: executions may run side by side. */
	static readonly pending = new Map<string, TestItem[]>();

	description: INodeTypeDescription = {
		displayName: 'Test Input',
		name: 'input',
		group: ['input'],
		version: 1,
		description: 'Emits test items',
		defaults: { name: 'Input' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items: INodeExecutionData[] = [];
		for (const item of TestInputNode.pending.get(this.getWorkflow().id ?? '') ?? []) {
			const output: INodeExecutionData = { json: item.json };
			if (item.binary) {
				const binary: IBinaryKeyData = {};
				for (const [key, file] of Object.entries(item.binary)) {
					const source = file.filePath
						? createReadStream(file.filePath)
						: Buffer.isBuffer(file.data)
							? file.data
							: Buffer.from(file.data ?? '', 'utf8');
					binary[key] = await this.helpers.prepareBinaryData(source, file.fileName, file.mimeType);
				}
				output.binary = binary;
			}
			items.push(output);
		}
		return [items];
	}
}
