import { afterEach, describe, expect, it } from '@jest/globals';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Source, SourceTestResult } from '@siaga/shared';
import '../../i18n';
import { sessionStore } from '../../api';
import { jsonResponse, stubFetch } from '../../test-support/http';
import { renderRoutes } from '../../test-support/render';
import { signIn } from '../../test-support/session';
import { SourcesPage } from './SourcesPage';

const source = (over: Partial<Source> = {}): Source => ({
  id: '55555555-5555-4555-8555-555555555551',
  type: 'rss',
  name: 'Antara terkini',
  settings: { url: 'https://www.antaranews.com/rss/terkini.xml', pollIntervalSeconds: 300 },
  enabled: true,
  hasSecret: false,
  state: 'silent',
  cursor: { etag: '"v1"' },
  lastSuccessAt: '2026-11-26T07:00:00.000Z',
  lastItemAt: '2026-11-26T05:00:00.000Z',
  lastError: '<img src=x onerror=alert(1)>',
  lastErrorAt: '2026-11-26T06:00:00.000Z',
  consecutiveFailures: 0,
  itemsTotal: 1234,
  skippedTotal: 5,
  itemsPerHour: Array.from({ length: 24 }, (_, i) => (i < 20 ? 10 : 0)),
  usualGapSeconds: 300,
  webhookPath: null,
  createdAt: '2026-11-20T00:00:00.000Z',
  updatedAt: '2026-11-20T00:00:00.000Z',
  ...over,
});

afterEach(() => sessionStore.clear());

describe('SourcesPage', () => {
  it("lists each source's state, items per hour and last error as text, and shows what a fetch would store without storing it", async () => {
    signIn('admin');
    const result: SourceTestResult = { ok: true, itemCount: 1, skipped: 2, error: null, items: [{ source: 'rss', externalId: 'g1', text: 'Banjir rob <b>Jakarta</b>', createdAt: '2026-11-26T07:00:00.000Z', author: { handle: 'antaranews.com', name: 'Antara' } }] };
    const calls = stubFetch((call) => {
      if (call.url.pathname === '/api/sources') return jsonResponse([source()]);
      if (call.url.pathname.endsWith('/test')) return jsonResponse(result);
      return jsonResponse({}, 404);
    });
    renderRoutes([{ path: '/admin/sources', element: <SourcesPage /> }], '/admin/sources');
    const row = await screen.findByTestId('source-row');
    expect(within(row).getByTestId('source-state').textContent).toBe('Senyap');
    expect(within(row).getByTestId('source-sparkline').getAttribute('aria-label')).toContain('10, 10');
    expect(row.querySelector('img')).toBeNull();
    expect(row.textContent).toContain('<img src=x onerror=alert(1)>');
    await userEvent.click(within(row).getByTestId('source-test'));
    const dialog = await screen.findByTestId('source-test-dialog');
    expect(dialog.textContent).toContain('1 pos akan disimpan, 2 dilewati');
    expect(dialog.textContent).toContain('Banjir rob <b>Jakarta</b>');
    expect(dialog.querySelector('b')).toBeNull();
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.url.pathname === '/api/sources/55555555-5555-4555-8555-555555555551/test')).toBe(true));
  });

  it('adds an RSS source with its settings and pauses one', async () => {
    signIn('admin');
    let list: Source[] = [];
    const calls = stubFetch((call) => {
      if (call.url.pathname === '/api/sources' && call.method === 'POST') {
        const created = source({ name: (call.body as { name: string }).name, state: 'running' });
        list = [created];
        return jsonResponse(created, 201);
      }
      if (call.url.pathname === '/api/sources') return jsonResponse(list);
      if (call.method === 'PATCH') return jsonResponse({ ...list[0]!, enabled: false, state: 'paused' });
      return jsonResponse({}, 404);
    });
    renderRoutes([{ path: '/admin/sources', element: <SourcesPage /> }], '/admin/sources');
    await screen.findByTestId('sources-empty');
    await userEvent.click(screen.getByTestId('source-add'));
    await userEvent.type(await screen.findByTestId('source-name'), 'Kemenkes');
    await userEvent.type(screen.getByTestId('source-url'), 'https://kemkes.go.id/feed');
    await userEvent.clear(screen.getByTestId('source-poll'));
    await userEvent.type(screen.getByTestId('source-poll'), '60');
    await userEvent.click(screen.getByTestId('source-save'));
    await screen.findByTestId('source-row');
    const create = calls.find((c) => c.method === 'POST' && c.url.pathname === '/api/sources');
    expect(create?.body).toEqual({ type: 'rss', name: 'Kemenkes', settings: { url: 'https://kemkes.go.id/feed', pollIntervalSeconds: 60 }, enabled: true });
    await userEvent.click(screen.getByTestId('source-toggle'));
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ enabled: false }));
  });
});
