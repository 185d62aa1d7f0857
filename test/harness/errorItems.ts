import type { INodeExecutionData } from 'n8n-workflow';

/**
 * What a user can read from an error item, flattened: on the regular output the item's own
 * fields; on the error output `error`, `message`, the description that starts `message` and the
 * `(key: value, ...)` identifiers it ends with (see nodes/shared/itemRunner.ts).
 */
export function errorFacts(item: INodeExecutionData): Record<string, unknown> {
	const json = item.json as Record<string, unknown>;
	if (typeof json.message !== 'string') return json;
	const match = /^(.*?)\s*\(([^()]*)\)$/s.exec(json.message);
	const facts: Record<string, unknown> = { ...json, description: match ? match[1] : json.message };
	for (const pair of match ? match[2].split(', ') : []) {
		const at = pair.indexOf(': ');
		if (at > 0) facts[pair.slice(0, at)] = parseScalar(pair.slice(at + 2));
	}
	return facts;
}

function parseScalar(text: string): unknown {
	if (text === 'true' || text === 'false') return text === 'true';
	if (text === 'null') return null;
	return text;
}
