/** `npm run test:faults`: the fault matrix only, then the matrix printed and written to docs. */
const root = require('../../jest.config.js');

module.exports = {
	...root,
	rootDir: '../..',
	roots: ['<rootDir>/test/faults'],
	testMatch: ['**/*.test.ts'],
	globalSetup: '<rootDir>/test/faults/globalSetup.ts',
	globalTeardown: '<rootDir>/test/faults/printMatrix.ts',
};
