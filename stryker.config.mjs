// Mutation testing of the pure cores (`npm run mutation`): slow, so it is run by hand, never in CI.
import { common } from './jest.config.js';

/*
 * `--testFiles a.spec.ts,b.spec.ts` makes Stryker run only those specs in its first run, but Jest
 * would still load every related spec for each mutant (seconds each for the sentiment models), so
 * the same files also become Jest's whole test set.
 */
function testFilesArgument() {
  const args = process.argv;
  const index = args.findIndex((arg) => arg === '--testFiles' || arg === '-t' || arg.startsWith('--testFiles='));
  if (index < 0) return undefined;
  const value = args[index]?.includes('=') ? args[index].slice(args[index].indexOf('=') + 1) : args[index + 1];
  return value?.split(',').map((file) => `<rootDir>/${file}`);
}
const testFiles = testFilesArgument();

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  // Jest runs our specs as native ES modules, which needs this flag in every test-runner process.
  testRunnerNodeArgs: ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning'],
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    // Only the unit project: the pure cores need no database, and one project keeps Stryker's
    // per-test coverage hooks (they wrap the top-level test environment).
    config: {
      ...common,
      projects: [],
      // A smaller haste map: every mutant run starts Jest again.
      roots: ['<rootDir>/server/src', '<rootDir>/shared/src'],
      testMatch: testFiles ?? ['<rootDir>/server/src/**/*.spec.ts', '<rootDir>/shared/src/**/*.spec.ts'],
    },
    enableFindRelatedTests: testFiles === undefined,
  },
  mutate: [
    'server/src/programs/query/*.ts',
    'server/src/detection/{count,share,seasonal,sustained}-*.ts',
    'server/src/detection/stats.ts',
    'server/src/analysis/normalize.ts',
    '!**/*.spec.ts',
  ],
  coverageAnalysis: 'perTest',
  // Mutants of module-level constants need a fresh module load per mutant and, with --testFiles,
  // Stryker 9 runs them with no test at all (reported as survived): leave them out of the score.
  ignoreStatic: true,
  // Two cores are shared with everything else on the machine.
  concurrency: 2,
  timeoutMS: 10_000,
  // The dashboard, docs and data are not needed by the unit specs: a smaller sandbox copies faster.
  ignorePatterns: ['client', 'docs', 'data', 'bench-results', 'coverage', 'reports'],
  tempDirName: 'reports/.stryker-tmp',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  incremental: false,
  thresholds: { high: 90, low: 75, break: null },
};
