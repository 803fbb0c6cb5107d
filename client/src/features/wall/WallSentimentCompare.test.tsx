import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import '../../i18n';
import { sessionStore } from '../../api';
import { i18n } from '../../i18n';
import { preferencesStore } from '../../lib/preferences';
import type { RecordedCall } from '../../test-support/http';
import { signIn } from '../../test-support/session';
import { shareChangePoints } from './compare';
import { PROGRAM_A, overview, overviewProgram, program, renderWall, seriesFor, stubApi, type FakeApi } from './testing';

const FROM = '2026-11-20T11:00:00.000Z';
const TO = '2026-11-20T23:00:00.000Z';
const CUSTOM = `/?program=${PROGRAM_A}&range=custom&from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}`;
const BUCKETS = 144; // twelve hours of 5-minute buckets

/**
 * This period: 1 positive, 1 neutral, 2 negative posts a bucket (the fake's default). The
 * previous period (anything before FROM): 2 positive, 1 neutral, 1 negative, so the negative
 * share rose from 25 % to 50 %.
 */
function api(): FakeApi {
  return {
    programs: [program(PROGRAM_A, 'Banjir Jakarta')],
    overview: overview([overviewProgram(PROGRAM_A)]),
    openAlerts: [],
    series: (url) => {
      const answer = seriesFor(url);
      if (Date.parse(url.searchParams.get('to') ?? '') > Date.parse(FROM)) return answer;
      return { ...answer, points: answer.points.map((p) => ({ ...p, positive: 2, neutral: 1, negative: 1, sentimentSum: 1 })) };
    },
  };
}

const previousCalls = (calls: RecordedCall[]) =>
  calls.filter((c) => c.url.pathname === '/api/metrics/series' && c.url.searchParams.get('to') === FROM).map((c) => c.url.searchParams.get('from'));

beforeEach(() => {
  preferencesStore.set({ timeZone: 'Asia/Jakarta' });
  signIn('viewer');
});

afterEach(async () => {
  sessionStore.clear();
  await i18n.changeLanguage('id');
});

describe('wall sentiment chart under the period comparison', () => {
  it('draws the previous period dashed beside this one, with a legend, its counts and the change of negative share', async () => {
    const recorded = stubApi(api());
    renderWall(CUSTOM);
    const panel = await screen.findByTestId('wall-sentiment');
    const chart = within(panel).getByTestId('wall-sentiment-chart');
    await waitFor(() => expect(Number(chart.getAttribute('data-points'))).toBe(3 * BUCKETS));
    expect(within(panel).queryByRole('list', { name: 'Keterangan grafik sentimen' })).toBeNull();
    expect(screen.queryByTestId('wall-sentiment-negative-previous')).toBeNull();

    await userEvent.click(screen.getByRole('checkbox', { name: 'Bandingkan dengan periode sebelumnya' }));
    // Three more lines: the previous period's positive, neutral and negative, bucket for bucket.
    await waitFor(() => expect(Number(chart.getAttribute('data-points'))).toBe(6 * BUCKETS));
    const caption = chart.querySelector('figcaption')?.textContent ?? '';
    expect(caption).toContain('Pos positif periode sebelumnya');
    expect(caption).toContain('Pos netral periode sebelumnya');
    expect(caption).toContain('Pos negatif periode sebelumnya');
    const legend = within(panel).getByRole('list', { name: 'Keterangan grafik sentimen' });
    expect(within(legend).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Positif',
      'Netral',
      'Negatif',
      'Pos positif periode sebelumnya',
      'Pos netral periode sebelumnya',
      'Pos negatif periode sebelumnya',
    ]);
    expect(screen.getByTestId('wall-sentiment-negative').textContent).toContain('288 (50%)');
    expect(screen.getByTestId('wall-sentiment-negative-previous').textContent).toBe('sebelumnya 144 (25%)');
    expect(screen.getByTestId('wall-sentiment-positive-previous').textContent).toBe('sebelumnya 288 (50%)');
    expect(screen.getByTestId('wall-sentiment-neutral-previous').textContent).toBe('sebelumnya 144 (25%)');
    expect(screen.getByTestId('wall-sentiment-compare-summary').textContent).toBe(
      'Pangsa negatif periode ini 50%; periode sebelumnya 25%; perubahan +25 poin persentase.',
    );
    // Both charts read the previous period from one request.
    expect(previousCalls(recorded)).toEqual(['2026-11-19T23:00:00.000Z']);

    await userEvent.click(screen.getByRole('checkbox', { name: 'Bandingkan dengan periode sebelumnya' }));
    await waitFor(() => expect(Number(chart.getAttribute('data-points'))).toBe(3 * BUCKETS));
    expect(screen.queryByTestId('wall-sentiment-compare-summary')).toBeNull();
    expect(screen.queryByTestId('wall-sentiment-negative-previous')).toBeNull();
  });

  it('opens compared from a bookmark, in English', async () => {
    await i18n.changeLanguage('en');
    stubApi(api());
    renderWall(`${CUSTOM}&compare=1`);
    await waitFor(() =>
      expect(screen.getByTestId('wall-sentiment-compare-summary').textContent).toBe(
        'Negative share this period 50%; the previous period 25%; change +25 percentage points.',
      ),
    );
    expect(screen.getByTestId('wall-sentiment-positive-previous').textContent).toBe('before 288 (50%)');
    expect(within(screen.getByRole('list', { name: 'Sentiment chart legend' })).getByText('Neutral posts, previous period')).toBeTruthy();
  });

  it('counts the change of a share in percentage points, and not from an empty period', () => {
    expect(shareChangePoints(1, 4, 1, 2)).toBe(-25);
    expect(shareChangePoints(3, 10, 1, 4)).toBe(5);
    expect(shareChangePoints(1, 3, 0, 0)).toBeNull();
    expect(shareChangePoints(0, 0, 1, 2)).toBeNull();
  });
});
