/**
 * Builds this package and installs it into an n8n user folder the way users get it: `npm pack`,
 * unpacked into `<user folder>/.n8n/nodes/node_modules/<name>` (a real folder, never a symlink:
 * a symlinked dev folder would load its own n8n-workflow instead of n8n's).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from './runtimes';

export const PACKAGE_NAME = (
	JSON.parse(readFileSync(resolve(REPO_ROOT, 'package.json'), 'utf8')) as { name: string }
).name;

/**
 * `npm run build`. With `allowErrors`, type errors (teammates' half-written nodes) do not stop
 * the run: tsc still emits JavaScript, and the icons are copied separately.
 */
export function buildPackage(
	options: { allowErrors?: boolean; log?: (line: string) => void } = {},
): void {
	const log = options.log ?? ((line) => process.stderr.write(`[build] ${line}\n`));
	const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
	if (build.status === 0) return;
	const output = `${build.stdout}\n${build.stderr}`.trim();
	if (!options.allowErrors) throw new Error(`npm run build failed:\n${output}`);
	log(
		`npm run build failed; continuing with what tsc emitted (ALLOW_BUILD_ERRORS):\n${output.split('\n').slice(-15).join('\n')}`,
	);
	execFileSync('npx', ['gulp', 'build:icons'], { cwd: REPO_ROOT, stdio: 'ignore' });
}

export interface InstalledPackage {
	name: string;
	dir: string;
	nodes: string[];
	credentials: string[];
	/** Entries of package.json `n8n` whose compiled file does not exist (nodes not written yet). */
	skipped: string[];
}

/** Packs once per call; returns the tarball path. */
export function packPackage(): string {
	const dest = mkdtempSync(join(tmpdir(), 'n8n-pack-'));
	// --ignore-scripts: the build ran just before; prepack would build a second time.
	const out = execFileSync(
		'npm',
		['pack', '--ignore-scripts', '--json', `--pack-destination=${dest}`],
		{ cwd: REPO_ROOT, encoding: 'utf8' },
	);
	const [info] = JSON.parse(out) as Array<{ filename: string }>;
	return join(dest, info.filename);
}

/**
 * Installs any package tarball under its own name: this repository's `npm pack`, or one of the
 * three packages `npm run pack:all` writes to release/ (scripts/release), alone or side by side.
 */
export function installIntoUserFolder(tarball: string, userFolder: string): InstalledPackage {
	const { name, version } = JSON.parse(
		execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
	) as { name: string; version: string };
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const dir = join(nodesDir, 'node_modules', name);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
	// n8n expects the folder to be an npm project listing its community packages.
	const manifest = join(nodesDir, 'package.json');
	if (!existsSync(manifest))
		writeFileSync(
			manifest,
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
	const current = JSON.parse(readFileSync(manifest, 'utf8')) as {
		dependencies?: Record<string, string>;
	};
	current.dependencies = { ...current.dependencies, [name]: version };
	writeFileSync(manifest, JSON.stringify(current, null, 2));
	return { name, ...pruneMissingEntries(dir) };
}

/**
 * package.json lists every planned node; while some are still being written their compiled files
 * are missing, and n8n would refuse the whole package. Keep only the entries that exist.
 */
function pruneMissingEntries(dir: string): Omit<InstalledPackage, 'name'> {
	const file = join(dir, 'package.json');
	const pkg = JSON.parse(readFileSync(file, 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	const skipped: string[] = [];
	const keep = (entries: string[]) =>
		entries.filter((entry) => {
			if (existsSync(join(dir, entry))) return true;
			skipped.push(entry);
			return false;
		});
	pkg.n8n.nodes = keep(pkg.n8n.nodes ?? []);
	pkg.n8n.credentials = keep(pkg.n8n.credentials ?? []);
	if (skipped.length) writeFileSync(file, JSON.stringify(pkg, null, 2));
	return { dir, nodes: pkg.n8n.nodes, credentials: pkg.n8n.credentials, skipped };
}

/** Node type names as n8n registers them for a community package: `<package>.<node name>`. */
export function installedNodeTypes(installed: InstalledPackage): string[] {
	return installed.nodes.map((entry) => {
		const base = entry
			.split('/')
			.pop()!
			.replace(/\.node\.js$/, '');
		return `${installed.name}.${base.charAt(0).toLowerCase()}${base.slice(1)}`;
	});
}
