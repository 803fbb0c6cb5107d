import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { BacktestResponse, Program, Sensitivity } from '@siaga/shared';
import '../../i18n';
import { sessionStore } from '../../api';
import { preferencesStore } from '../../lib/preferences';
import { fromWallTime, toWallTime } from '../../lib/zonedTime';
import { makeProgram } from '../../test-support/fixtures';
import { errorResponse, jsonResponse, stubFetch, type RecordedCall } from '../../test-support/http';
import { renderRoutes } from '../../test-support/render';
import { signIn } from '../../test-support/session';
import { ProgramEditPage } from './ProgramEditPage';
import { ProgramsPage } from './ProgramsPage';

const WAIT = { timeout: 3_000 };
const ROUTES = [
  { path: '/programs', element: <ProgramsPage /> },
  { path: '/programs/new', element: <ProgramEditPage /> },
  { path: '/programs/:programId', element: <ProgramEditPage /> },
];

const CREATED: Program = makeProgram({
  id: '22222222-2222-4222-8222-222222222222',
  name: 'Bansos Ramadan 2026',
  slug: 'bansos-ramadan-2026',
  query: 'bansos OR "bantuan sosial"',
  languages: ['id'],
  sensitivity: 'high',
});

const PREVIEW = { from: '2026-11-25T08:00:00.000Z', to: '2026-11-26T08:00:00.000Z', matched: 2, scanned: 10, complete: true, scannedFrom: '2026-11-25T08:00:00.000Z', samples: [] };

function backtest(programId: string, sensitivity: Sensitivity): BacktestResponse {
  const point = (at: string, observed: number) => ({
    at,
    value: observed,
    volume: { observed, expected: 4, band: { lower: 1, upper: 9 }, score: 0.1 },
    negative: { observed: 1, expected: 1, band: { lower: 0, upper: 3 }, score: 0 },
    negativeShare: { observed: 0.2, expected: 0.2, band: { lower: 0, upper: 0.5 }, score: 0 },
  });
  const decision = (kind: 'volume_spike' | 'negative_spike', at: string) => ({
    kind,
    programId,
    at,
    expected: 4,
    band: { lower: 1, upper: 9 },
    observed: 30,
    score: 0.8,
    severityHint: 'warning' as const,
    facts: { kind: 'legacy' as const, text: 'spike' },
  });
  const decisions =
    sensitivity === 'high'
      ? [decision('volume_spike', '2026-11-20T10:00:00.000Z'), decision('volume_spike', '2026-11-21T10:00:00.000Z'), decision('negative_spike', '2026-11-22T10:00:00.000Z')]
      : [decision('volume_spike', '2026-11-20T10:00:00.000Z')];
  return {
    programId,
    sensitivity,
    from: '2026-10-27T08:00:00.000Z',
    to: '2026-11-26T08:00:00.000Z',
    windowMinutes: 5,
    pointStepMinutes: 9,
    points: [point('2026-11-20T10:00:00.000Z', 30), point('2026-11-20T10:09:00.000Z', 3)],
    decisions,
  };
}

beforeEach(() => {
  preferencesStore.set({ timeZone: 'Asia/Jakarta' });
});

afterEach(() => {
  sessionStore.clear();
});

const posts = (calls: RecordedCall[], path: string, method = 'POST') => calls.filter((c) => c.method === method && c.path === path);

describe('ProgramEditPage: create', () => {
  it('sends the new program, then returns to the list with a notice', async () => {
    signIn('supervisor');
    let created = false;
    const calls = stubFetch((call) => {
      if (call.path === '/api/programs/validate-query') return jsonResponse({ valid: true });
      if (call.path === '/api/programs/preview') return jsonResponse(PREVIEW);
      if (call.path === '/api/programs' && call.method === 'POST') {
        created = true;
        return jsonResponse(CREATED, 201);
      }
      if (call.path === '/api/programs') return jsonResponse({ items: created ? [CREATED] : [], nextCursor: null });
      return errorResponse(404, 'not_found', 'no route');
    });
    const user = userEvent.setup();
    renderRoutes(ROUTES, '/programs/new');

    const form = await screen.findByTestId('program-form');
    expect(screen.getByTestId('program-edit-page').getAttribute('data-mode')).toBe('create');
    await user.type(within(form).getByTestId('program-name'), 'Bansos Ramadan 2026');
    // The slug follows the name until it is edited by hand.
    expect(screen.getByTestId<HTMLInputElement>('program-slug').value).toBe('bansos-ramadan-2026');
    await user.type(screen.getByTestId('program-description'), 'Penyaluran bansos selama Ramadan');
    await user.type(screen.getByTestId('program-query'), 'bansos OR "bantuan sosial"');
    await user.click(screen.getByTestId('program-language-id'));
    await user.click(screen.getByTestId('program-sensitivity-high'));
    expect(await screen.findByTestId('query-valid', {}, WAIT)).toBeTruthy();
    expect((await screen.findByTestId('query-preview-count', {}, WAIT)).textContent).toBe('2 dari 10 pos dalam 24 jam terakhir cocok.');
    // Creating has no saved history to replay yet.
    expect(screen.queryByTestId('backtest-preview')).toBeNull();

    await user.click(screen.getByTestId('program-save'));

    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/programs'), WAIT);
    expect(posts(calls, '/api/programs').map((c) => c.body)).toEqual([
      {
        name: 'Bansos Ramadan 2026',
        slug: 'bansos-ramadan-2026',
        query: 'bansos OR "bantuan sosial"',
        description: 'Penyaluran bansos selama Ramadan',
        languages: ['id'],
        sensitivity: 'high',
        active: true,
      },
    ]);
    expect((await screen.findByTestId('programs-notice')).textContent).toContain('Program "Bansos Ramadan 2026" dibuat.');
    expect(await screen.findByTestId('program-row', {}, WAIT)).toBeTruthy();
    // Leaving after a successful save is not an unsaved change.
    expect(screen.queryByTestId('unsaved-dialog')).toBeNull();
  });

  it('checks the fields before sending and shows a taken slug next to the slug', async () => {
    signIn('admin');
    const calls = stubFetch((call) => {
      if (call.path === '/api/programs/validate-query') return jsonResponse({ valid: true });
      if (call.path === '/api/programs/preview') return jsonResponse(PREVIEW);
      if (call.path === '/api/programs' && call.method === 'POST') return errorResponse(409, 'conflict', 'a program with slug banjir exists');
      return jsonResponse({ items: [], nextCursor: null });
    });
    const user = userEvent.setup();
    renderRoutes(ROUTES, '/programs/new');

    await user.click(await screen.findByTestId('program-save'));
    expect(screen.getByTestId('program-name-error').textContent).toContain('Nama wajib diisi.');
    expect(screen.getByTestId('query-field-error').textContent).toContain('Kueri wajib diisi.');
    expect(document.activeElement).toBe(screen.getByTestId('program-name'));
    expect(posts(calls, '/api/programs')).toHaveLength(0);

    await user.type(screen.getByTestId('program-name'), 'Banjir');
    await user.type(screen.getByTestId('program-query'), 'banjir');
    await screen.findByTestId('query-valid', {}, WAIT);
    await user.click(screen.getByTestId('program-save'));

    const slugError = await screen.findByTestId('program-slug-error', {}, WAIT);
    expect(slugError.textContent).toContain('Slug ini sudah dipakai program lain.');
    expect(screen.getByTestId('program-slug').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('location').textContent).toBe('/programs/new');
  });

  it('asks before leaving with unsaved edits', async () => {
    signIn('supervisor');
    stubFetch((call) => (call.path === '/api/programs/validate-query' ? jsonResponse({ valid: true }) : jsonResponse({ items: [], nextCursor: null })));
    const user = userEvent.setup();
    renderRoutes(ROUTES, '/programs/new');

    await user.type(await screen.findByTestId('program-name'), 'Draf');
    await user.click(screen.getByRole('link', { name: /Kembali ke daftar program/ }));
    const dialog = await screen.findByTestId('unsaved-dialog');
    await user.click(within(dialog).getByTestId('confirm-dialog-cancel'));
    expect(screen.getByTestId('location').textContent).toBe('/programs/new');
    expect(screen.getByTestId<HTMLInputElement>('program-name').value).toBe('Draf');

    await user.click(screen.getByRole('link', { name: /Kembali ke daftar program/ }));
    await user.click(within(await screen.findByTestId('unsaved-dialog')).getByTestId('unsaved-leave'));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/programs'));
  });

  it('is refused to viewers and analysts', async () => {
    signIn('analyst');
    stubFetch(() => jsonResponse({ items: [], nextCursor: null }));
    renderRoutes(ROUTES, '/programs/new');
    expect(await screen.findByTestId('forbidden')).toBeTruthy();
    expect(screen.queryByTestId('program-form')).toBeNull();
  });
});

describe('ProgramEditPage: edit', () => {
  const PROGRAM = makeProgram();
  const detailPath = `/api/programs/${PROGRAM.id}`;

  /** The API of one program; `extra` answers first (the writes a test is about). */
  function stubProgramApi(extra: (call: RecordedCall) => Response | undefined = () => undefined, saved: Program = PROGRAM) {
    return stubFetch((call) => {
      const answer = extra(call);
      if (answer) return answer;
      if (call.path === detailPath && call.method === 'GET') return jsonResponse(saved);
      if (call.path === detailPath && call.method === 'PATCH') return jsonResponse({ ...saved, ...(call.body as object), updatedAt: '2026-11-26T09:00:00.000Z' });
      if (call.path === `${detailPath}/escalation-policy`) return jsonResponse({ steps: [{ afterMinutes: 15, role: 'supervisor', minSeverity: 'warning' }] });
      if (call.path === `${detailPath}/snooze`) return jsonResponse({ programId: PROGRAM.id, until: null, reason: null });
      if (call.path === '/api/detection/backtest') {
        const body = call.body as { sensitivity: Sensitivity };
        return jsonResponse(backtest(PROGRAM.id, body.sensitivity));
      }
      if (call.path === '/api/programs/validate-query') return jsonResponse({ valid: true });
      if (call.path === '/api/programs/preview') return jsonResponse(PREVIEW);
      if (call.path === '/api/programs') return jsonResponse({ items: [saved], nextCursor: null });
      return errorResponse(404, 'not_found', 'no route');
    });
  }

  it('previews a sensitivity against the saved one and saves only what changed', async () => {
    signIn('supervisor');
    const calls = stubProgramApi();
    const user = userEvent.setup();
    renderRoutes(ROUTES, `/programs/${PROGRAM.id}`);

    const name = await screen.findByTestId<HTMLInputElement>('program-name');
    expect(name.value).toBe('Banjir Jakarta');
    const count = await screen.findByTestId('backtest-count', {}, WAIT);
    expect(count.getAttribute('data-count')).toBe('1');

    await user.click(screen.getByTestId('program-sensitivity-high'));
    await waitFor(() => expect(screen.getByTestId('backtest-count').getAttribute('data-count')).toBe('3'), WAIT);
    expect(screen.getByTestId('backtest-count').getAttribute('data-saved-count')).toBe('1');
    expect(screen.getByTestId('backtest-count').textContent).toContain('Tinggi');
    const rows = screen.getAllByTestId('backtest-kind');
    expect(rows.map((row) => [row.getAttribute('data-kind'), within(row).getByTestId('backtest-kind-count').textContent])).toEqual([
      ['volume_spike', '2'],
      ['negative_spike', '1'],
      ['negative_share_shift', '0'],
      ['coordinated_campaign', '0'],
      ['harm_reports', '0'],
    ]);
    const runs = posts(calls, '/api/detection/backtest').map((c) => c.body as { sensitivity: string; from: string; to: string });
    expect(runs.map((r) => r.sensitivity)).toEqual(['medium', 'high']);
    // Both runs judge the same 30 days.
    expect(new Set(runs.map((r) => `${r.from}/${r.to}`)).size).toBe(1);

    await user.clear(name);
    await user.type(name, 'Banjir Jabodetabek');
    await user.click(screen.getByTestId('program-save'));

    expect(await screen.findByTestId('program-saved', {}, WAIT)).toBeTruthy();
    expect(posts(calls, detailPath, 'PATCH').map((c) => c.body)).toEqual([{ name: 'Banjir Jabodetabek', sensitivity: 'high' }]);
    expect(screen.getByTestId('location').textContent).toBe(`/programs/${PROGRAM.id}`);
  });

  it('deletes after a confirmation and goes back to the list', async () => {
    signIn('supervisor');
    let deleted = false;
    const calls = stubProgramApi((call) => {
      if (call.method === 'DELETE' && call.path === detailPath) {
        deleted = true;
        return new Response(null, { status: 204 });
      }
      if (call.path === '/api/programs' && deleted) return jsonResponse({ items: [], nextCursor: null });
      return undefined;
    });
    const user = userEvent.setup();
    renderRoutes(ROUTES, `/programs/${PROGRAM.id}`);

    await user.click(await screen.findByTestId('program-delete'));
    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('Banjir Jakarta');
    // The safe choice has the focus.
    expect(document.activeElement).toBe(within(dialog).getByTestId('confirm-dialog-cancel'));
    await user.click(within(dialog).getByTestId('program-delete-confirm'));

    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/programs'), WAIT);
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual([detailPath]);
    expect((await screen.findByTestId('programs-notice')).getAttribute('data-kind')).toBe('deleted');
    expect(await screen.findByTestId('programs-empty', {}, WAIT)).toBeTruthy();
  });

  it('edits the escalation steps with inline checks and saves them on their own', async () => {
    signIn('supervisor');
    const calls = stubProgramApi((call) => (call.method === 'PUT' && call.path === `${detailPath}/escalation-policy` ? jsonResponse(call.body) : undefined));
    const user = userEvent.setup();
    renderRoutes(ROUTES, `/programs/${PROGRAM.id}`);

    const policy = await screen.findByTestId('escalation-policy');
    await within(policy).findAllByTestId('escalation-step');
    await user.click(within(policy).getByTestId('escalation-add'));
    const steps = within(policy).getAllByTestId('escalation-step');
    expect(steps).toHaveLength(2);
    const minutes = within(steps[1]!).getByTestId<HTMLInputElement>('escalation-minutes');
    await user.clear(minutes);
    await user.type(minutes, '10');
    await user.click(within(policy).getByTestId('escalation-save'));
    expect(within(policy).getByTestId('escalation-error').textContent).toContain('berurutan menurut waktu');
    expect(document.activeElement).toBe(minutes);
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);

    await user.clear(minutes);
    await user.type(minutes, '60');
    await user.selectOptions(within(steps[1]!).getByTestId('escalation-role'), 'admin');
    await user.selectOptions(within(steps[1]!).getByTestId('escalation-severity'), 'critical');
    await user.click(within(policy).getByTestId('escalation-save'));

    expect(await within(policy).findByTestId('escalation-saved', {}, WAIT)).toBeTruthy();
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.body)).toEqual([
      {
        steps: [
          { afterMinutes: 15, role: 'supervisor', minSeverity: 'warning' },
          { afterMinutes: 60, role: 'admin', minSeverity: 'critical' },
        ],
      },
    ]);
  });

  it('snoozes until a time entered in the chosen zone, with a reason', async () => {
    signIn('analyst');
    const calls = stubProgramApi((call) => {
      if (call.method !== 'PUT' || call.path !== `${detailPath}/snooze`) return undefined;
      const body = call.body as { until: string; reason?: string };
      return jsonResponse({ programId: PROGRAM.id, until: body.until, reason: body.reason ?? null });
    });
    const user = userEvent.setup();
    renderRoutes(ROUTES, `/programs/${PROGRAM.id}`);

    const panel = await screen.findByTestId('program-snooze');
    const value = toWallTime(Date.now() + 2 * 86_400_000, 'Asia/Jakarta');
    fireEvent.change(await within(panel).findByTestId('snooze-until'), { target: { value } });
    await user.type(within(panel).getByTestId('snooze-reason'), 'Pengumuman <b>resmi</b> pukul 17.00');
    await user.click(within(panel).getByTestId('snooze-save'));

    const status = await within(panel).findByTestId('snooze-status', {}, WAIT);
    await waitFor(() => expect(within(panel).getByTestId('snooze-status').getAttribute('data-snoozed')).toBe('true'), WAIT);
    expect(status.ownerDocument.querySelector('b')).toBeNull();
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.body)).toEqual([
      { until: new Date(fromWallTime(value, 'Asia/Jakarta') ?? 0).toISOString(), reason: 'Pengumuman <b>resmi</b> pukul 17.00' },
    ]);
    expect(within(panel).getByTestId('snooze-status').textContent).toContain('WIB');
    // Analysts may snooze but not edit the program.
    expect(screen.queryByTestId('program-save')).toBeNull();
  });

  it('shows the settings read-only to viewers', async () => {
    signIn('viewer');
    const calls = stubProgramApi();
    renderRoutes(ROUTES, `/programs/${PROGRAM.id}`);

    expect(await screen.findByTestId('program-readonly')).toBeTruthy();
    // Disabled through its fieldset, which `.disabled` alone does not report.
    expect(screen.getByTestId('program-name').matches(':disabled')).toBe(true);
    expect(screen.getByTestId('program-sensitivity-high').matches(':disabled')).toBe(true);
    expect(screen.getByTestId<HTMLTextAreaElement>('program-query').readOnly).toBe(true);
    expect(screen.queryByTestId('program-save')).toBeNull();
    expect(screen.queryByTestId('program-delete')).toBeNull();
    expect(screen.queryByTestId('backtest-preview')).toBeNull();
    expect(screen.queryByTestId('query-preview')).toBeNull();
    expect((await screen.findAllByTestId('escalation-step')).map((s) => s.textContent)).toEqual([
      'Setelah 15 menit tanpa tanggapan, peringatan Waspada ke atas diteruskan ke Supervisor.',
    ]);
    expect((await screen.findByTestId('snooze-status')).getAttribute('data-snoozed')).toBe('false');
    expect(screen.queryByTestId('snooze-save')).toBeNull();
    expect(calls.some((c) => c.path === '/api/detection/backtest')).toBe(false);
  });

  it('says so when the program does not exist', async () => {
    signIn('viewer');
    stubFetch(() => errorResponse(404, 'not_found', 'program not found'));
    renderRoutes(ROUTES, `/programs/${PROGRAM.id}`);
    expect(await screen.findByTestId('program-not-found')).toBeTruthy();
  });
});

describe('ProgramsPage', () => {
  it('lists programs with their links, and offers "New program" to supervisors only', async () => {
    signIn('viewer');
    const program = makeProgram({ languages: ['id', 'en'], sensitivity: 'high', active: false });
    stubFetch(() => jsonResponse({ items: [program], nextCursor: null }));
    const { unmount } = renderRoutes(ROUTES, '/programs');

    const row = await screen.findByTestId('program-row');
    expect(row.getAttribute('data-program-id')).toBe(program.id);
    expect(within(row).getByTestId('program-languages').textContent).toBe('Indonesia, Inggris');
    expect(within(row).getByTestId('program-active').textContent).toContain('Nonaktif');
    expect(within(row).getByTestId('program-posts-link').getAttribute('href')).toBe(`/posts?program=${program.id}`);
    expect(within(row).getByTestId('program-alerts-link').getAttribute('href')).toBe(`/alerts?program=${program.id}`);
    expect(within(row).getByTestId('program-edit-link').textContent).toBe('Lihat');
    expect(screen.queryByTestId('program-new')).toBeNull();
    unmount();

    signIn('supervisor');
    renderRoutes(ROUTES, '/programs');
    expect((await screen.findByTestId('program-new')).getAttribute('href')).toBe('/programs/new');
    expect(within(await screen.findByTestId('program-row')).getByTestId('program-edit-link').textContent).toBe('Ubah');
  });
});
