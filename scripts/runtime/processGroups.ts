/**
 * Processes a harness starts in their own process group (`detached: true`), so stopping one also
 * stops what it spawned (n8n's task runners). Every group is remembered until it has exited, and
 * any still running when this process exits are killed then, so a failed test leaves nothing behind.
 */
import type { ChildProcess } from 'node:child_process';

export interface OwnedGroup {
	pid: number;
	label: string;
	child: ChildProcess;
	exited: Promise<void>;
	/** Signal the whole group. */
	signal(signal: NodeJS.Signals): void;
	/** SIGTERM, then SIGKILL after `graceMs`; resolves once the leader has exited. */
	stop(graceMs?: number): Promise<void>;
}

const running = new Set<OwnedGroup>();
let exitHookInstalled = false;

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// the group is gone already
	}
}

/** Takes ownership of a child spawned with `detached: true`. */
export function ownedGroup(child: ChildProcess, label: string): OwnedGroup {
	if (!child.pid) throw new Error(`${label} did not start`);
	const pid = child.pid;
	const exited = new Promise<void>((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) resolve();
		else child.once('exit', () => resolve());
	});
	const group: OwnedGroup = {
		pid,
		label,
		child,
		exited,
		signal: (signal) => signalGroup(pid, signal),
		stop: async (graceMs = 20_000) => {
			signalGroup(pid, 'SIGTERM');
			const force = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
			await exited;
			clearTimeout(force);
			// The leader is gone; anything it left in its group goes too.
			signalGroup(pid, 'SIGKILL');
			running.delete(group);
		},
	};
	running.add(group);
	void exited.then(() => {
		// Followers (task runners) must not outlive the leader.
		signalGroup(pid, 'SIGKILL');
		running.delete(group);
	});
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.once('exit', () => {
			for (const left of running) signalGroup(left.pid, 'SIGKILL');
		});
	}
	return group;
}

/** Groups started by this process that have not exited yet. */
export function runningGroups(): OwnedGroup[] {
	return [...running];
}
