import type { IExecuteFunctions } from 'n8n-workflow';

/** n8n marks a parameter value that is an expression with a leading "=". */
export function isExpression(value: unknown) {
	return typeof value === 'string' && value.startsWith('=');
}

/**
 * Reads node parameters for an item, resolving a parameter only once per execution when its raw
 * value is not an expression (it then cannot differ between items). n8n's getNodeParameter is the
 * main per-item cost when thousands of events are published in one run.
 */
export function itemParameters(ctx: IExecuteFunctions) {
	const raw = ctx.getNode().parameters;
	const constants = new Map<string, unknown>();
	const isConstant = (name: string) => {
		const value = raw[name];
		return value === undefined || value === null || typeof value !== 'object'
			? !isExpression(value)
			: false;
	};
	const get = (name: string, itemIndex: number, fallback?: unknown): unknown => {
		if (constants.has(name)) return constants.get(name);
		const value = ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
		if (isConstant(name)) constants.set(name, value);
		return value;
	};
	return { get, isConstant };
}
