import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectHarm, HARM_OPTIONS, type HarmOptions } from '../analysis/harm.js';
import { createAnalyzer, loadIdModel } from '../analysis/sentiment-analyzer.js';
import { chooseRules, readFixture, readSentimentFixture } from '../analysis/train/choose-rules.js';
import { chooseHarm, readCrisisLex, readHarmFixture, scoreHarm } from '../analysis/train/harm-eval.js';
import { type BenchContext, fmt, sharedDataDir } from './support.js';

// natural's English analyzer, loaded from its own files (the package entry opens databases).
const require = createRequire(import.meta.url);
type NaturalSentiment = new (language: string, stemmer: unknown, vocabulary: string) => { getSentiment(words: string[]): number };

const LABELS = ['negative', 'neutral', 'positive'] as const;
const POST_CHARS = 200;
const THROUGHPUT_POSTS = 2_000;
const CLI_LINES = 100_000;

interface Labelled {
  text: string;
  label: number;
}

function readSmsa(path: string): Labelled[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => {
      const tab = l.lastIndexOf('\t');
      return { text: l.slice(0, tab), label: LABELS.indexOf(l.slice(tab + 1).trim() as (typeof LABELS)[number]) };
    });
}

function readTweetEval(dir: string): Labelled[] {
  const texts = readFileSync(join(dir, 'val_text.txt'), 'utf8').split('\n');
  const labels = readFileSync(join(dir, 'val_labels.txt'), 'utf8').split('\n');
  const out: Labelled[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i]!.trim() !== '') out.push({ text: texts[i] ?? '', label: Number(labels[i]) });
  return out;
}

function macro(gold: number[], pred: number[]): { f1: number; recall: number } {
  let f1 = 0;
  let recall = 0;
  for (let c = 0; c < 3; c++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    gold.forEach((g, i) => {
      if (pred[i] === c && g === c) tp++;
      else if (pred[i] === c) fp++;
      else if (g === c) fn++;
    });
    const p = tp + fp ? tp / (tp + fp) : 0;
    const r = tp + fn ? tp / (tp + fn) : 0;
    f1 += p + r ? (2 * p * r) / (p + r) : 0;
    recall += r;
  }
  return { f1: f1 / 3, recall: recall / 3 };
}

/** ~200-character posts, Indonesian and English alternating, cut at a word. */
function posts(id: Labelled[], en: Labelled[]): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < THROUGHPUT_POSTS; i++) {
    const src = i % 2 === 0 ? id : en;
    let s = '';
    for (let k = i; s.length < POST_CHARS; k += 7) s += `${src[k % src.length]!.text} `;
    const cut = s.lastIndexOf(' ', POST_CHARS);
    out.push(s.slice(0, cut > 150 ? cut : POST_CHARS));
  }
  return out;
}

/** The harm signal's precision and recall: CrisisLex T26 (English, labelled by others) and our Indonesian set. */
function benchHarm(ctx: BenchContext, dir: string, siaga: ReturnType<typeof createAnalyzer>): void {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const line = (s: { precision: number; recall: number; f1: number; n: number }) => `precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)}, F1 ${s.f1.toFixed(3)} (n=${s.n})`;
  const differs = (lang: 'id' | 'en', chosen: HarmOptions) =>
    chosen.threshold === HARM_OPTIONS[lang].threshold && chosen.discount === HARM_OPTIONS[lang].discount ? 'the code uses the same' : `the code DIFFERS (${JSON.stringify(HARM_OPTIONS[lang])})`;
  const crisis = readCrisisLex(join(dir, 'crisislex-t26'));
  if (!crisis) ctx.note(`harm: CrisisLex T26 not found in ${dir}; only the Indonesian set is scored`);
  else {
    // English tweets only (some events are Spanish, Portuguese or Italian): the signal reads Indonesian and English.
    const english = crisis.filter((e) => siaga.analyze(e.text, undefined).lang === 'en').map((e) => ({ ...e, post: siaga.normalize(e.text) }));
    const train = english.filter((e) => e.group.startsWith('2012_'));
    const valid = english.filter((e) => e.group.startsWith('2013_'));
    const { chosen, cv } = chooseHarm(train);
    const v = scoreHarm(valid.map((e) => e.harm), valid.map((e) => detectHarm(e.post, chosen).flag));
    const caution = valid.filter((e) => e.type === 'Caution and advice');
    const cautionFlagged = caution.filter((e) => detectHarm(e.post, chosen).flag).length / Math.max(1, caution.length);
    ctx.note(`harm (English) options chosen by leave-one-event-out CV over CrisisLex's ${new Set(train.map((e) => e.group)).size} English 2012 events: ${JSON.stringify(chosen)}; ${differs('en', chosen)}`);
    ctx.report('analysis.harm.crisislex.cv_f1', cv.f1, `harm (English) — cross-validated on the 2012 events: ${line(cv)}`);
    ctx.report(
      'analysis.harm.crisislex.valid_f1',
      v.f1,
      `harm (English) — validation on the 2013 events (scored once): ${line(v)}; posts flagged ${pct(v.flagged)}; "caution and advice" tweets flagged ${pct(cautionFlagged)}`,
    );
  }
  // Indonesian: no data of others' exists, so the choice and the figure come from one k-fold
  // (leave-one-kind-out over the set's source kinds) and there is no validation figure.
  const id = readHarmFixture().map((e) => ({ ...e, post: siaga.normalize(e.text) }));
  const { chosen, cv } = chooseHarm(id);
  ctx.note(`harm (Indonesian) options chosen by leave-one-kind-out CV over fixtures/harm-id.tsv: ${JSON.stringify(chosen)}; ${differs('id', chosen)}`);
  ctx.report('analysis.harm.id.cv_f1', cv.f1, `harm (Indonesian) — cross-validated over the ${id.length} sentences written for Siaga (by the lexicon's author: optimistic): ${line(cv)}; no validation set exists`);
}

/**
 * Texts a second on one core for two scorers, measured in alternating rounds (so both see the same
 * machine load) and counted against this process's CPU time (user + system), after a warm-up pass.
 */
function throughput(texts: string[], fns: Array<(t: string) => unknown>): Array<{ cpu: number; wall: number }> {
  for (const fn of fns) for (const t of texts) fn(t);
  const cpu = fns.map(() => 0);
  const wall = fns.map(() => 0);
  const n = fns.map(() => 0);
  for (let round = 0; round < 8; round++) {
    fns.forEach((fn, k) => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (const t of texts) fn(t);
      const c = process.cpuUsage(c0);
      cpu[k]! += (c.user + c.system) / 1e6;
      wall[k]! += (performance.now() - t0) / 1000;
      n[k]! += texts.length;
    });
  }
  return fns.map((_, k) => ({ cpu: n[k]! / cpu[k]!, wall: n[k]! / wall[k]! }));
}

/** The analyze command in a fresh process (start-up included), the lines piped through it. */
async function cliLinesPerSecond(lines: string[]): Promise<{ cpu: number; wall: number; ok: boolean }> {
  const entry = new URL('../cli/analyze.command.js', import.meta.url).href;
  // The child reports its own CPU time, start-up included, on stderr once done.
  const script = `const m = await import(${JSON.stringify(entry)});
process.exitCode = await m.runAnalyze({ lang: 'auto' }, { stdin: process.stdin, out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) });
const c = process.cpuUsage(); process.stderr.write('cpu-us ' + (c.user + c.system) + '\\n');`;
  const input = lines.join('\n') + '\n';
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
  let outLines = 0;
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => {
    for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) outLines++;
  });
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const secs = (performance.now() - t0) / 1000;
  const cpuUs = Number(/cpu-us (\d+)/u.exec(stderr)?.[1] ?? NaN);
  return { cpu: lines.length / (cpuUs / 1e6), wall: lines.length / secs, ok: code === 0 && outLines === lines.length };
}

export async function benchAnalysis(ctx: BenchContext): Promise<void> {
  const dir = sharedDataDir();
  const smsaPath = join(dir, 'sentiment-id-smsa', 'valid_preprocess.tsv');
  const tweetDir = join(dir, 'sentiment-en-tweeteval');
  if (!existsSync(smsaPath) || !existsSync(join(tweetDir, 'val_text.txt'))) {
    ctx.note(`analysis: skipped (no SmSA / TweetEval validation data in ${dir}; set SIAGA_SHARED_DATA)`);
    return;
  }
  const smsa = readSmsa(smsaPath);
  const tweets = readTweetEval(tweetDir);

  const t0 = performance.now();
  const siaga = createAnalyzer();
  const loadMs = performance.now() - t0;
  const SentimentAnalyzer = require('natural/lib/natural/sentiment/SentimentAnalyzer.js') as NaturalSentiment;
  const PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer.js') as unknown;
  const { WordTokenizer } = require('natural/lib/natural/tokenizers/regexp_tokenizer.js') as { WordTokenizer: new () => { tokenize(s: string): string[] } };
  const natural = new SentimentAnalyzer('English', PorterStemmer, 'afinn');
  const tokenizer = new WordTokenizer();
  // natural's score is a mean valence per word: above zero positive, below negative, zero neutral.
  const naturalLabel = (text: string) => {
    const s = natural.getSentiment(tokenizer.tokenize(text));
    return s > 0 ? 2 : s < 0 ? 0 : 1;
  };
  const ours = (text: string, lang?: string) => LABELS.indexOf(siaga.analyze(text, lang).label);

  ctx.note(`analysis: model loaded in ${loadMs.toFixed(0)} ms; ${smsa.length} SmSA valid, ${tweets.length} TweetEval valid texts`);
  ctx.note('protocol (server/src/analysis/train/README.md): every choice by cross-validation on training data; validation files scored once here, never chosen on');
  const file = loadIdModel();
  const meta = file.meta as { l2?: number; cvMacroF1?: Record<string, number> };
  const smsaCv = meta.l2 !== undefined ? meta.cvMacroF1?.[String(meta.l2)] : undefined;
  const smsaGold = smsa.map((e) => e.label);
  const smsaAuto = macro(smsaGold, smsa.map((e) => ours(e.text)));
  const smsaGiven = macro(smsaGold, smsa.map((e) => ours(e.text, 'id')));
  const smsaNatural = macro(smsaGold, smsa.map((e) => naturalLabel(e.text)));
  // natural's lexicon fits nothing: its score on train is its cross-validated score.
  const smsaTrainPath = join(dir, 'sentiment-id-smsa', 'train_preprocess.tsv');
  const smsaTrain = existsSync(smsaTrainPath) ? readSmsa(smsaTrainPath) : [];
  const smsaTrainNatural = smsaTrain.length ? macro(smsaTrain.map((e) => e.label), smsaTrain.map((e) => naturalLabel(e.text))).f1 : NaN;
  ctx.report(
    'analysis.smsa.macro_f1',
    smsaAuto.f1,
    `Indonesian macro-F1 — cross-validated: SmSA train 4-fold ${smsaCv?.toFixed(4) ?? 'n/a'} (training run, l2=${meta.l2 ?? '?'}) | validation: SmSA valid ${smsaAuto.f1.toFixed(4)} language detected, ${smsaGiven.f1.toFixed(4)} given as id | natural AFINN baseline: train ${smsaTrainNatural.toFixed(4)}, valid ${smsaNatural.f1.toFixed(4)}`,
  );

  // The crisis rules and English settings, chosen again here exactly as the trainer chose them.
  const choice = chooseRules(file);
  const pinned = readFixture('sentiment-pinned.tsv');
  const pinnedOk = pinned.filter(({ text, label }) => {
    const got = siaga.analyze(text, undefined).label;
    return label === 'not-negative' ? got !== 'negative' : got === label;
  }).length;
  ctx.report(
    'analysis.crisis_id.cv_macro_f1',
    choice.id.cv,
    `Indonesian crisis posts macro-F1 — cross-validated: ${choice.id.cv.toFixed(4)} (5-fold over the choosing sentences, fixtures/sentiment-choose-id.tsv; without the rules ${choice.id.none.toFixed(4)}) | pinned test sentences (never chosen on): ${pinnedOk}/${pinned.length}`,
  );

  const enChoose = readSentimentFixture('sentiment-choose-en.tsv');
  const enChooseNatural = macro(enChoose.map((e) => e.label), enChoose.map((e) => naturalLabel(e.text)));
  const tweetGold = tweets.map((e) => e.label);
  const tweetAuto = macro(tweetGold, tweets.map((e) => ours(e.text)));
  const tweetGiven = macro(tweetGold, tweets.map((e) => ours(e.text, 'en')));
  const tweetNatural = macro(tweetGold, tweets.map((e) => naturalLabel(e.text)));
  ctx.report(
    'analysis.tweeteval.macro_recall',
    tweetAuto.recall,
    `English macro-recall — cross-validated: ${choice.en.cvRecall.toFixed(4)} (5-fold over fixtures/sentiment-choose-en.tsv, ${enChoose.length} sentences written for Siaga; macro-F1 ${choice.en.cv.toFixed(4)}) | validation: TweetEval valid ${tweetAuto.recall.toFixed(4)} language detected, ${tweetGiven.recall.toFixed(4)} given as en | natural AFINN baseline: ${enChooseNatural.recall.toFixed(4)} on the choosing sentences, ${tweetNatural.recall.toFixed(4)} on TweetEval`,
  );
  const chosenSame = JSON.stringify({ ...choice.rules }) === JSON.stringify({ ...file.rules });
  ctx.note(`rules in the model file ${chosenSame ? 'are the ones chosen again here' : `DIFFER from the ones chosen again here (${JSON.stringify(choice.rules)}): retrain`}`);

  benchHarm(ctx, dir, siaga);

  const smsaLangs = smsa.filter((e) => siaga.analyze(e.text, undefined).lang === 'id').length / smsa.length;
  const tweetLangs = tweets.filter((e) => siaga.analyze(e.text, undefined).lang === 'en').length / tweets.length;
  ctx.note(`language detection: ${(smsaLangs * 100).toFixed(1)}% of SmSA as id, ${(tweetLangs * 100).toFixed(1)}% of TweetEval as en`);

  const texts = posts(smsa, tweets);
  const mean = texts.reduce((s, t) => s + t.length, 0) / texts.length;
  const [oursRate, naturalRate] = throughput(texts, [(t) => siaga.analyze(t, undefined), (t) => natural.getSentiment(tokenizer.tokenize(t))]) as [
    { cpu: number; wall: number },
    { cpu: number; wall: number },
  ];
  ctx.report(
    'analysis.texts_per_second',
    oursRate.cpu,
    `throughput, one core (per CPU second), ${fmt(mean)}-char mixed posts: ${fmt(oursRate.cpu)} texts/s; natural SentimentAnalyzer ${fmt(naturalRate.cpu)} texts/s (${(oursRate.cpu / naturalRate.cpu).toFixed(2)}×); wall clock ${fmt(oursRate.wall)} vs ${fmt(naturalRate.wall)}`,
  );

  if (existsSync(fileURLToPath(new URL('../cli/analyze.command.js', import.meta.url)))) {
    const lines = Array.from({ length: CLI_LINES }, (_, i) => JSON.stringify({ id: i, text: texts[i % texts.length] }));
    const cli = await cliLinesPerSecond(lines);
    ctx.report(
      'analysis.cli_lines_per_second',
      cli.cpu,
      `analyze command, ${fmt(CLI_LINES)} JSONL lines in a fresh process, start-up included: ${fmt(cli.cpu)} lines per CPU second, ${fmt(cli.wall)} lines/s wall clock${cli.ok ? '' : ' (FAILED: exit code or line count wrong)'}`,
    );
  }
  ctx.note(`load average while measuring: ${os.loadavg()[0]!.toFixed(2)} on ${os.availableParallelism()} cores (wall-clock figures suffer when it exceeds the cores)`);
}
