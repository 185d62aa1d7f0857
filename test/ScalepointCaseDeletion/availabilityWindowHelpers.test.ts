import {
	describeDuration,
	describeWindow,
	isWindowOpen,
	msUntilWindowOpens,
} from '../../nodes/shared/availabilityWindow';
import { DELETION_WINDOW } from '../../nodes/ScalepointCaseDeletion/helpers/windowGate';

const at = (iso: string) => Date.parse(iso);

describe('availability window helpers (16:00–08:00 UTC, wrapping midnight)', () => {
	it.each([
		['2026-01-15T15:59:59.999Z', false],
		['2026-01-15T16:00:00.000Z', true],
		['2026-01-15T23:30:00.000Z', true],
		['2026-01-16T07:59:59.999Z', true],
		['2026-01-16T08:00:00.000Z', false],
		['2026-01-16T12:00:00.000Z', false],
	])('%s open: %s', (iso, open) => {
		expect(isWindowOpen(DELETION_WINDOW, at(iso))).toBe(open);
	});

	it('time until it opens', () => {
		expect(msUntilWindowOpens(DELETION_WINDOW, at('2026-01-15T12:00:00.000Z'))).toBe(4 * 3600_000);
		expect(msUntilWindowOpens(DELETION_WINDOW, at('2026-01-15T15:59:58.000Z'))).toBe(2000);
		expect(msUntilWindowOpens(DELETION_WINDOW, at('2026-01-15T18:00:00.000Z'))).toBe(0);
	});

	it('describes windows and durations for messages', () => {
		expect(describeWindow(DELETION_WINDOW)).toBe('16:00–08:00 UTC');
		expect(describeDuration(40_000)).toBe('40 s');
		expect(describeDuration(3 * 60_000)).toBe('3 min');
		expect(describeDuration(125 * 60_000)).toBe('2 h 5 min');
		expect(describeDuration(4 * 3600_000)).toBe('4 h');
	});
});
