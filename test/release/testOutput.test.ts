/**
 * `npm test` is quiet by default (failures and jest's closing summary only; the tests' console
 * output dropped) and verbose on request (`npm test -- --verbose` or TEST_VERBOSE=1).
 */
import { join } from 'node:path';
import { REPO_ROOT } from '../../scripts/release/packages';

function configWith(env: Record<string, string | undefined>, argv: string[] = []) {
	const saved = { env: { ...process.env }, argv: process.argv };
	const path = join(REPO_ROOT, 'jest.config.js');
	try {
		Object.assign(process.env, env);
		for (const [name, value] of Object.entries(env))
			if (value === undefined) delete process.env[name];
		process.argv = ['node', 'jest', ...argv];
		let config: Record<string, unknown> = {};
		jest.isolateModules(() => {
			config = require(path) as Record<string, unknown>;
		});
		return config;
	} finally {
		process.env = saved.env;
		process.argv = saved.argv;
	}
}

it('is quiet by default: summary reporter (failures + closing summary), console output dropped', () => {
	const config = configWith({ TEST_VERBOSE: undefined });
	expect(config.silent).toBe(true);
	expect(config.reporters).toEqual([['summary', expect.any(Object)]]);
});

it.each([
	['npm test -- --verbose', {}, ['--verbose']],
	['TEST_VERBOSE=1', { TEST_VERBOSE: '1' }, []],
])('is verbose with %s: every test named, console output kept', (_how, env, argv) => {
	const config = configWith(env, argv);
	expect(config.silent).toBe(false);
	expect(config.reporters).toEqual(['default']);
});
