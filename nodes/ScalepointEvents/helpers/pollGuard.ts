/**
 * Polls of one trigger that are running in this process, by workflow id and node name.
 *
 * n8n starts the next poll on its schedule even while the previous one is still waiting for its
 * long poll (Long Poll Timeout may be up to 600 s; the poll interval may be a minute or less). Two
 * polls would read from the same stored position and emit the same events twice. Capping the
 * timeout below the interval would not help: the trigger cannot see the interval (a custom cron
 * may poll every few seconds) and n8n's own time budget can still let polls overlap. So a poll
 * that finds another poll of the same trigger running skips its turn; the running one reads
 * whatever arrived. An in-process set is enough: n8n runs pollers on one main instance only.
 */
const running = new Set<string>();

/** Runs `poll` unless a poll with the same key is running; then answers `null` ("no events"). */
export async function unlessRunning<T>(key: string, poll: () => Promise<T>): Promise<T | null> {
	if (running.has(key)) return null;
	running.add(key);
	try {
		return await poll();
	} finally {
		running.delete(key);
	}
}
