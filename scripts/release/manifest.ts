/**
 * The package.json of a published package, derived from the repository's package.json: the same
 * version, author, license and repository; its own name, description and keywords; an n8n block
 * listing only its own nodes and credentials. No scripts (nothing runs on install), no
 * dependencies (n8n installs community packages without them), no `main` (n8n loads the files the
 * n8n block names).
 */
import { n8nEntries, repositoryWebUrl, type ReleasePackage, type RootManifest } from './packages';

/** What npm packs besides package.json, README and LICENSE, which it always adds. */
export const PACKED_FILES = ['dist', 'CHANGELOG.md'];

export function packageManifest(root: RootManifest, pkg: ReleasePackage) {
	return {
		name: pkg.name,
		version: root.version,
		description: pkg.description,
		keywords: pkg.keywords,
		license: root.license,
		homepage: `${repositoryWebUrl(root)}#readme`,
		author: root.author,
		repository: root.repository,
		...(root.engines ? { engines: root.engines } : {}),
		files: PACKED_FILES,
		n8n: {
			n8nNodesApiVersion: root.n8n.n8nNodesApiVersion,
			strict: root.n8n.strict,
			...n8nEntries(root, pkg),
		},
		peerDependencies: { 'n8n-workflow': '*' },
	};
}

export type PackageManifest = ReturnType<typeof packageManifest>;
