/**
 * The release path on a copy of the repository's metadata (package.json, README, CHANGELOG,
 * LICENSE) with a small stand-in dist/: each package is staged with only its vendor's files and
 * passes the checks, and the checks fail on what must never ship: no dist, a require of the other
 * vendor's code, another vendor's file, a file of no vendor, a dependency.
 */
import { execFileSync } from 'node:child_process';
import {
	appendFileSync,
	copyFileSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { npmPack } from '../../scripts/release/packAll';
import {
	ownerOf,
	readRootManifest,
	releasePackages,
	REPO_ROOT,
	type ReleasePackage,
} from '../../scripts/release/packages';
import { filesUnder, stagePackage } from '../../scripts/release/stage';
import { verifyPackage } from '../../scripts/release/verify';

const packages = releasePackages(readRootManifest());
const byName = (name: string) => packages.find((pkg) => pkg.name === name)!;
const thinksurance = byName('n8n-nodes-thinksurance');
const scalepoint = byName('n8n-nodes-scalepoint');

let repo: string;
let out: string;

beforeEach(() => {
	repo = mkdtempSync(join(tmpdir(), 'release-repo-'));
	out = mkdtempSync(join(tmpdir(), 'release-out-'));
	for (const file of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE.md'])
		copyFileSync(join(REPO_ROOT, file), join(repo, file));
	writeStandInDist(repo);
});

afterEach(() => {
	rmSync(repo, { recursive: true, force: true });
	rmSync(out, { recursive: true, force: true });
});

function write(path: string, text: string): void {
	mkdirSync(dirname(path), { recursive: true });
	writeFileSync(path, text);
}

/** One small module per entry of the real n8n block, each needing its vendor's credential. */
function writeStandInDist(root: string): void {
	const { n8n } = readRootManifest(root);
	const credentialName = (entry: string) =>
		ownerOf(entry) === 'Scalepoint' ? 'scalepointApi' : 'thinksuranceApi';
	for (const entry of n8n.credentials) {
		const name = entry.split('/').pop()!.split('.')[0];
		write(
			join(root, entry),
			`class ${name} { constructor() { this.name = '${credentialName(entry)}'; } }\nexports.${name} = ${name};\n`,
		);
	}
	for (const entry of n8n.nodes) {
		const name = entry.split('/').pop()!.split('.')[0];
		write(
			join(root, entry),
			[
				`require('../shared/common');`,
				`class ${name} { constructor() { this.description = { credentials: [{ name: '${credentialName(entry)}' }] }; } }`,
				`exports.${name} = ${name};`,
				'',
			].join('\n'),
		);
	}
	write(join(root, 'dist/nodes/shared/common.js'), 'exports.shared = true;\n');
	write(
		join(root, 'dist/nodes/ScalepointFiles/ScalepointFiles.node.json'),
		JSON.stringify({ node: 'n8n-nodes-scalepoint-thinksurance.scalepointFiles' }),
	);
	write(join(root, 'dist/nodes/Scalepoint/transport.js'), `require("n8n-workflow");\n`);
}

function staged(pkg: ReleasePackage): { dir: string; files: string[] } {
	const dir = join(out, pkg.name);
	stagePackage(repo, pkg, dir);
	return { dir, files: filesUnder(dir) };
}

describe('release packages', () => {
	it("keeps the repository's own package.json unpublishable (npm publish there is refused)", () => {
		const root = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
		expect(root.private).toBe(true);
		expect(root).not.toHaveProperty('main');
		expect(root.scripts).not.toHaveProperty('prepack');
		expect(packages.map((pkg) => pkg.name)).toEqual([
			'n8n-nodes-scalepoint-thinksurance',
			'n8n-nodes-scalepoint',
			'n8n-nodes-thinksurance',
		]);
	});

	it('stages each package with its own nodes, credential, docs and nothing of the other vendor', () => {
		for (const pkg of packages) {
			const { dir, files } = staged(pkg);
			expect(verifyPackage(dir, pkg)).toEqual([]);
			const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
			expect(manifest).not.toHaveProperty('dependencies');
			expect(manifest).not.toHaveProperty('private');
			expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
			for (const entry of [...manifest.n8n.nodes, ...manifest.n8n.credentials])
				expect(files).toContain(entry);
			for (const file of files.filter((path) => path.startsWith('dist/')))
				expect(['shared', ...pkg.vendors]).toContain(ownerOf(file));
		}
		expect(staged(thinksurance).files.filter((file) => /Scalepoint/.test(file))).toEqual([]);
		expect(staged(scalepoint).files.filter((file) => /Thinksurance/.test(file))).toEqual([]);
	});

	it("names each node in its codex by the package it ships in (the node's type there)", () => {
		const codex = (pkg: ReleasePackage) =>
			JSON.parse(
				readFileSync(
					join(staged(pkg).dir, 'dist/nodes/ScalepointFiles/ScalepointFiles.node.json'),
					'utf8',
				),
			) as { node: string };
		expect(codex(scalepoint).node).toBe('n8n-nodes-scalepoint.scalepointFiles');
		expect(codex(byName('n8n-nodes-scalepoint-thinksurance')).node).toBe(
			'n8n-nodes-scalepoint-thinksurance.scalepointFiles',
		);
	});

	it("writes each vendor's README and CHANGELOG from the repository's", () => {
		const readme = readFileSync(join(staged(thinksurance).dir, 'README.md'), 'utf8');
		expect(readme).toMatch(/^# n8n-nodes-thinksurance\n/);
		expect(readme).toContain('## Thinksurance credential');
		expect(readme).toContain('enter `n8n-nodes-thinksurance`');
		expect(readme).not.toMatch(/\*\*Scalepoint/);
		const changelog = readFileSync(join(staged(scalepoint).dir, 'CHANGELOG.md'), 'utf8');
		expect(changelog).toContain('**Scalepoint');
		expect(changelog).not.toMatch(/^- \*\*Thinksurance\*\*/m);
	});

	it('checks the tarball npm really packs', () => {
		const { dir } = staged(scalepoint);
		const tarball = npmPack(dir, out);
		const unpacked = join(out, 'unpacked');
		mkdirSync(unpacked);
		execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
		expect(verifyPackage(unpacked, scalepoint)).toEqual([]);
		expect(filesUnder(unpacked)).toContain('CHANGELOG.md');
	});

	it('refuses to stage a package without its compiled nodes', () => {
		rmSync(join(repo, 'dist'), { recursive: true });
		expect(() => staged(thinksurance)).toThrow(/dist\/ has none of its files.*Build first/);
	});

	it('fails when a node requires code of the other vendor', () => {
		appendFileSync(
			join(repo, 'dist/nodes/Thinksurance/Thinksurance.node.js'),
			`require('../Scalepoint/transport');\n`,
		);
		const { dir } = staged(thinksurance);
		expect(verifyPackage(dir, thinksurance)).toEqual([
			'dist/nodes/Thinksurance/Thinksurance.node.js requires "../Scalepoint/transport", which is not in the package',
			expect.stringMatching(
				/^dist\/nodes\/Thinksurance\/Thinksurance.node.js fails to load: Cannot find module/,
			),
		]);
	});

	it('fails when a file of the other vendor slips into a package, or it has a dependency', () => {
		const { dir } = staged(thinksurance);
		write(join(dir, 'dist/nodes/ScalepointFiles/extra.js'), 'exports.x = 1;\n');
		const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
		writeFileSync(
			join(dir, 'package.json'),
			JSON.stringify({ ...manifest, dependencies: { axios: '1' } }),
		);
		expect(verifyPackage(dir, thinksurance)).toEqual([
			'package.json has "dependencies": n8n installs none',
			'dist/nodes/ScalepointFiles/extra.js belongs to Scalepoint, not to n8n-nodes-thinksurance',
		]);
	});

	it('refuses a compiled file that belongs to no vendor', () => {
		write(join(repo, 'dist/nodes/Helpers/util.js'), 'exports.x = 1;\n');
		expect(() => staged(scalepoint)).toThrow(/files of no vendor: nodes\/Helpers\/util.js/);
	});
});
