import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const read = (file: string) => readFileSync(resolve(root, file), 'utf8');

describe('bench: the in-n8n floor node is dev-only', () => {
	it('is not in the package n8n block', () => {
		const pkg = JSON.parse(read('package.json')) as { n8n: { nodes: string[] } };
		expect(pkg.n8n.nodes.filter((entry) => /floor/i.test(entry))).toEqual([]);
	});

	it('is not compiled into dist (the build only includes nodes/ and credentials/)', () => {
		const build = JSON.parse(read('tsconfig.build.json')) as { include: string[] };
		expect(build.include.every((glob) => /^(nodes|credentials)\//.test(glob))).toBe(true);
	});
});
