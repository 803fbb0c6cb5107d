/**
 * The Numenta Anomaly Benchmark score, reimplemented from ../shared/data/nab/SCORING.md (NAB @ ea702d75):
 * probation, scaled-sigmoid row weights, best detection per window, every false positive penalised, and
 * normalisation between the null detector (0) and a perfect one (100).
 */

export interface NabProfile {
  tpWeight: number;
  fnWeight: number;
  fpWeight: number;
}

/** config/profiles.json, verbatim. */
export const NAB_PROFILES = {
  standard: { tpWeight: 1.0, fnWeight: 1.0, fpWeight: 0.11 },
  reward_low_FP_rate: { tpWeight: 1.0, fnWeight: 1.0, fpWeight: 0.22 },
  reward_low_FN_rate: { tpWeight: 1.0, fnWeight: 2.0, fpWeight: 0.11 },
} as const satisfies Record<string, NabProfile>;

export type NabProfileName = keyof typeof NAB_PROFILES;

const PROBATION_PERCENT = 0.15;

export function scaledSigmoid(y: number): number {
  if (y > 3.0) return -1.0;
  return 2 / (1 + Math.exp(5 * y)) - 1.0;
}

const MAX_TP = scaledSigmoid(-1.0);

/** Rows at the start dropped from scoring: min(floor(0.15·n), 0.15·5000). */
export function probationaryLength(n: number): number {
  return Math.min(Math.floor(PROBATION_PERCENT * n), PROBATION_PERCENT * 5000);
}

export interface NabRowWeights {
  /** Per-row sweep score (weight of a detection there). */
  weights: number[];
  /** Window index of each row, or -1 outside windows. */
  windowOf: number[];
  probation: number;
  /** Windows with at least one row after probation: the ones that score (or miss). */
  scoredWindows: number;
}

/**
 * Per-row weights for one file. `times` are the rows' timestamps (any comparable number, e.g. ms); each window
 * is [start, end], inclusive, with both ends equal to some row's time, windows sorted and disjoint.
 */
export function nabRowWeights(times: readonly number[], windows: ReadonlyArray<readonly [number, number]>, profile: NabProfile): NabRowWeights {
  const n = times.length;
  const indexOf = new Map<number, number>();
  times.forEach((t, i) => indexOf.set(t, i));
  for (const [a, b] of windows) {
    if (!indexOf.has(a) || !indexOf.has(b)) throw new Error(`NAB window [${a}, ${b}] does not start and end on rows of the file`);
  }
  const weights = new Array<number>(n);
  const windowOf = new Array<number>(n).fill(-1);
  let next = 0;
  let current = -1;
  let rightIndex = -1;
  let width = 0;
  let prevRight: number | null = null;
  let prevWidth = 0;
  for (let i = 0; i < n; i++) {
    const t = times[i] as number;
    const candidate = windows[next];
    if (current < 0 && candidate && candidate[0] === t) {
      current = next++;
      rightIndex = indexOf.get(candidate[1]) as number;
      width = rightIndex - i + 1;
    }
    if (current >= 0) {
      const position = -(rightIndex - i + 1) / width;
      weights[i] = (scaledSigmoid(position) * profile.tpWeight) / MAX_TP;
      windowOf[i] = current;
    } else if (prevRight === null) {
      weights[i] = -1.0 * profile.fpWeight;
    } else {
      const position = Math.abs(prevRight - i) / (prevWidth - 1);
      weights[i] = scaledSigmoid(position) * profile.fpWeight;
    }
    if (current >= 0 && (windows[current] as readonly [number, number])[1] === t) {
      prevRight = i;
      prevWidth = width;
      current = -1;
    }
  }
  const probation = probationaryLength(n);
  const scored = new Set<number>();
  for (let i = 0; i < n; i++) if (i >= probation && (windowOf[i] as number) >= 0) scored.add(windowOf[i] as number);
  return { weights, windowOf, probation, scoredWindows: scored.size };
}

export interface NabFileScore {
  score: number;
  /** Row counts, as NAB reports them (they do not enter the score). */
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  /** Windows with at least one detection / windows scored. */
  windowsDetected: number;
  windows: number;
  /** Detections outside every window. */
  falsePositives: number;
}

/** Score of one file for a detection vector (true = the detector raised an alarm on that row). */
export function nabScoreFile(
  times: readonly number[],
  detections: readonly boolean[],
  windows: ReadonlyArray<readonly [number, number]>,
  profile: NabProfile,
): NabFileScore {
  if (detections.length !== times.length) throw new Error(`NAB: ${detections.length} detections for ${times.length} rows`);
  const { weights, windowOf, probation, scoredWindows } = nabRowWeights(times, windows, profile);
  const best = new Map<number, number>();
  const seen = new Set<number>();
  let fpScore = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  let falsePositives = 0;
  for (let i = probation; i < times.length; i++) {
    const w = windowOf[i] as number;
    const hit = detections[i] === true;
    if (w >= 0) seen.add(w);
    if (hit && w >= 0) {
      tp++;
      best.set(w, Math.max(best.get(w) ?? -Infinity, weights[i] as number));
    } else if (hit) {
      fp++;
      falsePositives++;
      fpScore += weights[i] as number;
    } else if (w >= 0) fn++;
    else tn++;
  }
  let score = fpScore;
  for (const w of seen) score += best.has(w) ? (best.get(w) as number) : -profile.fnWeight;
  return { score, tp, fp, fn, tn, windowsDetected: best.size, windows: scoredWindows, falsePositives };
}

/** 100·(raw − null)/(perfect − null), with null = −fnWeight·W and perfect = tpWeight·W over W windows. */
export function nabNormalize(rawTotal: number, windowCount: number, profile: NabProfile): number {
  const base = -profile.fnWeight * windowCount;
  const perfect = profile.tpWeight * windowCount;
  return (100 * (rawTotal - base)) / (perfect - base);
}

export interface NabFileInput {
  name: string;
  times: readonly number[];
  detections: readonly boolean[];
  windows: ReadonlyArray<readonly [number, number]>;
}

export interface NabCorpusScore {
  profile: NabProfileName;
  score: number;
  raw: number;
  windows: number;
  files: Array<{ name: string } & NabFileScore>;
}

/** Corpus score for one profile: raw scores summed over files, normalised over all their windows. */
export function nabScoreCorpus(files: readonly NabFileInput[], profile: NabProfileName): NabCorpusScore {
  const p = NAB_PROFILES[profile];
  const scored = files.map((f) => ({ name: f.name, ...nabScoreFile(f.times, f.detections, f.windows, p) }));
  const raw = scored.reduce((s, f) => s + f.score, 0);
  // SCORING.md §8: normalise over the windows of the files (the label file's count), not only those scored.
  const windows = files.reduce((s, f) => s + f.windows.length, 0);
  return { profile, score: nabNormalize(raw, windows, p), raw, windows, files: scored };
}
