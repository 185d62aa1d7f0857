/**
 * Figures 1 and 2: a 10,000-item Event publish inside real n8n — token requests, and the node's
 * execution time next to n8n's HTTP Request node and a bare keep-alive loop, run side by side.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { importCredentials, importWorkflows } from '../runtime/n8nProcess';
import { REPO_ROOT } from '../runtime/runtimes';
import { sandboxCredentials, type CredentialRecord } from '../runtime/sandboxLink';
import { fetchToken, type BenchEnvironment } from './environment';
import { executeToFile, nodeResult } from './execute';
import {
	floorWorkflow,
	freshCredential,
	httpRequestWorkflow,
	noOpWorkflow,
	scalepointEventsWorkflow,
	TARGET,
	type BenchWorkflow,
	type HttpBatching,
} from './workflows';

export interface VariantResult {
	variant: string;
	round: number;
	items: number;
	/** runData[node][0].executionTime, ms. */
	nodeMs: number;
	/** Wall time of `n8n execute` (process start to exit), ms. */
	wallMs: number;
	/** CPU time of the n8n process for the whole execute, ms (start-up included). */
	cpuMs: number;
	perSecond: number;
	accepted: number;
	otherStatuses: Record<string, number>;
	tokenRequests: number;
	outputItems: number;
	errorItems: number;
}

interface Variant {
	name: string;
	workflow: BenchWorkflow;
	credentials: CredentialRecord[];
}

export interface EventsFigures {
	items: number;
	concurrency: number;
	runs: VariantResult[];
	bare: Array<{
		round: number;
		concurrency: number;
		ms: number;
		perSecond: number;
		statuses: Record<string, number>;
	}>;
	/** Best (fastest) run per variant. */
	best: Record<string, VariantResult>;
	bestHttpVariant: string;
	tokenRequestsPerRun: number[];
}

export const HTTP_VARIANTS: Array<{ name: string; batching?: HttpBatching }> = [
	{ name: 'httpRequest (no batching)' },
	{ name: 'httpRequest (batch 50 / 1 ms)', batching: { batchSize: 50, batchIntervalMs: 1 } },
];

export const OURS = 'scalepointEvents (fields, 1 expression)';
export const OURS_ITEM = 'scalepointEvents (input item)';
/** The Concurrency option raised: the node is latency-bound at its default of 5. */
export const OURS_HIGH = 'scalepointEvents (fields, concurrency 20)';
export const HIGH_CONCURRENCY = 20;
export const NOOP = 'noOp baseline';
/** The dev-only floor node (floor/BenchFloor.node.ts) at the same concurrency as OURS / OURS_HIGH. */
export const FLOOR = 'in-n8n floor (concurrency 5)';
export const FLOOR_HIGH = `in-n8n floor (concurrency ${HIGH_CONCURRENCY})`;
/** The floor run compared with each of our variants. */
export const FLOOR_OF: Record<string, string> = { [OURS]: FLOOR, [OURS_HIGH]: FLOOR_HIGH };

export async function runEventFigures(
	env: BenchEnvironment,
	options: { items: number; rounds: number; concurrency: number },
	log: (line: string) => void,
): Promise<EventsFigures> {
	const { items, rounds, concurrency } = options;
	const base = sandboxCredentials(env.sandbox).find((record) => record.type === 'scalepointApi')!;
	const token = await fetchToken(env.sandbox, 'events');
	const variants: Variant[][] = [];
	for (let round = 0; round < rounds; round++) {
		const ours = freshCredential(base);
		const oursHigh = freshCredential(base);
		const floor = freshCredential(base);
		const floorHigh = freshCredential(base);
		// Ours and its floor run back to back, in alternating order, so neither always goes first.
		const pair = (a: Variant, b: Variant) => (round % 2 === 0 ? [a, b] : [b, a]);
		variants.push([
			{ name: NOOP, workflow: noOpWorkflow(items), credentials: [] },
			...pair(
				{
					name: OURS,
					workflow: scalepointEventsWorkflow(items, env.sandbox.url, ours, 'fields', concurrency),
					credentials: [ours],
				},
				{
					name: FLOOR,
					workflow: floorWorkflow(items, env.sandbox.url, floor, concurrency),
					credentials: [floor],
				},
			),
			...HTTP_VARIANTS.map((variant) => ({
				name: variant.name,
				workflow: httpRequestWorkflow(items, env.sandbox.url, token, variant.batching),
				credentials: [],
			})),
			...pair(
				{
					name: OURS_HIGH,
					workflow: scalepointEventsWorkflow(
						items,
						env.sandbox.url,
						oursHigh,
						'fields',
						HIGH_CONCURRENCY,
					),
					credentials: [oursHigh],
				},
				{
					name: FLOOR_HIGH,
					workflow: floorWorkflow(items, env.sandbox.url, floorHigh, HIGH_CONCURRENCY),
					credentials: [floorHigh],
				},
			),
		]);
	}
	const all = variants.flat();
	await importCredentials(
		env.instance,
		all.flatMap((variant) => variant.credentials),
	);
	await importWorkflows(
		env.instance,
		all.map((variant) => variant.workflow),
	);

	const runs: VariantResult[] = [];
	const bare: EventsFigures['bare'] = [];
	for (let round = 0; round < rounds; round++) {
		for (const variant of variants[round]) {
			await env.sandbox.clearJournal();
			const execution = await executeToFile(env.instance, variant.workflow.id);
			const node = nodeResult(execution, TARGET);
			const nodeMs = node.executionTime;
			const journal = await env.sandbox.journal();
			const sends = journal.filter((entry) => entry.route === 'events.send');
			const statuses: Record<string, number> = {};
			for (const entry of sends) {
				const key = String(entry.status ?? 'none');
				statuses[key] = (statuses[key] ?? 0) + 1;
			}
			const { 201: accepted = 0, ...otherStatuses } = statuses;
			const result: VariantResult = {
				variant: variant.name,
				round: round + 1,
				items,
				nodeMs,
				wallMs: execution.wallMs,
				cpuMs: execution.cpuMs,
				perSecond: (items / nodeMs) * 1000,
				accepted,
				otherStatuses,
				tokenRequests: journal.filter((entry) => entry.route === 'scalepoint.token').length,
				outputItems: node.output.length,
				errorItems: node.errorOutput.length,
			};
			runs.push(result);
			log(
				`  round ${round + 1} ${variant.name}: node ${(nodeMs / 1000).toFixed(2)} s ` +
					`(${result.perSecond.toFixed(0)}/s), execute wall ${(execution.wallMs / 1000).toFixed(1)} s, CPU ${(execution.cpuMs / 1000).toFixed(1)} s, ` +
					`${accepted} accepted${Object.keys(otherStatuses).length ? ` + ${JSON.stringify(otherStatuses)}` : ''}, ` +
					`${result.tokenRequests} token request(s), ${node.output.length} out / ${node.errorOutput.length} error items`,
			);
		}
		for (const inFlight of [concurrency, HIGH_CONCURRENCY]) {
			const last = {
				round: round + 1,
				concurrency: inFlight,
				...runBare(env, token, items, inFlight),
			};
			bare.push(last);
			log(
				`  round ${round + 1} bare loop (Node ${env.runtime.nodeVersion}, keep-alive, ${inFlight} in flight): ${(last.ms / 1000).toFixed(2)} s (${last.perSecond.toFixed(0)}/s) ${JSON.stringify(last.statuses)}`,
			);
		}
	}

	const best: Record<string, VariantResult> = {};
	for (const run of runs) {
		if (!best[run.variant] || run.nodeMs < best[run.variant].nodeMs) best[run.variant] = run;
	}
	const bestHttpVariant = HTTP_VARIANTS.map((variant) => variant.name)
		.filter((name) => best[name] && best[name].accepted === items)
		.sort((a, b) => best[a].nodeMs - best[b].nodeMs)[0];
	return {
		items,
		concurrency,
		runs,
		bare,
		best,
		bestHttpVariant,
		tokenRequestsPerRun: runs
			.filter((run) => run.variant === OURS || run.variant === OURS_HIGH)
			.map((run) => run.tokenRequests),
	};
}

function runBare(env: BenchEnvironment, token: string, items: number, concurrency: number) {
	const url = `${env.sandbox.url}/api/events/v1/dk/external/abcinsurance/send`;
	const out = execFileSync(
		env.runtime.node,
		[
			'--no-warnings',
			resolve(REPO_ROOT, 'scripts/bench/bareClient.ts'),
			url,
			token,
			String(items),
			String(concurrency),
		],
		{ encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
	);
	const result = JSON.parse(out.trim().split('\n').pop()!) as {
		ms: number;
		statuses: Record<string, number>;
	};
	return { ms: result.ms, perSecond: (items / result.ms) * 1000, statuses: result.statuses };
}
