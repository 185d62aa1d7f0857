import { sleep } from 'n8n-workflow';

/** Thrown when the execution is cancelled while the node is waiting. */
export class WaitCancelledError extends Error {
	constructor() {
		super('The execution was cancelled while waiting');
		this.name = 'WaitCancelledError';
	}
}

// n8n's own `sleep` cannot be interrupted, so long waits are cut into slices and the execution's
// cancel signal is checked between them: a cancelled run stops waiting within one slice.
const SLICE_MS = 200;

export async function waitFor(ms: number, signal?: AbortSignal) {
	let remaining = Math.max(0, ms);
	while (remaining > 0) {
		if (signal?.aborted) throw new WaitCancelledError();
		const slice = Math.min(SLICE_MS, remaining);
		await sleep(slice);
		remaining -= slice;
	}
	if (signal?.aborted) throw new WaitCancelledError();
}
