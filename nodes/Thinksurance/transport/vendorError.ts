import { asObject } from '../../shared/httpErrors';

/**
 * Thinksurance reports failures two ways: HTTP 200 with `{"error": "..."}` (what the endpoint
 * pages show) and, since March 2025, HTTP 400/404 with the same body. Both are failures. So are
 * the other explicit failure markers a 200 can carry next to `status` (whose text may change, so it
 * is not matched): a non-empty `errors` list and `success: false`.
 * Returns the reason, or undefined for a success.
 */
export function failureReason(status: number, body: unknown): string | undefined {
	const object = asObject(body);
	const error = object?.error;
	if (error !== undefined && error !== null && error !== false) {
		return (vendorWords(error) ?? JSON.stringify(error)).slice(0, 500);
	}
	const errors = object?.errors;
	if (
		Array.isArray(errors)
			? errors.length > 0
			: errors !== undefined && errors !== null && errors !== false
	) {
		const list = Array.isArray(errors) ? errors : [errors];
		return list
			.map((entry) => vendorWords(entry) ?? JSON.stringify(entry))
			.join('; ')
			.slice(0, 500);
	}
	if (object?.success === false) {
		// The vendor's own words, when the answer has them, are the reason the user needs; the
		// marker alone says only that it failed.
		const words = vendorWords(object);
		if (words !== undefined) return words.slice(0, 500);
		const said = typeof object.status === 'string' ? `: ${object.status}` : '';
		return `success: false${said}`.slice(0, 500);
	}
	if (status >= 200 && status < 300) return undefined;
	const said = vendorWords(object);
	if (said !== undefined) return said.slice(0, 500);
	const text =
		typeof body === 'string' && body.trim() !== '' ? body.trim().slice(0, 200) : undefined;
	return text ?? `HTTP ${status} without a reason`;
}

/**
 * The text a failure body states in words: itself when it is text, else its `message` (with its
 * `code` when there is one). Undefined when it has none, so the caller can show the raw value.
 */
function vendorWords(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim() === '' ? undefined : value;
	const object = asObject(value);
	const message = object?.message;
	if (typeof message !== 'string' || message.trim() === '') return undefined;
	const code = object?.code;
	return typeof code === 'string' || typeof code === 'number' ? `${message} (${code})` : message;
}

/**
 * True when the answer says the bearer token is invalid or expired (401, or an `error` text about
 * the token). Messages about the X-Broker-Token / X-Account-Token headers are not token problems:
 * a new bearer token would not fix them.
 */
export function isInvalidTokenAnswer(status: number, body: unknown) {
	if (status === 401) return true;
	// A 5xx is a server failure whatever its text says about tokens: the request may have been
	// processed, so it is never treated (and resent) as a refused token.
	if (status >= 500) return false;
	const error = asObject(body)?.error;
	if (typeof error !== 'string') return false;
	if (/x-(broker|account)-token/i.test(error)) return false;
	return /\btoken\b/i.test(error) && /\b(invalid|expired|not valid|unauthori[sz]ed)\b/i.test(error);
}
