import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { LivePost } from '@siaga/shared';
import '../../i18n';
import { sessionStore } from '../../api';
import { queryKeys } from '../../api/keys';
import { preferencesStore } from '../../lib/preferences';
import { makeAlert } from '../../test-support/fixtures';
import type { RecordedCall } from '../../test-support/http';
import { signIn } from '../../test-support/session';
import { PROGRAM_A, PROGRAM_B, PROGRAM_C, livePost, overview, overviewProgram, program, renderWall, stubApi, type FakeApi } from './testing';

const HOUR = 3_600_000;

function baseApi(): FakeApi {
  return {
    programs: [program(PROGRAM_A, 'Banjir Jakarta'), program(PROGRAM_B, 'BPJS Kesehatan'), program(PROGRAM_C, 'Mudik Lebaran')],
    overview: overview([
      overviewProgram(PROGRAM_A, { lastHour: { volume: 200, negative: 50 }, currentMinute: 7 }),
      overviewProgram(PROGRAM_B, { lastHour: { volume: 80, negative: 20 }, currentMinute: 3, worstSeverity: 'critical', openAlerts: 1 }),
      overviewProgram(PROGRAM_C, { lastHour: { volume: 0, negative: 0 }, worstSeverity: 'warning', acknowledgedAlerts: 1 }),
    ]),
    openAlerts: [makeAlert({ programId: PROGRAM_B, severity: 'critical', kind: 'negative_spike', programName: 'BPJS Kesehatan' })],
  };
}

const seriesCalls = (calls: RecordedCall[]) => calls.filter((c) => c.url.pathname === '/api/metrics/series');
const lastSeries = (calls: RecordedCall[]) => seriesCalls(calls).at(-1)?.url.searchParams;

let recorded: RecordedCall[] = [];
function lastSeriesProgram(): string | null {
  return lastSeries(recorded)?.get('programId') ?? null;
}

beforeEach(() => {
  preferencesStore.set({ timeZone: 'Asia/Jakarta' });
  signIn('analyst');
});

afterEach(() => {
  sessionStore.clear();
});

describe('WallPage tiles', () => {
  it('shows one tile per active program, worst first, with status, volumes, negative share and the open alert', async () => {
    stubApi(baseApi());
    renderWall();

    await waitFor(() => expect(screen.getAllByTestId('wall-tile')).toHaveLength(3));
    const tiles = screen.getAllByTestId('wall-tile');
    expect(tiles.map((tile) => [tile.getAttribute('data-program-id'), tile.getAttribute('data-status')])).toEqual([
      [PROGRAM_B, 'critical'],
      [PROGRAM_C, 'warning'],
      [PROGRAM_A, 'calm'],
    ]);

    await waitFor(() => expect(within(tiles[2]!).getByTestId('wall-tile-name').textContent).toBe('Banjir Jakarta'));
    const calm = tiles[2]!;
    expect(within(calm).getByTestId('wall-tile-status').textContent).toContain('Tenang');
    expect(within(calm).getByTestId('wall-tile-current').textContent).toBe('7');
    expect(within(calm).getByTestId('wall-tile-hour').textContent).toBe('200');
    expect(within(calm).getByTestId('wall-tile-negative-share').textContent).toBe('25%');
    // No posts in the hour: said in words rather than a made-up 0 %.
    // No posts: a dash in the big-number slot, the words for screen readers only.
    const noShare = within(tiles[1]!).getByTestId('wall-tile-negative-share');
    expect(noShare.querySelector('[aria-hidden="true"]')?.textContent).toBe('–');
    expect(noShare.querySelector('.sr-only')?.textContent).toBe('tidak ada pos');
    expect(within(tiles[1]!).getByText('1 ditanggapi')).toBeTruthy();

    const link = await within(tiles[0]!).findByTestId('wall-tile-alert');
    expect(link.getAttribute('href')).toMatch(/^\/alerts\/aaaaaaaa-/);
    expect(link.getAttribute('data-severity')).toBe('critical');
    expect(link.textContent).toContain('Lonjakan pos negatif');
    expect(link.textContent).toContain('Kritis');
    expect(link.textContent).toContain('5 mnt lalu');
  });

  it('shows a new alert without reload once the live layer invalidates the alert lists', async () => {
    const api = baseApi();
    api.openAlerts = [];
    stubApi(api);
    const { queryClient } = renderWall();

    await waitFor(() => expect(screen.getAllByTestId('wall-tile')).toHaveLength(3));
    expect(screen.queryByTestId('wall-tile-alert')).toBeNull();

    api.openAlerts = [makeAlert({ programId: PROGRAM_A, severity: 'warning' })];
    // What LiveProvider does on `alert:opened`.
    await act(() => queryClient.invalidateQueries({ queryKey: queryKeys.alerts.lists }));

    const link = await screen.findByTestId('wall-tile-alert');
    expect(link.closest('[data-testid="wall-tile"]')?.getAttribute('data-program-id')).toBe(PROGRAM_A);
  });

  it('selects a program for the chart by its tile, in the URL, defaulting to the worst tile', async () => {
    recorded = stubApi(baseApi());
    renderWall();

    await waitFor(() => expect(screen.getAllByTestId('wall-tile')).toHaveLength(3));
    const worst = screen.getAllByTestId('wall-tile')[0]!;
    await waitFor(() => expect(worst.getAttribute('data-selected')).toBe('true'));

    const calm = screen.getAllByTestId('wall-tile').find((tile) => tile.getAttribute('data-program-id') === PROGRAM_A)!;
    await userEvent.click(within(calm).getByRole('button'));
    expect(screen.getByTestId('location').textContent).toBe(`/?program=${PROGRAM_A}`);
    expect(within(calm).getByRole('button').getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => expect(lastSeriesProgram()).toBe(PROGRAM_A));
  });

  it('says so when there is no active program', async () => {
    const api = baseApi();
    api.overview = overview([]);
    stubApi(api);
    renderWall();
    expect(await screen.findByTestId('wall-tiles-empty')).toBeTruthy();
  });
});

describe('WallPage range picker', () => {
  it('asks for the live window first, then the series each range needs', async () => {
    recorded = stubApi(baseApi());
    renderWall(`/?program=${PROGRAM_A}`);

    // Live: the last 120 minutes per minute, seeding the live-series cache.
    await waitFor(() => expect(seriesCalls(recorded)).toHaveLength(1));
    let q = lastSeries(recorded)!;
    expect(q.get('programId')).toBe(PROGRAM_A);
    expect(q.get('bucket')).toBe('1m');
    expect(Date.parse(q.get('to')!) - Date.parse(q.get('from')!)).toBe(2 * HOUR);
    expect(Date.parse(q.get('to')!) % 60_000).toBe(0);

    await userEvent.click(screen.getByTestId('range-option-24h'));
    await waitFor(() => expect(lastSeries(recorded)?.get('bucket')).toBe('5m'));
    q = lastSeries(recorded)!;
    expect(Date.parse(q.get('to')!) - Date.parse(q.get('from')!)).toBe(24 * HOUR);
    expect(Date.parse(q.get('to')!)).toBeGreaterThan(Date.now());
    expect(screen.getByTestId('location').textContent).toBe(`/?program=${PROGRAM_A}&range=24h`);
    // The band follows the same window, on the chart's buckets.
    await waitFor(() => expect(recorded.filter((c) => c.url.pathname === '/api/detection/band').at(-1)?.url.searchParams.get('from')).toBe(q.get('from')));
    expect(recorded.filter((c) => c.url.pathname === '/api/detection/band').at(-1)?.url.searchParams.get('bucket')).toBe('5m');

    await userEvent.click(screen.getByTestId('range-option-7d'));
    await waitFor(() => expect(lastSeries(recorded)?.get('bucket')).toBe('1h'));
    q = lastSeries(recorded)!;
    expect(Date.parse(q.get('to')!) - Date.parse(q.get('from')!)).toBe(7 * 24 * HOUR);

    await userEvent.click(screen.getByTestId('range-option-1h'));
    await waitFor(() => expect(Date.parse(lastSeries(recorded)!.get('to')!) - Date.parse(lastSeries(recorded)!.get('from')!)).toBe(HOUR));
    expect(lastSeries(recorded)!.get('bucket')).toBe('1m');
  });

  it('reads a custom window in the chosen zone and refuses a reversed one', async () => {
    recorded = stubApi(baseApi());
    renderWall(`/?program=${PROGRAM_A}`);
    await waitFor(() => expect(seriesCalls(recorded)).toHaveLength(1));

    await userEvent.click(screen.getByTestId('range-option-custom'));
    fireEvent.change(screen.getByTestId('range-from'), { target: { value: '2026-11-20T18:00' } });
    fireEvent.change(screen.getByTestId('range-to'), { target: { value: '2026-11-20T08:00' } });
    await userEvent.click(screen.getByTestId('range-apply'));
    expect(screen.getByRole('alert').textContent).toContain('harus sebelum');
    expect(seriesCalls(recorded)).toHaveLength(1);

    fireEvent.change(screen.getByTestId('range-to'), { target: { value: '2026-11-21T06:00' } });
    await userEvent.click(screen.getByTestId('range-apply'));
    // WIB is UTC+7; 12 hours fit 5-minute buckets.
    await waitFor(() => expect(lastSeries(recorded)?.get('from')).toBe('2026-11-20T11:00:00.000Z'));
    expect(lastSeries(recorded)?.get('to')).toBe('2026-11-20T23:00:00.000Z');
    expect(lastSeries(recorded)?.get('bucket')).toBe('5m');
    expect(screen.getByTestId('location').textContent).toContain('range=custom');
  });
});

describe('WallPage live stream', () => {
  /** What LiveProvider does with a post of `posts:created`. */
  function receive(queryClient: ReturnType<typeof renderWall>['queryClient'], post: LivePost) {
    act(() => {
      queryClient.setQueryData<LivePost[]>(queryKeys.posts.live, (old = []) => [post, ...old]);
    });
  }

  it('shows live posts of the selected program on top, and counts new ones while paused', async () => {
    stubApi(baseApi());
    const { queryClient } = renderWall(`/?program=${PROGRAM_A}`);
    const stream = await screen.findByTestId('live-stream');
    await waitFor(() => expect(within(stream).getByTestId('live-stream-empty')).toBeTruthy());

    const first = livePost([PROGRAM_A], { text: 'Air mulai naik di Kampung Melayu' });
    receive(queryClient, first);
    receive(queryClient, livePost([PROGRAM_B], { text: 'Antrean BPJS panjang' }));
    await waitFor(() => expect(within(stream).getAllByTestId('post-row')).toHaveLength(1));
    expect(within(stream).getByTestId('post-text').textContent).toBe('Air mulai naik di Kampung Melayu');

    await userEvent.click(screen.getByTestId('stream-pause'));
    expect(screen.getByTestId('stream-pause').getAttribute('aria-pressed')).toBe('true');
    const held = [livePost([PROGRAM_A], { text: 'Pos dua' }), livePost([PROGRAM_A, PROGRAM_B], { text: 'Pos tiga' }), livePost([PROGRAM_B]), livePost([PROGRAM_A], { text: 'Pos empat' })];
    for (const post of held) receive(queryClient, post);

    await waitFor(() => expect(screen.getByTestId('stream-new-count').getAttribute('data-count')).toBe('3'));
    expect(screen.getByTestId('stream-new-count').textContent).toBe('3 pos baru');
    // Paused: the list has not moved.
    expect(within(stream).getAllByTestId('post-row')).toHaveLength(1);

    await userEvent.click(screen.getByTestId('stream-pause'));
    expect(screen.queryByTestId('stream-new-count')).toBeNull();
    expect(within(stream).getAllByTestId('post-text').map((p) => p.textContent)).toEqual(['Pos empat', 'Pos tiga', 'Pos dua', 'Air mulai naik di Kampung Melayu']);
  });

  it('fills the stream with stored posts first, and shows every program when asked', async () => {
    const api = baseApi();
    api.posts = {
      items: [
        {
          id: 'cccccccc-0000-4000-8000-000000000001',
          source: 'x',
          externalId: '1',
          text: 'Pos tersimpan',
          createdAt: new Date(Date.now() - 60_000).toISOString(),
          ingestedAt: new Date().toISOString(),
          author: { handle: 'arsip', name: null, followers: null },
          url: null,
          lang: 'id',
          langGiven: null,
          sentiment: { label: 'neutral', score: 0, confidence: 0.5, terms: [], correctedAt: null, correctedBy: null },
          harm: { flag: false, terms: [] },
          engagement: { likes: 0, shares: 0, replies: 0, views: 0 },
          parentExternalId: null,
          programIds: [PROGRAM_A],
        },
      ],
      nextCursor: null,
    };
    const calls = stubApi(api);
    const { queryClient } = renderWall(`/?program=${PROGRAM_A}`);
    const stream = await screen.findByTestId('live-stream');
    await waitFor(() => expect(within(stream).getByTestId('post-text').textContent).toBe('Pos tersimpan'));
    const postsCall = calls.find((c) => c.url.pathname === '/api/posts')!;
    expect(postsCall.url.searchParams.get('programId')).toBe(PROGRAM_A);
    expect(postsCall.url.searchParams.get('limit')).toBe('20');

    receive(queryClient, livePost([PROGRAM_B], { text: 'Dari program lain' }));
    fireEvent.change(screen.getByTestId('stream-scope'), { target: { value: 'all' } });
    await waitFor(() => expect(within(stream).getAllByTestId('post-text')[0]!.textContent).toBe('Dari program lain'));
  });
});

describe('WallPage wall mode', () => {
  it('enters wall mode through the URL and leaves it with Esc', async () => {
    stubApi(baseApi());
    renderWall();
    await waitFor(() => expect(screen.getAllByTestId('wall-tile')).toHaveLength(3));

    await userEvent.click(screen.getByTestId('wall-mode-toggle'));
    expect(screen.getByTestId('location').textContent).toBe('/?mode=wall');
    expect(screen.getByTestId('wall-page').getAttribute('data-mode')).toBe('wall');
    // Rotating through programs with an open alert: only B has one.
    expect(screen.getByTestId('wall-rotation').getAttribute('data-rotating')).toBe('true');

    fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/'));
    expect(screen.getByTestId('wall-page').getAttribute('data-mode')).toBe('normal');
  });
});
