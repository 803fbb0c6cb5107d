import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import '../../i18n';
import { sessionStore } from '../../api';
import { i18n } from '../../i18n';
import { preferencesStore } from '../../lib/preferences';
import type { RecordedCall } from '../../test-support/http';
import { signIn } from '../../test-support/session';
import { previousWindow, shiftedColumns } from './compare';
import { PROGRAM_A, overview, overviewProgram, program, renderWall, stubApi, type FakeApi } from './testing';

const FROM = '2026-11-20T11:00:00.000Z';
const TO = '2026-11-20T23:00:00.000Z';
const CUSTOM = `/?program=${PROGRAM_A}&range=custom&from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}`;

function api(): FakeApi {
  return { programs: [program(PROGRAM_A, 'Banjir Jakarta')], overview: overview([overviewProgram(PROGRAM_A)]), openAlerts: [] };
}

const seriesWindows = (calls: RecordedCall[]) =>
  calls.filter((c) => c.url.pathname === '/api/metrics/series').map((c) => [c.url.searchParams.get('from'), c.url.searchParams.get('to'), c.url.searchParams.get('bucket')]);

beforeEach(() => {
  preferencesStore.set({ timeZone: 'Asia/Jakarta' });
  signIn('viewer');
});

afterEach(async () => {
  sessionStore.clear();
  await i18n.changeLanguage('id');
});

describe('wall period comparison', () => {
  it('keeps the toggle in the URL (compare=1), fetches the period before of the same length and draws it dashed and labelled', async () => {
    const recorded = stubApi(api());
    renderWall(CUSTOM);
    await waitFor(() => expect(seriesWindows(recorded)).toEqual([[FROM, TO, '5m']]));
    const toggle = screen.getByRole('checkbox', { name: 'Bandingkan dengan periode sebelumnya' });
    expect((toggle as HTMLInputElement).checked).toBe(false);
    expect(screen.queryByText('Volume periode sebelumnya')).toBeNull();
    const chart = screen.getByTestId('wall-chart');
    await waitFor(() => expect(Number(chart.getAttribute('data-points'))).toBeGreaterThanOrEqual(2 * 144));
    const alone = Number(chart.getAttribute('data-points'));

    await userEvent.click(toggle);
    expect(screen.getByTestId('location').textContent).toContain('compare=1');
    expect(screen.getByTestId('location').textContent).toContain('range=custom');
    // The twelve hours before, with the same 5-minute buckets.
    await waitFor(() => expect(seriesWindows(recorded)).toContainEqual(['2026-11-19T23:00:00.000Z', FROM, '5m']));
    const legend = await screen.findByRole('list', { name: 'Keterangan grafik' });
    await waitFor(() => expect(within(legend).getByText('Volume periode sebelumnya')).toBeTruthy());
    expect(within(legend).getByText('Pos negatif periode sebelumnya')).toBeTruthy();
    // 144 buckets of 4 posts in each period, said in words too.
    expect(screen.getByTestId('wall-compare-summary').textContent).toMatch(/Periode ini 576 pos; periode sebelumnya \(.+\) 576 pos; perubahan 0%\./);
    // The chart gets the previous period's 144 volume and 144 negative points besides this period's.
    expect(Number(chart.getAttribute('data-points'))).toBe(alone + 2 * 144);
    expect(chart.querySelector('figcaption')?.textContent).toContain('Volume periode sebelumnya');

    await userEvent.click(toggle);
    expect(screen.getByTestId('location').textContent).not.toContain('compare');
    await waitFor(() => expect(screen.queryByText('Volume periode sebelumnya')).toBeNull());
    expect(screen.queryByTestId('wall-compare-summary')).toBeNull();
  });

  it('opens compared from a bookmark, in English', async () => {
    await i18n.changeLanguage('en');
    stubApi(api());
    renderWall(`${CUSTOM}&compare=1`);
    const toggle = await screen.findByRole('checkbox', { name: 'Compare with the previous period' });
    expect((toggle as HTMLInputElement).checked).toBe(true);
    await waitFor(() => expect(screen.getByTestId('wall-compare-summary').textContent).toMatch(/^This period 576 posts; the previous period \(.+\) 576 posts; change 0%\.$/));
    expect(screen.getByText('Volume, previous period')).toBeTruthy();
  });

  it('moves the previous period onto this one, bucket for bucket', () => {
    const span = { from: Date.parse(FROM), to: Date.parse(TO), bucket: '5m' as const, bucketMs: 300_000 };
    const previous = previousWindow(span);
    expect([previous.from, previous.to]).toEqual([Date.parse('2026-11-19T23:00:00Z'), Date.parse(FROM)]);
    const point = { t: '2026-11-19T23:05:00.000Z', volume: 9, positive: 0, neutral: 0, negative: 3, sentimentSum: 0, authors: 1 };
    const cols = shiftedColumns([point], span);
    expect(cols.volume).toEqual([{ x: Date.parse('2026-11-20T11:05:00Z'), y: 9 }]);
    expect(cols.negative).toEqual([{ x: Date.parse('2026-11-20T11:05:00Z'), y: 3 }]);
    expect(cols.total).toBe(9);
  });
});
