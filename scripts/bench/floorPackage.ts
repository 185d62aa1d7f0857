/**
 * Builds the dev-only floor node (floor/BenchFloor.node.ts) into a tiny community package and
 * installs it into an n8n user folder next to the real package, the way any community package is
 * installed. It lives only in the bench's temporary user folder: not under nodes/, not in this
 * package's n8n block, not in the tarball users get.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';
import { installIntoUserFolder, type InstalledPackage } from '../runtime/communityPackage';
import { REPO_ROOT } from '../runtime/runtimes';

export const FLOOR_PACKAGE = 'n8n-nodes-bench-floor';
export const FLOOR_NODE_TYPE = `${FLOOR_PACKAGE}.benchFloor`;

export function installFloorPackage(userFolder: string): InstalledPackage {
	const source = readFileSync(resolve(REPO_ROOT, 'scripts/bench/floor/BenchFloor.node.ts'), 'utf8');
	const { outputText } = ts.transpileModule(source, {
		compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
	});
	const work = mkdtempSync(join(tmpdir(), 'bench-floor-'));
	try {
		const root = join(work, 'package');
		mkdirSync(join(root, 'dist'), { recursive: true });
		writeFileSync(join(root, 'dist', 'BenchFloor.node.js'), outputText);
		writeFileSync(
			join(root, 'package.json'),
			JSON.stringify(
				{
					name: FLOOR_PACKAGE,
					version: '0.0.0',
					private: true,
					keywords: ['n8n-community-node-package'],
					main: 'dist/BenchFloor.node.js',
					n8n: { n8nNodesApiVersion: 1, nodes: ['dist/BenchFloor.node.js'], credentials: [] },
				},
				null,
				2,
			),
		);
		const tarball = join(work, `${FLOOR_PACKAGE}.tgz`);
		execFileSync('tar', ['-czf', tarball, '-C', work, 'package']);
		return installIntoUserFolder(tarball, userFolder);
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}
