import { StringDecoder } from 'node:string_decoder';
import { createAnalyzer } from '../analysis/sentiment-analyzer.js';

export interface AnalyzeOptions {
  /** `auto`: each post's language is detected (a record's own `lang` is the hint); otherwise the hint for every post. */
  lang: 'auto' | 'id' | 'en';
}

export interface AnalyzeIo {
  stdin: AsyncIterable<Buffer | string>;
  out(text: string): void;
  err(text: string): void;
  /** Progress lines go to err only when this is set (the caller passes process.stderr.isTTY). */
  progress?: boolean;
}

/**
 * A number already rounded to 1/scale (scale 10, 100, … 10^6), written as JavaScript writes it
 * (`String(x)`, what JSON.stringify gives) but from integers: several times faster than the
 * shortest-round-trip double formatting, which the output's ten numbers a line would pay for.
 */
export function decimal(x: number, scale: number): string {
  let n = Math.round(x * scale);
  if (!Number.isSafeInteger(n) || Math.abs(n) >= 1e15 || n / scale !== x) return String(x);
  if (n === 0) return '0';
  const sign = n < 0 ? '-' : '';
  if (n < 0) n = -n;
  const whole = Math.floor(n / scale);
  let frac = n - whole * scale;
  if (frac === 0) return `${sign}${whole}`;
  let digits = Math.round(Math.log10(scale));
  while (frac % 10 === 0) {
    frac /= 10;
    digits--;
  }
  return `${sign}${whole}.${String(frac).padStart(digits, '0')}`;
}

/** The longest text a post may have, as the API accepts it. */
export const MAX_TEXT = 20_000;
const FLUSH_AT = 1 << 16;
const PROGRESS_EVERY = 10_000;

type ErrorCode = 'blank_line' | 'invalid_json' | 'not_an_object' | 'missing_text' | 'text_too_long';

/**
 * `siaga analyze [--lang auto|id|en]`: JSONL in, JSONL out, one output line per input line in the
 * same order. In: `{"id"?: string|number, "text": string, "lang"?: string}`. Out:
 * `{"id","lang","label","score","confidence","terms"}`, or `{"id","error":{"code","message"}}` for a
 * line that cannot be analysed (blank lines included, so line N out always answers line N in).
 * Answers 0, or 2 when any line was rejected. Opens no database.
 */
export async function runAnalyze(opts: AnalyzeOptions, io: AnalyzeIo): Promise<number> {
  const analyzer = createAnalyzer();
  const given = opts.lang === 'auto' ? undefined : opts.lang;
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let lines = 0;
  let rejected = 0;

  // Output lines are encoded one by one into a byte buffer and handed on as one string per
  // FLUSH_AT bytes: V8 is slow to flatten a long string grown by thousands of `+=`.
  const bytes = Buffer.allocUnsafe(FLUSH_AT);
  let used = 0;
  const flush = () => {
    if (used > 0) io.out(bytes.toString('utf8', 0, used));
    used = 0;
  };
  const emit = (s: string) => {
    if (used + 3 * s.length > FLUSH_AT) {
      flush();
      if (3 * s.length > FLUSH_AT) return io.out(s);
    }
    used += bytes.write(s, used);
  };
  const reject = (id: unknown, code: ErrorCode, message: string) => {
    rejected++;
    emit(`${JSON.stringify({ id, error: { code, message } })}\n`);
  };
  const handle = (raw: string) => {
    lines++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line.trim()) return reject(null, 'blank_line', `line ${lines} is blank`);
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch (e) {
      return reject(null, 'invalid_json', `line ${lines}: ${(e as Error).message}`);
    }
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) return reject(null, 'not_an_object', `line ${lines} is not a JSON object`);
    const r = rec as { id?: unknown; text?: unknown; lang?: unknown };
    const id = typeof r.id === 'string' || typeof r.id === 'number' ? r.id : null;
    if (typeof r.text !== 'string') return reject(id, 'missing_text', `line ${lines} has no string "text"`);
    if (r.text.length > MAX_TEXT) return reject(id, 'text_too_long', `line ${lines}: text has ${r.text.length} characters, at most ${MAX_TEXT}`);
    const a = analyzer.analyze(r.text, given ?? (typeof r.lang === 'string' ? r.lang : undefined));
    // Written by hand, not by JSON.stringify of the whole object: the same JSON, a good deal faster.
    let terms = '';
    for (const t of a.terms) terms += `${terms ? ',' : ''}{"term":${JSON.stringify(t.term)},"weight":${decimal(t.weight, 1000)}}`;
    emit(`{"id":${id === null ? 'null' : JSON.stringify(id)},"lang":"${a.lang}","label":"${a.label}","score":${decimal(a.score, 1e4)},"confidence":${decimal(a.confidence, 1e4)},"terms":[${terms}]}\n`);
    if (io.progress && lines % PROGRESS_EVERY === 0) io.err(`\ranalyzed ${lines.toLocaleString('en-US')} lines`);
  };

  for await (const chunk of io.stdin) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
      handle(pending.slice(start, nl));
      start = nl + 1;
    }
    pending = pending.slice(start);
  }
  pending += decoder.end();
  // A last line without its newline still counts; the empty piece after a final newline does not.
  if (pending.length > 0) handle(pending);
  flush();
  if (io.progress && lines >= PROGRESS_EVERY) io.err(`\ranalyzed ${lines.toLocaleString('en-US')} lines\n`);
  if (rejected > 0) io.err(`siaga analyze: ${rejected} of ${lines} lines rejected\n`);
  return rejected > 0 ? 2 : 0;
}
