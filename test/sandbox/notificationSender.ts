/**
 * Thinksurance's side of V2 notification webhooks (V2 Notification page,
 * ../shared/api-notes-beyond/thinksurance-api.md §9): POST the notification as JSON to the
 * partner's URL, which must answer 204 No Content; anything else counts as a failure and the
 * delivery is tried again, "with a maximum of three attempts". What the page leaves open is an
 * option here: whether the three include the first (default: they do, 3 attempts in all), the
 * pause between attempts, and how the call authenticates (any headers the test passes).
 * Every attempt is journaled as route `thinksurance.notification`, with the partner's answer.
 */
import { randomUUID } from 'node:crypto';
import type { Journal } from './journal';
import type { JournalEntry } from './types';

export const NOTIFICATION_MAX_ATTEMPTS = 3;

export interface NotificationDelivery {
	/** The partner's URL: loopback only (http://127.0.0.1:…, localhost, [::1]). */
	url: string;
	/** Default: the page's `InquiryOrdered` example with a fresh notificationId. */
	notification?: Record<string, unknown>;
	/** Sent instead of the JSON of `notification`, exactly as given (malformed bodies). */
	rawBody?: string;
	/** Extra request headers, e.g. the header or Basic auth agreed with the partner. */
	headers?: Record<string, string>;
	/** Attempts in all, first included (default 3). */
	maxAttempts?: number;
	/** Pause between attempts (default 100 ms; the page gives no timing). */
	retryDelayMs?: number;
	/** How long one attempt waits for the answer (default 10 s; undocumented). */
	timeoutMs?: number;
}

export interface DeliveryAttempt {
	attempt: number;
	status?: number;
	/** The start of the partner's answer body. */
	answer?: string;
	/** Why no answer arrived (connection refused, timeout). */
	error?: string;
}

export interface DeliveryResult {
	delivered: boolean;
	notificationId?: string;
	attempts: DeliveryAttempt[];
}

/** The page's current example (`InquiryOrdered`), with a fresh notificationId unless overridden. */
export function exampleNotification(
	overrides: Record<string, unknown> = {},
): Record<string, unknown> {
	return {
		eventType: 'InquiryOrdered',
		eventTime: '2024-04-26T16:48:31.118Z',
		eventId: '',
		notificationId: randomUUID(),
		translations: { eventType: { de_DE: 'Deckungsauftrag erstellt' } },
		accountReference: 'thinksurance',
		brokerReference: '420',
		affected: [
			{
				referenceType: 'inquiry',
				referenceId: '2144385',
				links: [
					{
						contentType: 'application/json',
						href: 'https://ipn.thinksurance.de/api/ipn/inquiry/2144385',
					},
				],
			},
			{
				referenceType: 'contract',
				referenceId: 'b75fcf90-0584-4bd8-850e-91eb0e4c15e1',
				links: [
					{
						contentType: 'application/json',
						href: 'https://rest.thinksurance.de/api/public/v2/notifications/47/contracts/b75fcf90-0584-4bd8-850e-91eb0e4c15e1',
					},
				],
			},
			{ referenceType: 'customer', referenceId: '695056' },
		],
		...overrides,
	};
}

function loopbackUrl(raw: unknown): URL {
	if (typeof raw !== 'string') throw new Error('url is required');
	const url = new URL(raw);
	if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
		throw new Error(`the sandbox delivers to http loopback addresses only, not ${url.origin}`);
	return url;
}

/** Runs `task` with a signal aborted after `ms` or when `signal` aborts; leaves no listener behind. */
async function within<T>(
	ms: number,
	signal: AbortSignal,
	task: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
	const controller = new AbortController();
	const abort = () => controller.abort();
	const timer = setTimeout(abort, ms);
	signal.addEventListener('abort', abort, { once: true });
	try {
		return await task(controller.signal);
	} finally {
		clearTimeout(timer);
		signal.removeEventListener('abort', abort);
	}
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
	return within(
		ms,
		signal,
		(stop) => new Promise<void>((resolve) => stop.addEventListener('abort', () => resolve())),
	);
}

/**
 * Delivers one notification as Thinksurance does; resolves after the 204 or the last attempt.
 * `journal` receives one entry per attempt; `now` stamps them with the sandbox clock.
 */
export async function deliverNotification(
	delivery: NotificationDelivery,
	journal: Journal,
	now: () => Date,
	signal: AbortSignal,
): Promise<DeliveryResult> {
	const url = loopbackUrl(delivery.url);
	const notification =
		delivery.rawBody === undefined ? (delivery.notification ?? exampleNotification()) : undefined;
	const body = delivery.rawBody ?? JSON.stringify(notification);
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		accept: 'application/json',
		...Object.fromEntries(
			Object.entries(delivery.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
		),
	};
	const maxAttempts = delivery.maxAttempts ?? NOTIFICATION_MAX_ATTEMPTS;
	const attempts: DeliveryAttempt[] = [];
	for (let attempt = 1; attempt <= maxAttempts && !signal.aborted; attempt++) {
		if (attempt > 1) await pause(delivery.retryDelayMs ?? 100, signal);
		const entry: JournalEntry = journal.add({
			at: now().toISOString(),
			route: 'thinksurance.notification',
			method: 'POST',
			rawPath: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers,
			delivery: { url: url.href, attempt },
		});
		entry.bodyText = body;
		entry.bodyBytes = Buffer.byteLength(body);
		if (notification) entry.json = notification;
		const result: DeliveryAttempt = { attempt };
		try {
			const answer = await within(delivery.timeoutMs ?? 10_000, signal, async (stop) => {
				const response = await fetch(url, {
					method: 'POST',
					headers,
					body,
					redirect: 'manual',
					signal: stop,
				});
				return { status: response.status, text: await response.text() };
			});
			result.status = entry.status = answer.status;
			result.answer = entry.delivery!.answer = answer.text.slice(0, 2000);
		} catch (error) {
			result.error = entry.delivery!.error = error instanceof Error ? error.message : String(error);
		}
		attempts.push(result);
		// Success is exactly 204 (the page); anything else is an error Thinksurance retries.
		if (result.status === 204) {
			return { delivered: true, notificationId: idOf(notification), attempts };
		}
	}
	return { delivered: false, notificationId: idOf(notification), attempts };
}

function idOf(notification: Record<string, unknown> | undefined): string | undefined {
	return typeof notification?.notificationId === 'string' ? notification.notificationId : undefined;
}
