import type { JournalEntry, RouteName } from './types';

/** Only this much of a body is kept as text; ECB bodies can be 150 MB. */
export const JOURNAL_BODY_LIMIT = 1024 * 1024;

/**
 * Every request in arrival order. Entries are pushed when the request arrives and completed
 * later (body, status), so a reset or a slow handler still leaves a trace.
 */
export class Journal {
	/** Cleared in place so a reference taken earlier (`sandbox.journal`) stays live. */
	readonly entries: JournalEntry[] = [];
	private seq = 0;

	add(fields: Omit<JournalEntry, 'seq' | 'bodyText' | 'bodyBytes'>): JournalEntry {
		const entry: JournalEntry = { seq: ++this.seq, bodyText: '', bodyBytes: 0, ...fields };
		this.entries.push(entry);
		return entry;
	}

	clear(): void {
		this.entries.length = 0;
	}

	byRoute(route: RouteName): JournalEntry[] {
		return this.entries.filter((entry) => entry.route === route);
	}
}
