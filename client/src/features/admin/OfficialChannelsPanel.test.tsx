import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { OfficialChannel, OfficialRecount } from '@siaga/shared';
import '../../i18n';
import { sessionStore } from '../../api';
import { i18n } from '../../i18n';
import { preferencesStore } from '../../lib/preferences';
import { makeProgram } from '../../test-support/fixtures';
import { errorResponse, jsonResponse, stubFetch, type RecordedCall } from '../../test-support/http';
import { renderRoutes } from '../../test-support/render';
import { signIn } from '../../test-support/session';
import { OfficialChannelsPanel } from './OfficialChannelsPanel';

const PROGRAM = makeProgram({ id: '11111111-1111-4111-8111-111111111111', name: 'Kartu Prakerja', slug: 'prakerja', query: 'prakerja' });

function channel(recount: OfficialRecount | null): OfficialChannel {
  return {
    id: '22222222-2222-4222-8222-222222222222',
    programId: PROGRAM.id,
    source: 'x',
    handle: 'kemnaker',
    label: 'Kemnaker',
    kind: 'ministry',
    createdAt: '2026-12-01T03:00:00.000Z',
    updatedAt: '2026-12-01T03:00:00.000Z',
    recount,
  };
}

const running: OfficialRecount = { state: 'running', changed: 0, requestedAt: '2026-12-01T03:00:00.000Z', startedAt: '2026-12-01T03:00:00.000Z', finishedAt: null, error: null };
const done: OfficialRecount = { ...running, state: 'done', changed: 3, finishedAt: '2026-12-01T03:00:05.000Z' };

let listed: OfficialChannel[];
let recorded: RecordedCall[];

beforeEach(() => {
  preferencesStore.set({ timeZone: 'Asia/Jakarta' });
  signIn('admin');
  recorded = stubFetch(({ url, method }) => {
    if (url.pathname === '/api/programs') return jsonResponse({ items: [PROGRAM], nextCursor: null });
    if (url.pathname === '/api/official-channels' && method === 'GET') return jsonResponse(listed);
    if (url.pathname === '/api/official-channels' && method === 'POST') {
      listed = [channel({ ...running, state: 'pending', startedAt: null })];
      return jsonResponse(listed[0], 201);
    }
    return errorResponse(404, 'not_found');
  });
});

afterEach(async () => {
  sessionStore.clear();
  await i18n.changeLanguage('id');
});

const render = () => renderRoutes([{ path: '/admin', element: <OfficialChannelsPanel /> }], '/admin');
const listCalls = () => recorded.filter((c) => c.url.pathname === '/api/official-channels' && c.method === 'GET').length;

describe('OfficialChannelsPanel', () => {
  it('says a registration recounts the stored posts, and shows the recount until it is done', async () => {
    listed = [];
    render();
    await screen.findByText('Belum ada kanal resmi terdaftar.');
    await userEvent.selectOptions(screen.getByTestId('official-channel-program'), PROGRAM.id);
    await userEvent.type(screen.getByTestId('official-channel-handle'), '@Kemnaker');
    await userEvent.type(screen.getByTestId('official-channel-label'), 'Kemnaker');
    await userEvent.click(screen.getByTestId('official-channel-create'));
    expect(await screen.findByText('Kanal Kemnaker didaftarkan; unggahan lamanya dihitung ulang di latar belakang.')).toBeTruthy();
    const row = await screen.findByTestId('official-channel-row');
    expect(within(row).getByTestId('official-channel-recount').textContent).toBe('Menghitung ulang unggahan lama…');

    // The list is read again while the recount runs, and no more once it is done.
    listed = [channel(done)];
    await waitFor(() => expect(within(screen.getByTestId('official-channel-row')).getByTestId('official-channel-recount').textContent).toMatch(/^Selesai .+: 3 unggahan dipindahkan$/), { timeout: 5_000 });
    const calls = listCalls();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(listCalls()).toBe(calls);
  });

  it('shows a finished and a failed recount in English, and nothing for a program never recounted', async () => {
    await i18n.changeLanguage('en');
    listed = [channel({ ...done, changed: 1 }), { ...channel(null), id: '33333333-3333-4333-8333-333333333333', handle: 'bnpb' }, { ...channel({ ...running, state: 'failed', error: 'boom' }), id: '44444444-4444-4444-8444-444444444444', handle: 'kominfo' }];
    render();
    await waitFor(() => expect(screen.getAllByTestId('official-channel-row')).toHaveLength(3));
    const cells = screen.getAllByTestId('official-channel-row').map((r) => within(r).queryByTestId('official-channel-recount')?.textContent ?? null);
    expect(cells[0]).toMatch(/^Done .+: 1 post moved$/);
    expect(cells[1]).toBeNull();
    expect(cells[2]).toBe('The recount failed; change or register the channel again to retry.');
  });
});
