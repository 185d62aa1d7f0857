/**
 * Error messages quote what the user gave (a case number, an event type) and what a server said.
 * Each quoting place shortens its value (`truncate`, `quoteValue`); this is the bound behind them
 * for every message and description built by `invalidField` and `apiError`, so no input, however
 * long, makes an error of its own size. The start and the end are kept: the end says what to do.
 */
export const MAX_MESSAGE_LENGTH = 1_000;
export const MAX_DESCRIPTION_LENGTH = 4_000;

export function boundedText(text: string, max: number): string;
export function boundedText(text: string | undefined, max: number): string | undefined;
export function boundedText(text: string | undefined, max: number) {
	if (text === undefined || text.length <= max) return text;
	const head = Math.floor(max * 0.6);
	const tail = Math.floor(max * 0.3);
	const omitted = text.length - head - tail;
	return `${text.slice(0, head)} […${omitted} characters left out…] ${text.slice(-tail)}`;
}
