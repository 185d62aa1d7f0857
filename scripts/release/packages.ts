/**
 * The packages one release publishes, all from this repository's one source: the combined package
 * self-hosted users install, and one package per vendor (n8n verifies only packages that integrate
 * exactly one service). Which file belongs to which vendor follows from its folder's name, so a new
 * folder that names neither vendor (nor is nodes/shared) stops the release instead of shipping in
 * the wrong package.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../..');

/** Folder and file names of a vendor's nodes and credentials start with the vendor's name. */
export const VENDORS = ['Scalepoint', 'Thinksurance'] as const;
export type Vendor = (typeof VENDORS)[number];
export type Owner = Vendor | 'shared';

export interface ReleasePackage {
	name: string;
	vendors: readonly Vendor[];
	description: string;
	keywords: string[];
}

/** The repository's package.json: the single source of version, authorship and the n8n block. */
export interface RootManifest {
	name: string;
	version: string;
	description: string;
	keywords: string[];
	license: string;
	author: { name: string; email?: string };
	repository?: { type: string; url: string };
	engines?: Record<string, string>;
	n8n: { n8nNodesApiVersion: number; strict: boolean; nodes: string[]; credentials: string[] };
}

export function readRootManifest(repoRoot = REPO_ROOT): RootManifest {
	return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as RootManifest;
}

export function releasePackages(root: RootManifest): ReleasePackage[] {
	return [
		{
			name: root.name,
			vendors: VENDORS,
			description: root.description,
			keywords: root.keywords,
		},
		{
			name: 'n8n-nodes-scalepoint',
			vendors: ['Scalepoint'],
			description:
				'n8n nodes for Scalepoint: Self-Service cases, ECB files, Event API (publish, and a trigger filtered by event type), case data and settlement revisions, and Case Deletion, with a credential that does the OAuth2 client-credentials flow (private key JWT or client secret).',
			keywords: ['n8n-community-node-package', 'n8n', 'scalepoint', 'insurance', 'claims'],
		},
		{
			name: 'n8n-nodes-thinksurance',
			vendors: ['Thinksurance'],
			description:
				'n8n nodes for Thinksurance: agency numbers (add, get many, delete), inquiries, brokers and broker tokens, and a trigger for V2 notifications, with a credential that exchanges the API hash and secret for tokens.',
			keywords: ['n8n-community-node-package', 'n8n', 'thinksurance', 'insurance', 'broker'],
		},
	];
}

/**
 * Who owns a file of the package, by its path relative to the package root (with or without the
 * leading `dist/`): a vendor, `shared` (nodes/shared), or undefined for a file that belongs to no
 * vendor and so must not be in nodes/ or credentials/.
 */
export function ownerOf(path: string): Owner | undefined {
	const parts = path.replace(/^dist\//, '').split('/');
	if (parts[0] === 'nodes' && parts.length > 2) {
		if (parts[1] === 'shared') return 'shared';
		return VENDORS.find((vendor) => parts[1].startsWith(vendor));
	}
	if (parts[0] === 'credentials' && parts.length === 2)
		return VENDORS.find((vendor) => parts[1].startsWith(vendor));
	return undefined;
}

/** True when the package ships this file: one of its vendors' files, or a shared one. */
export function belongsTo(pkg: ReleasePackage, path: string): boolean {
	const owner = ownerOf(path);
	return owner === 'shared' || (owner !== undefined && pkg.vendors.includes(owner));
}

/** The root n8n block's entries (dist/… paths) that belong to this package. */
export function n8nEntries(root: RootManifest, pkg: ReleasePackage) {
	return {
		nodes: root.n8n.nodes.filter((entry) => belongsTo(pkg, entry)),
		credentials: root.n8n.credentials.filter((entry) => belongsTo(pkg, entry)),
	};
}

/** `git+https://host/owner/repo.git` → `https://host/owner/repo`, for links in generated docs. */
export function repositoryWebUrl(root: RootManifest): string {
	const url = root.repository?.url;
	if (!url)
		throw new Error(
			'package.json has no "repository.url": the published packages need it (npm provenance checks it against the repository that publishes). Add the repository\'s git URL.',
		);
	return url.replace(/^git\+/, '').replace(/\.git$/, '');
}
