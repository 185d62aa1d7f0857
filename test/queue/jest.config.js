/**
 * The queue-mode suite (`npm run test:queue`): n8n 2.40.7 as main + two workers on Postgres and
 * Redis (scripts/runtime/queueCluster.ts). Separate from `npm test` and the e2e suite: its files
 * end in .queue.ts. One file, one cluster, run in band (the sandbox journal is shared).
 */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	globalSetup: '<rootDir>/test/queue/globalSetup.ts',
	testTimeout: 300000,
	maxWorkers: 1,
	verbose: true,
};
