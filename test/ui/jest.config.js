/**
 * Editor checks in a real browser (`npm run test:ui`). Separate from `npm test` and the e2e suite:
 * its files end in .ui.ts, which no other config matches.
 */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/ui'],
	testMatch: ['**/*.ui.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }],
	},
	testTimeout: 120000,
	maxWorkers: 1,
	setupFilesAfterEnv: ['<rootDir>/test/ui/retry.ts'],
	verbose: true,
};
