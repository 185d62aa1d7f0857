import type { INodeExecutionData } from 'n8n-workflow';

/**
 * Keeps the fields a user needs after a failure (requestId to resume, found, ...) in the error
 * item. n8n replaces the JSON of an output item that has `error` set with `{ error: message }`
 * (WorkflowExecute.normalizeNodeErrors), and routes an item to the error output only when its
 * JSON has no keys besides `error`, `message` and `details`. So the fields travel in `details`.
 */
export function withErrorDetails(item: INodeExecutionData): INodeExecutionData {
	if (!item.error) return item;
	const { error: message, ...details } = item.json;
	return { json: { error: message, details }, pairedItem: item.pairedItem };
}
