import { afterEach, describe, expect, it } from '@jest/globals';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AuditEntry, IngestKey, User } from '@siaga/shared';
import '../../i18n';
import { sessionStore } from '../../api';
import { makeProgram } from '../../test-support/fixtures';
import { errorResponse, jsonResponse, stubFetch, type RecordedCall } from '../../test-support/http';
import { renderRoutes } from '../../test-support/render';
import { USERS, signIn } from '../../test-support/session';
import { AdminPage } from './AdminPage';

const PLAIN_KEY = 'sk_4f9Qm1r8ZtVbXw2LkP0aS7dE3hJ6nC5yU1iO9gT8rF4';

const key = (overrides: Partial<IngestKey> = {}): IngestKey => ({
  id: '33333333-3333-4333-8333-333333333331',
  name: 'Kolektor lama',
  prefix: 'sk_old00',
  createdAt: '2026-11-01T00:00:00.000Z',
  createdBy: null,
  lastUsedAt: null,
  revokedAt: null,
  ...overrides,
});

const user = (overrides: Partial<User> = {}): User => ({
  id: '44444444-4444-4444-8444-444444444441',
  email: 'analis@siaga.test',
  name: 'Analis Satu',
  role: 'analyst',
  active: true,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  lastLoginAt: null,
  ...overrides,
});

/** The signed-in admin (`signIn('admin')`) as the users list shows them. */
const ME = user(USERS.admin);

const renderAdmin = (url: string) => renderRoutes([{ path: '/admin', element: <AdminPage /> }], url);

const empty = { items: [], nextCursor: null };

afterEach(() => {
  sessionStore.clear();
});

describe('AdminPage ingest keys', () => {
  it('shows a created key once, and forgets it when the dialog is closed', async () => {
    signIn('admin');
    let stored: IngestKey[] = [key()];
    const calls = stubFetch((call) => {
      if (call.url.pathname === '/api/ingest-keys' && call.method === 'POST') {
        const created = key({ id: '33333333-3333-4333-8333-333333333332', name: (call.body as { name: string }).name, prefix: PLAIN_KEY.slice(0, 8), createdAt: '2026-11-26T08:00:00.000Z' });
        stored = [created, ...stored];
        return jsonResponse({ ...created, key: PLAIN_KEY }, 201);
      }
      if (call.url.pathname === '/api/ingest-keys') return jsonResponse({ items: stored, nextCursor: null });
      return jsonResponse(empty);
    });
    const u = userEvent.setup();
    const { queryClient } = renderAdmin('/admin?tab=keys');

    expect(await screen.findByText('Kolektor lama')).toBeTruthy();
    await u.type(screen.getByTestId('admin-key-name'), 'Kolektor X Jakarta');
    await u.click(screen.getByTestId('admin-key-create'));

    const dialog = await screen.findByTestId('key-created-dialog');
    expect(screen.getByTestId<HTMLInputElement>('key-created-value').value).toBe(PLAIN_KEY);
    expect(within(dialog).getByTestId('key-created-warning').textContent).toContain('Hanya ditampilkan sekali.');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'Kolektor X Jakarta' });
    // The list behind the dialog shows the new key by name and prefix only.
    await waitFor(() => expect(screen.getAllByTestId('admin-key-row')).toHaveLength(2));

    await u.click(within(dialog).getByTestId('key-created-close'));
    expect(screen.queryByTestId('key-created-dialog')).toBeNull();
    expect(screen.queryByTestId('key-created-value')).toBeNull();
    expect(document.body.innerHTML).not.toContain(PLAIN_KEY);
    expect(screen.getByText('Kolektor X Jakarta')).toBeTruthy();
    // Nor is it kept in any cache.
    await waitFor(() => expect(queryClient.getMutationCache().getAll()).toHaveLength(0));
    expect(JSON.stringify(queryClient.getQueryCache().getAll().map((q) => q.state.data))).not.toContain(PLAIN_KEY);
    // Focus goes back to where it was before the dialog opened.
    expect(document.activeElement).toBe(screen.getByTestId('admin-key-create'));
  });

  it('revokes a key only after confirmation', async () => {
    signIn('admin');
    let stored = [key()];
    const calls = stubFetch((call) => {
      if (call.method === 'DELETE') {
        stored = [key({ revokedAt: '2026-11-26T08:00:00.000Z' })];
        return jsonResponse(stored[0]);
      }
      if (call.url.pathname === '/api/ingest-keys') return jsonResponse({ items: stored, nextCursor: null });
      return jsonResponse(empty);
    });
    const u = userEvent.setup();
    renderAdmin('/admin?tab=keys');
    await u.click(await screen.findByTestId('admin-key-revoke'));
    const confirm = screen.getByTestId('admin-confirm-dialog');
    expect(document.activeElement).toBe(within(confirm).getByTestId('admin-confirm-cancel'));
    await u.click(within(confirm).getByTestId('admin-confirm-cancel'));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);

    await u.click(screen.getByTestId('admin-key-revoke'));
    await u.click(screen.getByTestId('admin-confirm'));
    await waitFor(() => expect(screen.getByTestId('admin-key-status').textContent).toContain('Dicabut'));
    expect(calls.find((c) => c.method === 'DELETE')?.url.pathname).toBe('/api/ingest-keys/33333333-3333-4333-8333-333333333331');
    expect(screen.queryByTestId('admin-key-revoke')).toBeNull();
  });
});

describe('AdminPage users', () => {
  const usersHandler = (calls: { list: User[] }) => (call: RecordedCall) => {
    if (call.url.pathname === '/api/users' && call.method === 'POST') {
      const body = call.body as { email: string; name: string; role: User['role'] };
      const created = user({ id: '44444444-4444-4444-8444-444444444449', ...body });
      calls.list = [...calls.list, created];
      return jsonResponse(created, 201);
    }
    if (call.url.pathname === '/api/users') return jsonResponse({ items: calls.list, nextCursor: null });
    return jsonResponse(empty);
  };

  it('lists users and creates one, checking the password length first', async () => {
    signIn('admin');
    const state = { list: [ME, user()] };
    const calls = stubFetch(usersHandler(state));
    const u = userEvent.setup();
    renderAdmin('/admin');

    const rows = await screen.findAllByTestId('admin-user-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0] as HTMLElement).getByText('Anda')).toBeTruthy();
    expect(within(rows[1] as HTMLElement).getByText('Belum pernah')).toBeTruthy();

    await u.click(screen.getByTestId('admin-user-create'));
    await u.type(screen.getByTestId('admin-user-name'), 'Supervisor Baru');
    await u.type(screen.getByTestId('admin-user-email'), 'Spv@Siaga.test');
    await u.selectOptions(screen.getByTestId('admin-user-role'), 'supervisor');
    await u.type(screen.getByTestId('admin-user-password-input'), 'pendek');
    await u.click(screen.getByTestId('admin-user-submit'));
    expect(screen.getByText('Kata sandi minimal 10 karakter.')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await u.type(screen.getByTestId('admin-user-password-input'), '-tapi-cukup');
    await u.click(screen.getByTestId('admin-user-submit'));
    await waitFor(() => expect(screen.queryByTestId('admin-user-dialog')).toBeNull());
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'Supervisor Baru', email: 'spv@siaga.test', role: 'supervisor', password: 'pendek-tapi-cukup' });
    expect(await screen.findAllByTestId('admin-user-row')).toHaveLength(3);
    expect(screen.getByTestId('admin-users-notice').textContent).toBe('Pengguna spv@siaga.test dibuat.');
  });

  it('never deletes or demotes the signed-in admin by accident, and shows a server refusal', async () => {
    signIn('admin');
    const calls = stubFetch((call) => {
      if (call.method === 'PATCH') return errorResponse(409, 'conflict', 'this is the last active admin');
      if (call.url.pathname === '/api/users') return jsonResponse({ items: [ME, user()], nextCursor: null });
      return jsonResponse(empty);
    });
    const u = userEvent.setup();
    renderAdmin('/admin');
    const [mine] = await screen.findAllByTestId('admin-user-row');
    const own = within(mine as HTMLElement);
    expect(own.getByTestId<HTMLButtonElement>('admin-user-delete').disabled).toBe(true);

    await u.click(own.getByTestId('admin-user-edit'));
    await u.selectOptions(screen.getByTestId('admin-user-role'), 'analyst');
    expect(screen.getByTestId('admin-user-self-warning')).toBeTruthy();
    expect(screen.getByTestId<HTMLButtonElement>('admin-user-submit').disabled).toBe(true);
    await u.click(screen.getByTestId('admin-user-self-confirm'));
    await u.click(screen.getByTestId('admin-user-submit'));

    expect((await screen.findByTestId('admin-user-error')).textContent).toContain('minimal satu admin aktif');
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ role: 'analyst' });
    expect(screen.getByTestId('admin-user-dialog')).toBeTruthy();
  });
});

describe('AdminPage audit log', () => {
  it('renders details as text, filters, and loads older entries by cursor', async () => {
    signIn('admin');
    const entry = (n: number, details: Record<string, unknown>, action = 'program.updated'): AuditEntry => ({
      id: `55555555-5555-4555-8555-55555555555${n}`,
      at: `2026-11-26T0${n}:00:00.000Z`,
      actorId: ME.id,
      actorEmail: ME.email,
      actorName: 'Sari Admin',
      action,
      targetType: 'program',
      targetId: '11111111-1111-4111-8111-111111111111',
      targetName: n === 1 ? null : 'BPJS Kesehatan',
      details,
    });
    const calls = stubFetch((call) => {
      if (call.url.pathname === '/api/audit') {
        if (call.url.searchParams.get('cursor') === 'older') return jsonResponse({ items: [entry(1, { slug: 'lama' })], nextCursor: null });
        return jsonResponse({
          items: [entry(3, { name: '<img src=x onerror=alert(1)>', changes: { active: { from: true, to: false } } }), entry(2, {}, 'user.password_changed')],
          nextCursor: 'older',
        });
      }
      if (call.url.pathname === '/api/users') return jsonResponse({ items: [ME], nextCursor: null });
      return jsonResponse(empty);
    });
    const u = userEvent.setup();
    const { container } = renderAdmin('/admin?tab=audit');

    const rows = await screen.findAllByTestId('admin-audit-row');
    expect(rows).toHaveLength(2);
    expect(container.querySelector('img')).toBeNull();
    const details = within(rows[0] as HTMLElement).getByTestId('admin-audit-details');
    expect(details.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(details.textContent?.replace(/\s+/g, ' ')).toContain('active: true menjadi false');
    expect(details.querySelector('svg[data-icon="arrowRight"]')).not.toBeNull();
    expect(within(rows[1] as HTMLElement).getByText('Kata sandi diganti')).toBeTruthy();
    // Names, not ids: who acted and what they acted on.
    expect(rows[0]?.textContent).toContain('Sari Admin');
    expect(rows[0]?.textContent).toContain('BPJS Kesehatan');
    expect(rows[0]?.textContent).not.toContain('11111111-1111-4111-8111-111111111111');

    await u.click(screen.getByTestId('admin-audit-load-more'));
    await waitFor(() => expect(screen.getAllByTestId('admin-audit-row')).toHaveLength(3));
    expect(Object.fromEntries(calls.filter((c) => c.url.pathname === '/api/audit').at(-1)?.url.searchParams ?? [])).toEqual({ limit: '50', cursor: 'older' });

    await u.type(screen.getByTestId('admin-audit-action'), 'user.updated{Enter}');
    await u.selectOptions(screen.getByTestId('admin-audit-target'), 'user');
    await waitFor(() =>
      expect(Object.fromEntries(calls.filter((c) => c.url.pathname === '/api/audit').at(-1)?.url.searchParams ?? [])).toEqual({ limit: '50', action: 'user.updated', targetType: 'user' }),
    );
  });
});

describe('AdminPage webhooks', () => {
  it('creates a webhook for chosen programs and shows its secret once', async () => {
    signIn('admin');
    const program = makeProgram();
    let hooks: unknown[] = [];
    const calls = stubFetch((call) => {
      if (call.url.pathname === '/api/webhooks' && call.method === 'POST') {
        const body = call.body as { name: string; url: string; programIds: string[]; minSeverity: string };
        const hook = { id: '66666666-6666-4666-8666-666666666661', ...body, active: true, createdAt: '2026-11-26T08:00:00.000Z' };
        hooks = [hook];
        return jsonResponse({ ...hook, secret: 'whsec_rahasia' }, 201);
      }
      if (call.url.pathname === '/api/webhooks') return jsonResponse(hooks);
      if (call.url.pathname === '/api/programs') return jsonResponse({ items: [program], nextCursor: null });
      return jsonResponse(empty);
    });
    const u = userEvent.setup();
    renderAdmin('/admin?tab=webhooks');
    await screen.findByText('Belum ada webhook.');
    await u.click(screen.getByTestId('admin-webhook-create'));
    await u.type(screen.getByTestId('admin-webhook-name'), 'Grup Telegram');
    await u.type(screen.getByTestId('admin-webhook-url'), 'javascript:alert(1)');
    await u.click(screen.getByTestId('admin-webhook-submit'));
    expect(screen.getByText('Masukkan URL http:// atau https:// yang valid.')).toBeTruthy();
    await u.clear(screen.getByTestId('admin-webhook-url'));
    await u.type(screen.getByTestId('admin-webhook-url'), 'https://gateway.example/hook');
    await u.selectOptions(screen.getByTestId('admin-webhook-severity'), 'critical');
    await u.click(await screen.findByLabelText('Banjir Jakarta'));
    await u.click(screen.getByTestId('admin-webhook-submit'));

    expect((await screen.findByTestId<HTMLInputElement>('webhook-created-secret')).value).toBe('whsec_rahasia');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'Grup Telegram', url: 'https://gateway.example/hook', programIds: [program.id], minSeverity: 'critical' });
    await u.click(screen.getByTestId('webhook-created-close'));
    expect(document.body.innerHTML).not.toContain('whsec_rahasia');
    const row = await screen.findByTestId('admin-webhook-row');
    expect(row.textContent).toContain('Banjir Jakarta');
    expect(row.textContent).toContain('Kritis ke atas');
  });
});

describe('AdminPage tabs', () => {
  it('switches sections with the arrow keys and keeps the tab in the URL', async () => {
    signIn('admin');
    stubFetch((call) => (call.url.pathname === '/api/webhooks' ? jsonResponse([]) : jsonResponse(empty)));
    const u = userEvent.setup();
    renderAdmin('/admin');
    expect(screen.getByTestId('admin-users')).toBeTruthy();
    screen.getByTestId('admin-tab-users').focus();
    await u.keyboard('{ArrowRight}{ArrowRight}');
    expect(screen.getByTestId('admin-webhooks')).toBeTruthy();
    expect(screen.getByTestId('location').textContent).toBe('/admin?tab=webhooks');
    expect(document.activeElement).toBe(screen.getByTestId('admin-tab-webhooks'));
    expect(await screen.findByText('Belum ada webhook.')).toBeTruthy();
  });
});
