/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/faults/'],
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
