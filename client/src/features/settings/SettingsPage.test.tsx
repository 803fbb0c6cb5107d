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

/** The subscription as the server keeps it: a PUT changes what it gives (frequency, the email language, or both). */
function stub(failSave = false) {
  recorded = stubFetch(({ url, method, body }) => {
    if (url.pathname === '/api/me/digest-subscription' && method === 'GET') return jsonResponse(subscription);
    if (url.pathname === '/api/me/digest-subscription' && method === 'PUT') {
      if (failSave) return errorResponse(400, 'validation_failed', 'frequency: invalid');
      subscription = { ...subscription, ...(body as Partial<DigestSubscription>) };
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
  it('lets a viewer subscribe to the weekly digest, and says it saved; the digest form sends no language', async () => {
    stub();
    render();
    const none = await screen.findByRole('radio', { name: 'Jangan kirim' });
    expect((none as HTMLInputElement).checked).toBe(true);
    await userEvent.click(screen.getByRole('radio', { name: 'Mingguan (Senin, minggu lalu)' }));
    await userEvent.click(screen.getByRole('button', { name: 'Simpan' }));
    await waitFor(() => expect(screen.getByTestId('digest-status').textContent).toBe('Pilihan ringkasan disimpan.'));
    const puts = recorded.filter((c) => c.method === 'PUT');
    expect(puts.map((c) => [c.url.pathname, c.body])).toEqual([['/api/me/digest-subscription', { frequency: 'weekly' }]]);
  });

  it('shows one email language control, for alert emails and digests alike, and saves it on its own', async () => {
    subscription = { frequency: 'daily', lang: 'id' };
    stub();
    render();
    const section = await screen.findByTestId('email-language-settings');
    expect(within(section).getByText('Satu bahasa untuk semua email yang Anda terima: email peringatan dan ringkasan.')).toBeTruthy();
    const select = await within(section).findByRole<HTMLSelectElement>('combobox', { name: 'Bahasa email' });
    await screen.findByRole('radio', { name: 'Harian (hari kemarin)' });
    // One control on the page, none left in the digest form.
    expect(screen.getAllByRole('combobox')).toEqual([select]);
    expect(select.value).toBe('id');
    await userEvent.selectOptions(select, 'en');
    await userEvent.click(within(section).getByRole('button', { name: 'Simpan bahasa' }));
    await waitFor(() => expect(within(section).getByRole('status').textContent).toBe('Bahasa email disimpan.'));
    // Only the language: the digest's frequency is not sent, so it cannot be overwritten from here.
    expect(recorded.filter((c) => c.method === 'PUT').map((c) => [c.url.pathname, c.body])).toEqual([['/api/me/digest-subscription', { lang: 'en' }]]);
    expect(subscription).toEqual({ frequency: 'daily', lang: 'en' });
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Harian (hari kemarin)' }).checked).toBe(true);
    // And the digest form's save sends only the frequency, leaving the language chosen here.
    await userEvent.click(screen.getByRole('radio', { name: 'Mingguan (Senin, minggu lalu)' }));
    await userEvent.click(screen.getByRole('button', { name: 'Simpan' }));
    await waitFor(() => expect(screen.getByTestId('digest-status').textContent).toBe('Pilihan ringkasan disimpan.'));
    expect(subscription).toEqual({ frequency: 'weekly', lang: 'en' });
  });

  it('reads the email language in English, and shows a refused save as an error', async () => {
    await i18n.changeLanguage('en');
    subscription = { frequency: 'none', lang: 'en' };
    stub(true);
    render();
    const select = await screen.findByRole<HTMLSelectElement>('combobox', { name: 'Email language' });
    await waitFor(() => expect(select.value).toBe('en'));
    expect(screen.getByText('One language for every email you receive: alert emails and digests.')).toBeTruthy();
    await userEvent.selectOptions(select, 'id');
    await userEvent.click(screen.getByRole('button', { name: 'Save language' }));
    expect((await screen.findByRole('alert')).textContent).toBeTruthy();
    expect(screen.getByTestId('email-language-status').textContent).toBe('');
    expect(select.value).toBe('id');
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
