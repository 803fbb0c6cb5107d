import { beforeEach, describe, expect, it } from '@jest/globals';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ActorsResponse, PlacesResponse, PlatformsResponse } from '@siaga/shared';
import '../../i18n';
import { makePost } from '../../test-support/fixtures';
import { errorResponse, jsonResponse, stubFetch, type RecordedCall } from '../../test-support/http';
import { renderRoutes } from '../../test-support/render';
import { signIn } from '../../test-support/session';
import { layoutNetwork } from '../network/layout';
import { WallWhereWho } from './WallWhereWho';

const WINDOW = { from: '2026-12-05T00:00:00.000Z', to: '2026-12-06T00:00:00.000Z' };
const PLACES: PlacesResponse = {
  ...WINDOW,
  posts: 40,
  placed: 12,
  provinces: [
    { code: '73', posts: 9, negative: 7, negativeShare: 0.778 },
    { code: '35', posts: 3, negative: 0, negativeShare: 0 },
  ],
  regencies: [{ code: '73.71', name: 'Kota Makassar', posts: 8, negative: 6 }],
};
const PLATFORMS: PlatformsResponse = { ...WINDOW, posts: 40, sources: [{ source: 'x', posts: 30, negative: 10, share: 0.75 }, { source: 'mastodon', posts: 10, negative: 1, share: 0.25 }] };
const ACTORS: ActorsResponse = {
  ...WINDOW,
  accounts: 2,
  engagementWeight: 10,
  actors: [{ handle: 'beritanasional', name: 'Berita Nasional', sources: ['news:id'], followers: 5_000_000, posts: 2, engagement: 50, reach: 5_000_500, negativeShare: 0.5, firstAt: WINDOW.from, lastAt: WINDOW.to }],
};

describe('WallWhereWho', () => {
  let calls: RecordedCall[];
  beforeEach(() => {
    signIn('viewer');
    calls = stubFetch(({ path, url }) => {
      if (path === '/api/metrics/places') return jsonResponse(PLACES);
      if (path === '/api/metrics/platforms') return jsonResponse(PLATFORMS);
      if (path === '/api/metrics/actors') return jsonResponse(ACTORS);
      if (path === '/api/posts' && url.searchParams.get('place') === '73') {
        return jsonResponse({ items: [makePost({ text: '<b>Banjir</b> di Makassar', author: { handle: 'warga1', name: null, followers: 10, createdAt: null } })], nextCursor: null });
      }
      return errorResponse(404, 'not_found');
    });
  });

  it('shows every province as a tile, and a click filters the panel to that province through the URL', async () => {
    renderRoutes([{ path: '/', element: <WallWhereWho programId={null} /> }], '/');
    const tiles = await screen.findAllByTestId('province-tile');
    expect(tiles).toHaveLength(38);
    const sulsel = tiles.find((t) => t.dataset.code === '73')!;
    await waitFor(() => expect(sulsel.dataset.posts).toBe('9'));
    // Its accessible name starts with what is shown and says the rest.
    expect(sulsel.textContent).toMatch(/^Sulsel 9 Sulawesi Selatan/);
    await userEvent.click(sulsel);
    expect(screen.getByTestId('location').textContent).toBe('/?place=73');
    expect(sulsel.getAttribute('aria-pressed')).toBe('true');
    const list = await screen.findByTestId('wall-place-posts');
    // Post text is text: markup stays escaped.
    expect(within(list).getByText(/<b>Banjir<\/b> di Makassar/)).toBeTruthy();
    expect(calls.some((c) => c.path === '/api/posts' && c.url.searchParams.get('place') === '73')).toBe(true);
    await userEvent.click(sulsel);
    expect(screen.getByTestId('location').textContent).toBe('/');
  });

  it('lists platforms and links each account ranked by reach to its page', async () => {
    renderRoutes([{ path: '/', element: <WallWhereWho programId={null} /> }], '/?place=zz');
    const link = await screen.findByRole('link', { name: '@beritanasional' });
    expect(link.getAttribute('href')).toBe('/accounts/news%3Aid/beritanasional');
    expect(within(screen.getByTestId('platforms')).getByText('mastodon')).toBeTruthy();
    // An unknown place in the URL is ignored, not sent.
    expect(screen.queryByTestId('wall-place-selected')).toBeNull();
  });
});

describe('layoutNetwork', () => {
  it('places every node once, communities apart, accounts of an open campaign in red', () => {
    const node = (id: string, community: number, inOpenCampaign = false) => ({ id, source: 'x', handle: id, posts: 1, followers: 1, reach: 1, negativeShare: 0, community, degree: 1, coordination: 0, reasons: [], inOpenCampaign });
    const placed = layoutNetwork([node('a', 0), node('b', 0), node('c', 1, true)]);
    expect(placed.map((p) => p.id).sort()).toEqual(['a', 'b', 'c']);
    expect(placed.find((p) => p.id === 'c')!.color).toBe('#C00000');
    const [a, c] = [placed.find((p) => p.id === 'a')!, placed.find((p) => p.id === 'c')!];
    expect(Math.hypot(a.x - c.x, a.y - c.y)).toBeGreaterThan(5);
  });
});
