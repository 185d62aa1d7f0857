import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ICredentialType, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';

import { TestInputNode, TEST_INPUT_TYPE } from './testInputNode';

export const PACKAGE_NAME = 'n8n-nodes-scalepoint-thinksurance';
const root = join(__dirname, '..', '..');

/**
 * Loads every node (`nodes/<Folder>/<Name>.node.ts`) and credential (`credentials/*.credentials.ts`)
 * of the package from source, the way n8n registers a community package: node types are named
 * `<package name>.<node name>`.
 */
function loadClasses<T>(files: string[]): T[] {
	const instances: T[] = [];
	for (const file of files) {
		const module = require(file) as Record<string, new () => T>;
		for (const exported of Object.values(module)) {
			if (typeof exported === 'function') instances.push(new exported());
		}
	}
	return instances;
}

function nodeFiles() {
	const folder = join(root, 'nodes');
	return readdirSync(folder, { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.flatMap((entry) =>
			readdirSync(join(folder, entry.name))
				.filter((file) => file.endsWith('.node.ts'))
				.map((file) => join(folder, entry.name, file)),
		);
}

function credentialFiles() {
	const folder = join(root, 'credentials');
	if (!existsSync(folder)) return [];
	return readdirSync(folder)
		.filter((file) => file.endsWith('.credentials.ts'))
		.map((file) => join(folder, file));
}

let cache:
	{ nodes: Record<string, INodeType>; credentials: Record<string, ICredentialType> } | undefined;

export function registry() {
	if (cache) return cache;
	const nodes: Record<string, INodeType> = { [TEST_INPUT_TYPE]: new TestInputNode() };
	for (const node of loadClasses<INodeType>(nodeFiles())) {
		if (node.description?.name) nodes[`${PACKAGE_NAME}.${node.description.name}`] = node;
	}
	const credentials: Record<string, ICredentialType> = {};
	for (const credential of loadClasses<ICredentialType>(credentialFiles())) {
		if (credential.name) credentials[credential.name] = credential;
	}
	cache = { nodes, credentials };
	return cache;
}

export function nodeTypes(): INodeTypes {
	const { nodes } = registry();
	const get = (type: string) => {
		const node = nodes[type];
		if (!node) throw new Error(`Unknown node type ${type}`);
		return node;
	};
	return {
		getByName: (type: string) => get(type) as INodeType | IVersionedNodeType,
		getByNameAndVersion: (type: string) => get(type),
		getKnownTypes: () => ({}),
	} as INodeTypes;
}
