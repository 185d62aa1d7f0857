// Fails when the published tarball would contain anything but dist/ and the docs npm always adds.
const { execFileSync } = require('node:child_process');

const [pack] = JSON.parse(
	execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }),
);
const allowed = /^(dist\/|package\.json$|README\.md$|LICENSE(\.md)?$)/;
const stray = pack.files.map((file) => file.path).filter((path) => !allowed.test(path));
if (stray.length > 0) {
	console.error(`npm pack would publish files outside dist/: ${stray.join(', ')}`);
	process.exit(1);
}
const needed = require('../package.json').n8n;
const missing = [...needed.nodes, ...needed.credentials].filter(
	(path) => !pack.files.some((file) => file.path === path),
);
if (missing.length > 0) {
	console.error(`npm pack is missing files named in package.json "n8n": ${missing.join(', ')}`);
	process.exit(1);
}
console.log(`npm pack: ${pack.files.length} files, all under dist/ or docs`);
