import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Page, Post } from '@siaga/shared';
import '../../i18n';
import { sessionStore } from '../../api';
import { preferencesStore } from '../../lib/preferences';
import { makePost, makeProgram } from '../../test-support/fixtures';
import { errorResponse, jsonResponse, stubFetch, textResponse, type RecordedCall } from '../../test-support/http';
import { renderRoutes } from '../../test-support/render';
import { signIn } from '../../test-support/session';
import { advanceClock, useFakeClock } from '../../test-support/timers';
import { PostsPage } from './PostsPage';

const PROGRAM = makeProgram();

const renderPosts = (url: string) => renderRoutes([{ path: '/posts', element: <PostsPage /> }], url);

const page = (items: Post[], nextCursor: string | null = null): Page<Post> => ({ items, nextCursor });

const postsCalls = (calls: RecordedCall[]) => calls.filter((c) => c.method === 'GET' && c.url.pathname === '/api/posts');

function queryOf(call: RecordedCall | undefined): Record<string, string> {
  return Object.fromEntries(call?.url.searchParams ?? []);
}

beforeEach(() => {
  preferencesStore.set({ timeZone: 'Asia/Jakarta' });
});

afterEach(() => {
  jest.useRealTimers();
  sessionStore.clear();
});

describe('PostsPage filters', () => {
  it('sends every filter of the URL as the request query, and shows them in the controls', async () => {
    signIn('viewer');
    const calls = stubFetch((call) => {
      if (call.url.pathname === '/api/programs') return jsonResponse({ items: [PROGRAM], nextCursor: null });
      return jsonResponse(page([makePost()]));
    });
    const url = `/posts?program=${PROGRAM.id}&from=2026-11-26T08%3A00%3A00%2B07%3A00&to=2026-11-27T00%3A00%3A00%2B07%3A00&sentiment=negative&lang=id&source=x&q=banjir`;
    renderPosts(url);

    await screen.findAllByTestId('post-row');
    expect(queryOf(postsCalls(calls)[0])).toEqual({
      limit: '50',
      programId: PROGRAM.id,
      from: '2026-11-26T08:00:00+07:00',
      to: '2026-11-27T00:00:00+07:00',
      sentiment: 'negative',
      lang: 'id',
      source: 'x',
      q: 'banjir',
    });
    await waitFor(() => expect(screen.getByTestId<HTMLSelectElement>('program-filter').value).toBe(PROGRAM.id));
    expect(screen.getByTestId<HTMLInputElement>('posts-filter-from').value).toBe('2026-11-26T08:00');
    expect(screen.getByTestId<HTMLSelectElement>('posts-filter-sentiment').value).toBe('negative');
    expect(screen.getByTestId<HTMLInputElement>('posts-filter-q').value).toBe('banjir');
    expect(screen.getByLabelText('Dari (WIB)')).toBe(screen.getByTestId('posts-filter-from'));
  });

  it('drops malformed parameters instead of sending them', async () => {
    signIn('viewer');
    const calls = stubFetch(() => jsonResponse(page([])));
    renderPosts('/posts?program=not-a-uuid&sentiment=angry&from=yesterday');
    await screen.findByTestId('posts-empty');
    expect(queryOf(postsCalls(calls)[0])).toEqual({ limit: '50' });
  });

  it('filters harm reports through the URL and the request, and marks them in the list', async () => {
    signIn('viewer');
    const harmed = makePost({ text: 'Puluhan siswa keracunan', harm: { flag: true, terms: ['keracunan'] } });
    const calls = stubFetch((call) => {
      if (call.url.pathname === '/api/programs') return jsonResponse({ items: [PROGRAM], nextCursor: null });
      return jsonResponse(page(call.url.searchParams.get('harm') === 'true' ? [harmed] : [harmed, makePost()]));
    });
    const user = userEvent.setup();
    renderPosts('/posts');
    await waitFor(() => expect(screen.getAllByTestId('post-row')).toHaveLength(2));
    expect(screen.getAllByTestId('post-harm')).toHaveLength(1);
    await user.selectOptions(screen.getByTestId('posts-filter-harm'), 'true');
    await waitFor(() => expect(queryOf(postsCalls(calls).at(-1))).toEqual({ limit: '50', harm: 'true' }));
    expect(screen.getByTestId('location').textContent).toBe('/posts?harm=true');
    await waitFor(() => expect(screen.getAllByTestId('post-row')).toHaveLength(1));
    expect(screen.getByLabelText('Laporan korban')).toBe(screen.getByTestId('posts-filter-harm'));
  });

  it('applies a changed filter to the URL and the request, reading times in the chosen zone', async () => {
    signIn('viewer');
    preferencesStore.set({ timeZone: 'Asia/Makassar' });
    const calls = stubFetch((call) => {
      if (call.url.pathname === '/api/programs') return jsonResponse({ items: [PROGRAM], nextCursor: null });
      return jsonResponse(page([makePost()]));
    });
    const user = userEvent.setup();
    renderPosts('/posts');
    await screen.findAllByTestId('post-row');
    expect(queryOf(postsCalls(calls)[0])).toEqual({ limit: '50' });

    await user.selectOptions(screen.getByTestId('posts-filter-sentiment'), 'positive');
    await waitFor(() => expect(queryOf(postsCalls(calls).at(-1))).toEqual({ limit: '50', sentiment: 'positive' }));
    expect(screen.getByTestId('location').textContent).toBe('/posts?sentiment=positive');

    // 15:00 WITA is 07:00 UTC.
    fireEvent.change(screen.getByTestId('posts-filter-from'), { target: { value: '2026-11-26T15:00' } });
    await waitFor(() => expect(queryOf(postsCalls(calls).at(-1))).toEqual({ limit: '50', sentiment: 'positive', from: '2026-11-26T15:00:00+08:00' }));
    expect(new URLSearchParams(screen.getByTestId('location').textContent?.split('?')[1]).get('from')).toBe('2026-11-26T15:00:00+08:00');

    await user.type(screen.getByTestId('posts-filter-q'), 'jalan putus{Enter}');
    await waitFor(() => expect(queryOf(postsCalls(calls).at(-1)).q).toBe('jalan putus'));

    await user.click(screen.getByTestId('posts-filter-reset'));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/posts'));
    expect(screen.getByTestId<HTMLInputElement>('posts-filter-q').value).toBe('');
    expect(screen.getByTestId<HTMLInputElement>('posts-filter-from').value).toBe('');
  });

  it('refuses an inverted time range without sending it', async () => {
    signIn('viewer');
    const calls = stubFetch(() => jsonResponse(page([makePost()])));
    renderPosts('/posts?from=2026-11-26T10%3A00%3A00%2B07%3A00');
    await screen.findAllByTestId('post-row');
    const before = postsCalls(calls).length;
    // From here the clock is fake: the typed time would be sent after the typing pause (450 ms).
    useFakeClock();
    fireEvent.change(screen.getByTestId('posts-filter-to'), { target: { value: '2026-11-26T09:00' } });
    expect(screen.getByText('"Sampai" harus setelah "Dari".')).toBeTruthy();
    // Well past that pause, and short of the 15 s refresh, which would re-send the applied filters.
    await advanceClock(5_000);
    expect(postsCalls(calls).length).toBe(before);
    expect(screen.getByTestId('posts-filter-to').getAttribute('aria-invalid')).toBe('true');
  });

  it('loads the next page by cursor from the load-more button', async () => {
    signIn('viewer');
    const first = [makePost(), makePost()];
    const second = [makePost()];
    const calls = stubFetch((call) => {
      if (call.url.pathname !== '/api/posts') return jsonResponse({ items: [], nextCursor: null });
      return jsonResponse(call.url.searchParams.get('cursor') === 'c2' ? page(second) : page(first, 'c2'));
    });
    const user = userEvent.setup();
    renderPosts('/posts?lang=en');
    expect(await screen.findAllByTestId('post-row')).toHaveLength(2);
    await user.click(screen.getByTestId('posts-load-more'));
    await waitFor(() => expect(screen.getAllByTestId('post-row')).toHaveLength(3));
    expect(queryOf(postsCalls(calls).at(-1))).toEqual({ limit: '50', lang: 'en', cursor: 'c2' });
    expect(screen.queryByTestId('posts-load-more')).toBeNull();
    expect(screen.getByTestId('posts-end')).toBeTruthy();
  });
});

describe('PostsPage new posts', () => {
  it('offers the posts that arrived instead of moving the list, and puts them on top when asked', async () => {
    signIn('viewer');
    const older = [makePost({ createdAt: '2026-11-26T08:00:00.000Z' }), makePost({ createdAt: '2026-11-26T07:59:00.000Z' })];
    const fresh = [makePost({ createdAt: '2026-11-26T08:02:00.000Z', text: 'Pos paling baru' }), makePost({ createdAt: '2026-11-26T08:01:00.000Z' })];
    let firstPage = older;
    const calls = stubFetch((call) => {
      if (call.url.pathname !== '/api/posts') return jsonResponse({ items: [], nextCursor: null });
      return jsonResponse(call.url.searchParams.get('cursor') ? page([]) : page(firstPage, 'next'));
    });
    const user = userEvent.setup();
    const { queryClient } = renderPosts('/posts');
    expect(await screen.findAllByTestId('post-row')).toHaveLength(2);
    expect(postsCalls(calls)).toHaveLength(1);

    firstPage = [...fresh, ...older];
    // What the 15-second poll does.
    await act(() => queryClient.refetchQueries({ predicate: (q) => q.queryKey.at(-1) === 'head' }));
    const offer = await screen.findByTestId('posts-show-new');
    expect(offer.textContent).toContain('2 pos baru');
    expect(screen.getAllByTestId('post-row')).toHaveLength(2);

    await user.click(offer);
    const rows = screen.getAllByTestId('post-row');
    expect(rows).toHaveLength(4);
    expect(within(rows[0] as HTMLElement).getByTestId('post-text').textContent).toBe('Pos paling baru');
    expect(screen.queryByTestId('posts-show-new')).toBeNull();
    expect(postsCalls(calls)).toHaveLength(2);
  });
});

describe('PostsPage relabel', () => {
  it('posts the chosen label and note, and the card shows the corrected label', async () => {
    const me = signIn('analyst');
    const post = makePost({ text: 'Air sudah surut, terima kasih petugas', sentiment: { label: 'negative', score: -0.4, confidence: 0.5, terms: [], correctedAt: null, correctedBy: null } });
    const calls = stubFetch((call) => {
      if (call.method === 'POST' && call.url.pathname === `/api/posts/${post.id}/sentiment`) {
        const { label } = call.body as { label: 'positive' };
        return jsonResponse({ ...post, sentiment: { ...post.sentiment, label, correctedAt: '2026-11-26T09:00:00.000Z', correctedBy: me.id } });
      }
      if (call.url.pathname === '/api/posts') return jsonResponse(page([post]));
      return jsonResponse({ items: [], nextCursor: null });
    });
    const user = userEvent.setup();
    renderPosts('/posts');
    const card = await screen.findByTestId('post-row');
    expect(within(card).getByTestId('post-sentiment').getAttribute('data-sentiment')).toBe('negative');

    await user.click(within(card).getByTestId('relabel'));
    expect(within(card).getByTestId('relabel').getAttribute('aria-expanded')).toBe('true');
    await user.type(within(card).getByTestId('relabel-note'), 'Nada berterima kasih');
    await user.click(within(card).getByTestId('relabel-positive'));

    await waitFor(() => expect(within(card).getByTestId('post-sentiment').getAttribute('data-sentiment')).toBe('positive'));
    const relabel = calls.find((c) => c.method === 'POST');
    expect(relabel?.body).toEqual({ label: 'positive', note: 'Nada berterima kasih' });
    expect(relabel?.headers.get('authorization')).toBe('Bearer access-1');
    expect(within(card).getByTestId('post-sentiment').textContent).toContain('dikoreksi analis');
    expect(within(card).queryByTestId('relabel-panel')).toBeNull();
    expect(within(card).getByTestId('relabel-status').textContent).toBe('Label disimpan: Positif.');
    // The list itself was not refetched: the answer was written into the cached page.
    expect(postsCalls(calls)).toHaveLength(1);
  });

  it('shows a refusal inline and keeps the panel open', async () => {
    signIn('analyst');
    const post = makePost();
    stubFetch((call) => {
      if (call.method === 'POST') return errorResponse(403, 'forbidden');
      if (call.url.pathname === '/api/posts') return jsonResponse(page([post]));
      return jsonResponse({ items: [], nextCursor: null });
    });
    const user = userEvent.setup();
    renderPosts('/posts');
    const card = await screen.findByTestId('post-row');
    await user.click(within(card).getByTestId('relabel'));
    await user.click(within(card).getByTestId('relabel-negative'));
    expect((await within(card).findByTestId('relabel-error')).textContent).toContain('Anda tidak memiliki akses');
    expect(within(card).getByTestId('relabel-panel')).toBeTruthy();
    expect(within(card).getByTestId('post-sentiment').getAttribute('data-sentiment')).toBe('neutral');
  });

  it('offers neither relabel nor export to a viewer', async () => {
    signIn('viewer');
    stubFetch((call) => (call.url.pathname === '/api/posts' ? jsonResponse(page([makePost()])) : jsonResponse({ items: [], nextCursor: null })));
    renderPosts('/posts');
    await screen.findByTestId('post-row');
    expect(screen.queryByTestId('relabel')).toBeNull();
    expect(screen.queryByTestId('posts-export')).toBeNull();
  });
});

describe('PostsPage export', () => {
  it('downloads the CSV of the current filters with the token, renewing it once on a 401', async () => {
    const me = signIn('analyst', { accessToken: 'stale-token' });
    const saved: { name: string; size: number }[] = [];
    const created: Blob[] = [];
    URL.createObjectURL = (blob: Blob) => {
      created.push(blob);
      return 'blob:siaga/1';
    };
    URL.revokeObjectURL = () => undefined;
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, size: created.at(-1)?.size ?? -1 });
    };
    const calls = stubFetch((call) => {
      const auth = call.headers.get('authorization');
      if (call.url.pathname === '/api/auth/refresh') {
        return jsonResponse({ accessToken: 'fresh-token', refreshToken: 'refresh-2', expiresIn: 900, user: me });
      }
      // Only the export and the token check refuse the old token, so the renewal happens on export.
      if (auth === 'Bearer stale-token' && ['/api/posts/export', '/api/auth/me'].includes(call.url.pathname)) return errorResponse(401, 'unauthorized');
      if (call.url.pathname === '/api/auth/me') return jsonResponse(me);
      if (call.url.pathname === '/api/posts/export') {
        return textResponse('\ufeffid,created_at\n1,2026-11-26T08:00:00Z\n', 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="siaga-posts-20261126T080000Z.csv"',
        });
      }
      if (call.url.pathname === '/api/posts') return jsonResponse(page([makePost()]));
      return jsonResponse({ items: [], nextCursor: null });
    });
    try {
      const user = userEvent.setup();
      renderPosts('/posts?sentiment=negative&q=banjir');
      await screen.findByTestId('post-row');
      await user.click(screen.getByTestId('posts-export'));
      expect(await screen.findByText('Ekspor selesai: siaga-posts-20261126T080000Z.csv.')).toBeTruthy();

      const exports = calls.filter((c) => c.url.pathname === '/api/posts/export');
      expect(exports.map((c) => c.headers.get('authorization'))).toEqual(['Bearer stale-token', 'Bearer fresh-token']);
      expect(queryOf(exports[1])).toEqual({ sentiment: 'negative', q: 'banjir' });
      expect(saved).toEqual([{ name: 'siaga-posts-20261126T080000Z.csv', size: created[0]?.size ?? 0 }]);
      expect(created[0]?.size).toBeGreaterThan(0);
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
  });

  it('shows the server refusal and enables the button again', async () => {
    signIn('analyst');
    stubFetch((call) => {
      if (call.url.pathname === '/api/posts/export') return errorResponse(429, 'rate_limited');
      if (call.url.pathname === '/api/posts') return jsonResponse(page([makePost()]));
      return jsonResponse({ items: [], nextCursor: null });
    });
    const user = userEvent.setup();
    renderPosts('/posts');
    await screen.findByTestId('post-row');
    await user.click(screen.getByTestId('posts-export'));
    expect((await screen.findByTestId('posts-export-error')).textContent).toContain('Terlalu banyak permintaan');
    expect(screen.getByTestId<HTMLButtonElement>('posts-export').disabled).toBe(false);
  });
});
