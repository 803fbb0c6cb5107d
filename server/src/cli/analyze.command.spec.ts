import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { decimal, MAX_TEXT, runAnalyze, type AnalyzeOptions } from './analyze.command.js';

// What process.stdin gives: an async iterable of chunks.
function chunks(parts: Array<string | Buffer>): AsyncIterable<string | Buffer> {
  return {
    [Symbol.asyncIterator]: () => {
      let i = 0;
      return { next: () => Promise.resolve(i < parts.length ? { value: parts[i++]!, done: false } : { value: undefined, done: true as const }) };
    },
  };
}

async function analyze(input: string | Array<string | Buffer>, opts: AnalyzeOptions = { lang: 'auto' }, progress = false) {
  let out = '';
  let err = '';
  let writes = 0;
  const code = await runAnalyze(opts, {
    stdin: chunks(typeof input === 'string' ? [input] : input),
    out: (t) => {
      out += t;
      writes++;
    },
    err: (t) => (err += t),
    progress,
  });
  const lines = out.split('\n');
  expect(lines.pop()).toBe('');
  return { code, lines: lines.map((l) => JSON.parse(l) as Record<string, unknown>), err, writes };
}

describe('siaga analyze', () => {
  it('answers one line per input line, in order, with ids echoed', async () => {
    const input = [
      { id: 'a', text: 'pelayanannya mantap, makasih!' },
      { id: 7, text: 'kecewa banget, bansos belum cair' },
      { text: 'I love this program' },
      { id: 'd', text: '这个计划很好' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const { code, lines, err } = await analyze(`${input}\n`);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(lines.map((l) => l.id)).toEqual(['a', 7, null, 'd']);
    expect(lines.map((l) => l.label)).toEqual(['positive', 'negative', 'positive', 'neutral']);
    expect(lines.map((l) => l.lang)).toEqual(['id', 'id', 'en', 'other']);
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(['id', 'lang', 'label', 'score', 'confidence', 'terms']);
      expect(Array.isArray(l.terms)).toBe(true);
    }
  });

  it('gives malformed lines an error object on their own line and exits 2', async () => {
    const input = [
      JSON.stringify({ id: 1, text: 'bagus' }),
      '{not json',
      JSON.stringify({ id: 3 }),
      JSON.stringify({ id: 4, text: 42 }),
      '',
      JSON.stringify([1, 2]),
      JSON.stringify({ id: 7, text: 'x'.repeat(MAX_TEXT + 1) }),
      JSON.stringify({ id: 8, text: 'x'.repeat(MAX_TEXT) }),
      'null',
      JSON.stringify({ id: 10, text: 'jelek' }),
    ].join('\n');
    const { code, lines, err } = await analyze(input);
    expect(code).toBe(2);
    expect(lines).toHaveLength(10);
    const codes = lines.map((l) => (l.error as { code: string } | undefined)?.code ?? 'ok');
    expect(codes).toEqual(['ok', 'invalid_json', 'missing_text', 'missing_text', 'blank_line', 'not_an_object', 'text_too_long', 'ok', 'not_an_object', 'ok']);
    expect(lines.map((l) => l.id)).toEqual([1, null, 3, 4, null, null, 7, 8, null, 10]);
    for (const l of lines.filter((x) => x.error)) expect(typeof (l.error as { message: string }).message).toBe('string');
    expect(err).toContain('7 of 10 lines rejected');
  });

  it('handles CRLF, a last line without newline, and chunks that split lines and characters', async () => {
    const text = JSON.stringify({ id: 'é', text: 'mantap 👍 sekali' });
    const bytes = Buffer.from(`${text}\r\n${JSON.stringify({ id: 2, text: 'jelek' })}`);
    // Cut inside the emoji's four bytes and inside a line.
    const cut = bytes.indexOf(Buffer.from('👍')) + 2;
    const { code, lines } = await analyze([bytes.subarray(0, cut), bytes.subarray(cut, cut + 5), bytes.subarray(cut + 5)]);
    expect(code).toBe(0);
    expect(lines.map((l) => l.id)).toEqual(['é', 2]);
    expect(lines[0]!.terms).toEqual(expect.arrayContaining([expect.objectContaining({ term: '👍' })]));
  });

  it('answers nothing and exits 0 for empty input', async () => {
    let out = '';
    const code = await runAnalyze({ lang: 'auto' }, { stdin: chunks([]), out: (t) => (out += t), err: () => undefined });
    expect(code).toBe(0);
    expect(out).toBe('');
  });

  it('takes --lang as every post’s given language, still checked against the words', async () => {
    const input = `${JSON.stringify({ text: 'ok' })}\n${JSON.stringify({ text: 'programnya sangat bagus dan membantu warga' })}\n`;
    const en = await analyze(input, { lang: 'en' });
    expect(en.lines.map((l) => l.lang)).toEqual(['en', 'id']);
    const id = await analyze(input, { lang: 'id' });
    expect(id.lines.map((l) => l.lang)).toEqual(['id', 'id']);
    // A record's own lang is the hint under auto.
    const own = await analyze(`${JSON.stringify({ text: 'ok', lang: 'en' })}\n`);
    expect(own.lines[0]!.lang).toBe('en');
  });

  it('buffers its writes and reports progress only when asked', async () => {
    const n = 25_000;
    const input = Array.from({ length: n }, (_, i) => JSON.stringify({ id: i, text: i % 2 ? 'bagus sekali' : 'not good' })).join('\n');
    const quiet = await analyze(input);
    expect(quiet.lines).toHaveLength(n);
    expect(quiet.lines[n - 1]!.id).toBe(n - 1);
    expect(quiet.writes).toBeLessThan(n / 100);
    expect(quiet.err).toBe('');
    const loud = await analyze(input, { lang: 'auto' }, true);
    expect(loud.err).toContain('analyzed 20,000 lines');
  });

  it('writes rounded numbers exactly as JavaScript does', () => {
    for (const scale of [1000, 1e4]) {
      for (let n = -30_000; n <= 30_000; n += 7) expect(decimal(n / scale, scale)).toBe(String(n / scale));
      fc.assert(
        fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (x) => {
          const r = Math.round(x * scale) / scale;
          expect(decimal(r, scale)).toBe(String(r));
          expect(decimal(x, scale)).toBe(String(x));
        }),
      );
    }
    expect(decimal(-0, 1000)).toBe('0');
    expect(decimal(1e20, 1000)).toBe(String(1e20));
  });

  it('writes long outputs whole, in order, across many flushes', async () => {
    const input = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `p${i}`, text: `pelayanan nya ${i % 2 ? 'bagus' : 'buruk'} sekali 😍 “mantap”` })).join('\n');
    const { lines, writes } = await analyze(input);
    expect(lines.map((l) => l.id)).toEqual(Array.from({ length: 3000 }, (_, i) => `p${i}`));
    expect(writes).toBeGreaterThan(1);
    expect(lines.every((l) => (l.terms as Array<{ term: string }>).some((t) => t.term === '😍'))).toBe(true);
  });
});
