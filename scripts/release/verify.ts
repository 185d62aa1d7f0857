/**
 * What must hold for a package as it will be published, checked on the unpacked tarball (the real
 * artefact, not the folder it was packed from): only package.json, README, LICENSE, CHANGELOG and
 * dist/; every file of the n8n block present; no file of another vendor; every `require` of a
 * compiled file resolves inside the package or names n8n-workflow / node:crypto (n8n installs
 * community packages without dependencies); no dependencies; each node and credential loads, and
 * every credential a node asks for is in the package.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { PACKED_FILES, type PackageManifest } from './manifest';
import { ownerOf, type ReleasePackage } from './packages';
import { filesUnder } from './stage';

const DOCS = ['package.json', 'README.md', 'LICENSE.md', 'CHANGELOG.md'];
const ALLOWED_MODULES = ['n8n-workflow', 'node:crypto'];

/** Problems found in the unpacked package at `dir` (empty when it may be published). */
export function verifyPackage(dir: string, pkg: ReleasePackage): string[] {
	const files = filesUnder(dir);
	const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest &
		Record<string, unknown>;
	return [
		...checkFileList(files),
		...checkManifest(manifest, pkg, files),
		...checkOwners(files, pkg),
		...checkRequires(dir, files),
		...checkLoads(dir, manifest),
	];
}

function checkFileList(files: string[]): string[] {
	const problems = files
		.filter((file) => !file.startsWith('dist/') && !DOCS.includes(file))
		.map((file) => `${file}: only ${DOCS.join(', ')} and dist/ may be published`);
	for (const doc of DOCS)
		if (!files.includes(doc)) problems.push(`${doc} is missing from the package`);
	if (!files.some((file) => file.startsWith('dist/')))
		problems.push('dist/ is missing: the package would install without any node');
	return problems;
}

function checkManifest(
	manifest: PackageManifest & Record<string, unknown>,
	pkg: ReleasePackage,
	files: string[],
): string[] {
	const problems: string[] = [];
	if (manifest.name !== pkg.name) problems.push(`package.json name is "${manifest.name}"`);
	for (const field of ['dependencies', 'optionalDependencies', 'bundleDependencies', 'scripts'])
		if (field in manifest) problems.push(`package.json has "${field}": n8n installs none`);
	if (manifest.private) problems.push('package.json is private: npm would refuse to publish it');
	if (JSON.stringify(manifest.peerDependencies) !== JSON.stringify({ 'n8n-workflow': '*' }))
		problems.push('package.json peerDependencies must be exactly {"n8n-workflow": "*"}');
	if (JSON.stringify(manifest.files) !== JSON.stringify(PACKED_FILES))
		problems.push(`package.json "files" must be ${JSON.stringify(PACKED_FILES)}`);
	const entries = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	if (!manifest.n8n?.nodes?.length) problems.push('package.json n8n block lists no node');
	for (const entry of entries) {
		if (!files.includes(entry)) problems.push(`n8n block names ${entry}, which is not packed`);
		const owner = ownerOf(entry);
		if (owner === undefined || owner === 'shared' || !pkg.vendors.includes(owner))
			problems.push(`n8n block names ${entry}, which is not a node or credential of this package`);
	}
	return problems;
}

function checkOwners(files: string[], pkg: ReleasePackage): string[] {
	return files
		.filter((file) => file.startsWith('dist/'))
		.filter((file) => {
			const owner = ownerOf(file);
			return owner === undefined || (owner !== 'shared' && !pkg.vendors.includes(owner));
		})
		.map((file) => `${file} belongs to ${ownerOf(file) ?? 'no vendor'}, not to ${pkg.name}`);
}

function checkRequires(dir: string, files: string[]): string[] {
	const problems: string[] = [];
	for (const file of files.filter((name) => name.endsWith('.js'))) {
		const code = readFileSync(join(dir, file), 'utf8');
		for (const [, specifier] of code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) {
			if (!specifier.startsWith('.')) {
				if (!ALLOWED_MODULES.includes(specifier))
					problems.push(`${file} requires "${specifier}", which an n8n install does not provide`);
				continue;
			}
			const target = relative(dir, join(dir, dirname(file), specifier))
				.split('\\')
				.join('/');
			const resolved = [target, `${target}.js`, `${target}/index.js`].find((path) =>
				files.includes(path),
			);
			if (!resolved) problems.push(`${file} requires "${specifier}", which is not in the package`);
		}
	}
	return problems;
}

/** Loads each node and credential as n8n would (n8n-workflow from the repository's node_modules). */
function checkLoads(dir: string, manifest: PackageManifest): string[] {
	const problems: string[] = [];
	const credentialNames = new Set<string>();
	const load = (entry: string) => {
		const path = join(dir, entry);
		if (!existsSync(path)) return undefined;
		const className = entry.split('/').pop()!.split('.')[0];
		try {
			const exported = (require(path) as Record<string, unknown>)[className];
			if (typeof exported === 'function') return new (exported as new () => unknown)();
			problems.push(`${entry} does not export the class ${className} (n8n looks for that name)`);
		} catch (error) {
			problems.push(`${entry} fails to load: ${(error as Error).message.split('\n')[0]}`);
		}
		return undefined;
	};
	for (const entry of manifest.n8n.credentials) {
		const credential = load(entry) as { name?: string } | undefined;
		if (credential?.name) credentialNames.add(credential.name);
	}
	for (const entry of manifest.n8n.nodes) {
		const node = load(entry) as
			{ description?: { credentials?: Array<{ name: string }> } } | undefined;
		for (const { name } of node?.description?.credentials ?? [])
			if (!credentialNames.has(name))
				problems.push(`${entry} needs the credential "${name}", which the package lacks`);
	}
	return problems;
}
