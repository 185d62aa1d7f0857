import type { INodeExecutionData } from 'n8n-workflow';

import type { ScalepointFixture } from '../fixtures/scalepoint';
import { runNode, type TestItem } from '../harness/runWorkflow';
import type { JournalEntry } from '../sandbox/types';

export const OPEN_CASE = '11111111-1111-1111-1111-111111111111';
export const CLOSED_CASE = '33333333-3333-3333-3333-333333333333';
export const OPEN_NOTIFICATION = '44444444-4444-4444-4444-444444444444';
export const MERGED_NOTIFICATION = '66666666-6666-6666-6666-666666666666';
export const UNKNOWN_ID = '99999999-9999-9999-9999-999999999999';
export const SECURITY_TOKEN = '00000000-0000-0000-0000-000000000000';
export const USER = 'company_ds@example.com';

export function caseParams(fx: ScalepointFixture, overrides: Record<string, unknown> = {}) {
	return {
		resource: 'file',
		operation: 'submitToCase',
		host: fx.sandbox.url,
		tenant: 'host',
		caseId: OPEN_CASE,
		insuranceCompanyAlias: 'company',
		userEmail: USER,
		securityToken: SECURITY_TOKEN,
		...overrides,
	};
}

export function notificationParams(fx: ScalepointFixture, overrides: Record<string, unknown> = {}) {
	const { caseId: _unused, ...rest } = caseParams(fx);
	return {
		...rest,
		operation: 'submitToDamageNotification',
		damageNotificationId: OPEN_NOTIFICATION,
		...overrides,
	};
}

export async function run(
	fx: ScalepointFixture,
	parameters: Record<string, unknown>,
	items: TestItem[],
	onError?: 'continueErrorOutput' | 'continueRegularOutput',
	credentials = fx.credentials(),
) {
	return await runNode({
		type: 'scalepointFiles',
		parameters: parameters as never,
		items,
		credentials,
		onError,
	});
}

export function textItem(fileName: string, text: string, mimeType = 'text/plain'): TestItem {
	return {
		json: { fileName },
		binary: { data: { data: Buffer.from(text, 'utf8'), fileName, mimeType } },
	};
}

/** A file of a journalled ECB request, with its content decoded. */
export type SentFile = Record<string, unknown> & { content: Buffer };

/** The files of a journalled ECB request, with their content decoded. */
export function sentFiles(entry: JournalEntry): SentFile[] {
	const body = entry.json as { payload: { files: Array<Record<string, unknown>> } };
	return body.payload.files.map((file) => ({
		...file,
		content: Buffer.from(String(file.content), 'base64'),
	}));
}

export function jsonOf(items: INodeExecutionData[]) {
	return items.map((item) => item.json);
}
