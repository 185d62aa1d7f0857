/**
 * `npm run check:release` (after `npm run pack:all`): n8n's verification checks on each package,
 * offline, as n8n would run them on the published version:
 * - the scanner's rules (@n8n/scan-community-package `analyzePackage`) on the package's sources
 *   (what it lints in the repository its provenance names) and on the unpacked tarball's compiled
 *   files and package.json, with the scanner's own patterns for each;
 * - `n8n-node lint` (@n8n/node-cli) in strict mode on the sources, with the default
 *   eslint.config.mjs `n8n-node new` writes, and `n8n-node cloud-support` saying "eligible".
 * Sources are staged into release/source/<name>/ (vendor folders, nodes/shared, the vendor's
 * credential, package.json, default lint config). The scanner's registry download and provenance
 * look-up are not called: nothing here leaves the machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RELEASE_DIR } from './packAll';
import { readRootManifest, REPO_ROOT, releasePackages, type ReleasePackage } from './packages';
import { stageSources } from './stage';

const NODE_CLI = join(REPO_ROOT, 'node_modules/@n8n/node-cli');
const DEFAULT_ESLINT_CONFIG = join(
	NODE_CLI,
	'dist/template/templates/shared/default/eslint.config.mjs',
);
const SCANNER = join(REPO_ROOT, 'node_modules/@n8n/scan-community-package/scanner/scanner.mjs');

interface Scanner {
	analyzePackage(
		dir: string,
		patterns?: string[],
	): Promise<{ passed: boolean; message?: string; details?: string }>;
	SOURCE_FILE_PATTERNS: string[];
}

// The scanner is an ES module; a real import() (TypeScript would turn `import()` into require).
const importModule = new Function('specifier', 'return import(specifier)') as (
	specifier: string,
) => Promise<unknown>;

async function checkPackage(pkg: ReleasePackage, scanner: Scanner): Promise<string[]> {
	const unpacked = join(RELEASE_DIR, 'check', pkg.name);
	if (!existsSync(unpacked))
		return [
			`${unpacked} is missing: run npm run pack:all first (it packs and unpacks each package)`,
		];
	const sources = join(RELEASE_DIR, 'source', pkg.name);
	stageSources(REPO_ROOT, pkg, sources, DEFAULT_ESLINT_CONFIG);
	const failures: string[] = [];

	const sourceScan = await scanner.analyzePackage(sources, scanner.SOURCE_FILE_PATTERNS);
	const tarballScan = await scanner.analyzePackage(unpacked, ['**/*.js', 'package.json']);
	for (const [what, result] of [
		['sources', sourceScan],
		['tarball', tarballScan],
	] as const) {
		report(`scanner rules, ${what}`, result.passed, result.details ?? result.message);
		if (!result.passed) failures.push(`scanner rules on the ${what}: ${result.message}`);
	}

	const lint = nodeCli(sources, 'lint');
	report('n8n-node lint (strict, default eslint.config.mjs)', lint.status === 0, lint.output);
	if (lint.status !== 0) failures.push('n8n-node lint');

	const cloud = nodeCli(sources, 'cloud-support');
	const eligible =
		/eligible for n8n Cloud/.test(cloud.output) && !/NOT eligible/.test(cloud.output);
	report('n8n-node cloud-support', eligible, eligible ? '' : cloud.output);
	if (!eligible) failures.push('n8n-node cloud-support does not say "eligible"');
	return failures;
}

/** Runs n8n-node in `cwd`; npm offline, so its `npm exec eslint` can only use what is installed. */
function nodeCli(cwd: string, command: string): { status: number | null; output: string } {
	const run = spawnSync(process.execPath, [join(NODE_CLI, 'bin/n8n-node.mjs'), command], {
		cwd,
		encoding: 'utf8',
		env: { ...process.env, npm_config_offline: 'true', npm_config_user_agent: 'npm' },
	});
	const output = `${run.stdout}${run.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
	return { status: run.status, output };
}

function report(check: string, passed: boolean, details?: string): void {
	console.log(`  ${passed ? '✔' : '✘'} ${check}`);
	const text = details?.replace(/\x1b\[[0-9;]*m/g, '').trim();
	if (text && (!passed || /warning/.test(text)))
		console.log(
			text
				.split('\n')
				.filter((line) => line.trim() && !/^[│┌└◆●▲]\s*$/.test(line.trim()))
				.map((line) => `      ${line}`)
				.join('\n'),
		);
}

async function main(): Promise<void> {
	const scanner = (await importModule(SCANNER)) as Scanner;
	const failed: string[] = [];
	for (const pkg of releasePackages(readRootManifest())) {
		console.log(pkg.name);
		const failures = await checkPackage(pkg, scanner);
		failed.push(...failures.map((failure) => `${pkg.name}: ${failure}`));
	}
	if (failed.length) {
		console.log(`\n${failed.length} check(s) failed:\n${failed.map((f) => `- ${f}`).join('\n')}`);
		process.exitCode = 1;
	} else console.log('\nAll packages pass the scanner rules, n8n-node lint and cloud-support.');
}

main().catch((error: Error) => {
	console.error(error.message);
	process.exitCode = 1;
});
