// The cluster suite: two app instances on one PostgreSQL database, fanning out through Redis.
// Run with `npm run test:cluster` (needs DATABASE_URL and a Redis server, REDIS_URL).
import { common } from './jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...common,
  rootDir: '.',
  displayName: 'cluster',
  testTimeout: 60_000,
  testMatch: ['<rootDir>/test/cluster/**/*.spec.ts'],
  reporters: ['default', '<rootDir>/test/support/summary-reporter.cjs'],
};
