import type { INodeExecutionData } from 'n8n-workflow';

import { identifiersInMessage } from '../../nodes/shared/itemIdentifiers';

const MARKER = ' Identifiers: ';

/**
 * What a user can read from an error item, flattened: on the regular output the item's own
 * fields; on the error output `error`, `message`, the description that starts `message` and the
 * `Identifiers: {…}` JSON it ends with (see nodes/shared/itemIdentifiers.ts).
 */
export function errorFacts(item: INodeExecutionData): Record<string, unknown> {
	const json = item.json as Record<string, unknown>;
	if (typeof json.message !== 'string') return json;
	const identifiers = identifiersInMessage(json.message);
	const at = json.message.lastIndexOf(MARKER);
	const description = identifiers && at >= 0 ? json.message.slice(0, at) : json.message;
	return { ...json, description, ...identifiers };
}
