import { rmSync } from 'node:fs';

import { RESULTS_DIR } from './matrix';

/** Starts every matrix run from an empty table. */
export default function globalSetup() {
	rmSync(RESULTS_DIR, { recursive: true, force: true });
}
