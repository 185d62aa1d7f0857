/**
 * The real-n8n end-to-end suite (`npm run test:e2e`). Separate from `npm test`: its files end in
 * .e2e.ts, which the default config never matches. One file per pinned n8n runtime.
 */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	testTimeout: 180000,
	// Two runtimes in parallel save ~20%; an external sandbox (SANDBOX_URL) has one shared journal.
	maxWorkers: process.env.SANDBOX_URL ? 1 : 2,
	setupFilesAfterEnv: ['<rootDir>/test/e2e/retry.ts'],
	verbose: true,
};
