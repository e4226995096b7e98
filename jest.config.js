/**
 * `npm test`: what a contributor needs on every change, against one fresh FerretDB
 * (test/support/global-setup.ts) or the server MONGO_URL names. The slow suites have configs and
 * scripts of their own, which CI (.ci/run) runs too: test:consumer (the packed tarball in scratch
 * hosts), test:scale (50,000 calls) and test:faults (real processes killed and raced).
 * `npm run test:unit` is the part of this that needs no server (jest.unit.config.js).
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/faults/', '/test/consumer/', '/test/scale\\.test\\.ts$'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
    // @faker-js/faker 10 is ESM-only: compile it to CommonJS for jest's module system.
    '^.+/@faker-js/faker/.+\\.js$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@faker-js/faker/)'],
  // Seed files import the package by name, as users do; in-process that is the source.
  moduleNameMapper: {
    '^crm-calls-seed$': '<rootDir>/src/index.ts',
    '^crm-calls-seed/internal$': '<rootDir>/src/internal.ts',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60_000,
};
