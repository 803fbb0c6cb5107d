import { useId, useMemo, useState, type FormEvent } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ChangePassword, CreateUser, Role, type UpdateUser, type User } from '@siaga/shared';
import { useFormat } from '../../lib/format';
import { DataTable, type Column } from '../../ui/DataTable';
import { LoadMore } from '../../ui/LoadMore';
import { useAuth } from '../auth/useAuth';
import { adminKeys, usersApi } from './adminApi';
import { AdminConfirm, InlineError, actionError, invalidFields } from './common';
import { Dialog } from '../../ui/Dialog';
import { Icon } from '../../ui/Icon';

/** Highest first, as an admin thinks about them. */
const ROLES: readonly Role[] = [...Role.options];

export function useUsersList() {
  return useInfiniteQuery({
    queryKey: adminKeys.users,
    queryFn: ({ pageParam, signal }) => usersApi.list(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

type Open = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'password'; user: User } | { kind: 'delete'; user: User } | null;

export function UsersPanel() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const f = useFormat();
  const { user: me } = useAuth();
  const users = useUsersList();
  const rows = useMemo(() => users.data?.pages.flatMap((p) => p.items) ?? [], [users.data]);
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const close = () => setOpen(null);
  const done = (message: string) => {
    setNotice(message);
    setOpen(null);
  };

  const openFor = (next: NonNullable<Open>) => {
    setNotice(null);
    setOpen(next);
  };
  const columns: Column<User>[] = [
    {
      id: 'name',
      header: t('users.name'),
      rowHeader: true,
      className: 'admin-table__name',
      cell: (user) => (
        <>
          <bdi>{user.name}</bdi>
          {user.id === me?.id && <span className="chip chip--plain admin-you">{t('users.you')}</span>}
        </>
      ),
    },
    { id: 'email', header: t('users.email'), className: 'admin-table__mono', cell: (user) => <bdi>{user.email}</bdi> },
    { id: 'role', header: t('users.role'), cell: (user) => tc(`roles.${user.role}`) },
    {
      id: 'status',
      header: t('users.status'),
      cell: (user) => (
        <span className={user.active ? 'status status--active' : 'status status--inactive'}>
          <Icon name={user.active ? 'dot' : 'ring'} /> {user.active ? t('users.active') : t('users.inactive')}
        </span>
      ),
    },
    {
      id: 'lastLogin',
      header: t('users.lastLogin'),
      cell: (user) =>
        user.lastLoginAt ? (
          <time dateTime={user.lastLoginAt} title={f.dateTimeFull(user.lastLoginAt)}>
            {f.dateTime(user.lastLoginAt)}
          </time>
        ) : (
          <span className="muted">{t('users.neverLoggedIn')}</span>
        ),
    },
    {
      id: 'actions',
      header: <span className="sr-only">{t('actions.label')}</span>,
      cell: (user) => {
        const self = user.id === me?.id;
        return (
          <div className="admin-row-actions">
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => openFor({ kind: 'edit', user })}
              aria-label={t('users.editOf', { name: user.name })}
              data-testid="admin-user-edit"
            >
              {t('users.edit')}
            </button>
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => openFor({ kind: 'password', user })}
              aria-label={t('users.passwordOf', { name: user.name })}
              data-testid="admin-user-password"
            >
              {t('users.password')}
            </button>
            <button
              type="button"
              className="button button--secondary button--small admin-danger-text"
              onClick={() => openFor({ kind: 'delete', user })}
              disabled={self}
              title={self ? t('users.cannotDeleteSelf') : undefined}
              aria-label={self ? `${t('users.deleteOf', { name: user.name })}. ${t('users.cannotDeleteSelf')}` : t('users.deleteOf', { name: user.name })}
              data-testid="admin-user-delete"
            >
              {t('users.delete')}
            </button>
          </div>
        );
      },
    },
  ];

  return (
    <div className="admin-section">
      <div className="admin-section__header">
        <div>
          <h2 className="admin-section__title">{t('users.title')}</h2>
          <p className="muted">{t('users.intro')}</p>
        </div>
        <button
          type="button"
          className="button button--primary"
          onClick={() => openFor({ kind: 'create' })}
          data-testid="admin-user-create"
        >
          {t('users.create')}
        </button>
      </div>

      <p className="admin-notice" role="status" data-testid="admin-users-notice">
        {notice}
      </p>

      <DataTable
        caption={t('users.caption')}
        columns={columns}
        rows={rows}
        rowKey={(user) => user.id}
        rowAttributes={(user) => ({ 'data-testid': 'admin-user-row', 'data-user-id': user.id })}
        loading={users.isPending}
        loadingLabel={t('users.loading')}
        error={users.error}
        onRetry={() => void users.refetch()}
        retrying={users.isFetching}
        empty={t('users.empty')}
        className="admin-table"
      />
      <LoadMore pages={users} label={t('actions.loadMore')} loadingLabel={t('actions.loadingMore')} testId="admin-users-load-more" />

      {open?.kind === 'create' && <CreateUserDialog onClose={close} onDone={(user) => done(t('users.created', { email: user.email }))} />}
      {open?.kind === 'edit' && (
        <EditUserDialog user={open.user} self={open.user.id === me?.id} onClose={close} onDone={(user) => done(t('users.updated', { email: user.email }))} />
      )}
      {open?.kind === 'password' && (
        <PasswordDialog user={open.user} self={open.user.id === me?.id} onClose={close} onDone={() => done(t('users.passwordSet', { email: open.user.email }))} />
      )}
      {open?.kind === 'delete' && <DeleteUserDialog user={open.user} onClose={close} onDone={() => done(t('users.deleted', { email: open.user.email }))} />}
    </div>
  );
}

function FieldError({ id, message }: { id: string; message: string | null }) {
  if (!message) return null;
  return (
    <p className="admin-error" id={id}>
      {message}
    </p>
  );
}

/** The role select of the user dialogs, with what the chosen role may do under it. */
function RoleField({ id, value, onChange }: { id: string; value: Role; onChange: (role: Role) => void }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{t('users.role')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as Role)} aria-describedby={`${id}-hint`} data-testid="admin-user-role">
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {tc(`roles.${role}`)}
          </option>
        ))}
      </select>
      <p className="admin-hint" id={`${id}-hint`}>
        {t(`users.roleHints.${value}`)}
      </p>
    </div>
  );
}

function CreateUserDialog({ onClose, onDone }: { onClose: () => void; onDone: (user: User) => void }) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const uid = useId();
  const [form, setForm] = useState({ name: '', email: '', role: 'analyst' as Role, password: '' });
  const [showPassword, setShowPassword] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const parsed = CreateUser.safeParse(form);
  const invalid = submitted ? invalidFields(parsed.error) : new Set<string>();
  const mutation = useMutation({
    mutationFn: usersApi.create,
    onSuccess: async (user) => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.users });
      onDone(user);
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!parsed.success) {
      const bad = invalidFields(parsed.error);
      const first = ['name', 'email', 'password'].find((field) => bad.has(field));
      if (first) document.getElementById(`${uid}-${first}`)?.focus();
      return;
    }
    mutation.mutate(parsed.data);
  };

  const err = (field: string) => (invalid.has(field) ? t(`users.errors.${field as 'name' | 'email' | 'password'}`) : null);

  return (
    <Dialog title={t('users.createTitle')} onClose={onClose} busy={mutation.isPending} testId="admin-user-dialog">
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${uid}-name`}>{t('users.name')}</label>
          <input
            id={`${uid}-name`}
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            maxLength={200}
            autoComplete="off"
            aria-invalid={invalid.has('name') || undefined}
            aria-describedby={invalid.has('name') ? `${uid}-name-error` : undefined}
            data-testid="admin-user-name"
          />
          <FieldError id={`${uid}-name-error`} message={err('name')} />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-email`}>{t('users.email')}</label>
          <input
            id={`${uid}-email`}
            type="email"
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value.trim() })}
            maxLength={254}
            autoComplete="off"
            aria-invalid={invalid.has('email') || undefined}
            aria-describedby={invalid.has('email') ? `${uid}-email-error` : undefined}
            data-testid="admin-user-email"
          />
          <FieldError id={`${uid}-email-error`} message={err('email')} />
        </div>
        <RoleField id={`${uid}-role`} value={form.role} onChange={(role) => setForm({ ...form, role })} />
        <div className="field">
          <label htmlFor={`${uid}-password`}>{t('users.initialPassword')}</label>
          <input
            id={`${uid}-password`}
            type={showPassword ? 'text' : 'password'}
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
            maxLength={200}
            autoComplete="new-password"
            aria-invalid={invalid.has('password') || undefined}
            aria-describedby={`${uid}-password-hint${invalid.has('password') ? ` ${uid}-password-error` : ''}`}
            data-testid="admin-user-password-input"
          />
          <p className="admin-hint" id={`${uid}-password-hint`}>
            {t('users.passwordHint')}
          </p>
          <FieldError id={`${uid}-password-error`} message={err('password')} />
          <label className="admin-check">
            <input type="checkbox" checked={showPassword} onChange={(e) => setShowPassword(e.target.checked)} /> {t('users.showPassword')}
          </label>
        </div>
        <InlineError message={mutation.isError ? actionError(mutation.error, t('users.errors.emailTaken')) : null} testId="admin-user-error" />
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={mutation.isPending}>
            {t('actions.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={mutation.isPending} data-testid="admin-user-submit">
            {mutation.isPending ? t('actions.working') : t('users.createSubmit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function EditUserDialog({ user, self, onClose, onDone }: { user: User; self: boolean; onClose: () => void; onDone: (user: User) => void }) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const uid = useId();
  const [form, setForm] = useState({ name: user.name, role: user.role, active: user.active });
  const [confirmSelf, setConfirmSelf] = useState(false);
  const [submitted, setSubmitted] = useState(false);

  const patch: UpdateUser = {};
  if (form.name.trim() !== user.name) patch.name = form.name.trim();
  if (form.role !== user.role) patch.role = form.role;
  if (form.active !== user.active) patch.active = form.active;
  const nameInvalid = submitted && form.name.trim() === '';
  const endsSessions = patch.role !== undefined || patch.active !== undefined;
  // Taking away one's own admin rights is allowed, but never by a slip of the mouse.
  const losesAdmin = self && user.role === 'admin' && (form.role !== 'admin' || !form.active);

  const mutation = useMutation({
    mutationFn: (body: UpdateUser) => usersApi.update(user.id, body),
    onSuccess: async (updated) => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.users });
      onDone(updated);
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (form.name.trim() === '' || (losesAdmin && !confirmSelf)) return;
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    mutation.mutate(patch);
  };

  return (
    <Dialog title={t('users.editTitle', { name: user.name })} onClose={onClose} busy={mutation.isPending} testId="admin-user-dialog">
      <form className="form" onSubmit={onSubmit} noValidate>
        <p className="muted">
          <bdi>{user.email}</bdi>
        </p>
        <div className="field">
          <label htmlFor={`${uid}-name`}>{t('users.name')}</label>
          <input
            id={`${uid}-name`}
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            maxLength={200}
            aria-invalid={nameInvalid || undefined}
            aria-describedby={nameInvalid ? `${uid}-name-error` : undefined}
            data-testid="admin-user-name"
          />
          <FieldError id={`${uid}-name-error`} message={nameInvalid ? t('users.errors.name') : null} />
        </div>
        <RoleField id={`${uid}-role`} value={form.role} onChange={(role) => setForm({ ...form, role })} />
        <label className="admin-check">
          <input type="checkbox" checked={form.active} onChange={(e) => setForm({ ...form, active: e.target.checked })} data-testid="admin-user-active" />{' '}
          {t('users.activeLabel')}
        </label>
        {endsSessions && !losesAdmin && (
          <p className="notice notice--info" data-testid="admin-user-sessions-note">
            {t('users.endsSessions')}
          </p>
        )}
        {losesAdmin && (
          <div className="notice notice--warning" data-testid="admin-user-self-warning">
            <p>{t('users.selfDemoteWarning')}</p>
            <label className="admin-check">
              <input type="checkbox" checked={confirmSelf} onChange={(e) => setConfirmSelf(e.target.checked)} data-testid="admin-user-self-confirm" />{' '}
              {t('users.selfDemoteConfirm')}
            </label>
            {submitted && !confirmSelf && <p className="admin-error">{t('users.selfDemoteRequired')}</p>}
          </div>
        )}
        <InlineError message={mutation.isError ? actionError(mutation.error, t('users.errors.lastAdmin')) : null} testId="admin-user-error" />
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={mutation.isPending}>
            {t('actions.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={mutation.isPending || (losesAdmin && !confirmSelf)} data-testid="admin-user-submit">
            {mutation.isPending ? t('actions.working') : t('actions.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function PasswordDialog({ user, self, onClose, onDone }: { user: User; self: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('admin');
  const uid = useId();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [show, setShow] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const tooShort = !ChangePassword.safeParse({ password }).success;
  const mismatch = password !== repeat;
  const mutation = useMutation({ mutationFn: () => usersApi.setPassword(user.id, { password }), onSuccess: onDone });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (tooShort || mismatch) return;
    mutation.mutate();
  };

  return (
    <Dialog title={t('users.passwordTitle', { name: user.name })} onClose={onClose} busy={mutation.isPending} testId="admin-user-dialog">
      <form className="form" onSubmit={onSubmit} noValidate>
        <p className="notice notice--info">{self ? t('users.passwordSelfNote') : t('users.passwordNote')}</p>
        <div className="field">
          <label htmlFor={`${uid}-password`}>{t('users.newPassword')}</label>
          <input
            id={`${uid}-password`}
            type={show ? 'text' : 'password'}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            maxLength={200}
            autoComplete="new-password"
            aria-invalid={(submitted && tooShort) || undefined}
            aria-describedby={`${uid}-hint${submitted && tooShort ? ` ${uid}-error` : ''}`}
            data-testid="admin-user-password-input"
          />
          <p className="admin-hint" id={`${uid}-hint`}>
            {t('users.passwordHint')}
          </p>
          <FieldError id={`${uid}-error`} message={submitted && tooShort ? t('users.errors.password') : null} />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-repeat`}>{t('users.repeatPassword')}</label>
          <input
            id={`${uid}-repeat`}
            type={show ? 'text' : 'password'}
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
            maxLength={200}
            autoComplete="new-password"
            aria-invalid={(submitted && mismatch) || undefined}
            aria-describedby={submitted && mismatch ? `${uid}-repeat-error` : undefined}
            data-testid="admin-user-password-repeat"
          />
          <FieldError id={`${uid}-repeat-error`} message={submitted && mismatch ? t('users.errors.mismatch') : null} />
        </div>
        <label className="admin-check">
          <input type="checkbox" checked={show} onChange={(e) => setShow(e.target.checked)} /> {t('users.showPassword')}
        </label>
        <InlineError message={mutation.isError ? actionError(mutation.error) : null} testId="admin-user-error" />
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={mutation.isPending}>
            {t('actions.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={mutation.isPending} data-testid="admin-user-submit">
            {mutation.isPending ? t('actions.working') : t('users.setPassword')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function DeleteUserDialog({ user, onClose, onDone }: { user: User; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => usersApi.remove(user.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.users });
      onDone();
    },
  });
  return (
    <AdminConfirm
      title={t('users.deleteTitle')}
      body={t('users.deleteBody', { name: user.name, email: user.email })}
      confirmLabel={t('users.deleteConfirm')}
      pending={mutation.isPending}
      error={mutation.isError ? actionError(mutation.error, t('users.errors.cannotDelete')) : null}
      onConfirm={() => mutation.mutate()}
      onClose={onClose}
    />
  );
}
