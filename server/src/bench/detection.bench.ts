import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runDetect } from '../cli/detect.command.js';
import { DemoGenerator } from '../demo/demo-generator.js';
import { DEFAULT_COUNT_SETTINGS } from '../detection/count-detector.js';
import { detectCsv } from '../detection/detect-csv.js';
import { runCountSeries, type SeriesResult } from '../detection/series.js';
import { parseSeriesCsv, parseTimestamp, statedOffsetMinutes } from '../detection/series-csv.js';
import { DetectionDriver } from '../detection/driver.js';
import { nabScoreCorpus, type NabFileInput, type NabProfileName } from '../detection/nab-score.js';
import { aggregateRollups } from '../rollups/rollup-delta.js';
import { type BenchContext, fmt, sharedDataDir } from './support.js';

const PROFILES: NabProfileName[] = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'];

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

interface FoldFile {
  name: string;
  rows: ReturnType<typeof parseSeriesCsv>['rows'];
  stepMs: number;
  tzOffsetMinutes: number;
  windows: Array<readonly [number, number]>;
}

/**
 * What cross-validation chooses among: the settings the default was once tuned by, on a grid around it. The spike
 * threshold is bounded by what NAB cannot measure: its windows are hours wide, so it rewards ever fewer spike alerts
 * (left free, the choice runs off the top of any grid), while the product must raise a 5× rise held for five minutes
 * within those five minutes, even in a program's first hour (first-hour.spec.ts fails above 20). Within that bound
 * the data choose.
 */
const OFFSETS = [2, 3, 4, 5];
const SPIKE_THRESHOLDS = [16, 18, 20];
const SHIFT_THRESHOLDS = [2.75, 3.25, 3.75, 4.25, 4.75, 5.25];

interface Candidate {
  offset: number;
  spike: number;
  shift: number;
  label: string;
}

function candidates(): Candidate[] {
  const out: Candidate[] = [];
  for (const offset of OFFSETS) {
    for (const spike of SPIKE_THRESHOLDS) {
      for (const shift of SHIFT_THRESHOLDS) out.push({ offset, spike, shift, label: `shiftOffsetPerMinute ${offset}, spike threshold ${spike}, shift threshold ${shift}` });
    }
  }
  return out;
}

/**
 * Alerts of one file at every threshold pair from one run of the detector: thresholds shape no learning, only which
 * points are anomalous, so a point's strongest eligible spike surprise and shift z decide it, and the cooldown is
 * replayed as the detector applies it.
 */
function alertsAt(results: readonly SeriesResult[], spike: number, shift: number, cooldownMs: number): boolean[] {
  let lastAlert: number | null = null;
  let lastAnomalous: number | null = null;
  return results.map((r) => {
    let anomalous = false;
    if (r.warm) {
      for (const c of r.checks) {
        if (!c.eligible) continue;
        if (c.kind === 'spike' ? c.surprise >= spike : (c.z ?? 0) >= shift) anomalous = true;
      }
    }
    const cooling = lastAnomalous !== null && lastAlert !== null && r.at - lastAnomalous < cooldownMs;
    const alert = anomalous && !cooling;
    if (alert) lastAlert = r.at;
    if (anomalous) lastAnomalous = r.at;
    return alert;
  });
}

/**
 * The protocol of server/src/analysis/train/README.md applied to detection: leave-one-series-out over the four NAB
 * realTweets series and the realKnownCause series (one fold: its seven files). For each fold the candidate with the
 * best mean standard score on the other folds is chosen and scored once on the fold left out; the mean of those
 * held-out scores is the honest estimate for unseen series. The default is the candidate chosen on all folds.
 */
function reportLeaveOneSeriesOut(ctx: BenchContext, nab: string, windows: Record<string, Array<[string, string]>>): void {
  const load = (folder: string, name: string): FoldFile => {
    const text = readFileSync(join(nab, folder, name), 'utf8');
    const { rows, stepMs } = parseSeriesCsv(text, { allowBackwards: true });
    const w = (windows[`${folder}/${name}`] ?? []).map(([a, b]) => [parseTimestamp(a.slice(0, 19)), parseTimestamp(b.slice(0, 19))] as const);
    return { name, rows, stepMs, tzOffsetMinutes: statedOffsetMinutes(rows[0]?.timestamp.trim() ?? '') ?? 0, windows: w };
  };
  const csvs = (folder: string) =>
    existsSync(join(nab, folder))
      ? readdirSync(join(nab, folder))
          .filter((f) => f.endsWith('.csv'))
          .sort()
      : [];
  const folds: Array<{ name: string; files: FoldFile[] }> = csvs('realTweets').map((f) => ({ name: f.replace(/^Twitter_volume_|\.csv$/g, ''), files: [load('realTweets', f)] }));
  const known = csvs('realKnownCause');
  if (known.length) folds.push({ name: 'realKnownCause', files: known.map((f) => load('realKnownCause', f)) });
  const grid = candidates();
  const t0 = performance.now();
  const cooldownMs = DEFAULT_COUNT_SETTINGS.cooldownMinutes * 60_000;
  // scores[c][f][profile]: candidate c on fold f. One detector run per offset and file; thresholds replayed.
  const scores: number[][][] = grid.map(() => []);
  let replayChecked = false;
  for (const offset of OFFSETS) {
    folds.forEach((fold, f) => {
      const runs = fold.files.map((file) => ({ file, results: runCountSeries(file.rows, file.stepMs, { settings: { ...DEFAULT_COUNT_SETTINGS, tzOffsetMinutes: file.tzOffsetMinutes, shiftOffsetPerMinute: offset } }) }));
      if (!replayChecked && offset === DEFAULT_COUNT_SETTINGS.shiftOffsetPerMinute) {
        // The replay must be the detector's own alerts at its own thresholds.
        const d = DEFAULT_COUNT_SETTINGS;
        for (const { results } of runs) {
          const replayed = alertsAt(results, d.thresholds.medium, d.shiftThresholds.medium, cooldownMs);
          if (results.some((r, i) => r.alert !== replayed[i])) throw new Error('threshold replay differs from the detector: the cross-validation would be wrong');
        }
        replayChecked = true;
      }
      grid.forEach((c, ci) => {
        if (c.offset !== offset) return;
        const inputs: NabFileInput[] = runs.map(({ file, results }) => ({ name: file.name, times: file.rows.map((r) => r.t), detections: alertsAt(results, c.spike, c.shift, cooldownMs), windows: file.windows }));
        (scores[ci] as number[][])[f] = PROFILES.map((p) => nabScoreCorpus(inputs, p).score);
      });
    });
  }
  const meanOver = (c: number, fs: number[]): number => fs.reduce((s, f) => s + (scores[c]?.[f]?.[0] ?? 0), 0) / fs.length;
  const choose = (fs: number[]): number => {
    let best = 0;
    for (let c = 1; c < grid.length; c++) if (meanOver(c, fs) > meanOver(best, fs) + 1e-9) best = c;
    return best;
  };
  const all = folds.map((_, i) => i);
  const held: number[][] = [];
  for (let f = 0; f < folds.length; f++) {
    const c = choose(all.filter((i) => i !== f));
    const s = scores[c]?.[f] ?? [0, 0, 0];
    held.push(s);
    ctx.report(
      `detection.loso.${folds[f]?.name}.standard`,
      s[0] ?? 0,
      `left out ${folds[f]?.name}: standard ${(s[0] ?? 0).toFixed(1)}, low FP ${(s[1] ?? 0).toFixed(1)}, low FN ${(s[2] ?? 0).toFixed(1)} (chosen on the other folds: ${grid[c]?.label})`,
    );
  }
  const mean = (k: number) => held.reduce((sum, s) => sum + (s[k] ?? 0), 0) / held.length;
  const tweets = held.slice(0, folds.length - (known.length ? 1 : 0));
  const tweetMean = (k: number) => tweets.reduce((sum, s) => sum + (s[k] ?? 0), 0) / Math.max(1, tweets.length);
  ctx.note(`of which the ${tweets.length} realTweets folds: standard ${tweetMean(0).toFixed(1)}, low FP ${tweetMean(1).toFixed(1)}, low FN ${tweetMean(2).toFixed(1)}`);
  ctx.report('detection.loso.mean.standard', mean(0), `leave-one-series-out mean over ${folds.length} folds (cross-validated): standard ${mean(0).toFixed(1)}, low FP ${mean(1).toFixed(1)}, low FN ${mean(2).toFixed(1)}`);
  const chosen = choose(all);
  const d = DEFAULT_COUNT_SETTINGS;
  const isDefault = grid[chosen]?.offset === d.shiftOffsetPerMinute && grid[chosen]?.spike === d.thresholds.medium && grid[chosen]?.shift === d.shiftThresholds.medium;
  ctx.note(
    `chosen on all ${folds.length} folds: ${grid[chosen]?.label}${isDefault ? ' (the default)' : ' — differs from the default: update DEFAULT_COUNT_SETTINGS'}; ${grid.length} candidates, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
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
  const data = sharedDataDir();
  const nab = join(data, 'nab');
  const windowsFile = join(nab, 'windows.json');
  if (!existsSync(windowsFile)) {
    ctx.note(`detection: NAB data not found under ${nab} (set SIAGA_SHARED_DATA); NAB scores and detector throughput skipped`);
  } else {
    const windows = JSON.parse(readFileSync(windowsFile, 'utf8')) as Record<string, Array<[string, string]>>;
    const tweets = await detectFolder(ctx, nab, 'realTweets', windows);
    reportNab(ctx, 'realTweets', 'realTweets', tweets);
    ctx.note('realTweets reference (standard, same four series): ARTime 84.3, Skyline 80.1, CAD OSE 73.6, Twitter ADVec 68.8, HTM 62.7');
    if (existsSync(join(nab, 'realKnownCause'))) {
      const known = await detectFolder(ctx, nab, 'realKnownCause', windows);
      reportNab(ctx, 'realKnownCause (a fold of the cross-validation below)', 'realKnownCause', known);
    }
    reportLeaveOneSeriesOut(ctx, nab, windows);
    measureThroughput(ctx, nab, tweets);
  }
  measureLivePath(ctx);
}
