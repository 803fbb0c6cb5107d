import { useId, useMemo, useState, type FormEvent } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ChangePassword, CreateUser, Role, type UpdateUser, type User } from '@siaga/shared';
import { useFormat } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { useAuth } from '../auth/useAuth';
import { adminKeys, usersApi } from './adminApi';
import { ConfirmDialog, InlineError, actionError, invalidFields } from './common';
import { Dialog } from './Dialog';

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
          onClick={() => {
            setNotice(null);
            setOpen({ kind: 'create' });
          }}
          data-testid="admin-user-create"
        >
          {t('users.create')}
        </button>
      </div>

      <p className="admin-notice" role="status" data-testid="admin-users-notice">
        {notice}
      </p>

      {users.isPending ? (
        <Loading label={t('users.loading')} />
      ) : users.isError && rows.length === 0 ? (
        <ErrorMessage error={users.error} onRetry={() => void users.refetch()} retrying={users.isFetching} />
      ) : rows.length === 0 ? (
        <p className="empty">{t('users.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table admin-table">
            <caption className="sr-only">{t('users.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.name')}</th>
                <th scope="col">{t('users.email')}</th>
                <th scope="col">{t('users.role')}</th>
                <th scope="col">{t('users.status')}</th>
                <th scope="col">{t('users.lastLogin')}</th>
                <th scope="col">
                  <span className="sr-only">{t('actions.label')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((user) => {
                const self = user.id === me?.id;
                return (
                  <tr key={user.id} data-testid="admin-user-row" data-user-id={user.id}>
                    <th scope="row" className="admin-table__name">
                      <bdi>{user.name}</bdi>
                      {self && <span className="chip chip--plain admin-you">{t('users.you')}</span>}
                    </th>
                    <td className="admin-table__mono">
                      <bdi>{user.email}</bdi>
                    </td>
                    <td>{tc(`roles.${user.role}`)}</td>
                    <td>
                      <span className={user.active ? 'status status--active' : 'status status--inactive'}>
                        <span aria-hidden="true">{user.active ? '●' : '○'}</span> {user.active ? t('users.active') : t('users.inactive')}
                      </span>
                    </td>
                    <td>
                      {user.lastLoginAt ? (
                        <time dateTime={user.lastLoginAt} title={f.dateTimeFull(user.lastLoginAt)}>
                          {f.dateTime(user.lastLoginAt)}
                        </time>
                      ) : (
                        <span className="muted">{t('users.neverLoggedIn')}</span>
                      )}
                    </td>
                    <td>
                      <div className="admin-row-actions">
                        <button
                          type="button"
                          className="button button--secondary button--small"
                          onClick={() => {
                            setNotice(null);
                            setOpen({ kind: 'edit', user });
                          }}
                          aria-label={t('users.editOf', { name: user.name })}
                          data-testid="admin-user-edit"
                        >
                          {t('users.edit')}
                        </button>
                        <button
                          type="button"
                          className="button button--secondary button--small"
                          onClick={() => {
                            setNotice(null);
                            setOpen({ kind: 'password', user });
                          }}
                          aria-label={t('users.passwordOf', { name: user.name })}
                          data-testid="admin-user-password"
                        >
                          {t('users.password')}
                        </button>
                        <button
                          type="button"
                          className="button button--secondary button--small admin-danger-text"
                          onClick={() => {
                            setNotice(null);
                            setOpen({ kind: 'delete', user });
                          }}
                          disabled={self}
                          title={self ? t('users.cannotDeleteSelf') : undefined}
                          aria-label={self ? `${t('users.deleteOf', { name: user.name })}. ${t('users.cannotDeleteSelf')}` : t('users.deleteOf', { name: user.name })}
                          data-testid="admin-user-delete"
                        >
                          {t('users.delete')}
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {users.isFetchNextPageError && <ErrorMessage error={users.error} />}
      {users.hasNextPage && (
        <div className="load-more">
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void users.fetchNextPage()}
            disabled={users.isFetchingNextPage}
            data-testid="admin-users-load-more"
          >
            {users.isFetchingNextPage ? t('actions.loadingMore') : t('actions.loadMore')}
          </button>
        </div>
      )}

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

function CreateUserDialog({ onClose, onDone }: { onClose: () => void; onDone: (user: User) => void }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
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
        <div className="field">
          <label htmlFor={`${uid}-role`}>{t('users.role')}</label>
          <select
            id={`${uid}-role`}
            value={form.role}
            onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
            aria-describedby={`${uid}-role-hint`}
            data-testid="admin-user-role"
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {tc(`roles.${role}`)}
              </option>
            ))}
          </select>
          <p className="admin-hint" id={`${uid}-role-hint`}>
            {t(`users.roleHints.${form.role}`)}
          </p>
        </div>
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
        <div className="admin-dialog__actions">
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
  const { t: tc } = useTranslation();
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
        <div className="field">
          <label htmlFor={`${uid}-role`}>{t('users.role')}</label>
          <select
            id={`${uid}-role`}
            value={form.role}
            onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
            aria-describedby={`${uid}-role-hint`}
            data-testid="admin-user-role"
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {tc(`roles.${role}`)}
              </option>
            ))}
          </select>
          <p className="admin-hint" id={`${uid}-role-hint`}>
            {t(`users.roleHints.${form.role}`)}
          </p>
        </div>
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
        <div className="admin-dialog__actions">
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
        <div className="admin-dialog__actions">
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
    <ConfirmDialog
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
