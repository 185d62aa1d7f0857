import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { sentencesOf } from '../../nodes/shared/errorPair';
import type { FaultCase } from './faults';
import type { Observation } from './observe';
import { ITEMS, type Subject } from './subjects';

/** Where each matrix test file leaves its row; the faults jest config prints the table. */
export const RESULTS_DIR = join(tmpdir(), 'n8n-scalepoint-fault-matrix');

/** n8n's stock texts for network codes: they name neither the cause nor what to do next. */
const GENERIC = [
	/connection to the server was closed unexpectedly/i,
	/refused the connection - perhaps it is offline/i,
	/The connection timed out, consider setting/i,
	/The connection was aborted, perhaps/i,
	/The connection cannot be established/i,
	/^Unknown error$/i,
];
const NEXT_STEP =
	/check|again|later|fix|enter|ask|contact|set |wait|retry|run |cancel|next poll|reconcil/i;

/** A sentence that tells the user what to do: the error item should give one such step. */
const IMPERATIVE = /^(Check|Fix|Run|Enter|Clear|Ask|Set|Add|Use|Shorten|Wait|Remove|Choose|Try)\b/;

/**
 * Why an error item's `error` and `message` do not read as one text: a sentence said twice, or
 * two competing next steps (one from the credential, one from the transport, say).
 */
export function pairProblems(message: string, description: string): string[] {
	const sentences = [...sentencesOf(message), ...sentencesOf(description)];
	const problems: string[] = [];
	const seen = new Set<string>();
	for (const sentence of sentences) {
		const key = sentence.toLowerCase().replace(/[.!?]+$/, '');
		if (seen.has(key)) problems.push(`said twice: "${sentence.slice(0, 80)}"`);
		seen.add(key);
	}
	const steps = sentences.filter((sentence) => IMPERATIVE.test(sentence));
	if (steps.length > 1)
		problems.push(
			`${steps.length} next steps: ${steps.map((s) => `"${s.slice(0, 60)}"`).join(', ')}`,
		);
	return problems;
}

export interface CellResult {
	subject: string;
	fault: string;
	outcome: string;
	expected: string[];
	problems: string[];
}

const baseSends = (subject: Subject) => (subject.trigger ? 1 : ITEMS);

function allAccountedOk(subject: Subject, obs: Observation) {
	if (subject.trigger) return !obs.failed && obs.outputs === ITEMS;
	const covered = new Set(obs.paired);
	return !obs.failed && obs.errorItems === 0 && covered.size === ITEMS;
}

/** What happened, in words, from the continue-on-fail run (the one that keeps every item). */
export function classify(subject: Subject, fault: FaultCase, obs: Observation): string {
	const base = baseSends(subject);
	const messages = obs.errors.map((error) => error.message).join(' ');
	if (fault.cancelAfterMs !== undefined && /cancel/i.test(messages)) return 'stopped on cancel';
	if (allAccountedOk(subject, obs)) {
		if (obs.sends > base)
			return fault.id === 'expired401' ? 'ok after token refresh' : 'ok after retry';
		return obs.tokenCalls > 1 ? 'ok after token retry' : 'ok';
	}
	if (subject.trigger) {
		const delivered = obs.delivered ?? [];
		const lossless = new Set(delivered).size === ITEMS && delivered.length === ITEMS;
		if (!lossless) return 'events lost or duplicated';
		if (obs.malformed === 1 && !obs.failed) return 'ok; malformed event surfaced once';
		return obs.failed ? 'error; next poll delivers' : 'empty poll; next poll delivers';
	}
	if (obs.sends === 0) return 'error: nothing sent';
	if (obs.sends === base) return 'error: not resent';
	return `error after ${obs.sends - base + 1} attempts`;
}

/** The policy: what each kind of node must do with each fault. */
export function expectedOutcomes(subject: Subject, fault: FaultCase): string[] {
	const ambiguous = subject.repeatable ? ['ok after retry'] : ['error: not resent'];
	switch (fault.id) {
		case 'expired401':
			return ['ok after token refresh'];
		case 'token500':
			return ['ok after token retry'];
		case 'tokenSlow':
		case 'tokenNoExpiry':
			return ['ok'];
		case 'tokenUnreachable':
		case 'tokenRedirect':
			// Never followed: the secret is not sent again, to any address.
			return subject.trigger ? ['error; next poll delivers'] : ['error: nothing sent'];
		case 'rate429RetryAfter':
		case 'rate429':
			// Refused before processing: safe to resend even when not idempotent.
			return ['ok after retry'];
		case 'unavailable503':
		// A 503 proves nothing about processing (a gateway may send it after the change was
		// made): resent only when repeating does no harm. Case Deletion, whose page documents its
		// 503 as a refusal outside the service window, is repeatable anyway (requestId).
		case 'server500':
		case 'resetBefore':
		case 'resetAfter':
			return ambiguous;
		case 'slow':
		case 'dribble':
			// A long poll that times out simply had no news.
			return subject.trigger ? ['empty poll; next poll delivers'] : ambiguous;
		case 'malformedJson':
		case 'emptyBody':
		case 'unconfirmedHtml':
		case 'unconfirmedEmpty':
			// A success status without the documented answer proves nothing: never an output, and
			// never resent (the server may have acted on it).
			return subject.trigger
				? ['error; next poll delivers', 'empty poll; next poll delivers']
				: ['error: not resent'];
		case 'http200Error':
			return ['error: not resent'];
		case 'malformedEvent':
			return ['ok; malformed event surfaced once'];
		case 'cancel':
			return ['stopped on cancel'];
		default:
			return [];
	}
}

/** Every rule the issue sets for one run, as a list of broken ones (empty: the run passes). */
export function checkRun(subject: Subject, fault: FaultCase, obs: Observation): string[] {
	const problems: string[] = [];
	const n = ITEMS;
	if (!subject.trigger) {
		if (obs.mode === 'continueOnFail' && fault.cancelAfterMs === undefined) {
			const indexes = [...new Set(obs.paired)].sort();
			if (obs.failed) problems.push('continue-on-fail run failed the node');
			if (indexes.join() !== Array.from({ length: n }, (_, i) => i).join())
				problems.push(`items not all accounted for: pairedItem ${obs.paired.join()}`);
			if (obs.errorItems > n) problems.push('more error items than input items');
			if (obs.errorItems + new Set(obs.paired.slice(0, obs.outputs)).size !== n)
				problems.push('an item has both an output and an error item, or none');
		}
		if (obs.mode === 'stopOnFail' && !obs.failed && new Set(obs.paired).size !== n)
			problems.push('partial silent loss: node succeeded without every item');
		if (obs.mode === 'stopOnFail' && obs.failed && obs.outputs > 0)
			problems.push('node failed but also output items');
	} else {
		const delivered = obs.delivered ?? [];
		if (new Set(delivered).size !== delivered.length) problems.push('an event was emitted twice');
		if (new Set(delivered).size !== n) problems.push('an event was lost');
	}
	for (const error of obs.errors) {
		const text = `${error.message} ${error.description}`;
		if (GENERIC.some((generic) => generic.test(error.message)))
			problems.push(`generic message: "${error.message}"`);
		if (!NEXT_STEP.test(text)) problems.push(`no next step in: "${text.slice(0, 160)}"`);
		problems.push(...pairProblems(error.message, error.description));
	}
	const outcome = classify(subject, fault, obs);
	if (outcome === 'ok after retry' && obs.gapsMs.length > 0) {
		const gap = obs.gapsMs[0];
		const retryAfter = ['rate429RetryAfter', 'unavailable503'].includes(fault.id);
		if (retryAfter && gap < 900)
			problems.push(`Retry-After: 1 not honoured (resent after ${gap} ms)`);
		if (!retryAfter && (gap < 100 || gap > 10_000))
			problems.push(`backoff out of bounds: ${gap} ms`);
	}
	if (fault.cancelAfterMs !== undefined && obs.durationMs > 5_000)
		problems.push(`cancel not honoured: the run took ${obs.durationMs} ms`);
	return problems;
}

export function recordCell(cell: CellResult) {
	mkdirSync(RESULTS_DIR, { recursive: true });
	const file = join(RESULTS_DIR, `${cell.subject}.json`);
	let cells: CellResult[] = [];
	try {
		cells = JSON.parse(readFileSync(file, 'utf8')) as CellResult[];
	} catch {
		cells = [];
	}
	cells = cells.filter((existing) => existing.fault !== cell.fault);
	cells.push(cell);
	writeFileSync(file, JSON.stringify(cells, null, 1));
}

export function readCells(): CellResult[] {
	let files: string[] = [];
	try {
		files = readdirSync(RESULTS_DIR).filter((name) => name.endsWith('.json'));
	} catch {
		return [];
	}
	return files.flatMap(
		(name) => JSON.parse(readFileSync(join(RESULTS_DIR, name), 'utf8')) as CellResult[],
	);
}
