import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { idField } from './fields';
import { submitFiles } from './submitFiles';
import { DAMAGE_NOTIFICATION_TARGET } from './targets';

export const description: INodeProperties[] = [
	idField(
		'damageNotificationId',
		'Damage Notification ID',
		DAMAGE_NOTIFICATION_TARGET.operation,
		'The GUID of the damage notification that receives the files. It must not be merged into a case yet.',
	),
];

/** POST …/file/submitForDamageNotification. The notification must not be merged into a case. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await submitFiles.call(this, DAMAGE_NOTIFICATION_TARGET);
}
