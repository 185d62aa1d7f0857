/**
 * `npm run bench:profile`: a CPU profile of the Scalepoint Events node inside real n8n 2.40.7, and
 * where its time goes. One `n8n execute` of the bench's Event publish workflow (fields body, one
 * mapped expression, concurrency 5, a fresh credential) runs with `--cpu-prof` and a preload that
 * counts TCP connects, HTTP requests and http.Agent instances; profileSummary.ts splits the node's
 * CPU time into this package, n8n's parameter resolution, n8n's HTTP helper stack, GC and other.
 * Writes bench-results/profile/ (git-ignored): the .cpuprofile (open it in Chrome DevTools) and
 * summary.json. Exits non-zero when the run fails or returns fewer items than it was given.
 *
 * Env: BENCH_ITEMS (10000) events in the run; BENCH_TARBALL, BENCH_KEEP as for `npm run bench`.
 */
import {
	copyFileSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PACKAGE_NAME } from '../runtime/communityPackage';
import { importCredentials, importWorkflows } from '../runtime/n8nProcess';
import { REPO_ROOT } from '../runtime/runtimes';
import { sandboxCredentials } from '../runtime/sandboxLink';
import { prepareEnvironment, type BenchEnvironment } from './environment';
import { executeToFile, nodeResult, type BenchExecution } from './execute';
import { machineInfo } from './machine';
import {
	summariseProfile,
	type CpuProfile,
	type ProfileSummary,
	type Share,
} from './profileSummary';
import { freshCredential, scalepointEventsWorkflow, TARGET } from './workflows';

const CONCURRENCY = 5;
const OUT_DIR = resolve(REPO_ROOT, 'bench-results', 'profile');

/**
 * Loaded into `n8n execute` with `--require`. Plain JavaScript, because n8n's Node runs it without
 * ts-node. Counting inside the process is the only way to see whether n8n reuses connections: the
 * sandbox sees requests, not sockets. Connects are counted at Socket#connect (every TCP client
 * socket passes there), requests and agents on Node's `http.client.request.start` channel, which
 * needs no patching of http. Each process writes its own file (a child inheriting NODE_OPTIONS
 * must not overwrite the n8n process's counts).
 */
const PRELOAD = `'use strict';
const diagnostics = require('node:diagnostics_channel');
const fs = require('node:fs');
const net = require('node:net');
const out = process.env.BENCH_PROFILE_NETWORK_DIR;
if (out) {
	const stats = { connects: 0, connectsByPort: {}, requests: 0, agents: 0, agentsByKind: {} };
	const connect = net.Socket.prototype.connect;
	net.Socket.prototype.connect = function (...args) {
		// net.connect hands over its normalised [options, callback] pair as one argument.
		const first = Array.isArray(args[0]) ? args[0][0] : args[0];
		const port = first !== null && typeof first === 'object' ? first.port : first;
		if (port !== undefined) {
			stats.connects++;
			stats.connectsByPort[port] = (stats.connectsByPort[port] || 0) + 1;
		}
		return connect.apply(this, args);
	};
	const seen = new WeakSet();
	diagnostics.subscribe('http.client.request.start', ({ request }) => {
		stats.requests++;
		const agent = request.agent;
		if (!agent || seen.has(agent)) return;
		seen.add(agent);
		stats.agents++;
		const kind = agent.constructor.name + ' keepAlive=' + Boolean(agent.keepAlive);
		stats.agentsByKind[kind] = (stats.agentsByKind[kind] || 0) + 1;
	});
	process.on('exit', () => {
		fs.writeFileSync(out + '/network.' + process.pid + '.json', JSON.stringify(stats));
	});
}
`;

interface NetworkCounts {
	connects: number;
	connectsByPort: Record<string, number>;
	requests: number;
	agents: number;
	agentsByKind: Record<string, number>;
}

interface RunResult {
	execution: BenchExecution;
	pid: number | undefined;
	nodeMs: number;
	outputItems: number;
	errorItems: number;
	/** Sandbox journal: `route status` → count. */
	journal: Record<string, number>;
	failures: string[];
}

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
	const items = Number(process.env.BENCH_ITEMS ?? 10_000);
	const env = await prepareEnvironment(log);
	const scratch = mkdtempSync(join(tmpdir(), 'bench-profile-'));
	try {
		const preload = join(scratch, 'preload.js');
		writeFileSync(preload, PRELOAD);
		const run = await runProfiled(env, items, scratch, preload);
		const profileFile = pickFile(scratch, /^CPU\..*\.cpuprofile$/, run.pid);
		const network = JSON.parse(
			readFileSync(pickFile(scratch, /^network\.\d+\.json$/, run.pid), 'utf8'),
		) as NetworkCounts;
		const summary = summariseProfile(JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile, {
			items,
			packageName: PACKAGE_NAME,
			preloadUrl: `file://${preload}`,
		});
		printSummary(items, run, summary, network);
		save(env, items, run, summary, network, profileFile);
		if (run.failures.length) {
			log(`\nFAILED: ${run.failures.join('; ')}`);
			process.exitCode = 1;
		}
	} finally {
		rmSync(scratch, { recursive: true, force: true });
		await env.close();
	}
}

async function runProfiled(
	env: BenchEnvironment,
	items: number,
	scratch: string,
	preload: string,
): Promise<RunResult> {
	const base = sandboxCredentials(env.sandbox).find((record) => record.type === 'scalepointApi')!;
	// A fresh credential: n8n holds no token, so the run shows the one token request it costs.
	const credential = freshCredential(base);
	const workflow = scalepointEventsWorkflow(
		items,
		env.sandbox.url,
		credential,
		'fields',
		CONCURRENCY,
	);
	await importCredentials(env.instance, [credential]);
	await importWorkflows(env.instance, [workflow]);
	await env.sandbox.clearJournal();
	log(`profiling Scalepoint Events, ${items} items, concurrency ${CONCURRENCY}`);
	let pid: number | undefined;
	const nodeOptions = [
		env.instance.env.NODE_OPTIONS,
		'--cpu-prof',
		`--cpu-prof-dir=${scratch}`,
		`--require=${preload}`,
	];
	const execution = await executeToFile(env.instance, workflow.id, {
		onStart: (started) => (pid = started),
		env: {
			NODE_OPTIONS: nodeOptions.filter(Boolean).join(' '),
			BENCH_PROFILE_NETWORK_DIR: scratch,
		},
	});
	const result: RunResult = {
		execution,
		pid,
		nodeMs: NaN,
		outputItems: 0,
		errorItems: 0,
		journal: countRoutes(await env.sandbox.journal()),
		failures: [],
	};
	if (execution.code !== 0) result.failures.push(`n8n execute exited ${execution.code}`);
	try {
		const node = nodeResult(execution, TARGET);
		result.nodeMs = node.executionTime;
		result.outputItems = node.output.length;
		result.errorItems = node.errorOutput.length;
		if (node.error) result.failures.push(`node error: ${JSON.stringify(node.error).slice(0, 500)}`);
	} catch (error) {
		result.failures.push(error instanceof Error ? error.message : String(error));
	}
	if (result.outputItems < items)
		result.failures.push(`${result.outputItems} output items, expected ${items}`);
	return result;
}

function countRoutes(journal: Array<{ route: string; status?: number }>): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const entry of journal) {
		const key = `${entry.route} ${entry.status ?? 'none'}`;
		counts[key] = (counts[key] ?? 0) + 1;
	}
	return counts;
}

/**
 * The file the n8n process wrote (its pid is in the name). NODE_OPTIONS reaches any Node child it
 * starts too, such as a task runner, whose profile is not the one wanted.
 */
function pickFile(dir: string, pattern: RegExp, pid: number | undefined): string {
	const files = readdirSync(dir).filter((name) => pattern.test(name));
	const own = files.find((name) => pid !== undefined && name.includes(`.${pid}.`));
	if (!own) {
		throw new Error(
			`no ${pattern} file from the n8n process (pid ${pid}) in ${dir}: ${files.join(', ') || 'none'}`,
		);
	}
	return join(dir, own);
}

const ms = (value: number) => value.toFixed(0).padStart(7);
const SHARE_HEADER = `${'ms'.padStart(7)} ${'%'.padStart(5)} ${'µs/item'.padStart(8)}`;
const shareCells = (share: Share) =>
	`${ms(share.ms)} ${share.percent.toFixed(1).padStart(5)} ${share.usPerItem.toFixed(1).padStart(8)}`;

const topPackages = (rows: Array<Share & { package: string }>) =>
	rows
		.slice(0, 6)
		.map((row) => `${row.package} ${row.percent.toFixed(1)}%`)
		.join(', ');

function printSummary(
	items: number,
	run: RunResult,
	summary: ProfileSummary,
	network: NetworkCounts,
): void {
	const { execution } = run;
	log(
		`n8n execute: node ${(run.nodeMs / 1000).toFixed(2)} s, wall ${(execution.wallMs / 1000).toFixed(1)} s, ` +
			`CPU ${(execution.cpuMs / 1000).toFixed(1)} s; ${run.outputItems} out / ${run.errorItems} error items`,
	);
	log(
		`node window ${(summary.windowMs / 1000).toFixed(2)} s: busy ${summary.busyMs.toFixed(0)} ms = ` +
			`${summary.busyMsPerItem.toFixed(3)} ms/item; idle ${summary.idleMs.toFixed(0)} ms; left out: ` +
			`module loading ${summary.oneOffMs.toFixed(0)} ms, preload ${summary.preloadMs.toFixed(0)} ms`,
	);
	log(`\n${'category'.padEnd(28)}${SHARE_HEADER}`);
	for (const row of summary.categories) log(`${row.label.padEnd(28)}${shareCells(row)}`);
	log(`HTTP stack by package: ${topPackages(summary.httpByPackage)}`);
	log(`other by package: ${topPackages(summary.otherByPackage)}`);
	log(`\n${`top ${summary.topSelf.length} self time`.padEnd(40)}${SHARE_HEADER}  package`);
	for (const row of summary.topSelf) {
		const name = row.file ? `${row.functionName} (${row.file})` : row.functionName;
		log(`${name.slice(0, 40).padEnd(40)}${shareCells(row)}  ${row.package}`);
	}
	const routes = Object.entries(run.journal)
		.map(([route, count]) => `${count} ${route}`)
		.join(', ');
	log(
		`\nnetwork: ${network.connects} TCP connects, ${network.requests} HTTP requests, ` +
			`${network.agents} http.Agent instances (${Object.entries(network.agentsByKind)
				.map(([kind, count]) => `${count} ${kind}`)
				.join(', ')}) for ${items} items; sandbox saw ${routes}`,
	);
}

function save(
	env: BenchEnvironment,
	items: number,
	run: RunResult,
	summary: ProfileSummary,
	network: NetworkCounts,
	profileFile: string,
): void {
	mkdirSync(OUT_DIR, { recursive: true });
	const profileOut = resolve(OUT_DIR, 'scalepoint-events.cpuprofile');
	// Copied, not renamed: the temp dir may be on another file system.
	copyFileSync(profileFile, profileOut);
	const { execution, failures, journal, nodeMs, outputItems, errorItems } = run;
	const document = {
		machine: machineInfo(env.runtime),
		command: 'npm run bench:profile',
		settings: { items, concurrency: CONCURRENCY, bodySource: 'fields' },
		run: {
			exitCode: execution.code,
			wallMs: execution.wallMs,
			cpuMs: execution.cpuMs,
			nodeMs,
			outputItems,
			errorItems,
			journal,
			failures,
		},
		network,
		profile: summary,
	};
	writeFileSync(resolve(OUT_DIR, 'summary.json'), `${JSON.stringify(document, null, 2)}\n`);
	log(`\nwrote bench-results/profile/scalepoint-events.cpuprofile and summary.json`);
}

main().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exitCode = 1;
});
