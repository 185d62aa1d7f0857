/**
 * How a long-running script (`npm run dev`) stops what it started. Its children run in their own
 * process groups (processGroups.ts), so a Ctrl-C in the terminal reaches only this process, and
 * this process stops each group as a whole (n8n with its task runners). The same happens when only
 * this process is signalled (`kill -INT <pid>`), when the terminal closes, and when the parent
 * (npm) dies: `npm run` does not pass a signal through its `sh -c`, and a process whose parent died
 * is adopted by init, so it checks its parent id. One line per thing stopped says what stopped.
 */
import { runningGroups, type OwnedGroup } from './processGroups';

export interface Shutdown {
	/** Stops `group` on exit and then says `stopped <label> (pid …)`. */
	track(group: OwnedGroup, label: string): void;
	/** Stops everything (last started first), says what stopped, and exits with `code`. */
	stopAll(code: number, reason?: string): Promise<never>;
	/** True once stopping has begun: an exiting child is then expected, not a crash. */
	readonly stopping: boolean;
}

export interface ShutdownOptions {
	say: (line: string) => void;
	/** How often to look whether the parent process is still there; default 1000 ms. */
	parentCheckMs?: number;
	/** SIGTERM to SIGKILL, per group; default 15 s (n8n finishes running executions first). */
	graceMs?: number;
}

export function stopEverythingOnExit(options: ShutdownOptions): Shutdown {
	const tracked: Array<{ group: OwnedGroup; label: string }> = [];
	let stopping = false;
	let exiting: Promise<never> | undefined;
	const say = (line: string) => {
		try {
			options.say(line);
		} catch {
			// the terminal is gone; stopping matters more than saying so
		}
	};
	// With the parent gone, writing to a closed pipe must not crash this process before it stops
	// its children.
	process.stdout.on('error', () => undefined);
	process.stderr.on('error', () => undefined);

	async function stopOne(group: OwnedGroup, label: string): Promise<void> {
		const alreadyGone = group.child.exitCode !== null || group.child.signalCode !== null;
		await group.stop(options.graceMs ?? 15_000);
		say(
			alreadyGone
				? `${label} (pid ${group.pid}) had already exited`
				: `stopped ${label} (pid ${group.pid})`,
		);
	}

	async function stopAll(code: number, reason?: string): Promise<never> {
		exiting ??= (async () => {
			stopping = true;
			if (reason) say(reason);
			for (const { group, label } of [...tracked].reverse())
				await stopOne(group, label).catch(() => undefined);
			// Groups started but not yet handed over (a signal during start-up).
			const known = new Set(tracked.map((entry) => entry.group));
			for (const group of runningGroups().filter((left) => !known.has(left)))
				await stopOne(group, group.label).catch(() => undefined);
			process.exit(code);
		})();
		return await exiting;
	}

	let signals = 0;
	const onSignal = (signal: NodeJS.Signals) => {
		signals += 1;
		if (signals === 1) {
			void stopAll(0, `${signal}: stopping what this started ...`);
			return;
		}
		// A second Ctrl-C: do not wait for graceful shutdowns, but still leave nothing behind.
		say(`${signal} again: killing what is left`);
		for (const group of runningGroups()) group.signal('SIGKILL');
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);

	const parent = process.ppid;
	const watch = setInterval(() => {
		if (process.ppid !== parent) {
			clearInterval(watch);
			void stopAll(1, `the parent process (pid ${parent}) is gone: stopping what this started ...`);
		}
	}, options.parentCheckMs ?? 1000);
	watch.unref();

	return {
		track: (group, label) => tracked.push({ group, label }),
		stopAll,
		get stopping() {
			return stopping;
		},
	};
}

/**
 * For a process without children (`npm run sandbox`): calls `stop` when the parent process is gone,
 * which a signal sent to npm alone would otherwise never tell it.
 */
export function whenParentDies(stop: () => void, checkMs = 1000): void {
	const parent = process.ppid;
	const watch = setInterval(() => {
		if (process.ppid === parent) return;
		clearInterval(watch);
		stop();
	}, checkMs);
	watch.unref();
}
