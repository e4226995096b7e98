/**
 * `npm run test:scale`: correctness at scale (test/scale.test.ts: 50,000 calls through the
 * pipeline, a removal above the server's per-statement limit): apart from `npm test`.
 * @type {import('jest').Config}
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/scale.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
