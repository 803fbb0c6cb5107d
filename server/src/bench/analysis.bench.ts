import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAnalyzer } from '../analysis/sentiment-analyzer.js';
import { type BenchContext, fmt } from './support.js';

// natural's English analyzer, loaded from its own files (the package entry opens databases).
const require = createRequire(import.meta.url);
type NaturalSentiment = new (language: string, stemmer: unknown, vocabulary: string) => { getSentiment(words: string[]): number };

const LABELS = ['negative', 'neutral', 'positive'] as const;
const POST_CHARS = 200;
const THROUGHPUT_POSTS = 2_000;
const CLI_LINES = 100_000;

/** ../shared/data beside the repository (this file is three levels below it in src/ and dist/). */
function sharedDataDir(): string {
  return process.env.SIAGA_SHARED_DATA ?? fileURLToPath(new URL('../../../../shared/data', import.meta.url));
}

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
  const smsaGold = smsa.map((e) => e.label);
  const smsaAuto = macro(smsaGold, smsa.map((e) => ours(e.text)));
  const smsaGiven = macro(smsaGold, smsa.map((e) => ours(e.text, 'id')));
  const smsaNatural = macro(smsaGold, smsa.map((e) => naturalLabel(e.text)));
  ctx.report('analysis.smsa.macro_f1', smsaAuto.f1, `SmSA valid (Indonesian) macro-F1: ${smsaAuto.f1.toFixed(4)} language detected, ${smsaGiven.f1.toFixed(4)} given as id; natural AFINN ${smsaNatural.f1.toFixed(4)}`);

  const tweetGold = tweets.map((e) => e.label);
  const tweetAuto = macro(tweetGold, tweets.map((e) => ours(e.text)));
  const tweetGiven = macro(tweetGold, tweets.map((e) => ours(e.text, 'en')));
  const tweetNatural = macro(tweetGold, tweets.map((e) => naturalLabel(e.text)));
  ctx.report('analysis.tweeteval.macro_recall', tweetAuto.recall, `TweetEval valid (English) macro-recall: ${tweetAuto.recall.toFixed(4)} language detected, ${tweetGiven.recall.toFixed(4)} given as en; natural AFINN ${tweetNatural.recall.toFixed(4)}`);

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
