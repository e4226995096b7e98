/**
 * `npm run test:consumer`: the consumer matrix (test/consumer/): the packed tarball installed from
 * the registry into scratch hosts. A minute or more, most of it npm: apart from `npm test`.
 * @type {import('jest').Config}
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/consumer/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
