import type { IDataObject } from 'n8n-workflow';

import { asObject } from '../../shared/httpErrors';
import { REDACTED } from '../../shared/redact';
import { truncate } from '../../shared/validation';

/**
 * The "Get IP Notifications" answer [page]: a JSON dictionary keyed by inquiry id whose values are
 * Items `{sHash, data, customer?, docs?}`; `data` is the Inquiry Scheme with the inquiry id `iId`.
 * Only part of the schemes is published (customer, docs, employees and the end of `data` are not),
 * so each Item is passed on as Thinksurance sent it; only `inquiryId` (= `data.iId`) is added on
 * top, for expressions and the AI tool.
 *
 * Also accepted, because both are what a PHP server writes for the same data: `[]` for an empty
 * dictionary, and a list of Items. Every Item must be an object with a `data` object holding a
 * whole-number `iId` (the one field that makes it an inquiry); any other shape returns no
 * inquiries, so an answer that is not understood never reads as "no inquiries". `{}` is the
 * documented dictionary with no entries, so it is an empty list.
 *
 * A 200 alone does not prove which inquiries it lists, so two answers that name another inquiry
 * return no inquiries with the reason in `problem`: a dictionary key that is not its Item's
 * `data.iId` (which of the two is the inquiry is unknown), and, when one inquiry was asked for
 * (`askedId`, the Inquiry ID filter), any Item of another inquiry.
 */
export function inquiriesOf(
	body: unknown,
	askedId?: number,
): { inquiries?: IDataObject[]; problem?: string } {
	const object = asObject(body);
	if (!Array.isArray(body) && !object) return {};
	// A list has no keys; a dictionary's key is compared with its Item's `data.iId`.
	const entries: Array<[string | undefined, unknown]> = Array.isArray(body)
		? body.map((element) => [undefined, element])
		: Object.entries(object ?? {});
	const inquiries: IDataObject[] = [];
	for (const [key, element] of entries) {
		const item = asObject(element);
		const inquiryId = inquiryIdOf(asObject(item?.data)?.iId);
		if (!item || inquiryId === undefined) return {};
		if (key !== undefined && inquiryIdOf(key) !== inquiryId) {
			return {
				problem: `Inquiry ${inquiryId} is listed under the key "${truncate(key)}", so the answer does not say which inquiry it is.`,
			};
		}
		if (askedId !== undefined && inquiryId !== askedId) {
			return {
				problem: `The answer lists inquiry ${inquiryId}, but only inquiry ${askedId} was asked for.`,
			};
		}
		inquiries.push({ inquiryId, ...(item as IDataObject) });
	}
	return { inquiries };
}

/** `iId` is an int on the page; a server may well write it as text. */
function inquiryIdOf(value: unknown): number | undefined {
	const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
	return typeof number === 'number' && Number.isSafeInteger(number) && number >= 0
		? number
		: undefined;
}

/**
 * The Item with `data.bToken` (the broker's token, a secret that identifies the broker to
 * Thinksurance) replaced by "[redacted]". `data.bExternalId` still says which broker it is.
 */
export function withoutBrokerToken(inquiry: IDataObject): IDataObject {
	const data = asObject(inquiry.data);
	if (!data || data.bToken === undefined || data.bToken === null || data.bToken === '')
		return inquiry;
	return { ...inquiry, data: { ...(data as IDataObject), bToken: REDACTED } };
}
