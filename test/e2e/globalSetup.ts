/**
 * Once per e2e run: build and pack the package (both runtimes install the same tarball), then make
 * sure the selected runtimes are installed, so that time is not charged to a test's timeout.
 */
import { buildPackage, packPackage } from '../../scripts/runtime/communityPackage';
import { ensureRuntimes } from '../../scripts/runtime/install';

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	if (!process.env.E2E_TARBALL) {
		buildPackage({ allowErrors: process.env.ALLOW_BUILD_ERRORS === '1' });
		process.env.E2E_TARBALL = packPackage();
	}
	const built = Date.now();
	await ensureRuntimes(process.env.E2E_RUNTIMES);
	process.stderr.write(
		`\n[e2e] build+pack ${((built - started) / 1000).toFixed(1)} s, runtimes ready ${((Date.now() - built) / 1000).toFixed(1)} s\n`,
	);
}
