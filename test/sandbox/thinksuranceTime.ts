/** Thinksurance token lifetime. */
export const THINKSURANCE_TOKEN_LIFETIME_MS = 15 * 60 * 1000;

const berlin = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/Berlin',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23',
});

/**
 * `YYYY-MM-DD HH:mm:ss` in Europe/Berlin local time with no zone, as Thinksurance writes
 * `expired`: a client that reads it as UTC is off by one or two hours, which is the point.
 */
export function berlinLocalTime(date: Date): string {
	const part = (type: Intl.DateTimeFormatPartTypes) =>
		berlin.formatToParts(date).find((p) => p.type === type)?.value ?? '';
	return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}
