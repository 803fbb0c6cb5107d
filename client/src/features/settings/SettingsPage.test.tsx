import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Digest, DigestSubscription } from '@siaga/shared';
import '../../i18n';
import { sessionStore } from '../../api';
import { i18n } from '../../i18n';
import { errorResponse, jsonResponse, stubFetch, type RecordedCall } from '../../test-support/http';
import { renderRoutes } from '../../test-support/render';
import { signIn } from '../../test-support/session';
import { SettingsPage } from './SettingsPage';

function digest(period: 'day' | 'week'): Digest {
  const program = (name: string, volume: number, shareOfVoice: number) => ({
    programId: name === 'A' ? '11111111-1111-4111-8111-111111111111' : '22222222-2222-4222-8222-222222222222',
    name: name === 'A' ? 'BPJS <Kesehatan>' : 'Kartu Prakerja',
    slug: name.toLowerCase(),
    volume,
    previousVolume: 10,
    volumeChange: (volume - 10) / 10,
    negative: 1,
    negativeShare: 1 / volume,
    previousNegativeShare: 0.1,
    alerts: 1,
    previousAlerts: 0,
    incidents: 0,
    shareOfVoice,
    topTerms: [],
    topAuthors: [],
  });
  return {
    period,
    from: '2026-11-28T17:00:00.000Z',
    to: '2026-11-29T17:00:00.000Z',
    previousFrom: '2026-11-27T17:00:00.000Z',
    previousTo: '2026-11-28T17:00:00.000Z',
    timeZone: 'Asia/Jakarta',
    generatedAt: '2026-11-30T00:00:00.000Z',
    totals: { volume: 30, previousVolume: 20, alerts: 2, incidents: 0 },
    programs: period === 'day' ? [program('A', 20, 66.7), program('B', 10, 33.3)] : [program('A', 20, 100)],
  };
}

let subscription: DigestSubscription;
let recorded: RecordedCall[];

function stub(failSave = false) {
  recorded = stubFetch(({ url, method, body }) => {
    if (url.pathname === '/api/me/digest-subscription' && method === 'GET') return jsonResponse(subscription);
    if (url.pathname === '/api/me/digest-subscription' && method === 'PUT') {
      if (failSave) return errorResponse(400, 'validation_failed', 'frequency: invalid');
      subscription = body as DigestSubscription;
      return jsonResponse(subscription);
    }
    if (url.pathname === '/api/digests/preview') return jsonResponse(digest(url.searchParams.get('period') === 'week' ? 'week' : 'day'));
    return errorResponse(404, 'not_found');
  });
}

const render = () => renderRoutes([{ path: '/settings', element: <SettingsPage /> }], '/settings');

beforeEach(() => {
  subscription = { frequency: 'none', lang: 'id' };
  signIn('viewer');
});

afterEach(async () => {
  sessionStore.clear();
  await i18n.changeLanguage('id');
});

describe('SettingsPage', () => {
  it('lets a viewer subscribe to the weekly digest in English, and says it saved', async () => {
    stub();
    render();
    const none = await screen.findByRole('radio', { name: 'Jangan kirim' });
    expect((none as HTMLInputElement).checked).toBe(true);
    await userEvent.click(screen.getByRole('radio', { name: 'Mingguan (Senin, minggu lalu)' }));
    await userEvent.selectOptions(screen.getByLabelText('Bahasa email'), 'en');
    await userEvent.click(screen.getByRole('button', { name: 'Simpan' }));
    await waitFor(() => expect(screen.getByTestId('digest-status').textContent).toBe('Pilihan ringkasan disimpan.'));
    const put = recorded.find((c) => c.method === 'PUT');
    expect(put?.body).toEqual({ frequency: 'weekly', lang: 'en' });
  });

  it('shows a refused save as an error and keeps the choice', async () => {
    stub(true);
    render();
    await userEvent.click(await screen.findByRole('radio', { name: 'Harian (hari kemarin)' }));
    await userEvent.click(screen.getByRole('button', { name: 'Simpan' }));
    expect((await screen.findByRole('alert')).textContent).toBeTruthy();
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Harian (hari kemarin)' }).checked).toBe(true);
    expect(screen.getByTestId('digest-status').textContent).toBe('');
  });

  it('previews yesterday and last week per program, program names as text, in English', async () => {
    await i18n.changeLanguage('en');
    stub();
    render();
    const table = await screen.findByRole('table', { name: 'Summary per program, against the previous period' });
    await waitFor(() => expect(within(table).getAllByTestId('digest-preview-row')).toHaveLength(2));
    const first = within(table).getAllByTestId('digest-preview-row')[0]!;
    expect(within(first).getByRole('rowheader').textContent).toBe('BPJS <Kesehatan>');
    expect(first.textContent).toContain('66.7 %');
    expect(first.textContent).toContain('+100%');
    await userEvent.click(screen.getByRole('button', { name: 'Last week' }));
    // The table is drawn again for the week (a loading state in between).
    await waitFor(() => expect(screen.getAllByTestId('digest-preview-row')).toHaveLength(1));
    expect(recorded.filter((c) => c.url.pathname === '/api/digests/preview').map((c) => c.url.searchParams.get('period'))).toEqual(['day', 'week']);
  });
});
