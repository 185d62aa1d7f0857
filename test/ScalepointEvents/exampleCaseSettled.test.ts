import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { EXAMPLE_SANDBOX_URL } from '../../scripts/runtime/sandboxLink';
import {
	ALL_SCOPES,
	CLIENT_ID,
	startScalepointFixture,
	type ScalepointFixture,
} from '../fixtures/scalepoint';
import { runNode } from '../harness/runWorkflow';
import { SEEDED_CASE, SEEDED_REVISION_TOKEN } from '../sandbox/caseSeed';
import { DOCUMENTED_EVENT_TYPES, exampleEventAttributes } from '../sandbox/eventExamples';
import { runPoll } from './pollHarness';

// The example workflow examples/workflows/scalepoint-events-trigger-case-settled.json, node by
// node in-process: its trigger (as saved: version 2, case_settled only) polls the sandbox, and
// its Case Data node reads the settlement revision the event names. The e2e suite runs the same
// file in real n8n.

const EXAMPLE = join(
	__dirname,
	'..',
	'..',
	'examples',
	'workflows',
	'scalepoint-events-trigger-case-settled.json',
);
const SCOPES = [...ALL_SCOPES, 'platform-case:read'];

interface ExampleNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: INodeParameters;
}

let fx: ScalepointFixture;
let nodes: ExampleNode[];

/** The node's parameters, pointed at this test's sandbox. */
function parametersOf(type: string): INodeParameters {
	const node = nodes.find((candidate) => candidate.type.endsWith(`.${type}`));
	if (!node) throw new Error(`the example has no ${type} node`);
	return JSON.parse(
		JSON.stringify(node.parameters).split(EXAMPLE_SANDBOX_URL).join(fx.sandbox.url),
	) as INodeParameters;
}

beforeAll(async () => {
	fx = await startScalepointFixture({ eventHoldMs: 300 });
	fx.sandbox.addScalepointClient({
		clientId: CLIENT_ID,
		certificatePem: fx.keys.certificatePem,
		scopes: SCOPES,
	});
	nodes = (JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { nodes: ExampleNode[] }).nodes;
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

it('the example: a case_settled event among the others → its settlement revision is read', async () => {
	for (const type of DOCUMENTED_EVENT_TYPES)
		fx.sandbox.state.addOutgoingEvent(type, exampleEventAttributes(type));
	const credentials = fx.credentials({ scopes: SCOPES } as never);
	const trigger = nodes.find((node) => node.type.endsWith('.scalepointEventsTrigger'))!;
	expect(trigger.typeVersion).toBe(2);

	const triggerParameters = parametersOf('scalepointEventsTrigger');
	const emitted = await runPoll({
		parameters: {
			...triggerParameters,
			options: { ...(triggerParameters.options as IDataObject), longPollTimeoutSeconds: 2 },
		},
		credentials,
		staticData: {},
		typeVersion: trigger.typeVersion,
	});
	const items = emitted?.[0] ?? [];
	expect(items.map((item) => item.json.eventType)).toEqual(['case_settled']);
	expect(items[0].json).toMatchObject({
		caseToken: SEEDED_CASE.token,
		revisionToken: SEEDED_REVISION_TOKEN,
	});

	const result = await runNode({
		type: 'scalepointCaseData',
		parameters: parametersOf('scalepointCaseData'),
		items: items.map((item) => ({ json: item.json })),
		credentials,
	});
	expect(result.error).toBeUndefined();
	expect(result.output).toHaveLength(1);
	expect(result.output[0].json).toMatchObject({
		revisionToken: SEEDED_REVISION_TOKEN,
		caseToken: SEEDED_CASE.token,
		caseNumber: SEEDED_CASE.number,
	});
	const [read] = fx.sandbox.requests('settlement.getRevision');
	expect(read.status).toBe(200);
	expect(read.rawPath).toBe(
		`/webapp/ScalePoint/dk/case/abcinsurance/revision/${SEEDED_REVISION_TOKEN}`,
	);
	// One credential, one token for the trigger and the Case Data node.
	expect(fx.tokenRequests()).toBe(1);
});
