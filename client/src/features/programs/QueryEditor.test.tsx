import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { tokenizeQuery, type Lang } from '@siaga/shared';
import '../../i18n';
import { sessionStore } from '../../api';
import { preferencesStore } from '../../lib/preferences';
import { makePost, makeProgram } from '../../test-support/fixtures';
import { errorResponse, jsonResponse, stubFetch, type RecordedCall } from '../../test-support/http';
import { newQueryClient } from '../../test-support/render';
import { signIn } from '../../test-support/session';
import { advanceClock, useFakeClock } from '../../test-support/timers';
import { QueryEditor } from './QueryEditor';
import { highlightSegments, lineColumn } from './queryTokens';

function Harness({ initial, preview = false, languages = [] }: { initial: string; preview?: boolean; languages?: Lang[] }) {
  const [value, setValue] = useState(initial);
  return <QueryEditor value={value} onChange={setValue} languages={languages} preview={preview} />;
}

function renderEditor(initial: string, options: { preview?: boolean; languages?: Lang[] } = {}) {
  const queryClient = newQueryClient();
  return render(
    <QueryClientProvider client={queryClient}>
      <Harness initial={initial} {...options} />
    </QueryClientProvider>,
  );
}

const validateCalls = (calls: RecordedCall[]) => calls.filter((c) => c.path === '/api/programs/validate-query');
const WAIT = { timeout: 3_000 };
/** Past the editor's pause before it checks a draft (400 ms), with its answer rendered. */
const CHECK_PAUSE = 500;

beforeEach(() => {
  preferencesStore.set({ timeZone: 'Asia/Jakarta' });
  signIn('supervisor');
});

afterEach(() => {
  jest.useRealTimers();
  sessionStore.clear();
});

describe('tokenizeQuery', () => {
  it('splits like the server and names every token kind', () => {
    const query = '(bansos OR "bantuan sosial") AND NOT hoaks -palsu #bansos @kemensos korup* covid-19';
    const tokens = tokenizeQuery(query).filter((t) => t.kind !== 'space');
    expect(tokens.map((t) => [t.kind, t.text])).toEqual([
      ['paren', '('],
      ['term', 'bansos'],
      ['operator', 'OR'],
      ['phrase', '"bantuan sosial"'],
      ['paren', ')'],
      ['operator', 'AND'],
      ['negation', 'NOT'],
      ['term', 'hoaks'],
      ['negation', '-'],
      ['term', 'palsu'],
      ['hashtag', '#bansos'],
      ['mention', '@kemensos'],
      ['prefix', 'korup*'],
      // A dash inside a word is part of it, as on the server.
      ['term', 'covid-19'],
    ]);
  });

  it('keeps lower-case and/or/not as searchable words and accepts smart quotes', () => {
    const tokens = tokenizeQuery('and or not \u201Cbanjir rob\u201D').filter((t) => t.kind !== 'space');
    expect(tokens.map((t) => t.kind)).toEqual(['term', 'term', 'term', 'phrase']);
  });

  it('never throws on unfinished input and covers the text without gaps', () => {
    const query = 'bansos AND "belum ditutup (';
    const tokens = tokenizeQuery(query);
    expect(tokens.map((t) => t.text).join('')).toBe(query);
    expect(tokens[tokens.length - 1]).toMatchObject({ kind: 'phrase', open: true });
  });

  it('cuts segments at the edges of the error span', () => {
    const segments = highlightSegments('bansos ANDX', { position: 7, length: 3 });
    expect(segments.map((s) => [s.text, s.error])).toEqual([
      ['bansos', false],
      [' ', false],
      ['AND', true],
      ['X', false],
    ]);
  });

  it('counts lines and columns from 1, characters not code units', () => {
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn('😡 x', 3)).toEqual({ line: 1, column: 3 });
  });
});

describe('QueryEditor', () => {
  it('highlights each token kind in an overlay that renders the same text', async () => {
    stubFetch(() => jsonResponse({ valid: true }));
    const query = '(bansos OR "bantuan sosial") AND NOT hoaks -palsu #bansos @kemensos korup*';
    renderEditor(query);

    const overlay = screen.getByTestId('query-highlight');
    // The trailing space keeps a final empty line as tall as in the textarea.
    expect(overlay.textContent).toBe(`${query} `);
    expect(overlay.getAttribute('aria-hidden')).toBe('true');
    const byKind = (kind: string) => Array.from(overlay.querySelectorAll(`[data-token="${kind}"]`)).map((el) => el.textContent);
    expect(byKind('term')).toEqual(['bansos', 'hoaks', 'palsu']);
    expect(byKind('phrase')).toEqual(['"bantuan sosial"']);
    expect(byKind('operator')).toEqual(['OR', 'AND']);
    expect(byKind('negation')).toEqual(['NOT', '-']);
    expect(byKind('paren')).toEqual(['(', ')']);
    expect(byKind('hashtag')).toEqual(['#bansos']);
    expect(byKind('mention')).toEqual(['@kemensos']);
    expect(byKind('prefix')).toEqual(['korup*']);
    expect(overlay.querySelector('.qt--operator')?.textContent).toBe('OR');

    expect(await screen.findByTestId('query-valid', {}, WAIT)).toBeTruthy();
  });

  it('shows a 400 query_syntax answer inline: translated message, line and column, the span underlined', async () => {
    const query = 'bansos\nOR AND';
    const calls = stubFetch(() =>
      errorResponse(400, 'query_syntax', 'expected a term after "OR" but found "AND" at position 10', { position: 10, length: 3, expected: 'a term' }),
    );
    renderEditor(query);

    const error = await screen.findByTestId('query-error', {}, WAIT);
    expect(error.textContent).toContain('Baris 2, kolom 4:');
    expect(error.textContent).toContain('Setelah "OR" harus ada kata, tetapi yang ditemukan "AND".');
    expect(error.getAttribute('data-position')).toBe('10');

    const marks = screen.getAllByTestId('query-error-mark');
    expect(marks.map((m) => m.textContent).join('')).toBe('AND');
    expect(marks[0]!.getAttribute('data-token')).toBe('operator');
    expect(screen.getByTestId('program-query').getAttribute('aria-invalid')).toBe('true');
    expect(validateCalls(calls).map((c) => c.body)).toEqual([{ query }]);
  });

  it('points at the word that lacks its operand', async () => {
    stubFetch(() => errorResponse(400, 'query_syntax', 'expected a term after "AND" at position 7', { position: 7, length: 3, expected: 'a term' }));
    renderEditor('bansos AND');
    const error = await screen.findByTestId('query-error', {}, WAIT);
    expect(error.textContent).toContain('Baris 1, kolom 8:');
    expect(error.textContent).toContain('Setelah "AND" harus ada kata.');
    expect(screen.getAllByTestId('query-error-mark').map((m) => m.textContent).join('')).toBe('AND');
  });

  it('keeps markup in the query and in the error as text', async () => {
    const query = '<script>alert(1)</script> OR <img src=x onerror=alert(2)> <>';
    stubFetch(() => errorResponse(400, 'query_syntax', `"<>" at position ${query.length - 2} contains no letters or digits`, { position: query.length - 2, length: 2, expected: 'a term' }));
    const { container } = renderEditor(query);

    const error = await screen.findByTestId('query-error', {}, WAIT);
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByTestId('query-highlight').textContent).toContain('<script>alert(1)</script>');
    expect(screen.getByTestId<HTMLTextAreaElement>('program-query').value).toBe(query);
    expect(error.textContent).toContain('"<>" tidak memuat huruf atau angka.');
    expect(screen.getAllByTestId('query-error-mark').map((m) => m.textContent).join('')).toBe('<>');
  });

  it('checks only the draft the user stopped at, and never shows an answer for an older draft', async () => {
    useFakeClock();
    const user = userEvent.setup({ advanceTimers: (ms) => jest.advanceTimersByTime(ms) });
    let releaseFirst: (() => void) | undefined;
    const calls = stubFetch(async (call) => {
      const { query } = call.body as { query: string };
      if (query === 'bansos AND') {
        // The answer for the older draft arrives last.
        await new Promise<void>((resolve) => (releaseFirst = resolve));
        return errorResponse(400, 'query_syntax', 'expected a term after "AND" at position 7', { position: 7, length: 3 });
      }
      return jsonResponse({ valid: true });
    });
    renderEditor('bansos AND');
    await advanceClock(CHECK_PAUSE);
    expect(validateCalls(calls)).toHaveLength(1);

    await user.type(screen.getByTestId('program-query'), ' banjir');
    await advanceClock(CHECK_PAUSE);
    expect(screen.getByTestId('query-valid')).toBeTruthy();
    // The older draft's answer arrives now; time enough for it to show, were it ever shown.
    releaseFirst?.();
    await advanceClock(2_000);

    expect(screen.queryByTestId('query-error')).toBeNull();
    expect(screen.getByTestId('query-valid')).toBeTruthy();
    // Typing " banjir" quickly is one pause: a single check of the final text.
    expect(validateCalls(calls).map((c) => (c.body as { query: string }).query)).toEqual(['bansos AND', 'bansos AND banjir']);
  });

  it('shows the preview count and the newest matches once the query is valid', async () => {
    const post = makePost({ text: 'Bansos belum cair <b>lagi</b>' });
    const calls = stubFetch((call) => {
      if (call.path === '/api/programs/validate-query') return jsonResponse({ valid: true });
      if (call.path === '/api/programs/preview') {
        return jsonResponse({ from: '2026-11-25T08:00:00.000Z', to: '2026-11-26T08:00:00.000Z', matched: 1234, scanned: 50000, complete: false, scannedFrom: '2026-11-26T05:30:00.000Z', samples: [post] });
      }
      if (call.path === '/api/programs') return jsonResponse({ items: [makeProgram()], nextCursor: null });
      return errorResponse(404, 'not_found', 'no route');
    });
    const { container } = renderEditor('bansos OR "bantuan sosial"', { preview: true, languages: ['en', 'id'] });

    const preview = screen.getByTestId('query-preview');
    expect(within(preview).getByTestId('query-preview-waiting')).toBeTruthy();

    const count = await screen.findByTestId('query-preview-count', {}, WAIT);
    expect(count.textContent).toBe('1.234 dari 50.000 pos dalam 24 jam terakhir cocok.');
    // Partial, and how far back it reached.
    const incomplete = screen.getByTestId('query-preview-incomplete').textContent ?? '';
    expect(incomplete).toMatch(/^Sebagian saja: hanya 50\.000 pos terbaru \(sejak .+\)/);
    expect(incomplete).toContain('12.30');
    const sample = within(preview).getByTestId('post-row');
    expect(within(sample).getByTestId('post-text').textContent).toBe('Bansos belum cair <b>lagi</b>');
    expect(container.querySelector('b')).toBeNull();

    const previewCall = calls.find((c) => c.path === '/api/programs/preview');
    // Languages in a stable order, so toggling them in another order reuses the cache.
    expect(previewCall?.body).toEqual({ query: 'bansos OR "bantuan sosial"', languages: ['id', 'en'], samples: 5 });
  });

  it('does not ask for a preview while the query is invalid', async () => {
    const calls = stubFetch((call) => {
      if (call.path === '/api/programs/validate-query') return errorResponse(400, 'query_syntax', 'empty phrase at position 0', { position: 0, length: 2 });
      return jsonResponse({ items: [], nextCursor: null });
    });
    useFakeClock();
    renderEditor('""', { preview: true });
    await advanceClock(CHECK_PAUSE);
    expect(screen.getByTestId('query-error')).toBeTruthy();
    // Far past the preview's own pause (300 ms): a preview would have been asked for by now.
    await advanceClock(2_000);
    expect(calls.some((c) => c.path === '/api/programs/preview')).toBe(false);
    expect(screen.getByTestId('query-preview-waiting')).toBeTruthy();
  });
});
