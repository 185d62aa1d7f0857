// Copies what tsc does not emit next to the compiled nodes and credentials: the SVG icons (n8n
// loads `file:` icons from the folder of the compiled file) and the codex `.node.json` files.
const { src, dest, task } = require('gulp');

task('build:icons', () =>
	src(['nodes/**/*.svg', 'nodes/**/*.node.json', 'credentials/**/*.svg'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist')),
);
