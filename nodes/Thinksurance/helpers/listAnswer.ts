import type { IDataObject } from 'n8n-workflow';

import { asObject } from '../../shared/httpErrors';
import { INSURER_ID_FIELDS } from './agencyNumbers';

/**
 * Flattens the list answer into one object per agency number, each carrying its insurer
 * identifier. The page's example answers with the key `agencyNumbers`, its table and the add/delete
 * bodies use `agencyNumberSets`: both are accepted, as is a bare array. Every entry must be a holder
 * with an `agencyNumbers` list or one agency number, each with its `agencyNumber` text (required
 * in the page's scheme). Returns undefined for any other shape: an answer that is not understood
 * must never read as "no agency numbers". An answer with both keys is such a shape: reading one of
 * them would silently drop the other's numbers.
 */
export function flattenListAnswer(body: unknown): IDataObject[] | undefined {
	const object = asObject(body);
	if (object && 'agencyNumberSets' in object && 'agencyNumbers' in object) return undefined;
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
		if (!entry) return undefined;
		if (Array.isArray(entry.agencyNumbers)) {
			// A holder: insurer identifier + its numbers.
			const insurer: IDataObject = {};
			for (const field of INSURER_ID_FIELDS) {
				if (entry[field] !== undefined && entry[field] !== null)
					insurer[field] = entry[field] as string;
			}
			for (const number of entry.agencyNumbers) {
				const fields = asObject(number);
				if (!isAgencyNumber(fields)) return undefined;
				numbers.push({ ...insurer, ...(fields as IDataObject) });
			}
		} else if (isAgencyNumber(entry)) {
			// Already one agency number (with its insurer identifier on it).
			numbers.push({ ...(entry as IDataObject) });
		} else {
			return undefined;
		}
	}
	return numbers;
}

function isAgencyNumber(fields: Record<string, unknown> | undefined) {
	return typeof fields?.agencyNumber === 'string' && fields.agencyNumber.trim() !== '';
}
