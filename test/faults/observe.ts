import { setTimeout as sleep } from 'node:timers/promises';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { FaultCase } from './faults';
import { ITEMS, type Env, type RunResult, type Subject } from './subjects';

export type Mode = 'continueOnFail' | 'stopOnFail';

export interface Observation {
	mode: Mode;
	outputs: number;
	errorItems: number;
	/** pairedItem indexes of output and error items, in order. */
	paired: number[];
	/** The node error when the run failed as a whole. */
	failed: boolean;
	/** Message + description of every error the user sees. */
	errors: Array<{ message: string; description: string }>;
	/** Requests that reached the faulted route (journal), and token requests. */
	sends: number;
	tokenCalls: number;
	/** ms between consecutive requests on the faulted route (sandbox clock). */
	gapsMs: number[];
	durationMs: number;
	/** Trigger: events delivered by the faulted poll and the follow-up poll. */
	delivered?: string[];
	/** Trigger: entries the polls surfaced as `malformed` items instead of events. */
	malformed?: number;
	raw: RunResult;
}

/** The error item's description, wherever the item runner put it (details, a field, `message`). */
function describedBy(json: Record<string, unknown>) {
	const details = json.details as { description?: unknown } | undefined;
	return String(details?.description ?? json.description ?? json.message ?? '');
}

function pairedIndex(item: { pairedItem?: unknown }) {
	const paired = item.pairedItem as { item?: number } | number | undefined;
	return typeof paired === 'number' ? paired : (paired?.item ?? -1);
}

export async function observe(
	env: Env,
	subject: Subject,
	fault: FaultCase,
	mode: Mode,
): Promise<Observation> {
	env.sandbox.reset();
	env.prepare();
	const overrides = (fault.arm(env, subject) ?? {}) as ICredentialDataDecryptedObject;
	const started = Date.now();
	const raw = await subject.run(env, {
		onError: mode === 'continueOnFail' ? 'continueErrorOutput' : undefined,
		credentials: env.credentials(overrides),
		cancelAfterMs: fault.cancelAfterMs,
	});
	const durationMs = Date.now() - started;
	// A delayed request still runs in the sandbox: let it finish before the next cell resets state.
	if (fault.settleMs && durationMs < fault.settleMs) await sleep(fault.settleMs - durationMs);
	const entries = env.sandbox.requests(subject.route);
	const times = entries.map((entry) => Date.parse(entry.at));
	const errors = raw.errorOutput.map((item) => ({
		message: String(item.json.error ?? ''),
		description: describedBy(item.json),
	}));
	if (raw.error) {
		errors.push({ message: raw.error.message, description: String(raw.error.description ?? '') });
	}
	return {
		mode,
		outputs: raw.output.length,
		errorItems: raw.errorOutput.length,
		paired: [...raw.output, ...raw.errorOutput].map(pairedIndex),
		failed: raw.error !== undefined,
		errors,
		sends: raw.faultedSends ?? entries.length,
		tokenCalls: raw.faultedTokenCalls ?? env.sandbox.requests(subject.tokenRoute).length,
		gapsMs: times.slice(1).map((time, index) => time - times[index]),
		durationMs,
		delivered: subject.trigger
			? polled(raw)
					.filter((item) => item.json.malformed !== true)
					.map((item) => String(item.json.eventId))
			: undefined,
		malformed: subject.trigger
			? polled(raw).filter((item) => item.json.malformed === true).length
			: undefined,
		raw,
	};
}

/** Trigger: every item the faulted poll and the follow-up poll emitted. */
function polled(raw: RunResult) {
	return [...raw.output, ...(raw.followUp ?? [])];
}

/** How many items the subject had to account for. */
export const expectedItems = (subject: Subject) => (subject.trigger ? 0 : ITEMS);
