import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { apiError } from '../../shared/httpErrors';

/**
 * A copy of a request's error for one of the items it carried: each error item needs its own
 * error (n8n records the item index on it), with the same message and reason.
 */
export function errorForItem(node: INode, error: unknown, itemIndex: number, note?: string) {
	const description = [errorDescription(error), note].filter(Boolean).join(' ');
	if (error instanceof NodeApiError) {
		const status = error.httpCode ? Number(error.httpCode) : undefined;
		return apiError(node, status, error.message, description || undefined, itemIndex);
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, message, {
		itemIndex,
		description: description || undefined,
	});
}

function errorDescription(error: unknown) {
	const description = (error as { description?: unknown } | undefined)?.description;
	return typeof description === 'string' ? description : undefined;
}
