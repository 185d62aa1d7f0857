/**
 * Once per e2e run: build and pack the package (both runtimes install the same tarball) and, for
 * the single-vendor suite, the three release packages (`npm run pack:all`'s packAll, into
 * .runtime/e2e-release/, not release/); then make sure the selected runtimes are installed, so that time is not
 * charged to a test's timeout.
 */
import { join } from 'node:path';
import { packAll } from '../../scripts/release/packAll';
import { buildPackage, packPackage } from '../../scripts/runtime/communityPackage';
import { ensureRuntimes } from '../../scripts/runtime/install';
import { REPO_ROOT } from '../../scripts/runtime/runtimes';
import { VENDOR_PACKAGES_ENV, vendorSuiteRuns, type PackedForE2e } from './vendorSuite';

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	if (!process.env.E2E_TARBALL) {
		buildPackage({ allowErrors: process.env.ALLOW_BUILD_ERRORS === '1' });
		process.env.E2E_TARBALL = packPackage();
	}
	if (vendorSuiteRuns('n8n-2') && !process.env[VENDOR_PACKAGES_ENV]) {
		// Inside the repository (git-ignored .runtime/): pack:all's own check loads each compiled node,
		// which must resolve n8n-workflow from the repository's node_modules.
		const releaseDir = join(REPO_ROOT, '.runtime', 'e2e-release');
		const packed: PackedForE2e[] = packAll(releaseDir).map(({ pkg, tarball, problems }) => ({
			name: pkg.name,
			vendors: [...pkg.vendors],
			tarball,
			problems,
		}));
		process.env[VENDOR_PACKAGES_ENV] = JSON.stringify(packed);
	}
	const built = Date.now();
	await ensureRuntimes(process.env.E2E_RUNTIMES);
	process.stderr.write(
		`\n[e2e] build+pack ${((built - started) / 1000).toFixed(1)} s, runtimes ready ${((Date.now() - built) / 1000).toFixed(1)} s\n`,
	);
}
