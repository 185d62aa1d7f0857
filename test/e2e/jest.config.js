/**
 * The real-n8n end-to-end suite (`npm run test:e2e`). Separate from `npm test`: its files end in
 * .e2e.ts, which the default config never matches. One file per pinned n8n runtime; they run one
 * after the other because each n8n process wants both cores.
 */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }],
	},
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	testTimeout: 180000,
	maxWorkers: 1,
	verbose: true,
};
