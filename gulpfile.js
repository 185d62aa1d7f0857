// Copies the SVG icons next to the compiled nodes and credentials: n8n loads `file:` icons from
// the folder of the compiled file.
const { src, dest, task } = require('gulp');

task('build:icons', () =>
	src(['nodes/**/*.svg', 'credentials/**/*.svg'], { base: '.', encoding: false }).pipe(dest('dist')),
);
