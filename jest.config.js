/**
 * Jest runs the TypeScript sources directly; tests talk to the sandbox on 127.0.0.1.
 *
 * Quiet by default: the console output of the tests (n8n's engine, the sandbox) is dropped and
 * only failures and jest's closing summary are printed (jest's `summary` reporter). Verbose on
 * request, with every test's name and its console output: `npm test -- --verbose` or
 * TEST_VERBOSE=1.
 */
const verbose = process.env.TEST_VERBOSE === '1' || process.argv.includes('--verbose');

module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	testTimeout: 30000,
	maxWorkers: 2,
	silent: !verbose,
	reporters: verbose ? ['default'] : [['summary', { summaryThreshold: 0 }]],
};
