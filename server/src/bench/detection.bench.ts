import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDetect } from '../cli/detect.command.js';
import { DemoGenerator } from '../demo/demo-generator.js';
import { DEFAULT_COUNT_SETTINGS, type CountDetectorSettings } from '../detection/count-detector.js';
import { detectCsv } from '../detection/detect-csv.js';
import { runCountSeries } from '../detection/series.js';
import { parseSeriesCsv, parseTimestamp } from '../detection/series-csv.js';
import { DetectionDriver } from '../detection/driver.js';
import { nabScoreCorpus, type NabFileInput, type NabProfileName } from '../detection/nab-score.js';
import { aggregateRollups } from '../rollups/rollup-delta.js';
import { type BenchContext, fmt } from './support.js';

const PROFILES: NabProfileName[] = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'];

/** ../shared/data next to the repository (server/dist/bench → repository root → its parent). */
function dataDir(): string {
  return process.env.SIAGA_SHARED_DATA ?? fileURLToPath(new URL('../../../../shared/data', import.meta.url));
}

interface NabRun {
  files: NabFileInput[];
  rows: number;
  seconds: number;
}

/** Runs `siaga detect` (runDetect, stdout captured) on every file of one NAB folder; the alert column is the detection. */
async function detectFolder(ctx: BenchContext, nab: string, folder: string, windows: Record<string, Array<[string, string]>>): Promise<NabRun> {
  const names = readdirSync(join(nab, folder))
    .filter((f) => f.endsWith('.csv'))
    .sort();
  const files: NabFileInput[] = [];
  let rows = 0;
  let seconds = 0;
  for (const name of names) {
    const path = join(nab, folder, name);
    let out = '';
    let err = '';
    const t0 = performance.now();
    const code = await runDetect({ input: path }, { out: (t) => (out += t), err: (t) => (err += t) });
    seconds += (performance.now() - t0) / 1000;
    if (code !== 0 && /time order/.test(err)) {
      // siaga detect refuses a clock that steps back; score such a file through the same detector, rows in file order.
      ctx.note(`${folder}/${name}: ${err.trim().replace(/^siaga detect: \S+: /, '')}; scored through detectCsv with file order kept`);
      out = detectCsv(readFileSync(path, 'utf8'), {}, { allowBackwards: true }).csv;
    } else if (code !== 0) throw new Error(`siaga detect failed on ${path}: ${err}`);
    const lines = out.trimEnd().split('\n').slice(1);
    const times: number[] = [];
    const detections: boolean[] = [];
    for (const line of lines) {
      const cells = line.split(',');
      times.push(parseTimestamp(cells[0] ?? ''));
      // Threshold 0.5 on the alert column (0 or 1).
      detections.push(Number(cells[3]) >= 0.5);
    }
    rows += lines.length;
    const w = (windows[`${folder}/${name}`] ?? []).map(([a, b]) => [parseTimestamp(a.slice(0, 19)), parseTimestamp(b.slice(0, 19))] as const);
    files.push({ name, times, detections, windows: w });
  }
  return { files, rows, seconds };
}

/**
 * Robustness of the one default: the realTweets standard score with each tuned setting moved one step either way
 * (same detector, same scoring; only the named setting differs from the default).
 */
function reportNeighbourhood(ctx: BenchContext, nab: string, windows: Record<string, Array<[string, string]>>): void {
  const folder = 'realTweets';
  const names = readdirSync(join(nab, folder))
    .filter((f) => f.endsWith('.csv'))
    .sort();
  const texts = names.map((name) => ({ name, text: readFileSync(join(nab, folder, name), 'utf8') }));
  const steps: Array<[string, Partial<CountDetectorSettings>]> = [
    ['shiftOffsetPerMinute 2', { shiftOffsetPerMinute: 2 }],
    ['shiftOffsetPerMinute 4', { shiftOffsetPerMinute: 4 }],
  ];
  const parts: string[] = [];
  for (const [label, settings] of steps) {
    const files: NabFileInput[] = texts.map(({ name, text }) => {
      const lines = detectCsv(text, settings).csv.trimEnd().split('\n').slice(1);
      const times = lines.map((l) => parseTimestamp(l.split(',')[0] ?? ''));
      const detections = lines.map((l) => Number(l.split(',')[3]) >= 0.5);
      const w = (windows[`${folder}/${name}`] ?? []).map(([a, b]) => [parseTimestamp(a.slice(0, 19)), parseTimestamp(b.slice(0, 19))] as const);
      return { name, times, detections, windows: w };
    });
    parts.push(`${label}: ${nabScoreCorpus(files, 'standard').score.toFixed(1)}`);
  }
  ctx.note(`realTweets standard one step from the default (default shiftOffsetPerMinute ${DEFAULT_COUNT_SETTINGS.shiftOffsetPerMinute}): ${parts.join(', ')}`);
}

function reportNab(ctx: BenchContext, label: string, key: string, run: NabRun): void {
  const scores = PROFILES.map((p) => nabScoreCorpus(run.files, p));
  const [standard, lowFp, lowFn] = scores as [ReturnType<typeof nabScoreCorpus>, ReturnType<typeof nabScoreCorpus>, ReturnType<typeof nabScoreCorpus>];
  ctx.report(`detection.nab.${key}.standard`, standard.score, `NAB ${label} (${run.files.length} files, ${standard.windows} windows), siaga detect alert column: standard ${standard.score.toFixed(1)}`);
  ctx.report(`detection.nab.${key}.reward_low_FP_rate`, lowFp.score, `NAB ${label}: reward_low_FP_rate ${lowFp.score.toFixed(1)}`);
  ctx.report(`detection.nab.${key}.reward_low_FN_rate`, lowFn.score, `NAB ${label}: reward_low_FN_rate ${lowFn.score.toFixed(1)}`);
  for (const f of standard.files) {
    ctx.note(`${label} ${f.name}: ${f.windowsDetected}/${f.windows} windows detected, ${f.falsePositives} false positives, raw ${f.score.toFixed(2)} (standard)`);
  }
}

/** Detector throughput on the realTweets rows (parsing excluded), and end to end through runDetect. */
function measureThroughput(ctx: BenchContext, nab: string, run: NabRun): void {
  const folder = join(nab, 'realTweets');
  const parsed = readdirSync(folder)
    .filter((f) => f.endsWith('.csv'))
    .map((f) => parseSeriesCsv(readFileSync(join(folder, f), 'utf8')));
  let rows = 0;
  const t0 = performance.now();
  for (let rep = 0; rep < 3; rep++) for (const p of parsed) rows += runCountSeries(p.rows, p.stepMs).length;
  const seconds = (performance.now() - t0) / 1000;
  ctx.report('detection.rows_per_s', rows / seconds, `volume detector throughput: ${fmt(rows / seconds)} rows/s (${fmt(rows)} rows of realTweets, parsing excluded)`);
  ctx.report('detection.detect_rows_per_s', run.rows / run.seconds, `siaga detect end to end (read, validate, detect, render): ${fmt(run.rows / run.seconds)} rows/s`);
}

/**
 * The live path: the driver fed with ingest-sized batches (500 posts and their rollup deltas) of demo traffic with
 * crises and buzzer bursts, one batch a simulated minute; six simulated hours of warm-up first. Cost per post.
 */
function measureLivePath(ctx: BenchContext): void {
  const batch = 500;
  const start = Date.UTC(2025, 4, 12, 0, 0);
  const gen = new DemoGenerator({ seed: 7, now: () => start });
  const driver = new DetectionDriver();
  let clock = start;
  const makeBatch = () => {
    const posts = gen.generateWithIntent(batch, new Date(clock)).map((p, i) => ({
      id: `p${clock}-${i}`,
      programIds: p.programSlug ? [p.programSlug] : [],
      text: p.post.text,
      authorHandle: p.post.author.handle,
      source: p.post.source,
      createdAt: new Date(Date.parse(p.post.createdAt)),
      label: p.tone,
      score: p.tone === 'negative' ? -0.8 : p.tone === 'positive' ? 0.8 : 0,
    }));
    return { posts, deltas: aggregateRollups(posts) };
  };
  const minute = 60_000;
  const countsOnly = new DetectionDriver();
  for (let i = 0; i < 6 * 60; i++) {
    clock += minute;
    const b = makeBatch();
    driver.ingest(b, new Date(clock + 5_000));
    countsOnly.ingest({ deltas: b.deltas }, new Date(clock + 5_000));
  }
  const batches: Array<{ at: number; data: ReturnType<typeof makeBatch> }> = [];
  for (let i = 0; i < 300; i++) {
    clock += minute;
    batches.push({ at: clock + 5_000, data: makeBatch() });
  }
  let decisions = 0;
  const t0 = performance.now();
  for (const b of batches) decisions += driver.ingest(b.data, new Date(b.at)).length;
  const ms = performance.now() - t0;
  const t1 = performance.now();
  for (const b of batches) countsOnly.ingest({ deltas: b.data.deltas }, new Date(b.at));
  const countsMs = performance.now() - t1;
  const posts = batches.length * batch;
  const perPost = (ms * 1000) / posts;
  ctx.report(
    'detection.live_us_per_post',
    perPost,
    `live path (driver.ingest, ${gen.programs.length} programs, batches of ${batch} posts a minute): ${perPost.toFixed(1)} µs per ingested post, ${(ms / batches.length).toFixed(2)} ms per batch; spike/shift/share detectors alone ${((countsMs * 1000) / posts).toFixed(1)} µs per post, the rest is campaign sketching; ${decisions} decisions over ${fmt(posts)} posts`,
  );
}

export async function benchDetection(ctx: BenchContext): Promise<void> {
  const data = dataDir();
  const nab = join(data, 'nab');
  const windowsFile = join(nab, 'windows.json');
  if (!existsSync(windowsFile)) {
    ctx.note(`detection: NAB data not found under ${nab} (set SIAGA_SHARED_DATA); NAB scores and detector throughput skipped`);
  } else {
    const windows = JSON.parse(readFileSync(windowsFile, 'utf8')) as Record<string, Array<[string, string]>>;
    const tweets = await detectFolder(ctx, nab, 'realTweets', windows);
    reportNab(ctx, 'realTweets', 'realTweets', tweets);
    ctx.note('realTweets reference (standard, same four series): ARTime 84.3, Skyline 80.1, CAD OSE 73.6, Twitter ADVec 68.8, HTM 62.7');
    reportNeighbourhood(ctx, nab, windows);
    if (existsSync(join(nab, 'realKnownCause'))) {
      const known = await detectFolder(ctx, nab, 'realKnownCause', windows);
      reportNab(ctx, 'realKnownCause (generalisation check, not tuned on)', 'realKnownCause', known);
    }
    measureThroughput(ctx, nab, tweets);
  }
  measureLivePath(ctx);
}
