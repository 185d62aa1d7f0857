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
		return (typeof error === 'string' ? error : JSON.stringify(error)).slice(0, 500);
	}
	const errors = object?.errors;
	if (
		Array.isArray(errors)
			? errors.length > 0
			: errors !== undefined && errors !== null && errors !== false
	) {
		const list = Array.isArray(errors) ? errors : [errors];
		return list
			.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry)))
			.join('; ')
			.slice(0, 500);
	}
	if (object?.success === false) {
		const said = typeof object.status === 'string' ? `: ${object.status}` : '';
		return `success: false${said}`.slice(0, 500);
	}
	if (status >= 200 && status < 300) return undefined;
	const text =
		typeof body === 'string' && body.trim() !== '' ? body.trim().slice(0, 200) : undefined;
	return text ?? `HTTP ${status} without a reason`;
}

/**
 * True when the answer says the bearer token is invalid or expired (401, or an `error` text about
 * the token). Messages about the X-Broker-Token / X-Account-Token headers are not token problems:
 * a new bearer token would not fix them.
 */
export function isInvalidTokenAnswer(status: number, body: unknown) {
	if (status === 401) return true;
	const error = asObject(body)?.error;
	if (typeof error !== 'string') return false;
	if (/x-(broker|account)-token/i.test(error)) return false;
	return /\btoken\b/i.test(error) && /\b(invalid|expired|not valid|unauthori[sz]ed)\b/i.test(error);
}
