import { common } from './jest.config.js';

/**
 * The dashboard in a real browser: Debian's Chromium (/usr/bin/chromium) driven by playwright-core
 * against the real server on the embedded database. `npm run test:browser` builds the client first.
 */
/** @type {import('jest').Config} */
export default {
  ...common,
  rootDir: '.',
  displayName: 'browser',
  testMatch: ['<rootDir>/test/browser/**/*.spec.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.cjs'],
};
