/**
 * `npm run test:unit`: the test files that need no server, in seconds. No FerretDB is started
 * (no globalSetup starts one, and MONGO_URL is not needed); the bin and migrate-mongo that some of
 * them run are compiled JavaScript, so dist/ is built first when src/ changed. They run in
 * `npm test` too. A file listed here that opens a database fails (MONGO_URL is not set): it
 * belongs in `npm test` alone.
 * @type {import('jest').Config}
 */
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { globalSetup: _setup, globalTeardown: _teardown, ...base } = require('./jest.config.js');

const UNIT = [
  'test/api-docs.test.ts',
  'test/config.test.ts',
  'test/create-seed-file.test.ts',
  'test/driver-copies.test.ts',
  'test/file-reader.test.ts',
  'test/generation.test.ts',
  'test/link-targets.test.ts',
  'test/owned-fields.test.ts',
  'test/readme.test.ts',
  'test/redact.test.ts',
  'test/scaffold-privacy.test.ts',
  'test/server-diagnosis.test.ts',
  'test/unreachable-hint.test.ts',
  'test/cli/config-file.test.ts',
  'test/cli/errors.test.ts',
  'test/cli/generate.test.ts',
  'test/cli/help.test.ts',
];
for (const file of UNIT) {
  if (!existsSync(join(__dirname, file)))
    throw new Error(`jest.unit.config.js lists ${file}, which does not exist`);
}

module.exports = {
  ...base,
  testMatch: UNIT.map((file) => `<rootDir>/${file}`),
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/test/support/unit-setup.ts',
};
