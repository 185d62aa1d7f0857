/**
 * Loads the example workflows and derives test variants from them (other items, error handling,
 * a credential of their own so each scenario starts without a stored token).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../../scripts/runtime/runtimes';
import { EXAMPLE_SANDBOX_URL, type CredentialRecord } from '../../scripts/runtime/sandboxLink';
import { PACKAGE_NAME } from '../../scripts/runtime/communityPackage';

export interface WorkflowNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	onError?: string;
	credentials?: Record<string, { id: string; name: string }>;
	[key: string]: unknown;
}

export interface Workflow {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	[key: string]: unknown;
}

export const EXAMPLES_DIR = resolve(REPO_ROOT, 'examples', 'workflows');

export function exampleFiles(): string[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort();
}

/** An example with its sandbox address replaced by the one this run uses. */
export function loadExample(file: string, sandboxUrl: string): Workflow {
	const text = readFileSync(join(EXAMPLES_DIR, file), 'utf8')
		.split(EXAMPLE_SANDBOX_URL)
		.join(sandboxUrl);
	return JSON.parse(text) as Workflow;
}

/** Node types of this package the workflow uses, e.g. `scalepointSelfService`. */
export function packageNodeTypes(workflow: Workflow): string[] {
	return workflow.nodes
		.filter((node) => node.type.startsWith(`${PACKAGE_NAME}.`))
		.map((node) => node.type.slice(PACKAGE_NAME.length + 1));
}

export function packageNode(workflow: Workflow): WorkflowNode {
	const node = workflow.nodes.find((candidate) => candidate.type.startsWith(`${PACKAGE_NAME}.`));
	if (!node) throw new Error(`workflow ${workflow.id} has no node of ${PACKAGE_NAME}`);
	return node;
}

let counter = 0;

/** n8n ids are 16 characters; a prefix keeps them readable in the database. */
function newId(prefix: string): string {
	counter += 1;
	return `${prefix}${String(counter).padStart(16 - prefix.length, '0')}`.slice(0, 16);
}

export interface Scenario {
	workflow: Workflow;
	credentials: CredentialRecord[];
}

/**
 * A copy of `workflow` whose package nodes use fresh copies of their credentials (n8n stores the
 * access token with the credential, so a fresh copy means the first run must fetch one).
 */
export function isolate(
	workflow: Workflow,
	base: CredentialRecord[],
	change: (copy: Workflow) => void = () => {},
): Scenario {
	const copy = structuredClone(workflow);
	copy.id = newId('e2eWf');
	copy.name = `${workflow.name} [${copy.id}]`;
	const credentials: CredentialRecord[] = [];
	for (const node of copy.nodes) {
		for (const [type, reference] of Object.entries(node.credentials ?? {})) {
			const original =
				base.find((record) => record.id === reference.id) ??
				base.find((record) => record.type === type);
			if (!original) throw new Error(`no credential of type ${type} for ${workflow.name}`);
			const clone = {
				...structuredClone(original),
				id: newId('e2eCr'),
				name: `${original.name} [${copy.id}]`,
			};
			credentials.push(clone);
			node.credentials![type] = { id: clone.id, name: clone.name };
		}
	}
	change(copy);
	return { workflow: copy, credentials };
}

/** The Self-Service example with other case tokens (its "Cases to submit" raw JSON). */
export function withCaseTokens(caseTokens: string[]) {
	return (workflow: Workflow) => {
		const cases = workflow.nodes.find((node) => node.name === 'Cases to submit');
		if (!cases) throw new Error('the Self-Service example has no "Cases to submit" node');
		cases.parameters.jsonOutput = JSON.stringify({
			cases: caseTokens.map((caseToken) => ({ caseToken })),
		});
	};
}
