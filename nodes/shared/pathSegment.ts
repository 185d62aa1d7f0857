import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Checks one value that becomes a single URL path segment (tenant, country, case token, ...) and
 * returns it percent-encoded. The value can never change the path: separators, dot segments,
 * control characters and surrounding whitespace are refused with an error that names the field,
 * and everything else is encoded so `?`, `#` and `%` stay inside the segment.
 */
export function pathSegment(node: INode, fieldLabel: string, value: unknown, itemIndex?: number) {
	const problem = pathSegmentProblem(value);
	if (problem !== undefined) {
		throw new NodeOperationError(node, `${fieldLabel} ${problem}`, {
			itemIndex,
			description: `${fieldLabel} is one part of the request URL, so it must be a single plain value such as "dk" or "abcinsurance".`,
		});
	}
	return encodeURIComponent(value as string);
}

/** Returns why a value is not a safe path segment, or undefined when it is. */
export function pathSegmentProblem(value: unknown): string | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return 'must be text';
	const text = String(value);
	if (text.length === 0) return 'is empty';
	if (text.trim() !== text) return 'must not start or end with spaces';
	if (text.length > 200) return 'is longer than 200 characters';
	if (text === '.' || text === '..') return 'must not be "." or ".."';
	if (/[/\\]/.test(text)) return 'must not contain "/" or "\\"';
	// Encoded separators are refused too: some servers and proxies decode them before routing.
	if (/%2f|%5c|%2e/i.test(text)) return 'must not contain encoded "/", "\\" or "."';
	if (hasControlCharacter(text)) return 'must not contain control characters';
	return undefined;
}

function hasControlCharacter(text: string) {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x20 || code === 0x7f) return true;
	}
	return false;
}
