/**
 * Polls of one trigger that are running in this process, by workflow id and node name.
 *
 * n8n starts the next poll on its schedule even while the previous one is still waiting for its
 * long poll (Long Poll Timeout may be up to 600 s; the poll interval may be a minute or less). Two
 * polls would read from the same stored position and emit the same events twice. Capping the
 * timeout below the interval would not help: the trigger cannot see the interval (a custom cron
 * may poll every few seconds) and n8n's own time budget can still let polls overlap. So a poll
 * that finds another poll of the same trigger running skips its turn; the running one reads
 * whatever arrived. An in-process map is enough: n8n runs pollers on one main instance only.
 *
 * The guard must never silence the trigger: every request of a poll has a deadline, so a poll
 * ends, but should one ever hang anyway (poll contexts have no cancel signal to stop it), its
 * entry is stale once it is older than the longest that poll could run, and the next poll takes
 * over instead of skipping forever.
 */
interface RunningPoll {
	startedAt: number;
	/** The longest this poll can run (see longestPollMs); after that it is presumed stuck. */
	maxDurationMs: number;
}

const running = new Map<string, RunningPoll>();

/**
 * Runs `poll` unless a poll with the same key is running and not stale; then answers `null`
 * ("no events").
 */
export async function unlessRunning<T>(
	key: string,
	maxDurationMs: number,
	poll: () => Promise<T>,
	now: () => number = Date.now,
): Promise<T | null> {
	const current = running.get(key);
	if (current && now() - current.startedAt < current.maxDurationMs) return null;
	const mine: RunningPoll = { startedAt: now(), maxDurationMs };
	running.set(key, mine);
	try {
		return await poll();
	} finally {
		// A stuck poll that finishes after being taken over leaves the new entry alone.
		if (running.get(key) === mine) running.delete(key);
	}
}
