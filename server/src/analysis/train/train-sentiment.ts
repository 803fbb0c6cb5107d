// Trains the Indonesian sentiment model and writes server/src/analysis/model/id-sentiment.json.
//
//   npm run train:sentiment [-- --folds 4] [-- --no-cv] [-- --out FILE]   (protocol: train/README.md)
//
// Data: SmSA (IndoNLU) in $SIAGA_SHARED_DATA or ../shared/data next to the repository. It tunes
// the L2 strength by stratified cross-validation on TRAIN only, fits on all of train, and then
// reports on valid (never used for a choice). Full-batch L-BFGS and seeded folds make the output
// byte-for-byte the same on every run (the weights; meta holds the CV scores). About two minutes.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EnglishLexicon } from '../en-lexicon.js';
import { DEFAULT_ID_FEATURES, type IdFeatureOptions } from '../id-features.js';
import { MemoStemmer, type IdModelFile } from '../id-model.js';
import { LanguageDetector } from '../lang-detect.js';
import { Normalizer, type NormalizedPost } from '../normalize.js';
import { ID_MODEL_URL, SiagaAnalyzer } from '../sentiment-analyzer.js';
import { withoutNoPolarityWords } from '../topic-words.js';
import { buildIndex, buildRows, LABELS, readSmsa, scoreLabels, stratifiedFolds, type Example } from './dataset.js';
import { chooseRules } from './choose-rules.js';
import { fitLogReg, logitsOf, type LinearModel } from './logreg.js';

/** ../shared/data beside the repository, unless SIAGA_SHARED_DATA says otherwise. */
export function sharedDataDir(): string {
  // This file sits four levels below the repository root, in src/ and in dist/ alike.
  return process.env.SIAGA_SHARED_DATA ?? fileURLToPath(new URL('../../../../../shared/data', import.meta.url));
}

const SEED = 20240611;
const MIN_DF = 2;
const L2_GRID = [3e-6, 5e-6, 1e-5];
const DEFAULT_L2 = 5e-6;
/** Rows whose centred weights all stay below this are dropped: they barely move any score. */
const PRUNE = 0.03;
const ID_WORDS = 1500;

interface Prepared {
  docs: NormalizedPost[];
  labels: number[];
}

const argmax3 = (z: Float64Array) => (z[0]! >= z[1]! && z[0]! >= z[2]! ? 0 : z[1]! >= z[2]! ? 1 : 2);

function evaluate(model: LinearModel, rows: ReturnType<typeof buildRows>): number[] {
  const z = new Float64Array(3);
  const out: number[] = [];
  for (let r = 0; r < rows.labels.length; r++) {
    logitsOf(model, rows, r, z);
    out.push(argmax3(z));
  }
  return out;
}

function fit(train: Prepared, opt: IdFeatureOptions, l2: number, stem: (w: string) => string) {
  const index = buildIndex(train.docs, opt, MIN_DF, stem);
  const rows = buildRows(train.docs, train.labels, index, opt, stem);
  return { index, model: fitLogReg(rows, { classes: 3, l2, maxIter: 400 }) };
}

function crossValidate(all: Prepared, opt: IdFeatureOptions, l2: number, folds: number, stem: (w: string) => string): number {
  const fold = stratifiedFolds(all.labels, folds, SEED);
  const gold: number[] = [];
  const pred: number[] = [];
  for (let f = 0; f < folds; f++) {
    const pick = (keep: boolean): Prepared => {
      const docs: NormalizedPost[] = [];
      const labels: number[] = [];
      all.docs.forEach((d, i) => {
        if ((fold[i] === f) === keep) {
          docs.push(d);
          labels.push(all.labels[i]!);
        }
      });
      return { docs, labels };
    };
    const tr = pick(false);
    const te = pick(true);
    const { index, model } = fit(tr, opt, l2, stem);
    pred.push(...evaluate(model, buildRows(te.docs, te.labels, index, opt, stem)));
    gold.push(...te.labels);
  }
  return scoreLabels(gold, pred).macroF1;
}

/** Centred, rounded, pruned weights keyed by feature; sorted keys keep the file stable. */
function exportWeights(index: Map<string, number>, model: LinearModel): { bias: [number, number, number]; weights: Record<string, [number, number, number]> } {
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4 || 0;
  const weights: Record<string, [number, number, number]> = {};
  for (const [key, col] of [...index].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const w = [model.w[col * 3]!, model.w[col * 3 + 1]!, model.w[col * 3 + 2]!];
    // A constant added to all three classes changes no probability: centre each row.
    const mean = (w[0]! + w[1]! + w[2]!) / 3;
    const c = w.map((x) => x - mean);
    if (Math.max(...c.map(Math.abs)) < PRUNE) continue;
    weights[key] = [r4(c[0]!), r4(c[1]!), r4(c[2]!)];
  }
  const b = [model.w[model.features * 3]!, model.w[model.features * 3 + 1]!, model.w[model.features * 3 + 2]!];
  const bm = (b[0]! + b[1]! + b[2]!) / 3;
  return { bias: [r4(b[0]! - bm), r4(b[1]! - bm), r4(b[2]! - bm)], weights };
}

function main(): number {
  const { values } = parseArgs({ options: { folds: { type: 'string', default: '4' }, 'no-cv': { type: 'boolean', default: false }, out: { type: 'string' } }, strict: true });
  const dir = join(sharedDataDir(), 'sentiment-id-smsa');
  const trainPath = join(dir, 'train_preprocess.tsv');
  const validPath = join(dir, 'valid_preprocess.tsv');
  if (!existsSync(trainPath) || !existsSync(validPath)) {
    process.stderr.write(`train-sentiment: SmSA not found in ${dir} (set SIAGA_SHARED_DATA)\n`);
    return 1;
  }
  const started = performance.now();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const train = readSmsa(trainPath);
  const valid = readSmsa(validPath);
  log(`SmSA: ${train.length} train, ${valid.length} valid`);

  // The normalizer's vocabulary: words the (already normalised) training text uses twice or more.
  const counts = new Map<string, number>();
  for (const e of train) for (const w of e.text.split(' ')) if (w) counts.set(w, (counts.get(w) ?? 0) + 1);
  const known = [...counts].filter(([w, c]) => c >= 2 && /^[a-z0-9][a-z0-9'-]*$/u.test(w)).map(([w]) => w).sort();
  const en = new EnglishLexicon();
  const enWords = [...en.keys()].filter((w) => !w.includes(' '));
  const normalizer = new Normalizer(new Set([...known, ...enWords]));
  // Program names, topic nouns, pronouns and mood particles go before training, as before scoring:
  // they get no weight at all (topic-words.ts).
  const prepare = (examples: Example[]): Prepared => ({
    docs: examples.map((e) => withoutNoPolarityWords(normalizer.normalize(e.text))),
    labels: examples.map((e) => e.label),
  });
  const tr = prepare(train);
  const stem = new MemoStemmer().stem;
  const opt: IdFeatureOptions = { ...DEFAULT_ID_FEATURES };

  let l2 = DEFAULT_L2;
  const cv: Record<string, number> = {};
  if (!values['no-cv']) {
    const folds = Number(values.folds);
    let best = -1;
    for (const candidate of L2_GRID) {
      const f1 = crossValidate(tr, opt, candidate, folds, stem);
      cv[String(candidate)] = Math.round(f1 * 1e4) / 1e4;
      log(`  ${folds}-fold CV on train, l2=${candidate}: macro-F1 ${f1.toFixed(4)}`);
      if (f1 > best) {
        best = f1;
        l2 = candidate;
      }
    }
  }
  log(`fitting on all of train with l2=${l2}`);
  const { index, model } = fit(tr, opt, l2, stem);
  const { bias, weights } = exportWeights(index, model);

  // Frequent training words that English does not write: evidence for the language detector.
  const enSet = new Set(enWords);
  const probe = new LanguageDetector([], enWords);
  const df = new Map<string, number>();
  for (const e of train) for (const w of new Set(e.text.split(' '))) if (/^[a-z]{2,}$/u.test(w)) df.set(w, (df.get(w) ?? 0) + 1);
  const idWords = [...df]
    .filter(([w]) => !enSet.has(w) && !probe.isEnglishWord(w))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, ID_WORDS)
    .map(([w]) => w)
    .sort();

  const base = {
    format: 'siaga-id-sentiment/1' as const,
    labels: [...LABELS] as IdModelFile['labels'],
    features: opt,
    known,
    idWords,
    bias,
    weights,
    meta: {},
  };
  // The crisis rules and English settings: grid search with 5-fold CV on our choosing sentences.
  const choice = chooseRules(base);
  const file: IdModelFile = { ...base, rules: choice.rules };
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  log(`rules chosen on fixtures/sentiment-choose-id.tsv: ${JSON.stringify(choice.id.chosen)}; macro-F1 5-fold CV ${choice.id.cv.toFixed(4)} (no rules ${choice.id.none.toFixed(4)}, chosen setting on all ${choice.id.fit.toFixed(4)})`);
  log(`English settings chosen on fixtures/sentiment-choose-en.tsv: ${JSON.stringify(choice.en.chosen)}; macro-F1 5-fold CV ${choice.en.cv.toFixed(4)} (no rules ${choice.en.none.toFixed(4)}, chosen setting on all ${choice.en.fit.toFixed(4)})`);

  // Valid, through the pruned weights and the full analyzer (language check, slang, code-mixing).
  const analyzer = new SiagaAnalyzer(file);
  const gold = valid.map((e) => e.label);
  const pred = valid.map((e) => LABELS.indexOf(analyzer.analyze(e.text, 'id').label));
  const langs = valid.map((e) => analyzer.analyze(e.text, undefined).lang);
  const s = scoreLabels(gold, pred);
  const idShare = langs.filter((l) => l === 'id').length / langs.length;
  file.meta = {
    data: 'IndoNLU SmSA (IndoNLP/indonlu), train_preprocess.tsv; Apache-2.0, see server/src/analysis/NOTICE',
    trainExamples: train.length,
    l2,
    cvMacroF1: cv,
    features: Object.keys(weights).length,
    rulesChosenOn: 'server/src/analysis/fixtures/sentiment-choose-id.tsv, sentiment-choose-en.tsv (written for Siaga)',
    idRulesCvMacroF1: r4(choice.id.cv),
    idNoRulesMacroF1: r4(choice.id.none),
    enRulesCvMacroF1: r4(choice.en.cv),
    enNoRulesMacroF1: r4(choice.en.none),
    validMacroF1: Math.round(s.macroF1 * 1e4) / 1e4,
    validAccuracy: Math.round(s.accuracy * 1e4) / 1e4,
    seed: SEED,
    trainer: 'server/src/analysis/train/train-sentiment.ts',
  };
  log(`kept ${Object.keys(weights).length} of ${index.size} features (|centred weight| >= ${PRUNE})`);
  log(`SmSA valid: macro-F1 ${s.macroF1.toFixed(4)}, accuracy ${s.accuracy.toFixed(4)}; detected as Indonesian: ${(idShare * 100).toFixed(1)}%`);

  const out = values.out ?? fileURLToPath(ID_MODEL_URL);
  mkdirSync(dirname(out), { recursive: true });
  const json = `${JSON.stringify(file, (_k, v: unknown) => v, 0)
    .replace(/,"(?=[^"]+":\[-?\d)/gu, ',\n"')}\n`;
  writeFileSync(out, json);
  log(`wrote ${out} (${(json.length / 1e6).toFixed(2)} MB) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main();
