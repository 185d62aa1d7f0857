import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { idField } from './fields';
import { submitFiles } from './submitFiles';
import { CASE_TARGET } from './targets';

export const description: INodeProperties[] = [
	idField(
		'caseId',
		'Case ID',
		CASE_TARGET.operation,
		'The GUID of the open ECB case that receives the files',
	),
];

/** POST …/file/submitForCase. The case must be open. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await submitFiles.call(this, CASE_TARGET);
}
