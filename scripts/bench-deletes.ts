/**
 * Benchmark: 200 Hub Property deletions against the local sandbox with Scalepoint's real default
 * limits (5 per second, 100 per minute), through the real node and n8n's engine.
 *
 *   npx ts-node --transpile-only scripts/bench-deletes.ts [count]
 *
 * Prints the wall time, the theoretical minimum and their ratio, and the sandbox's 429 count.
 * Theoretical minimum for N starts under 5/s and 100/min (starts counted as the server counts
 * arrivals, on sliding windows): start k (0-based) can be no earlier than
 *   max(floor(k / 5) s, start(k - 100) + 60 s)
 * which for 200 is 19 s + 60 s = 79 s for the last start.
 */
import { startScalepointFixture } from '../test/fixtures/scalepoint';
import { runNode } from '../test/harness/runWorkflow';

const PER_SECOND = 5;
const PER_MINUTE = 100;

function theoreticalMinimumMs(count: number) {
	const starts: number[] = [];
	for (let k = 0; k < count; k++) {
		const bySecond = Math.floor(k / PER_SECOND) * 1000;
		const byMinute = k >= PER_MINUTE ? starts[k - PER_MINUTE] + 60_000 : 0;
		starts.push(Math.max(bySecond, byMinute));
	}
	return starts[count - 1] ?? 0;
}

async function main() {
	const count = Number(process.argv[2] ?? 200);
	const fx = await startScalepointFixture({
		startTime: '2026-01-15T18:00:00.000Z',
		hubRateLimit: { perSecond: PER_SECOND, perMinute: PER_MINUTE },
	});
	const numbers = Array.from({ length: count }, (_, i) => `CNB${String(i).padStart(5, '0')}`);
	const run = (caseNumbers: string[], mode: string) =>
		runNode({
			type: 'scalepointCaseDeletion',
			parameters: {
				resource: 'case',
				operation: 'deleteCase',
				system: 'hubProperty',
				mode,
				hubHost: fx.sandbox.url,
				tenant: 'abcinsurance',
				identifyBy: 'caseNumber',
				caseNumber: '={{ $json.caseNumber }}',
				options: {},
			},
			items: caseNumbers.map((caseNumber) => ({ json: { caseNumber } })),
			credentials: fx.credentials({
				clientId: 'secret-client',
				authentication: 'clientSecret',
				clientSecret: 'S3cr3t-value-for-tests',
			}),
		});
	// Warm-up (loads n8n and the nodes), then a clean sandbox: the measured run starts cold only
	// in what a real run would have cold (no token yet).
	await run(['CN10000'], 'dryRun');
	fx.sandbox.reset();
	for (const caseNumber of numbers) fx.sandbox.state.setHubCase({ caseNumber, state: 'deletable' });

	const started = Date.now();
	const result = await run(numbers, 'delete');
	const wallMs = Date.now() - started;
	const minimumMs = theoreticalMinimumMs(count);
	const deleted = result.output.filter((item) => item.json.deleted === true).length;
	const requests = fx.sandbox.requests('hub.deleteCase');
	const first = Date.parse(requests[0]?.at ?? new Date().toISOString());
	const refused = requests.filter((entry) => entry.status === 429);
	const arrivals = requests.map((entry) => Date.parse(entry.at));
	for (const entry of refused) {
		const at = Date.parse(entry.at);
		const lastSecond = arrivals.filter((t) => t <= at && at - t < 1000).length;
		const lastMinute = arrivals.filter((t) => t <= at && at - t < 60_000).length;
		console.log(
			`429 at +${at - first} ms (seq ${entry.seq}): ${lastSecond} in the last second, ${lastMinute} in the last minute`,
		);
	}
	await fx.sandbox.close();

	console.log(
		`deletions:           ${deleted} of ${count}${result.error ? ` (error: ${result.error.message})` : ''}`,
	);
	console.log(`wall time:           ${(wallMs / 1000).toFixed(2)} s`);
	console.log(`theoretical minimum: ${(minimumMs / 1000).toFixed(2)} s (last start)`);
	console.log(`ratio:               ${(wallMs / minimumMs).toFixed(3)} (target <= 1.1)`);
	console.log(`429 answers:         ${fx.sandbox.state.rateLimitRejections}`);
	process.exitCode =
		deleted === count && fx.sandbox.state.rateLimitRejections === 0 && wallMs <= minimumMs * 1.1
			? 0
			: 1;
}

void main();
