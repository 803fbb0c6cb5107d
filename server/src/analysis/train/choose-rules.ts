import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IdModelFile, SentimentRules } from '../id-model.js';
import { SiagaAnalyzer } from '../sentiment-analyzer.js';
import { LABELS, scoreLabels, stratifiedFolds, type Example, type Label } from './dataset.js';

// The analyzer's rules are chosen on sentences we wrote for choosing (fixtures/sentiment-choose-*.tsv),
// by grid search; k-fold cross-validation over those sentences says what the choice is worth on
// sentences it was not chosen on (each fold's held-out sentences are scored with the setting the other
// folds chose). Validation files (SmSA valid, TweetEval) and the pinned test sentences play no part.

export const FIXTURES_URL = new URL('../../../src/analysis/fixtures/', import.meta.url);

/** A labelled TSV fixture: `#` lines are comments (origin), then text TAB label. */
export function readFixture(name: string): Array<{ text: string; label: string; extra: string[] }> {
  const out: Array<{ text: string; label: string; extra: string[] }> = [];
  for (const line of readFileSync(fileURLToPath(new URL(name, FIXTURES_URL)), 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [text, label, ...extra] = line.split('\t');
    if (text === undefined || label === undefined) throw new Error(`fixture ${name}: bad line ${line.slice(0, 80)}`);
    out.push({ text, label: label.trim(), extra });
  }
  return out;
}

export function readSentimentFixture(name: string): Example[] {
  return readFixture(name).map(({ text, label }) => {
    const k = LABELS.indexOf(label as Label);
    if (k < 0) throw new Error(`fixture ${name}: unknown label ${label}`);
    return { text, label: k };
  });
}

/** Candidates in order of preference: on a tie the earlier (the one that changes less) wins. */
export const ID_RULE_GRID: Array<Pick<SentimentRules, 'questionKeeps' | 'complaintPush' | 'harmPush' | 'emojiWeight' | 'lexiconWeight'>> = [];
for (const lexiconWeight of [0, 1, 2])
  for (const harmPush of [0, 1.5, 3, 4.5])
    for (const emojiWeight of [0.8, 1.6, 2.4])
      for (const questionKeeps of [1, 0.5, 0.25, 0])
        for (const complaintPush of [-3.5, -2.5, -5]) ID_RULE_GRID.push({ questionKeeps, complaintPush, harmPush, emojiWeight, lexiconWeight });

export const EN_RULE_GRID: Array<Pick<SentimentRules, 'enNeutral' | 'enQuestionKeeps' | 'enTweetEvalFitted'>> = [];
for (const enTweetEvalFitted of [false, true]) for (const enNeutral of [0.2, 0.1, 0.3]) for (const enQuestionKeeps of [1, 0.5, 0.25]) EN_RULE_GRID.push({ enNeutral, enQuestionKeeps, enTweetEvalFitted });

/** Rules that change nothing: the learned weights and the lexicon as they are. */
export const NO_RULES: SentimentRules = { questionKeeps: 1, complaintPush: -3.5, harmPush: 0, emojiWeight: 0.8, lexiconWeight: 0, enNeutral: 0.2, enQuestionKeeps: 1, enTweetEvalFitted: false };

export interface Choice<T> {
  chosen: T;
  /** Macro-F1 of the chosen setting on all the choosing sentences (optimistic: chosen there). */
  fit: number;
  /** Pooled out-of-fold macro-F1: each fold scored with the setting the other folds chose. */
  cv: number;
  /** The same pooled predictions' macro-recall (TweetEval's measure). */
  cvRecall: number;
  /** Macro-F1 with no rules at all (nothing chosen: no CV needed). */
  none: number;
}

/**
 * Grid search with k-fold CV. `predict(candidate)` labels every example once (as label numbers);
 * the grid is small and labelling is fast, so each candidate's labels are computed once and the folds
 * only pick among them.
 */
export function chooseByCv<T>(examples: readonly Example[], grid: readonly T[], none: T, predict: (c: T) => number[], folds = 5, seed = 20261205): Choice<T> {
  const gold = examples.map((e) => e.label);
  const preds = grid.map(predict);
  const fold = stratifiedFolds(gold, folds, seed);
  const f1On = (p: number[], keep: (i: number) => boolean) => {
    const g: number[] = [];
    const q: number[] = [];
    for (let i = 0; i < gold.length; i++) {
      if (!keep(i)) continue;
      g.push(gold[i]!);
      q.push(p[i]!);
    }
    return scoreLabels(g, q).macroF1;
  };
  const best = (keep: (i: number) => boolean) => {
    let at = 0;
    let score = -1;
    preds.forEach((p, k) => {
      const s = f1On(p, keep);
      if (s > score + 1e-9) {
        score = s;
        at = k;
      }
    });
    return { at, score };
  };
  const pooled = new Array<number>(gold.length);
  for (let f = 0; f < folds; f++) {
    const { at } = best((i) => fold[i] !== f);
    for (let i = 0; i < gold.length; i++) if (fold[i] === f) pooled[i] = preds[at]![i]!;
  }
  const all = best(() => true);
  const cv = scoreLabels(gold, pooled);
  return { chosen: grid[all.at]!, fit: all.score, cv: cv.macroF1, cvRecall: cv.macroRecall, none: scoreLabels(gold, predict(none)).macroF1 };
}

const labelsOf = (analyzer: SiagaAnalyzer, rules: SentimentRules, examples: readonly Example[]) => {
  const a = analyzer.withRules(rules);
  return examples.map((e) => LABELS.indexOf(a.analyze(e.text, undefined).label));
};

/** Chooses the Indonesian rules, then the English settings (with the Indonesian harm push), on the fixtures. */
export function chooseRules(file: Omit<IdModelFile, 'rules'>): { rules: SentimentRules; id: Choice<unknown>; en: Choice<unknown> } {
  const idSet = readSentimentFixture('sentiment-choose-id.tsv');
  const enSet = readSentimentFixture('sentiment-choose-en.tsv');
  const base = new SiagaAnalyzer({ ...file, rules: NO_RULES });
  const id = chooseByCv(idSet, ID_RULE_GRID, NO_RULES, (c) => labelsOf(base, { ...NO_RULES, ...c }, idSet));
  const withId = { ...NO_RULES, ...id.chosen };
  const en = chooseByCv(enSet, EN_RULE_GRID, NO_RULES, (c) => labelsOf(base, { ...withId, ...c }, enSet));
  return { rules: { ...withId, ...en.chosen }, id, en };
}
