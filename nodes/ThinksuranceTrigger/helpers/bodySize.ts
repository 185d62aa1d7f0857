import type { IWebhookFunctions } from 'n8n-workflow';

/**
 * The largest notification the node accepts. Notifications are thin by design (references and
 * links, not data: the page's example is under 1 kB), so 256 kB leaves ample room while keeping a
 * runaway or hostile body out of the workflow's executions. [inferred: the page names no limit]
 */
export const MAX_NOTIFICATION_BYTES = 256 * 1024;

/**
 * The size of the received body: the bytes n8n read (its body parser keeps them), else the
 * declared Content-Length, else the size of the parsed body written back as JSON.
 */
export function receivedBytes(context: IWebhookFunctions): number {
	const request = context.getRequestObject();
	const raw = (request as { rawBody?: { length: number } }).rawBody;
	if (raw && typeof raw.length === 'number') return raw.length;
	const declared = Number(context.getHeaderData()['content-length']);
	if (Number.isFinite(declared) && declared >= 0) return declared;
	return Buffer.byteLength(JSON.stringify(context.getBodyData() ?? {}), 'utf8');
}
