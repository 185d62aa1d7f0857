/**
 * Once per queue-mode run: build and pack the package (every n8n process installs the same
 * tarball), make sure the n8n 2.40.7 runtime and Debian's PostgreSQL and Redis are installed, so
 * that time is not charged to a test's timeout.
 */
import { buildPackage, packPackage } from '../../scripts/runtime/communityPackage';
import { ensureRuntime } from '../../scripts/runtime/install';
import { RUNTIMES } from '../../scripts/runtime/runtimes';
import { ensureDebianServices } from '../../scripts/runtime/services';

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	if (!process.env.QUEUE_TARBALL) {
		buildPackage({ allowErrors: process.env.ALLOW_BUILD_ERRORS === '1' });
		process.env.QUEUE_TARBALL = packPackage();
	}
	const built = Date.now();
	await ensureRuntime(RUNTIMES['n8n-2']);
	ensureDebianServices();
	process.stderr.write(
		`\n[queue] build+pack ${((built - started) / 1000).toFixed(1)} s, runtime and services ready ${((Date.now() - built) / 1000).toFixed(1)} s\n`,
	);
}
