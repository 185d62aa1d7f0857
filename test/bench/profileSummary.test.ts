import {
	summariseProfile,
	type CallFrame,
	type CpuProfile,
} from '../../scripts/bench/profileSummary';

const PKG = 'n8n-nodes-scalepoint-thinksurance';
const OURS = `file:///n8n/node_modules/${PKG}/dist/nodes`;

const frame = (functionName: string, url = ''): CallFrame => ({
	functionName,
	url,
	lineNumber: 0,
	columnNumber: 0,
});

/**
 * A profile built by hand: each entry is a stack (outermost first) sampled for `ms`.
 * Every sample gets its own chain of nodes, which the format allows.
 */
function profileOf(samples: Array<{ stack: CallFrame[]; ms: number }>): CpuProfile {
	const nodes: CpuProfile['nodes'] = [{ id: 1, callFrame: frame('(root)'), children: [] }];
	const ids: number[] = [];
	const deltas: number[] = [];
	for (const { stack, ms } of samples) {
		let parent = nodes[0];
		for (const callFrame of stack) {
			const node = { id: nodes.length + 1, callFrame, children: [] as number[] };
			parent.children!.push(node.id);
			nodes.push(node);
			parent = node;
		}
		ids.push(parent.id);
		deltas.push(ms * 1000);
	}
	// Durations run from one sample to the next: shift so that each sample lasts its own `ms`.
	return { nodes, startTime: 0, samples: ids, timeDeltas: [0, ...deltas.slice(0, -1)] };
}

const runItems = frame('runItems', `${OURS}/shared/itemRunner.js`);
const publish = frame('publishOne', `${OURS}/ScalepointEvents/actions/event/publish.operation.js`);
const axios = frame('dispatchHttpRequest', 'file:///n8n/node_modules/axios/lib/adapters/http.js');
const connect = frame('internalConnect', 'node:net');
const redact = frame('redactSecrets', `${OURS}/shared/redact.js`);

describe('CPU profile summary (npm run bench:profile)', () => {
	it('splits the node window into our code, the HTTP stack, GC and idle, per item', () => {
		const profile = profileOf([
			{ stack: [frame('startup', 'file:///n8n/node_modules/n8n/dist/start.js')], ms: 50 },
			{ stack: [runItems, publish, axios, connect], ms: 6 },
			{ stack: [runItems, publish, redact], ms: 2 },
			{ stack: [frame('(garbage collector)')], ms: 1 },
			{ stack: [frame('(idle)')], ms: 3 },
			{ stack: [runItems, publish, axios], ms: 1 },
			{ stack: [frame('after', 'file:///n8n/node_modules/n8n/dist/end.js')], ms: 40 },
		]);
		const summary = summariseProfile(profile, { items: 10, packageName: PKG });
		const ms = Object.fromEntries(summary.categories.map((entry) => [entry.category, entry.ms]));
		expect(ms).toEqual({ ours: 2, parameters: 0, http: 7, gc: 1, other: 0 });
		expect(summary.busyMs).toBe(10);
		expect(summary.idleMs).toBe(3);
		expect(summary.busyMsPerItem).toBe(1);
		expect(summary.httpByPackage.map((entry) => [entry.package, entry.ms])).toEqual([
			['node core', 6],
			['axios', 1],
		]);
		expect(summary.topSelf[0]).toMatchObject({
			functionName: 'internalConnect',
			ms: 6,
			percent: 60,
		});
	});

	it('refuses a profile in which the node never ran', () => {
		const profile = profileOf([{ stack: [frame('other', 'file:///x.js')], ms: 5 }]);
		expect(() => summariseProfile(profile, { items: 1, packageName: PKG })).toThrow(
			'no sample in the profile shows the Scalepoint Events node at work',
		);
	});
});
