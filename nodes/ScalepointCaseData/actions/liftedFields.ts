/**
 * Key fields lifted from a vendor answer: the value when it has the documented type, else null.
 * The whole answer stays in the output untouched, so nothing is lost by refusing other types.
 */
export function textAt(object: Record<string, unknown>, key: string): string | null {
	const value = object[key];
	return typeof value === 'string' ? value : null;
}

export function numberAt(object: Record<string, unknown>, key: string): number | null {
	const value = object[key];
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
