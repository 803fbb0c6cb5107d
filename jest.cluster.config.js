// The cluster suite: two app instances on one PostgreSQL database, fanning out through Redis.
// Run with `npm run test:cluster` (needs DATABASE_URL and a Redis server, REDIS_URL).
const transform = {
  '^.+\\.tsx?$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.jest.json' }],
};
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform,
  moduleNameMapper: {
    '^@siaga/shared$': '<rootDir>/shared/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
};

/** @type {import('jest').Config} */
export default {
  ...common,
  rootDir: '.',
  displayName: 'cluster',
  testTimeout: 60_000,
  testMatch: ['<rootDir>/test/cluster/**/*.spec.ts'],
  reporters: ['default', '<rootDir>/test/support/summary-reporter.cjs'],
};
