/**
 * A stand-in for `npm run dev` (scripts/dev.ts) with the same stopping code but no n8n: a leader
 * that starts a follower and leaves it behind when it exits (n8n and its task runner), and a
 * sandbox-like process, each in its own group as dev.ts starts them. Prints the pids as JSON.
 */
import { spawn } from 'node:child_process';
import { ownedGroup } from '../../scripts/runtime/processGroups';
import { stopEverythingOnExit } from '../../scripts/runtime/shutdown';

const shutdown = stopEverythingOnExit({
	say: (line) => process.stdout.write(`[dev] ${line}\n`),
	parentCheckMs: Number(process.env.STAND_IN_PARENT_CHECK_MS ?? 1000),
});

// The follower outlives its leader unless someone stops the whole group.
const leaderCode = `
const { spawn } = require('node:child_process');
const follower = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
process.on('SIGTERM', () => process.exit(0));
console.log(follower.pid);
setInterval(() => {}, 1000);
`;
const n8n = spawn(process.execPath, ['-e', leaderCode], {
	detached: true,
	stdio: ['ignore', 'pipe', 'inherit'],
});
shutdown.track(ownedGroup(n8n, 'n8n'), 'n8n 2.40.7');
const sandbox = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
	detached: true,
	stdio: 'ignore',
});
const sandboxLabel = 'the sandbox on http://127.0.0.1:5680';
shutdown.track(ownedGroup(sandbox, sandboxLabel), sandboxLabel);

n8n.stdout?.once('data', (chunk: Buffer) => {
	const runner = Number(chunk.toString('utf8').trim());
	process.stdout.write(
		`${JSON.stringify({ n8n: n8n.pid, runner, sandbox: sandbox.pid, self: process.pid })}\n`,
	);
});
