// `npm run check:prometheus`: promtool checks the alerting rules and, when test/metrics.spec.ts has
// left its scrape in reports/metrics.prom, the live metrics text.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const RULES = 'docs/prometheus/siaga-rules.yml';
const SCRAPE = 'reports/metrics.prom';
// prom-client's default gauges end in _total and promtool lints them; they are not ours to rename.
const PROM_CLIENT_NAMES = /^siaga_nodejs_active_(handles|requests|resources)_total non-counter metrics should not have "_total" suffix$/;

const rules = spawnSync('promtool', ['check', 'rules', RULES], { stdio: 'inherit' });
if (rules.error) {
  process.stderr.write(`promtool could not run (${rules.error.message}): install it (Debian/Ubuntu: apt-get install prometheus)\n`);
  process.exit(1);
}
if (rules.status !== 0) process.exit(rules.status ?? 1);

if (!existsSync(SCRAPE)) {
  process.stdout.write(`${SCRAPE} not found: run test/metrics.spec.ts first to check the metrics text as well\n`);
  process.exit(0);
}
const metrics = spawnSync('promtool', ['check', 'metrics'], { input: readFileSync(SCRAPE), encoding: 'utf8' });
const problems = `${metrics.stdout}\n${metrics.stderr}`
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !PROM_CLIENT_NAMES.test(l));
// Exit code 3 is lint findings only; anything else non-zero is a text that does not parse.
if (metrics.status === 0 || (metrics.status === 3 && problems.length === 0)) {
  process.stdout.write(`Checking ${SCRAPE}\n  SUCCESS\n`);
  process.exit(0);
}
process.stderr.write(`Checking ${SCRAPE}\n${problems.join('\n')}\n`);
process.exit(1);
