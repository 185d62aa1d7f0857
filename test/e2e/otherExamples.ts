/**
 * Success-path checks for the example workflows of the other nodes. An example whose node is not
 * built yet is skipped by the suite. Add one entry per example file in examples/workflows/.
 */
import type { SandboxLink } from '../../scripts/runtime/sandboxLink';

export interface OtherExample {
	file: string;
	prepare?: (sandbox: SandboxLink) => Promise<void>;
	check: (output: Array<Record<string, unknown>>, sandbox: SandboxLink) => Promise<void>;
}

export const OTHER_EXAMPLES: OtherExample[] = [];
