import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Alert, AlertCounts } from '@siaga/shared';
import '../../i18n';
import { sessionStore } from '../../api';
import { i18n } from '../../i18n';
import { errorResponse, jsonResponse, stubFetch, type RecordedCall } from '../../test-support/http';
import { renderRoutes } from '../../test-support/render';
import { USERS, signIn } from '../../test-support/session';
import { AlertsPage } from './AlertsPage';
import { PROGRAMS, nextAlert } from './testing';

/** A tiny stand-in for the alerts API, so refetches after an action see the server's new state. */
class FakeAlertsApi {
  alerts: Alert[];
  /** While set, list requests wait: lets a test look at the row before the list refetch lands. */
  private gate: Promise<void> | null = null;
  private openGate: (() => void) | null = null;
  conflictOn: string | null = null;

  constructor(alerts: Alert[]) {
    this.alerts = alerts;
  }

  holdLists(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  releaseLists(): void {
    this.openGate?.();
    this.gate = null;
  }

  counts(): AlertCounts {
    const open = this.alerts.filter((a) => a.status === 'open');
    return {
      open: open.length,
      acknowledged: this.alerts.filter((a) => a.status === 'acknowledged').length,
      openBySeverity: {
        info: open.filter((a) => a.severity === 'info').length,
        warning: open.filter((a) => a.severity === 'warning').length,
        critical: open.filter((a) => a.severity === 'critical').length,
      },
    };
  }

  private update(id: string, patch: Partial<Alert>): Alert {
    const index = this.alerts.findIndex((a) => a.id === id);
    const next = { ...this.alerts[index]!, ...patch, updatedAt: new Date().toISOString() };
    this.alerts[index] = next;
    return next;
  }

  handle = async (call: RecordedCall): Promise<Response> => {
    const path = call.url.pathname;
    const q = call.url.searchParams;
    if (call.method === 'GET' && path === '/api/alerts') {
      const gate = this.gate;
      if (gate) await gate;
      const items = this.alerts.filter(
        (a) =>
          (!q.get('status') || a.status === q.get('status')) &&
          (!q.get('programId') || a.programId === q.get('programId')) &&
          (!q.get('kind') || a.kind === q.get('kind')) &&
          (!q.get('severity') || a.severity === q.get('severity')),
      );
      return jsonResponse({ items, nextCursor: null });
    }
    if (call.method === 'GET' && path === '/api/alerts/counts') return jsonResponse(this.counts());
    const single = /^\/api\/alerts\/([0-9a-f-]+)$/.exec(path);
    if (call.method === 'GET' && single) {
      const alert = this.alerts.find((a) => a.id === single[1]);
      return alert ? jsonResponse({ ...alert, notes: [], history: [] }) : errorResponse(404, 'not_found');
    }
    if (call.method === 'GET' && path === '/api/programs') return jsonResponse({ items: PROGRAMS, nextCursor: null });
    if (call.method === 'GET' && path === '/api/alerts/assignees') return jsonResponse([USERS.analyst, USERS.supervisor].map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role })));
    const action = /^\/api\/alerts\/([0-9a-f-]+)\/(acknowledge|resolve|assign)$/.exec(path);
    if (call.method === 'POST' && action) {
      const id = action[1]!;
      const verb = action[2] as 'acknowledge' | 'resolve' | 'assign';
      const alert = this.alerts.find((a) => a.id === id);
      if (!alert) return errorResponse(404, 'not_found');
      const actor = USERS.analyst;
      if (this.conflictOn === id) {
        this.update(id, { status: 'resolved', resolvedAt: new Date().toISOString(), resolvedBy: USERS.supervisor.id, resolution: 'manual' });
        return errorResponse(409, 'conflict', 'the alert is resolved already');
      }
      switch (verb) {
        case 'acknowledge':
          if (alert.status !== 'open') return errorResponse(409, 'conflict');
          return jsonResponse(this.update(id, { status: 'acknowledged', acknowledgedAt: new Date().toISOString(), acknowledgedBy: actor.id }));
        case 'resolve':
          if (alert.status === 'resolved') return errorResponse(409, 'conflict');
          return jsonResponse(this.update(id, { status: 'resolved', resolvedAt: new Date().toISOString(), resolvedBy: actor.id, resolution: 'manual' }));
        case 'assign': {
          const userId = (call.body as { userId: string | null }).userId;
          const user = Object.values(USERS).find((u) => u.id === userId);
          return jsonResponse(this.update(id, { assigneeId: userId, assigneeName: user?.name ?? null }));
        }
      }
    }
    return errorResponse(404, 'not_found', `no fake for ${call.method} ${path}`);
  };
}

const ROUTES = [
  { path: '/alerts', element: <AlertsPage /> },
  { path: '/alerts/:alertId', element: <p data-testid="detail-route">detail</p> },
];

function rows(): HTMLElement[] {
  return screen.queryAllByTestId('alert-row');
}

function row(alertId: string): HTMLElement {
  const found = rows().find((r) => r.dataset.alertId === alertId);
  if (!found) throw new Error(`no row for ${alertId}`);
  return found;
}

function posts(calls: RecordedCall[], suffix: string): RecordedCall[] {
  return calls.filter((c) => c.method === 'POST' && c.url.pathname.endsWith(suffix));
}

beforeAll(async () => {
  await i18n.changeLanguage('en');
});

beforeEach(() => {
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
  sessionStore.clear();
});

describe('AlertsPage', () => {
  it('lists the open alerts with the program name on every row and counts on the tabs', async () => {
    signIn('analyst');
    const api = new FakeAlertsApi([nextAlert(), nextAlert({ severity: 'critical' }), nextAlert(), nextAlert({ status: 'acknowledged' })]);
    const calls = stubFetch(api.handle);
    renderRoutes(ROUTES, '/alerts');

    await waitFor(() => expect(rows()).toHaveLength(3));
    const listCall = calls.find((c) => c.url.pathname === '/api/alerts');
    expect(listCall?.url.searchParams.get('status')).toBe('open');
    for (const r of rows()) {
      const alert = api.alerts.find((a) => a.id === r.dataset.alertId)!;
      expect(within(r).getByTestId('alert-program').textContent).toBe(alert.programName);
      expect(r.dataset.status).toBe('open');
      expect(r.dataset.severity).toBe(alert.severity);
    }
    expect(new Set(rows().map((r) => within(r).getByTestId('alert-program').textContent)).size).toBe(3);
    await waitFor(() => expect(screen.getByTestId('alerts-tab-open-count').textContent).toBe('3'));
    expect(screen.getByTestId('alerts-tab-acknowledged-count').textContent).toBe('1');
    // The age is relative, with the full time in its tooltip.
    const age = within(rows()[0]!).getByTestId('alert-age');
    expect(age.getAttribute('title')).toMatch(/\d/);
    expect(age.textContent).toMatch(/min ago/);
  });

  it('acknowledges: sends the POST and the row takes the answer, staying in place until hidden', async () => {
    signIn('analyst');
    const alerts = [nextAlert(), nextAlert()];
    const api = new FakeAlertsApi(alerts);
    const calls = stubFetch(api.handle);
    const user = userEvent.setup();
    renderRoutes(ROUTES, '/alerts');
    await waitFor(() => expect(rows()).toHaveLength(2));
    const target = alerts[0]!.id;

    api.holdLists();
    await user.click(within(row(target)).getByTestId('alert-ack'));

    // From the POST's answer, before any refetch.
    await waitFor(() => expect(row(target).dataset.status).toBe('acknowledged'));
    const sent = posts(calls, `/api/alerts/${target}/acknowledge`);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toEqual({});
    expect(within(row(target)).getByTestId('alert-status').textContent).toContain('Acknowledged');
    expect(within(row(target)).queryByTestId('alert-ack')).toBeNull();
    expect(within(row(target)).getByTestId('alert-resolve')).toBeTruthy();
    expect(screen.getByTestId('alerts-announcer').textContent).toContain('acknowledged');

    // The refetched "open" list no longer has it: it stays, marked as moved, until hidden.
    act(() => api.releaseLists());
    await waitFor(() => expect(screen.getByTestId('alerts-tab-open-count').textContent).toBe('1'));
    expect(rows().map((r) => [r.dataset.alertId, r.dataset.status])).toEqual([
      [target, 'acknowledged'],
      [alerts[1]!.id, 'open'],
    ]);
    expect(row(target).dataset.moved).toBe('true');
    await user.click(screen.getByTestId('alerts-hide-moved'));
    expect(rows().map((r) => r.dataset.alertId)).toEqual([alerts[1]!.id]);
  });

  it('moves focus to the next row after Acknowledge, and to the heading after the last row', async () => {
    signIn('analyst');
    const alerts = [nextAlert(), nextAlert()];
    const api = new FakeAlertsApi(alerts);
    stubFetch(api.handle);
    const user = userEvent.setup();
    renderRoutes(ROUTES, '/alerts');
    await waitFor(() => expect(rows()).toHaveLength(2));
    const [first, last] = [alerts[0]!.id, alerts[1]!.id];

    await user.click(within(row(first)).getByTestId('alert-ack'));
    await waitFor(() => expect(row(first).dataset.status).toBe('acknowledged'));
    await waitFor(() => expect(document.activeElement).toBe(row(last)));
    expect(row(last).getAttribute('aria-selected')).toBe('true');

    // From the keyboard too: r on the last row resolves it and focus goes to the list's heading.
    await user.keyboard('r');
    await waitFor(() => expect(row(last).dataset.status).toBe('resolved'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1 })));
  });

  it('leaves focus alone when the user moved it elsewhere before the answer came', async () => {
    signIn('analyst');
    const alerts = [nextAlert(), nextAlert()];
    const api = new FakeAlertsApi(alerts);
    // The acknowledgement waits until the test lets it through.
    let answer = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    stubFetch(async (call) => {
      if (call.method === 'POST') await answered;
      return api.handle(call);
    });
    const user = userEvent.setup();
    renderRoutes(ROUTES, '/alerts');
    await waitFor(() => expect(rows()).toHaveLength(2));

    await user.click(within(row(alerts[0]!.id)).getByTestId('alert-ack'));
    // Focus moved to another control (the tab strip) while the request was in flight.
    const tab = screen.getByTestId('alerts-tab-acknowledged');
    act(() => tab.focus());
    answer();
    await waitFor(() => expect(row(alerts[0]!.id).dataset.status).toBe('acknowledged'));
    expect(document.activeElement).toBe(tab);
  });

  it('resolves an acknowledged alert', async () => {
    signIn('supervisor');
    const alerts = [nextAlert({ status: 'acknowledged' }), nextAlert({ status: 'acknowledged' })];
    const api = new FakeAlertsApi(alerts);
    const calls = stubFetch(api.handle);
    const user = userEvent.setup();
    renderRoutes(ROUTES, '/alerts?status=acknowledged');
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.getByTestId('alerts-tab-acknowledged').getAttribute('aria-selected')).toBe('true');
    expect(within(row(alerts[1]!.id)).queryByTestId('alert-ack')).toBeNull();

    const target = alerts[1]!.id;
    await user.click(within(row(target)).getByTestId('alert-resolve'));
    await waitFor(() => expect(row(target).dataset.status).toBe('resolved'));
    expect(posts(calls, `/api/alerts/${target}/resolve`)).toHaveLength(1);
    expect(within(row(target)).queryByTestId('alert-resolve')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('alerts-tab-acknowledged-count').textContent).toBe('1'));
  });

  it('shows a 409 inline when someone else resolved the alert first, with the alert as it now is', async () => {
    signIn('analyst');
    const alerts = [nextAlert(), nextAlert()];
    const api = new FakeAlertsApi(alerts);
    stubFetch(api.handle);
    const user = userEvent.setup();
    renderRoutes(ROUTES, '/alerts');
    await waitFor(() => expect(rows()).toHaveLength(2));
    const target = alerts[0]!.id;
    api.conflictOn = target;

    await user.click(within(row(target)).getByTestId('alert-ack'));
    const error = await screen.findByTestId('alert-action-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('no longer open');
    await waitFor(() => expect(row(target).dataset.status).toBe('resolved'));
    await waitFor(() => expect(screen.getByTestId('alerts-tab-open-count').textContent).toBe('1'));
  });

  it('triages from the keyboard: j/k move the selection, a acknowledges, Enter opens', async () => {
    signIn('analyst');
    const alerts = [nextAlert(), nextAlert(), nextAlert()];
    const api = new FakeAlertsApi(alerts);
    const calls = stubFetch(api.handle);
    const user = userEvent.setup();
    const { router } = renderRoutes(ROUTES, '/alerts');
    await waitFor(() => expect(rows()).toHaveLength(3));
    const selected = () => rows().filter((r) => r.getAttribute('aria-selected') === 'true').map((r) => r.dataset.alertId);

    expect(selected()).toEqual([]);
    await user.keyboard('j');
    expect(selected()).toEqual([alerts[0]!.id]);
    expect(document.activeElement).toBe(row(alerts[0]!.id));
    // Roving tabindex: only the selected row is in the tab order.
    expect(rows().map((r) => r.tabIndex)).toEqual([0, -1, -1]);
    await user.keyboard('jj');
    expect(selected()).toEqual([alerts[2]!.id]);
    await user.keyboard('j');
    expect(selected()).toEqual([alerts[2]!.id]);
    await user.keyboard('k');
    expect(selected()).toEqual([alerts[1]!.id]);
    expect(document.activeElement).toBe(row(alerts[1]!.id));

    await user.keyboard('a');
    await waitFor(() => expect(row(alerts[1]!.id).dataset.status).toBe('acknowledged'));
    expect(posts(calls, `/api/alerts/${alerts[1]!.id}/acknowledge`)).toHaveLength(1);
    // The row stays where it was (marked); triage goes on at the next row, which takes focus.
    await waitFor(() => expect(selected()).toEqual([alerts[2]!.id]));
    expect(document.activeElement).toBe(row(alerts[2]!.id));
    await user.keyboard('k');
    expect(selected()).toEqual([alerts[1]!.id]);
    await user.keyboard('r');
    await waitFor(() => expect(row(alerts[1]!.id).dataset.status).toBe('resolved'));
    expect(posts(calls, `/api/alerts/${alerts[1]!.id}/resolve`)).toHaveLength(1);
    await waitFor(() => expect(selected()).toEqual([alerts[2]!.id]));

    await user.keyboard('{Enter}');
    await waitFor(() => expect(router.state.location.pathname).toBe(`/alerts/${alerts[2]!.id}`));
  });

  it('ignores shortcuts while typing and shows the help on ?', async () => {
    signIn('analyst');
    const alerts = [nextAlert(), nextAlert()];
    const api = new FakeAlertsApi(alerts);
    const calls = stubFetch(api.handle);
    const user = userEvent.setup();
    renderRoutes(ROUTES, '/alerts');
    await waitFor(() => expect(rows()).toHaveLength(2));

    await user.keyboard('?');
    const help = screen.getByTestId('alert-shortcuts-help');
    expect(within(help).getByText('Acknowledge the selected alert')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('alert-shortcuts-help')).toBeNull();

    await user.click(within(row(alerts[1]!.id)).getByTestId('alert-note'));
    const note = screen.getByTestId('alert-note-text');
    expect(document.activeElement).toBe(note);
    await user.keyboard('jak r');
    expect((note as HTMLTextAreaElement).value).toBe('jak r');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    expect(rows().filter((r) => r.getAttribute('aria-selected') === 'true').map((r) => r.dataset.alertId)).toEqual([alerts[1]!.id]);
  });

  it('assigns an alert to me', async () => {
    signIn('analyst');
    const alerts = [nextAlert()];
    const api = new FakeAlertsApi(alerts);
    const calls = stubFetch(api.handle);
    const user = userEvent.setup();
    renderRoutes(ROUTES, '/alerts');
    await waitFor(() => expect(rows()).toHaveLength(1));

    await user.click(within(row(alerts[0]!.id)).getByTestId('alert-assign'));
    await user.click(screen.getByTestId('alert-assign-me'));
    await waitFor(() => expect(within(row(alerts[0]!.id)).getByTestId('alert-assignee').textContent).toBe(USERS.analyst.name));
    expect(posts(calls, `/api/alerts/${alerts[0]!.id}/assign`)[0]!.body).toEqual({ userId: USERS.analyst.id });
    // The panel closes after success (no user list for an analyst: `GET /api/alerts/assignees` is for leads).
    expect(screen.queryByTestId('alert-assign-panel')).toBeNull();
    expect(calls.some((c) => c.url.pathname === '/api/alerts/assignees' || c.url.pathname === '/api/users')).toBe(false);
  });

  it('lets a supervisor assign an alert to someone else', async () => {
    signIn('supervisor');
    const alerts = [nextAlert()];
    const api = new FakeAlertsApi(alerts);
    const calls = stubFetch(api.handle);
    const user = userEvent.setup();
    renderRoutes(ROUTES, '/alerts');
    await waitFor(() => expect(rows()).toHaveLength(1));

    await user.click(within(row(alerts[0]!.id)).getByTestId('alert-assign'));
    const picker = await screen.findByTestId('alert-assign-user');
    await waitFor(() => expect(picker.querySelectorAll('option')).toHaveLength(3));
    await user.selectOptions(picker, USERS.analyst.id);
    await user.click(screen.getByTestId('alert-assign-submit'));
    await waitFor(() => expect(within(row(alerts[0]!.id)).getByTestId('alert-assignee').textContent).toBe(USERS.analyst.name));
    expect(posts(calls, `/api/alerts/${alerts[0]!.id}/assign`)[0]!.body).toEqual({ userId: USERS.analyst.id });
  });

  it('shows a viewer no action buttons, and a or r do nothing', async () => {
    signIn('viewer');
    const alerts = [nextAlert(), nextAlert({ status: 'open', severity: 'critical' })];
    const api = new FakeAlertsApi(alerts);
    const calls = stubFetch(api.handle);
    const user = userEvent.setup();
    renderRoutes(ROUTES, '/alerts');
    await waitFor(() => expect(rows()).toHaveLength(2));

    for (const testId of ['alert-ack', 'alert-resolve', 'alert-assign', 'alert-snooze', 'alert-note']) {
      expect(screen.queryAllByTestId(testId)).toHaveLength(0);
    }
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).toBeNull();
    for (const r of rows()) expect(within(r).getByTestId('alert-program').textContent).not.toBe('');

    await user.keyboard('ja');
    await user.keyboard('r');
    expect(rows()[0]!.getAttribute('aria-selected')).toBe('true');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    expect(screen.getByTestId('alerts-announcer').textContent).toBe('With your role, alerts can only be selected and opened.');
  });

  it('takes the program filter from ?program= and sends it to the API', async () => {
    signIn('analyst');
    const program = PROGRAMS[1]!;
    const api = new FakeAlertsApi([nextAlert({ programId: program.id, programName: program.name }), nextAlert({ programId: PROGRAMS[0]!.id, programName: PROGRAMS[0]!.name })]);
    const calls = stubFetch(api.handle);
    const user = userEvent.setup();
    const { router } = renderRoutes(ROUTES, `/alerts?program=${program.id}`);
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(within(rows()[0]!).getByTestId('alert-program').textContent).toBe(program.name);
    expect(calls.some((c) => c.url.pathname === '/api/alerts' && c.url.searchParams.get('programId') === program.id)).toBe(true);

    await user.selectOptions(screen.getByTestId('alerts-filter-severity'), 'critical');
    await waitFor(() => expect(router.state.location.search).toContain('severity=critical'));
    expect(router.state.location.search).toContain(`program=${program.id}`);
    await screen.findByTestId('alerts-empty');
    await user.click(screen.getByTestId('alerts-filter-reset'));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(router.state.location.search).toBe('');
  });
});
