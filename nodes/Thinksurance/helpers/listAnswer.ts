import type { IDataObject } from 'n8n-workflow';

import { asObject } from '../../shared/httpErrors';
import { INSURER_ID_FIELDS } from './agencyNumbers';

/**
 * Flattens the list answer into one object per agency number, each carrying its insurer
 * identifier. The page's example answers with the key `agencyNumbers`, the add/delete bodies use
 * `agencyNumberSets`: both are accepted, as is a bare array. Returns undefined for an unknown shape.
 */
export function flattenListAnswer(body: unknown): IDataObject[] | undefined {
	const object = asObject(body);
	const outer = Array.isArray(body)
		? body
		: Array.isArray(object?.agencyNumberSets)
			? object.agencyNumberSets
			: Array.isArray(object?.agencyNumbers)
				? object.agencyNumbers
				: undefined;
	if (!outer) return undefined;
	const numbers: IDataObject[] = [];
	for (const element of outer) {
		const entry = asObject(element);
		if (!entry) continue;
		if (Array.isArray(entry.agencyNumbers)) {
			// A holder: insurer identifier + its numbers.
			const insurer: IDataObject = {};
			for (const field of INSURER_ID_FIELDS) {
				if (entry[field] !== undefined && entry[field] !== null)
					insurer[field] = entry[field] as string;
			}
			for (const number of entry.agencyNumbers) {
				const fields = asObject(number);
				if (fields) numbers.push({ ...insurer, ...(fields as IDataObject) });
			}
		} else {
			// Already one agency number (with its insurer identifier on it).
			numbers.push({ ...(entry as IDataObject) });
		}
	}
	return numbers;
}
