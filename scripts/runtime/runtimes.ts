/**
 * The pinned n8n runtimes the package is tried against, each in its own folder under `.runtime/`
 * (git-ignored; or `N8N_RUNTIME_DIR`) so their 2–3 GB of dependencies never mix with the package's
 * own node_modules.
 */
import { resolve } from 'node:path';

export type RuntimeName = 'n8n-2' | 'n8n-1';

export interface RuntimeSpec {
	name: RuntimeName;
	n8nVersion: string;
	/** Major version of the Node that runs this n8n. */
	nodeMajor: number;
	/** Extra packages installed beside n8n (the lead's layout: `node@24` for 2.x). */
	extraPackages: string[];
	/** package.json written before the first install. */
	packageJson: Record<string, unknown>;
}

export const REPO_ROOT = resolve(__dirname, '..', '..');
/**
 * Where the runtimes live: `N8N_RUNTIME_DIR` (e.g. a CI cache folder outside the clone, so installs
 * survive between runs), else the git-ignored `.runtime/` of the repository.
 */
export const RUNTIME_ROOT = process.env.N8N_RUNTIME_DIR
	? resolve(process.env.N8N_RUNTIME_DIR)
	: resolve(REPO_ROOT, '.runtime');

export const RUNTIMES: Record<RuntimeName, RuntimeSpec> = {
	// n8n 2.x needs Node >= 24; 2.41.x does not install from the registry here, 2.40.7 does.
	'n8n-2': {
		name: 'n8n-2',
		n8nVersion: '2.40.7',
		nodeMajor: 24,
		extraPackages: ['node@24'],
		packageJson: { name: 'n8n-runtime-2', private: true },
	},
	// The maintained 1.x line; its default `xlsx` dependency points at a CDN, so pin the registry one.
	'n8n-1': {
		name: 'n8n-1',
		n8nVersion: '1.123.81',
		nodeMajor: 20,
		extraPackages: [],
		packageJson: { name: 'n8n-runtime-1', private: true, overrides: { xlsx: '0.18.5' } },
	},
};

export function runtimeDir(spec: RuntimeSpec): string {
	return resolve(RUNTIME_ROOT, `n8n-${spec.n8nVersion}`);
}

export function n8nBin(spec: RuntimeSpec): string {
	return resolve(runtimeDir(spec), 'node_modules', 'n8n', 'bin', 'n8n');
}

export function parseRuntimeNames(value: string | undefined): RuntimeName[] {
	if (!value || value === 'all') return ['n8n-2', 'n8n-1'];
	return value.split(',').map((part) => {
		const trimmed = part.trim();
		const name = (trimmed.startsWith('n8n-') ? trimmed : `n8n-${trimmed}`) as RuntimeName;
		if (!(name in RUNTIMES)) throw new Error(`Unknown runtime "${trimmed}": use 2, 1 or all`);
		return name;
	});
}
