import type { SandboxClock } from './types';

/**
 * The sandbox's notion of "now": an offset from real time, so it keeps ticking between calls
 * (tokens expire, windows open) while tests can jump to any instant.
 */
export function createClock(startTime: string): SandboxClock & { restart(): void } {
	const start = parseIso(startTime);
	let offsetMs = start - Date.now();
	return {
		now: () => new Date(Date.now() + offsetMs),
		set(iso: string) {
			offsetMs = parseIso(iso) - Date.now();
		},
		advance(ms: number) {
			if (!Number.isFinite(ms)) throw new Error(`clock.advance needs a finite number, got ${ms}`);
			offsetMs += ms;
		},
		restart() {
			offsetMs = start - Date.now();
		},
	};
}

function parseIso(iso: string): number {
	const ms = Date.parse(iso);
	if (Number.isNaN(ms)) throw new Error(`Not an ISO date: ${iso}`);
	return ms;
}
