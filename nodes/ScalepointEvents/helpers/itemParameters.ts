import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** n8n marks a parameter value that is an expression with a leading "=". */
export function isExpression(value: unknown) {
	return typeof value === 'string' && value.startsWith('=');
}

/** `={{ $json.case.token }}`, `={{ $json["case"][0] }}`: nothing but a field of the input item. */
const FIELD_REFERENCE =
	/^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[(?:'[^'\\]*'|"[^"\\]*"|\d+)\])+)\s*\}\}$/;
const PATH_SEGMENT = /\.([A-Za-z_$][\w$]*)|\[(?:'([^'\\]*)'|"([^"\\]*)"|(\d+))\]/g;

/** The path of a plain field reference, or undefined for any other value or expression. */
export function fieldReferencePath(value: unknown): string[] | undefined {
	if (typeof value !== 'string') return undefined;
	const match = FIELD_REFERENCE.exec(value);
	if (!match) return undefined;
	return [...match[1].matchAll(PATH_SEGMENT)].map(
		(segment) => segment[1] ?? segment[2] ?? segment[3] ?? segment[4],
	);
}

/** The string at `path` in the item, only through the item's own fields. */
function stringAt(json: IDataObject, path: string[]): string | undefined {
	let current: unknown = json;
	for (const key of path) {
		if (current === null || typeof current !== 'object') return undefined;
		if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return typeof current === 'string' ? current : undefined;
}

/**
 * Reads node parameters for an item. n8n's getNodeParameter is the main per-item cost when
 * thousands of events are published in one run, so:
 * - a parameter whose raw value is not an expression is resolved once (it cannot vary by item);
 * - a parameter that only maps an input field (`{{ $json.case.token }}`, the usual drag-and-drop)
 *   is read from the item directly when that field holds a string — what n8n would return too.
 *   Anything else (numbers, objects, missing fields, other expressions) goes through n8n.
 */
export function itemParameters(ctx: IExecuteFunctions) {
	const raw = ctx.getNode().parameters;
	const items = ctx.getInputData();
	const constants = new Map<string, unknown>();
	const paths = new Map<string, string[] | undefined>();
	const isConstant = (name: string) => {
		const value = raw[name];
		return value === undefined || value === null || typeof value !== 'object'
			? !isExpression(value)
			: false;
	};
	const pathOf = (name: string) => {
		if (!paths.has(name)) paths.set(name, fieldReferencePath(raw[name]));
		return paths.get(name);
	};
	const get = (name: string, itemIndex: number, fallback?: unknown): unknown => {
		if (constants.has(name)) return constants.get(name);
		const path = pathOf(name);
		const json = items[itemIndex]?.json;
		if (path && json) {
			const direct = stringAt(json, path);
			if (direct !== undefined) return direct;
		}
		const value = ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
		if (isConstant(name)) constants.set(name, value);
		return value;
	};
	return { get, isConstant };
}
