import { asObject } from '../../shared/httpErrors';

/**
 * Thinksurance reports failures two ways: HTTP 200 with `{"error": "..."}` (what the endpoint
 * pages show) and, since March 2025, HTTP 400/404 with the same body. Both are failures.
 * Returns the reason, or undefined for a success.
 */
export function failureReason(status: number, body: unknown): string | undefined {
	const error = asObject(body)?.error;
	if (error !== undefined && error !== null && error !== false) {
		return (typeof error === 'string' ? error : JSON.stringify(error)).slice(0, 500);
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
