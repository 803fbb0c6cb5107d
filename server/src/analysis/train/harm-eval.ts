import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { detectHarm, type HarmOptions } from '../harm.js';
import type { NormalizedPost } from '../normalize.js';
import { readFixture } from './choose-rules.js';

// The harm signal's labelled sets and the choice of its options (train/README.md):
// CrisisLex T26 English crisis tweets (information types labelled by others), where "Affected
// individuals" and "Infrastructure and utilities" are reports of harm and every other type
// (sympathy, donations, caution and advice, other information, not applicable) is not. The 2012
// events choose the options by leave-one-event-out cross-validation; the 2013 events are scored
// once with the chosen options. The Indonesian set is fixtures/harm-id.tsv (written for Siaga).

export const HARM_TYPES = new Set(['Affected individuals', 'Infrastructure and utilities']);

export interface HarmExample {
  text: string;
  harm: boolean;
  /** CrisisLex event folder (e.g. 2013_Boston_bombings), or the fixture's source kind. */
  group: string;
  /** The CrisisLex information type, when from CrisisLex. */
  type?: string;
}

/** Labelled CrisisLex T26 tweets ("Not labeled" dropped), every event; undefined when the data is absent. */
export function readCrisisLex(dir: string): HarmExample[] | undefined {
  const root = join(dir, 'CrisisLexT26');
  if (!existsSync(root)) return undefined;
  const out: HarmExample[] = [];
  for (const event of readdirSync(root).sort()) {
    const file = join(root, event, `${event}-tweets_labeled.csv`);
    if (!existsSync(file)) continue;
    // Quoted fields may hold newlines: csv-parse, as the import command reads CSV.
    const records: string[][] = parse(readFileSync(file, 'utf8'), { relax_column_count: true });
    const [header, ...rows] = records;
    const col = (name: string) => header!.findIndex((h) => h.trim() === name);
    const text = col('Tweet Text');
    const type = col('Information Type');
    for (const r of rows) {
      const t = r[type]?.trim();
      if (!t || t === 'Not labeled' || r[text] === undefined) continue;
      out.push({ text: r[text], harm: HARM_TYPES.has(t), group: event, type: t });
    }
  }
  return out;
}

export function readHarmFixture(): HarmExample[] {
  return readFixture('harm-id.tsv').map(({ text, label, extra }) => ({ text, harm: label === '1', group: extra[0] ?? '' }));
}

export interface HarmScore {
  n: number;
  precision: number;
  recall: number;
  f1: number;
  /** Share of the posts flagged. */
  flagged: number;
}

export function scoreHarm(gold: readonly boolean[], pred: readonly boolean[]): HarmScore {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let flagged = 0;
  for (let i = 0; i < gold.length; i++) {
    if (pred[i]) flagged++;
    if (pred[i] && gold[i]) tp++;
    else if (pred[i]) fp++;
    else if (gold[i]) fn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return { n: gold.length, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, flagged: flagged / Math.max(1, gold.length) };
}

/** Candidates in order of preference (on a tie the simpler, earlier one wins). */
export const HARM_GRID: HarmOptions[] = [];
for (const discount of [false, true]) for (const threshold of [1, 1.5, 2]) HARM_GRID.push({ threshold, discount });

/**
 * Leave-one-group-out choice of the harm options on `train` (F1 of the harm class): each group is
 * scored with the options the other groups chose, then the options are chosen on all of them.
 */
export function chooseHarm(train: ReadonlyArray<{ post: NormalizedPost; harm: boolean; group: string }>): { chosen: HarmOptions; cv: HarmScore } {
  const preds = HARM_GRID.map((opt) => train.map((e) => detectHarm(e.post, opt).flag));
  const gold = train.map((e) => e.harm);
  const groups = [...new Set(train.map((e) => e.group))];
  const bestOn = (keep: (i: number) => boolean) => {
    let at = 0;
    let f1 = -1;
    preds.forEach((p, k) => {
      const g: boolean[] = [];
      const q: boolean[] = [];
      for (let i = 0; i < gold.length; i++) {
        if (!keep(i)) continue;
        g.push(gold[i]!);
        q.push(p[i]!);
      }
      const s = scoreHarm(g, q).f1;
      if (s > f1 + 1e-9) {
        f1 = s;
        at = k;
      }
    });
    return at;
  };
  const pooled = new Array<boolean>(gold.length);
  for (const g of groups) {
    const at = bestOn((i) => train[i]!.group !== g);
    for (let i = 0; i < gold.length; i++) if (train[i]!.group === g) pooled[i] = preds[at]![i]!;
  }
  return { chosen: HARM_GRID[bestOn(() => true)]!, cv: scoreHarm(gold, pooled) };
}
