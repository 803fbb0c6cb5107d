import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Alert, AlertDetail } from '@siaga/shared';
import '../../i18n';
import { sessionStore } from '../../api';
import { i18n } from '../../i18n';
import { errorResponse, jsonResponse, stubFetch, type RecordedCall } from '../../test-support/http';
import { renderRoutes } from '../../test-support/render';
import { USERS, signIn } from '../../test-support/session';
import { AlertDetailPage } from './AlertDetailPage';
import { chartRange } from './AlertChart';
import { PROGRAMS, nextAlert } from './testing';

const MINUTE = 60_000;

function campaignAlert(): AlertDetail {
  const opened = new Date(Date.now() - 20 * MINUTE);
  const base: Alert = nextAlert({
    kind: 'coordinated_campaign',
    severity: 'critical',
    openedAt: opened.toISOString(),
    lastTriggeredAt: opened.toISOString(),
    explanation: {
      facts: { kind: 'coordinated_campaign', accounts: 9, posts: 12, minutes: 3, share: 0.4, usualShare: 0.05, sampleText: '<b>Tolak</b> kenaikan!' },
      expected: 1.2,
      band: { lower: 0, upper: 7 },
      observed: 9,
      score: 0.75,
      details: {
        accounts: ['x:akun1', 'x:akun2', 'tiktok:akun3'],
        sampleText: '<img src=x onerror=alert(1)> Tolak kenaikan harga sekarang juga!',
        postIds: [],
        posts: 12,
        similarity: 0.91,
        firstAt: new Date(opened.getTime() - 4 * MINUTE).toISOString(),
        lastAt: new Date(opened.getTime() - MINUTE).toISOString(),
        sources: ['tiktok', 'x'],
      },
    },
  });
  return {
    ...base,
    notes: [{ id: '00000000-0000-4000-8000-00000000c001', at: opened.toISOString(), userId: USERS.analyst.id, userName: 'Andi Analis', text: 'Sedang dicek dengan tim humas.' }],
    history: [
      { id: '00000000-0000-4000-8000-00000000d001', at: opened.toISOString(), userId: null, userName: null, action: 'opened', details: { score: 0.75, observed: 9, expected: 1.2, severity: 'critical' } },
      { id: '00000000-0000-4000-8000-00000000d002', at: new Date(opened.getTime() + MINUTE).toISOString(), userId: USERS.analyst.id, userName: 'Andi Analis', action: 'noted', details: {} },
    ],
  };
}

function fakeApi(detail: AlertDetail) {
  let current = detail;
  return {
    get current() {
      return current;
    },
    handle: (call: RecordedCall): Response => {
      const path = call.url.pathname;
      if (call.method === 'GET' && path === `/api/alerts/${current.id}`) return jsonResponse(current);
      if (call.method === 'POST' && path === `/api/alerts/${current.id}/acknowledge`) {
        current = { ...current, status: 'acknowledged', acknowledgedAt: new Date().toISOString(), acknowledgedBy: USERS.supervisor.id, updatedAt: new Date().toISOString() };
        current = {
          ...current,
          history: [...current.history, { id: '00000000-0000-4000-8000-00000000d003', at: current.acknowledgedAt!, userId: USERS.supervisor.id, userName: USERS.supervisor.name, action: 'acknowledged', details: {} }],
        };
        const { notes: _notes, history: _history, ...alert } = current;
        return jsonResponse(alert);
      }
      if (path === `/api/alerts/${current.id}/deliveries`) return jsonResponse([]);
      if (path === '/api/metrics/series') {
        const from = Date.parse(call.url.searchParams.get('from')!);
        return jsonResponse({
          programId: current.programId,
          bucket: '1m',
          tz: 'UTC',
          from: call.url.searchParams.get('from'),
          to: call.url.searchParams.get('to'),
          points: [0, 1, 2].map((i) => ({ t: new Date(from + i * MINUTE).toISOString(), volume: 10 + i, positive: 1, neutral: 5, negative: 4 + i, sentimentSum: -1, authors: 8 })),
        });
      }
      if (path === '/api/detection/band') {
        // The server's columns: two minutes from the window's start.
        const col = { expected: [3, 4], lower: [1, 1], upper: [7, 8], learning: 0 };
        const from = call.url.searchParams.get('from') ?? '';
        return jsonResponse({ programId: current.programId, sensitivity: 'medium', from, to: '', bucket: '1m', windowMinutes: 1, stepMinutes: 1, start: from, volume: col, negative: col, negativeShare: { ...col, observed: [0.2, 0.3] } });
      }
      if (path === '/api/posts') return jsonResponse({ items: [], nextCursor: null });
      if (path === '/api/programs') return jsonResponse({ items: PROGRAMS, nextCursor: null });
      if (path === `/api/programs/${current.programId}/snooze`) return jsonResponse({ programId: current.programId, until: null, reason: null });
      return errorResponse(404, 'not_found');
    },
  };
}

const ROUTES = [{ path: '/alerts/:alertId', element: <AlertDetailPage /> }];

beforeAll(async () => {
  await i18n.changeLanguage('en');
});

afterEach(() => {
  cleanup();
  sessionStore.clear();
});

describe('AlertDetailPage', () => {
  it('shows the explanation, the campaign cluster as text, and asks for the chart around the alert', async () => {
    signIn('viewer');
    const detail = campaignAlert();
    const api = fakeApi(detail);
    const calls = stubFetch(api.handle);
    const { container } = renderRoutes(ROUTES, `/alerts/${detail.id}`);

    const page = await screen.findByTestId('alert-detail');
    expect(page.dataset.status).toBe('open');
    expect(screen.getByTestId('alert-detail-status').textContent).toContain('Open');
    expect(within(screen.getByTestId('alert-explanation')).getByTestId('alert-explanation-text').textContent).toContain('<b>Tolak</b>');
    expect(screen.getByTestId('alert-observed').textContent).toContain('9');
    const cluster = screen.getByTestId('alert-cluster');
    expect(within(cluster).getByTestId('alert-cluster-sample').textContent).toContain('<img src=x onerror=alert(1)>');
    expect(within(cluster).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['x:akun1', 'x:akun2', 'tiktok:akun3']);
    expect(container.querySelector('img, b')).toBeNull();
    expect(screen.getByTestId('alert-notes').textContent).toContain('Sedang dicek dengan tim humas.');
    expect(screen.getAllByTestId('alert-history-item').map((li) => li.dataset.action)).toEqual(['opened', 'noted']);
    // A viewer gets no actions and no deliveries (analysts and above only).
    expect(screen.queryByTestId('alert-ack')).toBeNull();
    expect(screen.queryByTestId('alert-deliveries')).toBeNull();

    await waitFor(() => expect(screen.getByTestId('alert-chart').dataset.band).toBe('yes'));
    const series = calls.find((c) => c.url.pathname === '/api/metrics/series')!;
    const range = chartRange(detail, Date.now());
    expect(series.url.searchParams.get('bucket')).toBe('1m');
    expect(Date.parse(series.url.searchParams.get('from')!)).toBe(range.from);
    expect(range.from).toBeLessThanOrEqual(Date.parse(detail.openedAt) - 90 * MINUTE);
    expect(calls.some((c) => c.url.pathname === '/api/detection/band' && c.url.searchParams.get('programId') === detail.programId && c.url.searchParams.get('bucket') === '1m')).toBe(true);
    // Sample posts: the campaign's burst.
    const samples = calls.find((c) => c.url.pathname === '/api/posts')!;
    expect(samples.url.searchParams.get('limit')).toBe('10');
    expect(samples.url.searchParams.get('from')).toBe((detail.explanation.details as { firstAt: string }).firstAt);
    expect(samples.url.searchParams.get('sentiment')).toBeNull();
  });

  it('acknowledges from the detail page and shows who did it', async () => {
    signIn('supervisor');
    const detail = campaignAlert();
    const api = fakeApi(detail);
    const calls = stubFetch(api.handle);
    const user = userEvent.setup();
    renderRoutes(ROUTES, `/alerts/${detail.id}`);

    await user.click(await screen.findByTestId('alert-ack'));
    await waitFor(() => expect(screen.getByTestId('alert-detail').dataset.status).toBe('acknowledged'));
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    // The button pressed is gone: focus is on the page's heading, not lost to <body>.
    expect(screen.queryByTestId('alert-ack')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1 })));
    await waitFor(() => expect(screen.getByTestId('alert-detail-acknowledged').textContent).toContain(USERS.supervisor.name));
    await waitFor(() => expect(screen.getAllByTestId('alert-history-item').map((li) => li.dataset.action)).toEqual(['opened', 'noted', 'acknowledged']));
    expect(screen.getByTestId('alert-deliveries').textContent).toContain('No notifications have been sent.');
  });

  it('says so when the alert does not exist', async () => {
    signIn('analyst');
    stubFetch(() => errorResponse(404, 'not_found'));
    renderRoutes(ROUTES, '/alerts/00000000-0000-4000-8000-0000000000ff');
    expect((await screen.findByTestId('alert-detail-missing')).textContent).toContain('Alert not found');
  });
});
