/**
 * n8n's UX guidelines on what the editor shows of each node: action names without articles,
 * subtitles that read as words (never "getAll: agencyNumber"), codex categories that describe the
 * node, and documentation links that point at this repository's pages (files and headings that
 * exist), the same repository package.json names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeProperties, INodeType } from 'n8n-workflow';

import { ScalepointApi } from '../../credentials/ScalepointApi.credentials';
import { ThinksuranceApi } from '../../credentials/ThinksuranceApi.credentials';
import { ThinksuranceWebhookApi } from '../../credentials/ThinksuranceWebhookApi.credentials';
import { ScalepointEventsTrigger } from '../../nodes/ScalepointEvents/ScalepointEventsTrigger.node';
import { Thinksurance } from '../../nodes/Thinksurance/Thinksurance.node';
import { readRootManifest, REPO_ROOT, repositoryWebUrl } from '../../scripts/release/packages';

/**
 * Every node package.json lists (its source next to the dist path), so a node added later is
 * checked without anyone remembering to add it here.
 */
const NODES: Array<[string, INodeType]> = readRootManifest().n8n.nodes.map((distPath) => {
	const source = join(REPO_ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, ''));
	const exported = Object.values(require(source) as Record<string, unknown>).find(
		(value): value is new () => INodeType => typeof value === 'function',
	);
	if (!exported) throw new Error(`${distPath}: no node class exported`);
	return [distPath.split('/')[2], new exported()];
});
/** The categories n8n's own nodes use (n8n-nodes-base codex files). */
const N8N_CATEGORIES = [
	'Analytics',
	'Communication',
	'Data & Storage',
	'Development',
	'Finance & Accounting',
	'Marketing',
	'Productivity',
	'Sales',
	'Utility',
];
const WEB = repositoryWebUrl(readRootManifest());

function operations(type: INodeType) {
	return type.description.properties
		.filter((property): property is INodeProperties => property.name === 'operation')
		.flatMap((property) =>
			((property.options ?? []) as Array<{ value: string; action?: string }>).map((option) => ({
				...option,
				// The resource whose Operation list holds it (Get Many exists for two resources).
				resource: property.displayOptions?.show?.resource?.[0],
			})),
		);
}

/** Evaluates a `={{ … }}` subtitle the way the editor does, for given parameter values. */
function subtitle(type: INodeType, parameters: Record<string, unknown>): string {
	const text = type.description.subtitle ?? '';
	const inner = /^=\{\{([\s\S]*)\}\}$/.exec(text)?.[1];
	if (inner === undefined) return text;
	return String(new Function('$parameter', `return (${inner});`)(parameters));
}

/** A link to a page of this repository: the file exists and, with an anchor, so does the heading. */
function expectRepositoryPage(url: string): void {
	expect(url.startsWith(`${WEB}/blob/HEAD/`)).toBe(true);
	const [path, anchor] = url.slice(`${WEB}/blob/HEAD/`.length).split('#');
	const text = readFileSync(join(REPO_ROOT, path), 'utf8');
	if (anchor) {
		const slugs = text
			.split('\n')
			.filter((line) => line.startsWith('#'))
			.map((line) =>
				line
					.replace(/^#+\s*/, '')
					.toLowerCase()
					.replace(/[^\w\s-]/g, '')
					.replace(/\s/g, '-'),
			);
		expect(slugs).toContain(anchor);
	}
}

describe.each(NODES)('%s: %#', (folder, type) => {
	const { name } = type.description;

	it('names its actions without articles', () => {
		for (const { action } of operations(type))
			if (action) expect(action).not.toMatch(/\b(a|an|the)\b/i);
	});

	it('shows a subtitle in words, without internal values', () => {
		const values = operations(type).map((operation) => operation.value);
		for (const operation of values.length ? values : [undefined]) {
			const shown = subtitle(type, {
				operation,
				resource: 'agencyNumber',
				mode: 'dryRun',
				system: 'hubProperty',
				eventType: 'fraud_status',
				tenant: 'abcinsurance',
				caseToken: '',
			});
			expect(shown).not.toMatch(/undefined|agencyNumber|getAll|submitTo|deleteCase|: /);
		}
	});

	it('has codex categories that describe it and documentation in this repository', () => {
		const file = join(
			REPO_ROOT,
			'nodes',
			folder,
			`${name.charAt(0).toUpperCase()}${name.slice(1)}.node.json`,
		);
		const codex = JSON.parse(readFileSync(file, 'utf8')) as {
			node: string;
			categories: string[];
			resources: Record<string, Array<{ url: string }>>;
		};
		expect(codex.node).toBe(`${readRootManifest().name}.${name}`);
		expect(codex.categories).not.toContain('Miscellaneous');
		for (const category of codex.categories) expect(N8N_CATEGORIES).toContain(category);
		expect(codex.categories).toContain('Finance & Accounting');
		for (const url of [
			...codex.resources.primaryDocumentation,
			...codex.resources.credentialDocumentation,
		].map((link) => link.url))
			expectRepositoryPage(url);
	});
});

it("Thinksurance's subtitle is the chosen action's name", () => {
	const type = new Thinksurance();
	expect(
		operations(type).map(({ value, resource }) => subtitle(type, { operation: value, resource })),
	).toEqual(operations(type).map(({ action }) => action));
});

it("the credentials' documentation links open their README sections", () => {
	for (const credential of [
		new ScalepointApi(),
		new ThinksuranceApi(),
		new ThinksuranceWebhookApi(),
	])
		expectRepositoryPage(credential.documentationUrl!);
});

it('the creator\'s one "Scalepoint Events" entry (trigger and action) says it also publishes', () => {
	// n8n shows the trigger's description for the entry it shares with the action node.
	expect(new ScalepointEventsTrigger().description.description).toMatch(/publish events/);
});
