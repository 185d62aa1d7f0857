/**
 * `npm run pack:all`: builds from a clean dist/, stages and packs the three packages into release/
 * (combined, Scalepoint, Thinksurance), then unpacks each tarball and checks what it really holds
 * (verify.ts). Does not depend on npm lifecycle scripts: .npmrc sets ignore-scripts, so a
 * `prepack` build would never run. Exits non-zero with every problem listed.
 *
 * Tarballs: release/<name>-<version>.tgz. Unpacked copies: release/check/<name>/ (the scanner
 * lints them in `npm run check:release`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readRootManifest, REPO_ROOT, releasePackages, type ReleasePackage } from './packages';
import { filesUnder, stagePackage } from './stage';
import { verifyPackage } from './verify';

export const RELEASE_DIR = join(REPO_ROOT, 'release');

export interface PackedPackage {
	pkg: ReleasePackage;
	tarball: string;
	/** The tarball unpacked, for checks and for installing into an n8n user folder. */
	unpacked: string;
	problems: string[];
}

export function buildClean(): void {
	rmSync(join(REPO_ROOT, 'dist'), { recursive: true, force: true });
	const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
	if (build.status !== 0) throw new Error('npm run build failed: nothing was packed');
}

/**
 * Stages, packs and verifies every package from the current dist/ into `releaseDir` (release/ by
 * default; the e2e suite packs into a folder of its own so it never replaces a release being checked).
 */
export function packAll(releaseDir = RELEASE_DIR): PackedPackage[] {
	rmSync(releaseDir, { recursive: true, force: true });
	mkdirSync(releaseDir, { recursive: true });
	return releasePackages(readRootManifest()).map((pkg) => {
		const staged = join(releaseDir, 'stage', pkg.name);
		stagePackage(REPO_ROOT, pkg, staged);
		const tarball = npmPack(staged, releaseDir);
		const unpacked = join(releaseDir, 'check', pkg.name);
		mkdirSync(unpacked, { recursive: true });
		execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
		return { pkg, tarball, unpacked, problems: verifyPackage(unpacked, pkg) };
	});
}

export function npmPack(folder: string, destination: string): string {
	const out = execFileSync(
		'npm',
		['pack', folder, '--ignore-scripts', '--json', `--pack-destination=${destination}`],
		{ cwd: REPO_ROOT, encoding: 'utf8' },
	);
	const [info] = JSON.parse(out) as Array<{ filename: string }>;
	return join(destination, info.filename);
}

if (require.main === module) {
	try {
		buildClean();
		const packed = packAll();
		for (const { tarball, unpacked, problems } of packed) {
			const size = (statSync(tarball).size / 1024).toFixed(0);
			const status = problems.length ? `✘ ${problems.length} problem(s)` : '✔';
			console.log(
				`${status} ${tarball.slice(REPO_ROOT.length + 1)}: ${filesUnder(unpacked).length} files, ${size} KiB`,
			);
			for (const problem of problems) console.log(`    ${problem}`);
		}
		if (packed.some(({ problems }) => problems.length)) process.exitCode = 1;
	} catch (error) {
		console.error((error as Error).message);
		process.exitCode = 1;
	}
}
