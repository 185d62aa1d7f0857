/**
 * Lays out a package folder to pack: its package.json, README, LICENSE, CHANGELOG and the compiled
 * files of its vendors (plus nodes/shared) taken from dist/. Also lays out the matching TypeScript
 * sources with n8n's default lint config, the folder `n8n-node lint` and the scanner's source rules
 * check (they lint sources, not the compiled files).
 */
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { packageChangelog, packageReadme } from './docs';
import { packageManifest } from './manifest';
import { belongsTo, ownerOf, type ReleasePackage, readRootManifest, VENDORS } from './packages';

/** Writes `outDir` (emptied first) from the repository at `repoRoot` and its built dist/. */
export function stagePackage(repoRoot: string, pkg: ReleasePackage, outDir: string): void {
	const root = readRootManifest(repoRoot);
	const dist = join(repoRoot, 'dist');
	const built = existsSync(dist) ? filesUnder(dist) : [];
	const unowned = built.filter((path) => ownerOf(path) === undefined);
	if (unowned.length > 0)
		throw new Error(
			`dist/ holds files of no vendor: ${unowned.join(', ')}. Name the folder after its vendor (${VENDORS.join(', ')}) or move shared code to nodes/shared.`,
		);
	const compiled = built.filter((path) => belongsTo(pkg, path));
	const missing = [...root.n8n.nodes, ...root.n8n.credentials]
		.filter((entry) => belongsTo(pkg, entry))
		.filter((entry) => !existsSync(join(repoRoot, entry)));
	if (compiled.length === 0 || missing.length > 0)
		throw new Error(
			`${pkg.name}: dist/ ${compiled.length === 0 ? 'has none of its files' : `lacks ${missing.join(', ')}`}. Build first (npm run pack:all builds before it stages).`,
		);
	rmSync(outDir, { recursive: true, force: true });
	mkdirSync(outDir, { recursive: true });
	for (const path of compiled) copyInto(join(dist, path), join(outDir, 'dist', path));
	for (const path of compiled.filter((file) => file.endsWith('.node.json')))
		renameCodexNode(join(outDir, 'dist', path), root.name, pkg.name);
	writeJson(join(outDir, 'package.json'), packageManifest(root, pkg));
	const text = (name: string) => readFileSync(join(repoRoot, name), 'utf8');
	writeFileSync(join(outDir, 'README.md'), packageReadme(text('README.md'), root, pkg));
	writeFileSync(join(outDir, 'CHANGELOG.md'), packageChangelog(text('CHANGELOG.md'), pkg));
	copyFileSync(join(repoRoot, 'LICENSE.md'), join(outDir, 'LICENSE.md'));
}

/**
 * The package's TypeScript sources as a node-cli project: package.json, nodes/, credentials/ and
 * the eslint.config.mjs `n8n-node new` writes. node_modules links to the repository's, so lint
 * resolves its plugins and n8n-workflow without installing anything.
 */
export function stageSources(
	repoRoot: string,
	pkg: ReleasePackage,
	outDir: string,
	defaultEslintConfig: string,
): void {
	rmSync(outDir, { recursive: true, force: true });
	mkdirSync(outDir, { recursive: true });
	for (const top of ['nodes', 'credentials']) {
		for (const path of filesUnder(join(repoRoot, top)).map((file) => `${top}/${file}`)) {
			if (belongsTo(pkg, path)) copyInto(join(repoRoot, path), join(outDir, path));
		}
	}
	const root = readRootManifest(repoRoot);
	for (const path of filesUnder(outDir).filter((file) => file.endsWith('.node.json')))
		renameCodexNode(join(outDir, path), root.name, pkg.name);
	writeJson(join(outDir, 'package.json'), packageManifest(root, pkg));
	copyFileSync(defaultEslintConfig, join(outDir, 'eslint.config.mjs'));
	symlinkSync(relative(outDir, join(repoRoot, 'node_modules')), join(outDir, 'node_modules'));
}

/** Every file below `dir`, as paths relative to it with `/` separators. */
export function filesUnder(dir: string): string[] {
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

/**
 * A codex file names its node by package (`n8n-nodes-scalepoint-thinksurance.scalepointFiles`);
 * in a single-vendor package the node's type is `<that package>.scalepointFiles`.
 */
function renameCodexNode(path: string, from: string, to: string): void {
	const codex = JSON.parse(readFileSync(path, 'utf8')) as { node?: string };
	if (codex.node?.startsWith(`${from}.`)) codex.node = `${to}.${codex.node.slice(from.length + 1)}`;
	writeFileSync(path, `${JSON.stringify(codex, null, '\t')}\n`);
}

function copyInto(from: string, to: string): void {
	mkdirSync(dirname(to), { recursive: true });
	copyFileSync(from, to);
}

function writeJson(path: string, value: unknown): void {
	writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
