import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { benchAnalysis } from './analysis.bench.js';
import { benchConnectors } from './connectors.bench.js';
import { benchDashboard } from './dashboard.bench.js';
import { benchDetection } from './detection.bench.js';
import { benchIngest } from './ingest.bench.js';
import { benchLoad } from './load.bench.js';
import { benchPreview } from './preview.bench.js';
import { benchMemory } from './memory.bench.js';
import { benchRealtime } from './realtime.bench.js';
import { benchReports } from './reports.bench.js';
import { benchScale } from './scale.bench.js';
import { benchSeries } from './series.bench.js';
import { type BenchContext, reachable } from './support.js';
import { benchNetwork, benchPlaces } from './who-where.bench.js';

/** `npm run bench [-- --only ingest,series]`: prints figures measured in this run. */
const SECTIONS: Record<string, (ctx: BenchContext) => Promise<void>> = { ingest: benchIngest, series: benchSeries, analysis: benchAnalysis, detection: benchDetection, realtime: benchRealtime, dashboard: benchDashboard, preview: benchPreview, memory: benchMemory, reports: benchReports, scale: benchScale, load: benchLoad, connectors: benchConnectors, places: benchPlaces, network: benchNetwork };

const { values } = parseArgs({ options: { only: { type: 'string' } }, strict: true });
const only = values.only ? values.only.split(',').map((s) => s.trim()) : Object.keys(SECTIONS);
for (const name of only) {
  if (!SECTIONS[name]) {
    process.stderr.write(`bench: unknown section ${name}; sections: ${Object.keys(SECTIONS).join(', ')}\n`);
    process.exit(2);
  }
}
const candidate = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ctx: BenchContext = {
  serverUrl: (await reachable(candidate)) ? candidate : undefined,
  report: (_name, _value, line) => process.stdout.write(`  ${line}\n`),
  note: (line) => process.stdout.write(`  (${line})\n`),
};
for (const name of only) {
  process.stdout.write(`\n== ${name} ==\n`);
  await SECTIONS[name]!(ctx);
}
process.exit(0);
