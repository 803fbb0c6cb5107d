import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Incident, IncidentDetail } from '@siaga/shared';
import '../../i18n';
import { sessionStore } from '../../api';
import { i18n } from '../../i18n';
import { errorResponse, jsonResponse, stubFetch, textResponse, type RecordedCall } from '../../test-support/http';
import { renderRoutes } from '../../test-support/render';
import { USERS, signIn } from '../../test-support/session';
import { IncidentDetailPage } from './IncidentDetailPage';
import { IncidentsPage } from './IncidentsPage';

const PROGRAM = { id: '00000000-0000-4000-8000-0000000000b1', name: 'BPJS Kesehatan', slug: 'bpjs' };
const HOSTILE = '<img src=x onerror=alert(1)> =HYPERLINK("http://evil") iuran naik!';

function incident(): IncidentDetail {
  const base: Incident = {
    id: '00000000-0000-4000-8000-0000000000c1',
    title: 'Hoaks iuran naik',
    programIds: [PROGRAM.id],
    programs: [PROGRAM],
    severity: 'critical',
    status: 'open',
    ownerId: null,
    ownerName: null,
    startedAt: '2026-11-26T06:00:00.000Z',
    endedAt: null,
    summary: 'Hoaks menyebar.',
    lessons: '',
    alertCount: 0,
    createdBy: USERS.analyst.id,
    createdByName: USERS.analyst.name,
    createdAt: '2026-11-26T06:10:00.000Z',
    updatedAt: '2026-11-26T06:10:00.000Z',
  };
  return {
    ...base,
    alerts: [],
    pins: [
      {
        post: {
          id: '00000000-0000-4000-8000-0000000000d1',
          source: 'x',
          externalId: '1',
          text: HOSTILE,
          createdAt: '2026-11-26T06:20:00.000Z',
          ingestedAt: '2026-11-26T06:20:01.000Z',
          author: { handle: 'akun_besar', name: null, followers: 10, createdAt: null },
          url: null,
          lang: 'id',
          langGiven: null,
          sentiment: { label: 'negative', score: -0.7, confidence: 0.9, terms: [], correctedAt: null, correctedBy: null },
          harm: { flag: false, terms: [] },
          engagement: { likes: 1, shares: 0, replies: 0, views: 0 },
          parentExternalId: null,
          programIds: [PROGRAM.id],
        },
        pinnedAt: '2026-11-26T06:30:00.000Z',
        userName: USERS.analyst.name,
        note: 'Sumber hoaks',
      },
    ],
    timeline: [
      { id: '00000000-0000-4000-8000-0000000000e1', at: '2026-11-26T06:10:00.000Z', recordedAt: '2026-11-26T06:10:00.000Z', userId: USERS.analyst.id, userName: USERS.analyst.name, kind: 'created', text: 'Hoaks iuran naik', url: null, alertId: null, postId: null, details: {} },
      { id: '00000000-0000-4000-8000-0000000000e2', at: '2026-11-26T07:05:00.000Z', recordedAt: '2026-11-26T07:06:00.000Z', userId: USERS.analyst.id, userName: USERS.analyst.name, kind: 'action', text: 'Klarifikasi terbit', url: 'javascript:alert(1)', alertId: null, postId: null, details: {} },
    ],
  };
}

function fakeApi(detail: IncidentDetail) {
  let current = detail;
  return (call: RecordedCall): Response => {
    const path = call.url.pathname;
    if (path === `/api/incidents/${current.id}` && call.method === 'GET') return jsonResponse(current);
    if (path === `/api/incidents/${current.id}` && call.method === 'PATCH') {
      current = { ...current, ...(call.body as Partial<Incident>) };
      const { alerts: _a, pins: _p, timeline: _t, ...rest } = current;
      return jsonResponse(rest);
    }
    if (path === `/api/incidents/${current.id}/notes` && call.method === 'POST') {
      const text = (call.body as { text: string }).text;
      current = { ...current, timeline: [...current.timeline, { ...current.timeline[0]!, id: '00000000-0000-4000-8000-0000000000e3', kind: 'note', text }] };
      const { alerts: _a, pins: _p, timeline: _t, ...rest } = current;
      return jsonResponse(rest);
    }
    if (path === `/api/incidents/${current.id}/report.pdf`) return textResponse('%PDF-1.3', 200, { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="siaga-incident-00000000.pdf"' });
    if (path === '/api/incidents') return jsonResponse({ items: [current], nextCursor: null });
    if (path === '/api/programs') return jsonResponse({ items: [], nextCursor: null });
    return errorResponse(404, 'not_found');
  };
}

const ROUTES = [
  { path: '/incidents', element: <IncidentsPage /> },
  { path: '/incidents/:incidentId', element: <IncidentDetailPage /> },
];

beforeAll(async () => {
  await i18n.changeLanguage('en');
});

afterEach(() => {
  cleanup();
  sessionStore.clear();
});

describe('IncidentDetailPage', () => {
  it('shows a viewer the timeline, summary and pinned posts as text, with no editing and no post export', async () => {
    signIn('viewer');
    const detail = incident();
    stubFetch(fakeApi(detail));
    const { container } = renderRoutes(ROUTES, `/incidents/${detail.id}`);
    expect((await screen.findByTestId('incident-title')).textContent).toBe('Hoaks iuran naik');
    expect(screen.getByTestId('incident-programs').textContent).toBe('BPJS Kesehatan');
    expect(screen.getAllByTestId('incident-entry').map((e) => e.dataset.kind)).toEqual(['created', 'action']);
    expect(screen.getByTestId('incident-summary').textContent).toBe('Hoaks menyebar.');
    expect(screen.getByTestId('incident-pin-text').textContent).toBe(HOSTILE);
    expect(container.querySelector('img')).toBeNull();
    // A link that is not http(s) is not a link.
    expect(container.querySelector('a[href^="javascript"]')).toBeNull();
    expect(screen.queryByTestId('incident-summary-input')).toBeNull();
    expect(screen.queryByTestId('incident-note-add')).toBeNull();
    expect(screen.getByTestId('incident-report-pdf')).toBeTruthy();
    expect(screen.queryByTestId('incident-report-csv')).toBeNull();
  });

  it('lets an analyst save the summary and lessons, add a note, and download the report in the UI language', async () => {
    signIn('analyst');
    const detail = incident();
    const calls = stubFetch(fakeApi(detail));
    const saved: string[] = [];
    URL.createObjectURL = () => 'blob:siaga/1';
    URL.revokeObjectURL = () => undefined;
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      saved.push(this.download);
    };
    try {
      const user = userEvent.setup();
      renderRoutes(ROUTES, `/incidents/${detail.id}`);
      await user.type(await screen.findByTestId('incident-lessons-input'), 'Klarifikasi lebih awal.');
      await user.click(screen.getByTestId('incident-summary-save'));
      await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ summary: 'Hoaks menyebar.', lessons: 'Klarifikasi lebih awal.' }));

      await user.type(screen.getByTestId('incident-note-input'), 'Humas dihubungi');
      await user.click(screen.getByTestId('incident-note-add'));
      await waitFor(() => expect(screen.getAllByTestId('incident-entry').map((e) => e.dataset.kind)).toEqual(['created', 'action', 'note']));

      await user.click(screen.getByTestId('incident-report-pdf'));
      await waitFor(() => expect(saved).toEqual(['siaga-incident-00000000.pdf']));
      const report = calls.find((c) => c.path.endsWith('/report.pdf'))!;
      expect(report.url.searchParams.get('lang')).toBe('en');
      expect(screen.getByTestId('incident-report-csv')).toBeTruthy();
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
  });

  it('lists incidents with a link to each', async () => {
    signIn('viewer');
    stubFetch(fakeApi(incident()));
    renderRoutes(ROUTES, '/incidents');
    const link = await screen.findByTestId('incident-link');
    expect(link.getAttribute('href')).toBe('/incidents/00000000-0000-4000-8000-0000000000c1');
    expect(screen.getByTestId('incident-row').dataset.status).toBe('open');
    expect(screen.queryByTestId('incident-new')).toBeNull();
  });
});
