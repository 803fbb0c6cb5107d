// Jest runs in native ESM mode (NestJS 12 and our packages are ES modules): see package.json "test".
const transform = {
  '^.+\\.tsx?$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.jest.json' }],
};
/** Shared by every Jest config of the repository (see jest.cluster.config.js). */
export const common = {
  testEnvironment: 'node',
  // TypeScript sources win over any stray compiled .js beside them.
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  extensionsToTreatAsEsm: ['.ts'],
  transform,
  moduleNameMapper: {
    '^@siaga/shared$': '<rootDir>/shared/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  // Generated reports (Stryker's sandboxes hold a copy of the repository) are not modules of ours.
  modulePathIgnorePatterns: ['<rootDir>/reports/'],
};

/** @type {import('jest').Config} */
export default {
  rootDir: '.',
  // Database suites boot PGlite and the app: slow on two cores, but never a timing assertion.
  testTimeout: 60_000,
  // Jest's default on two cores is one worker; the suites wait on PGlite and the server as much as
  // they compute, so CI runs two (JEST_MAX_WORKERS overrides it anywhere).
  ...(process.env.JEST_MAX_WORKERS || process.env.CI ? { maxWorkers: Number(process.env.JEST_MAX_WORKERS ?? 2) } : {}),
  reporters: ['default', '<rootDir>/test/support/summary-reporter.cjs'],
  // Longest suites first, also on a clean clone without Jest's cache of durations (see the sequencer).
  testSequencer: '<rootDir>/test/support/slow-first-sequencer.cjs',
  projects: [
    {
      ...common,
      displayName: 'unit',
      rootDir: '.',
      testMatch: ['<rootDir>/server/src/**/*.spec.ts', '<rootDir>/shared/src/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'db',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.spec.ts'],
      testPathIgnorePatterns: [
        '<rootDir>/test/browser/',
        '<rootDir>/test/cluster/',
        // With DATABASE_URL (npm run test:pg) the suites that only ever open the embedded database
        // (backup and restore) or check the one-command demo, which runs on it, would only repeat
        // the PGlite run.
        ...(process.env.DATABASE_URL ? ['<rootDir>/test/backup.spec.ts', '<rootDir>/test/demo.spec.ts'] : []),
      ],
    },
    {
      ...common,
      // Component tests: React in jsdom with Testing Library (the real browser suite is test:browser).
      displayName: 'client',
      rootDir: '.',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/client/src/**/*.test.{ts,tsx}'],
      // jsdom's missing pieces (fetch classes from Node, TextEncoder, a canvas without 2D context).
      setupFiles: ['<rootDir>/client/test/jsdom-env.js'],
      extensionsToTreatAsEsm: ['.ts', '.tsx'],
      transform: { '^.+\\.tsx?$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/client/tsconfig.jest.json' }] },
      moduleNameMapper: { ...common.moduleNameMapper, '\\.css$': '<rootDir>/test/support/style-stub.cjs' },
    },
  ],
};
