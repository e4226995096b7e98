/**
 * The fault suite (`npm run test:faults`): real processes killed, paused (on lifecycle events,
 * test/faults/support/pause-at.cjs) and raced against real servers. Minutes, not seconds, so
 * apart from `npm test`; CI runs it.
 * @type {import('jest').Config}
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 600_000,
  // Rows of the bad-input table run a few processes at a time (test.concurrent).
  maxConcurrency: 3,
};
