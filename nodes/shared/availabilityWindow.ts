/**
 * A daily time window in UTC during which an API accepts requests (e.g. 16:00–08:00 UTC, which
 * wraps past midnight). Used only to explain and estimate: the server's answer decides whether the
 * window is open, because the client's clock may differ from the server's.
 */
export interface DailyWindowUtc {
	/** Hour (0–23) at which the window opens, inclusive. */
	opensAtHour: number;
	/** Hour (0–23) at which the window closes, exclusive. */
	closesAtHour: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function isWindowOpen(window: DailyWindowUtc, nowMs: number) {
	const hour = new Date(nowMs).getUTCHours();
	const { opensAtHour: opens, closesAtHour: closes } = window;
	return opens <= closes ? hour >= opens && hour < closes : hour >= opens || hour < closes;
}

/** Milliseconds until the window next opens (0 when it is open now). */
export function msUntilWindowOpens(window: DailyWindowUtc, nowMs: number) {
	if (isWindowOpen(window, nowMs)) return 0;
	const opens = new Date(nowMs);
	opens.setUTCHours(window.opensAtHour, 0, 0, 0);
	let at = opens.getTime();
	if (at <= nowMs) at += DAY_MS;
	return at - nowMs;
}

/** "16:00–08:00 UTC" */
export function describeWindow(window: DailyWindowUtc) {
	return `${hh(window.opensAtHour)}:00–${hh(window.closesAtHour)}:00 UTC`;
}

/** "2 h 5 min", "3 min", "40 s": a human duration for messages. */
export function describeDuration(ms: number) {
	const seconds = Math.max(0, Math.ceil(ms / 1000));
	if (seconds < 60) return `${seconds} s`;
	const minutes = Math.ceil(seconds / 60);
	if (minutes < 60) return `${minutes} min`;
	const hours = Math.floor(minutes / 60);
	const rest = minutes % 60;
	return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** "16:00 UTC" style time of day (UTC) of an instant, for messages. */
export function utcTimeOfDay(ms: number) {
	const date = new Date(ms);
	return `${hh(date.getUTCHours())}:${hh(date.getUTCMinutes())} UTC`;
}

function hh(value: number) {
	return String(value).padStart(2, '0');
}
