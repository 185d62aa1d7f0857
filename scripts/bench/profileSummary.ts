/**
 * Reads a V8 `.cpuprofile` of one `n8n execute` of a Scalepoint Events workflow and says where the
 * node's CPU time went: this package, n8n's parameter/expression resolution, n8n's outbound HTTP
 * stack, garbage collection, or anything else. Pure (profile JSON in, figures out), so it can be
 * tested and run on a saved profile; `profile.ts` does the measuring.
 *
 * Only the node's window counts: from the first to the last sample whose stack holds a frame of
 * our publish operation or item runner. n8n's start-up and the Code node making the items happen
 * before it. Inside the window, stacks that load modules (lazy requires, n8n's node loaders) are
 * one-off costs, not per-item ones, and are left out of the busy time, as is the preload's own
 * bookkeeping.
 */

export interface CallFrame {
	functionName: string;
	url: string;
	lineNumber: number;
	columnNumber: number;
}

export interface ProfileNode {
	id: number;
	callFrame: CallFrame;
	children?: number[];
}

/** The parts of the format `--cpu-prof` writes that the summary reads. */
export interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	samples: number[];
	/** Microseconds since the previous sample (the first: since startTime). */
	timeDeltas: number[];
}

export type Category = 'ours' | 'parameters' | 'http' | 'gc' | 'other';

export const CATEGORY_LABELS: Record<Category, string> = {
	ours: 'this package (dist)',
	parameters: 'n8n parameters/expressions',
	http: 'n8n HTTP helper stack',
	gc: 'garbage collection',
	other: 'other',
};

export interface Share {
	ms: number;
	/** Of the busy time. */
	percent: number;
	usPerItem: number;
}

export interface SelfTime extends Share {
	functionName: string;
	package: string;
	/** File inside node core or this package; empty elsewhere. */
	file: string;
}

export interface ProfileSummary {
	items: number;
	/** Wall time from the first to the last sample in the node's window. */
	windowMs: number;
	/** CPU samples in the window, without idle, module loading and the preload. */
	busyMs: number;
	busyMsPerItem: number;
	/** Waiting for answers (the node keeps a few requests in flight). */
	idleMs: number;
	/** Module loading inside the window: paid once per process, so not per item. */
	oneOffMs: number;
	/** The connection-counting preload's own code. */
	preloadMs: number;
	categories: Array<Share & { category: Category; label: string }>;
	/** The HTTP helper stack split by the package of its innermost JavaScript frame. */
	httpByPackage: Array<Share & { package: string }>;
	/** "other" split by the package whose code ran (n8n saving the execution, the task broker, …). */
	otherByPackage: Array<Share & { package: string }>;
	topSelf: SelfTime[];
}

export interface SummaryOptions {
	items: number;
	/** This package's npm name: its frames are under `<name>/dist/`. */
	packageName: string;
	/** URL (file:// or path) of the preload, whose frames are measurement, not work. */
	preloadUrl?: string;
	/** How many self-time functions to list (15). */
	top?: number;
}

/** Our frames that mark the node at work; both run for every item. */
const WINDOW_FILES = /\/(publish\.operation|itemRunner)\.js$/;

const ONE_OFF_FUNCTIONS =
	/^(postProcessLoaders|wrapModuleLoad|loadClassInIsolation|compileFunction)$/;
const ONE_OFF_URLS = /cjs\/loader/;

const PARAMETER_FUNCTIONS =
	/getNodeParameter|getParameterValue|resolveSimpleParameterValue|WorkflowDataProxy|resolveExpression|renderExpression/;
const PARAMETER_URLS =
	/expression|workflow-data-proxy|@n8n\/expression-runtime|@n8n\/tournament|get-node-parameter|node-parameters/;

/** n8n's `httpRequestWithAuthentication`: its glue, axios and what axios uses, then node core. */
const HTTP_FUNCTIONS = /httpRequestWithAuthentication|proxyRequestToAxios/;
const HTTP_PACKAGES =
	/node_modules\/(axios|follow-redirects|proxy-from-env|@n8n\/backend-network|form-data|combined-stream|http-proxy-agent|https-proxy-agent|agent-base)\//;
const HTTP_N8N_URLS = /request-helper|credentials-helper|credential-types/;
const HTTP_CORE_URLS =
	/^node:(net|_http_|http$|https$|internal\/(net|http|stream_base_commons|dns)|dns)/;

/** Tallies are keyed by name and summed in ms. */
type Tally = Map<string, number>;

export function summariseProfile(profile: CpuProfile, options: SummaryOptions): ProfileSummary {
	const ours = `${options.packageName}/dist/`;
	const stacks = stackReader(profile);
	const times = sampleTimes(profile);
	const window = findWindow(profile.samples.map(stacks), ours);
	if (!window) throw new Error('no sample in the profile shows the Scalepoint Events node at work');

	const categories: Tally = new Map();
	const httpByPackage: Tally = new Map();
	const otherByPackage: Tally = new Map();
	const selfTimes = new Map<string, { frame: CallFrame; ms: number }>();
	let idleMs = 0;
	let oneOffMs = 0;
	let preloadMs = 0;
	for (let i = window.first; i <= window.last; i++) {
		const stack = stacks(profile.samples[i]);
		const ms = (times[i + 1] - times[i]) / 1000;
		const kind = classify(stack, ours, options.preloadUrl);
		if (kind === 'idle') idleMs += ms;
		else if (kind === 'oneOff') oneOffMs += ms;
		else if (kind === 'preload') preloadMs += ms;
		else {
			add(categories, kind, ms);
			if (kind === 'http') add(httpByPackage, packageOf(innermostScript(stack)?.url, ours), ms);
			if (kind === 'other') add(otherByPackage, ownerOf(stack, ours), ms);
			addSelfTime(selfTimes, stack[0], ours, ms);
		}
	}

	const busyMs = sum(categories);
	const share = (ms: number): Share => ({
		ms,
		percent: busyMs ? (100 * ms) / busyMs : 0,
		usPerItem: (1000 * ms) / options.items,
	});
	return {
		items: options.items,
		windowMs: (times[window.last] - times[window.first]) / 1000,
		busyMs,
		busyMsPerItem: busyMs / options.items,
		idleMs,
		oneOffMs,
		preloadMs,
		categories: (Object.keys(CATEGORY_LABELS) as Category[]).map((category) => ({
			category,
			label: CATEGORY_LABELS[category],
			...share(categories.get(category) ?? 0),
		})),
		httpByPackage: sorted(httpByPackage).map(([name, ms]) => ({ package: name, ...share(ms) })),
		otherByPackage: sorted(otherByPackage).map(([name, ms]) => ({ package: name, ...share(ms) })),
		topSelf: [...selfTimes.values()]
			.sort((a, b) => b.ms - a.ms)
			.slice(0, options.top ?? 15)
			.map(({ frame, ms }) => ({
				functionName: frame.functionName || '(anonymous)',
				package: frame.functionName.startsWith('(') ? '-' : packageOf(frame.url, ours),
				file: fileOf(frame.url, ours),
				...share(ms),
			})),
	};
}

/** Stack of a sample, innermost frame first; memoised, as most samples share a few leaves. */
function stackReader(profile: CpuProfile): (id: number) => CallFrame[] {
	const byId = new Map<number, ProfileNode>();
	const parent = new Map<number, number>();
	for (const node of profile.nodes) {
		byId.set(node.id, node);
		for (const child of node.children ?? []) parent.set(child, node.id);
	}
	const cache = new Map<number, CallFrame[]>();
	return (id) => {
		let stack = cache.get(id);
		if (stack) return stack;
		stack = [];
		for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
			stack.push(byId.get(at)!.callFrame);
		}
		cache.set(id, stack);
		return stack;
	};
}

/**
 * Absolute time of every sample (µs), plus one past the last so that each sample lasts until the
 * next one; the last sample of the profile gets no duration, as in Chrome's reading.
 */
function sampleTimes(profile: CpuProfile): number[] {
	const times: number[] = [];
	let time = profile.startTime;
	for (const delta of profile.timeDeltas) {
		time += delta;
		times.push(time);
	}
	times.push(time);
	return times;
}

function findWindow(
	stacks: CallFrame[][],
	ours: string,
): { first: number; last: number } | undefined {
	const atWork = (frame: CallFrame) => frame.url.includes(ours) && WINDOW_FILES.test(frame.url);
	let first = -1;
	let last = -1;
	stacks.forEach((stack, index) => {
		if (!stack.some(atWork)) return;
		if (first < 0) first = index;
		last = index;
	});
	return first < 0 ? undefined : { first, last };
}

/**
 * The order matters: a sample belongs to the first rule it meets, so expression work called from
 * inside the HTTP path counts as expression work, and only what is left of our stacks is ours.
 */
function classify(
	stack: CallFrame[],
	ours: string,
	preloadUrl: string | undefined,
): Category | 'idle' | 'oneOff' | 'preload' {
	const leaf = stack[0];
	if (leaf.functionName === '(idle)') return 'idle';
	if (stack.some(isOneOff)) return 'oneOff';
	if (preloadUrl && innermostScript(stack)?.url === preloadUrl) return 'preload';
	if (leaf.functionName === '(garbage collector)') return 'gc';
	if (leaf.functionName === '(program)') return 'other';
	if (stack.some(isParameterWork)) return 'parameters';
	if (stack.some(isHttpWork)) return 'http';
	if (innermostPackageFrame(stack)?.url.includes(ours)) return 'ours';
	return 'other';
}

const isOneOff = (frame: CallFrame) =>
	ONE_OFF_FUNCTIONS.test(frame.functionName) || ONE_OFF_URLS.test(frame.url);

const isParameterWork = (frame: CallFrame) =>
	PARAMETER_FUNCTIONS.test(frame.functionName) || PARAMETER_URLS.test(frame.url);

const isHttpWork = (frame: CallFrame) =>
	HTTP_FUNCTIONS.test(frame.functionName) ||
	HTTP_PACKAGES.test(frame.url) ||
	HTTP_N8N_URLS.test(frame.url) ||
	HTTP_CORE_URLS.test(frame.url);

/** The innermost frame with a script (builtins such as JSON.parse have none). */
const innermostScript = (stack: CallFrame[]) => stack.find((frame) => frame.url);

/** The innermost frame outside node core: whose code asked for this work. */
const innermostPackageFrame = (stack: CallFrame[]) =>
	stack.find((frame) => frame.url && !frame.url.startsWith('node:'));

/** Whose code a sample of "other" belongs to: the innermost package, else node core, else V8. */
function ownerOf(stack: CallFrame[], ours: string): string {
	if (stack[0].functionName === '(program)') return '(program)';
	return packageOf((innermostPackageFrame(stack) ?? innermostScript(stack))?.url, ours);
}

function packageOf(url: string | undefined, ours: string): string {
	if (!url) return '(builtin)';
	if (url.startsWith('node:')) return 'node core';
	if (url.includes(ours)) return 'this package';
	const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
	return match ? match[1] : url;
}

/** Where in node core or in our dist; other packages are named well enough by the package. */
function fileOf(url: string, ours: string): string {
	if (url.startsWith('node:')) return url.slice('node:'.length);
	const at = url.indexOf(ours);
	return at < 0 ? '' : url.slice(at + ours.length);
}

function addSelfTime(
	tally: Map<string, { frame: CallFrame; ms: number }>,
	frame: CallFrame,
	ours: string,
	ms: number,
): void {
	const key = `${frame.functionName}\u0000${packageOf(frame.url, ours)}\u0000${fileOf(frame.url, ours)}`;
	const entry = tally.get(key);
	if (entry) entry.ms += ms;
	else tally.set(key, { frame, ms });
}

function add(tally: Tally, key: string, ms: number): void {
	tally.set(key, (tally.get(key) ?? 0) + ms);
}

const sum = (tally: Tally) => [...tally.values()].reduce((total, ms) => total + ms, 0);

const sorted = (tally: Tally) => [...tally.entries()].sort((a, b) => b[1] - a[1]);
