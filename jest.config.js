/**
 * One Jest run: pure domain specs next to their code, adapter/projection/e2e specs under test/, and the
 * benchmarks' pure parts (option parsing, percentiles, per-request arithmetic) next to theirs in bench/.
 * The global setup starts one embedded PostgreSQL for the run (unless DATABASE_URL is set) and every test
 * file creates its own database on it (test/support/test-database.ts).
 */
const { existsSync } = require('node:fs');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['libs', 'apps', 'projections', 'test', 'bench'].filter((dir) => existsSync(`${__dirname}/${dir}`)).map((dir) => `<rootDir>/${dir}`),
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleNameMapper: {
    '^@ledgerline/event-store$': '<rootDir>/libs/event-store',
    '^@ledgerline/(domain|event-store|contracts|application|platform)/(.*)$': '<rootDir>/libs/$1/$2',
    '^@ledgerline/projections/(.*)$': '<rootDir>/projections/$1',
    '^@ledgerline/test/(.*)$': '<rootDir>/test/$1',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  testTimeout: 30000,
  maxWorkers: 2,
};
