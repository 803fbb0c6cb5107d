import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PlaceMatcher } from './place-matcher.js';

/** One labelled sentence of `fixtures/places-id.tsv`. */
export interface PlaceCase {
  /** 1-based, comments and blanks not counted: odd lines are the training half, even the held-out half. */
  line: number;
  provinces: string[];
  text: string;
  profile?: string;
}

export const PLACES_FIXTURE_URL = new URL('../../src/places/fixtures/places-id.tsv', import.meta.url);

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
