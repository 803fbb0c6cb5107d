import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ALL_PLACE_RULES, PLACE_RULES, type PlaceRules } from './gazetteer.js';
import { PlaceMatcher } from './place-matcher.js';

/** One labelled sentence of a fixture (`fixtures/places-id.tsv`, the training set; `fixtures/places-id-heldout.tsv`). */
export interface PlaceCase {
  /** 1-based, comments and blanks not counted. */
  line: number;
  provinces: string[];
  text: string;
  profile?: string;
}

/** The training sentences: every choice of rules is made on these alone, by cross-validation. */
export const PLACES_FIXTURE_URL = new URL('../../src/places/fixtures/places-id.tsv', import.meta.url);
/** The held-out sentences, written after the rules were chosen and scored once; never read to choose. */
export const PLACES_HELDOUT_URL = new URL('../../src/places/fixtures/places-id-heldout.tsv', import.meta.url);

export function readPlaceCases(path: string | URL = PLACES_FIXTURE_URL): PlaceCase[] {
  const src = readFileSync(typeof path === 'string' ? path : fileURLToPath(path), 'utf8');
  const out: PlaceCase[] = [];
  for (const raw of src.split(/\r?\n/)) {
    if (!raw.trim() || raw.startsWith('#')) continue;
    const [label = '', text = '', profile] = raw.split('\t');
    out.push({ line: out.length + 1, provinces: label === '-' ? [] : label.split(','), text, ...(profile ? { profile } : {}) });
  }
  return out;
}

export interface PlaceScore {
  sentences: number;
  /** Province mentions found that the label has, over all found. */
  precision: number;
  /** Province mentions of the labels that were found, over all labelled. */
  recall: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  misses: Array<{ line: number; text: string; expected: string[]; got: string[] }>;
}

/** Precision and recall over provinces (a regency counts as its province), micro-averaged over the sentences. */
export function scorePlaces(matcher: PlaceMatcher, cases: readonly PlaceCase[]): PlaceScore {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const misses: PlaceScore['misses'] = [];
  for (const c of cases) {
    const got = matcher.match(c.text, c.profile).filter((code) => code.length === 2);
    const want = new Set(c.provinces);
    const hit = got.filter((g) => want.has(g)).length;
    tp += hit;
    fp += got.length - hit;
    fn += want.size - hit;
    if (hit !== got.length || hit !== want.size) misses.push({ line: c.line, text: c.text, expected: [...want], got });
  }
  return {
    sentences: cases.length,
    precision: tp + fp ? tp / (tp + fp) : 1,
    recall: tp + fn ? tp / (tp + fn) : 1,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    misses,
  };
}

/** F1 of a score (the harmonic mean of precision and recall). */
export const f1 = (s: Pick<PlaceScore, 'precision' | 'recall'>) => (s.precision + s.recall > 0 ? (2 * s.precision * s.recall) / (s.precision + s.recall) : 0);

/** The rules that differ between two sets, as "rule off" / "rule on". */
export function rulesDiff(from: PlaceRules, to: PlaceRules): string[] {
  return PLACE_RULES.filter((r) => from[r] !== to[r]).map((r) => `${r} ${to[r] ? 'on' : 'off'}`);
}

/**
 * Chooses the rules on some sentences only: greedy, from every rule on; each pass tries flipping each rule
 * in turn and keeps a flip only when it raises F1 (a tie keeps the rule as it is), until a pass changes
 * nothing. The sentences it is given are the only ones it reads.
 */
export function selectRules(training: readonly PlaceCase[], start: PlaceRules = ALL_PLACE_RULES): { rules: PlaceRules; f1: number } {
  const matchers = new Map<string, PlaceMatcher>();
  const scoreOf = (rules: PlaceRules) => {
    const key = PLACE_RULES.map((r) => (rules[r] ? '1' : '0')).join('');
    let m = matchers.get(key);
    if (!m) matchers.set(key, (m = PlaceMatcher.withRules(rules)));
    return f1(scorePlaces(m, training));
  };
  let rules = start;
  let best = scoreOf(rules);
  for (let pass = 0; pass < PLACE_RULES.length; pass++) {
    let changed = false;
    for (const r of PLACE_RULES) {
      const flipped = { ...rules, [r]: !rules[r] };
      const s = scoreOf(flipped);
      if (s > best + 1e-12) {
        rules = flipped;
        best = s;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return { rules, f1: best };
}

export interface FoldResult {
  fold: number;
  /** Sentences the rules were chosen on, and those they were scored on. */
  trained: number;
  score: PlaceScore;
  f1: number;
  /** Rules the fold's choice turned off (or on) against every rule on. */
  changes: string[];
}

/**
 * k-fold cross-validation of the whole procedure (choosing the rules, then matching) on the training
 * sentences: sentence i is in fold i mod k; each fold is scored with the rules `selectRules` chose on the
 * other folds. Answers each fold and the means of precision, recall and F1 over the folds.
 */
export function crossValidate(training: readonly PlaceCase[], k = 5): { folds: FoldResult[]; precision: number; recall: number; f1: number } {
  const folds: FoldResult[] = [];
  for (let fold = 0; fold < k; fold++) {
    const fit = training.filter((_, i) => i % k !== fold);
    const test = training.filter((_, i) => i % k === fold);
    const { rules } = selectRules(fit);
    const score = scorePlaces(PlaceMatcher.withRules(rules), test);
    folds.push({ fold: fold + 1, trained: fit.length, score, f1: f1(score), changes: rulesDiff(ALL_PLACE_RULES, rules) });
  }
  const mean = (f: (x: FoldResult) => number) => folds.reduce((s, x) => s + f(x), 0) / folds.length;
  return { folds, precision: mean((x) => x.score.precision), recall: mean((x) => x.score.recall), f1: mean((x) => x.f1) };
}

/**
 * The held-out score: the default rules (the choice made on the training set) on the held-out sentences. The
 * only reader of PLACES_HELDOUT_URL; nothing chooses rules from its answer.
 */
export function scoreHeldOut(path: string | URL = PLACES_HELDOUT_URL): PlaceScore {
  return scorePlaces(new PlaceMatcher(), readPlaceCases(path));
}
