import { useId, useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CreateWebhook, Severity, type Webhook, type WebhookCreated } from '@siaga/shared';
import { useFormat } from '../../lib/format';
import { useProgramsQuery } from '../../lib/programs';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { DataTable, type Column } from '../../ui/DataTable';
import { Loading } from '../../ui/Loading';
import { adminKeys, webhooksApi } from './adminApi';
import { AdminConfirm, InlineError, SecretValue, actionError, invalidFields } from './common';
import { Dialog } from '../../ui/Dialog';
import { Icon, type IconName } from '../../ui/Icon';

const SEVERITY_ICON: Record<Severity, IconName> = { info: 'info', warning: 'warning', critical: 'critical' };

export function WebhooksPanel() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const f = useFormat();
  const queryClient = useQueryClient();
  const webhooks = useQuery({ queryKey: adminKeys.webhooks, queryFn: ({ signal }) => webhooksApi.list(signal) });
  const programs = useProgramsQuery();
  const programNames = useMemo(() => new Map((programs.data?.items ?? []).map((p) => [p.id, p.name] as const)), [programs.data]);
  const rows = useMemo(() => [...(webhooks.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt)), [webhooks.data]);

  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Webhook | null>(null);
  const [created, setCreated] = useState<WebhookCreated | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const remove = useMutation({
    mutationFn: (hook: Webhook) => webhooksApi.remove(hook.id),
    onSuccess: async (_void, hook) => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.webhooks });
      setNotice(t('webhooks.deleted', { name: hook.name }));
      setDeleting(null);
    },
  });

  // A signed `webhook.test` event, sent now: the answer says whether the receiver took it.
  const test = useMutation({
    mutationFn: (hook: Webhook) => webhooksApi.test(hook.id),
    onMutate: () => setNotice(null),
    onSuccess: (result, hook) =>
      setNotice(
        result.ok
          ? t('webhooks.testOk', { name: hook.name, status: result.status ?? '' })
          : t('webhooks.testFailed', { name: hook.name, error: result.error ?? String(result.status ?? '') }),
      ),
    onError: (error, hook) => setNotice(t('webhooks.testFailed', { name: hook.name, error: actionError(error) })),
  });

  const columns: Column<Webhook>[] = [
    { id: 'name', header: t('webhooks.name'), rowHeader: true, className: 'admin-table__name', cell: (hook) => <bdi>{hook.name}</bdi> },
    { id: 'url', header: t('webhooks.url'), className: 'admin-table__mono admin-table__url', cell: (hook) => <bdi>{hook.url}</bdi> },
    {
      id: 'programs',
      header: t('webhooks.programs'),
      cell: (hook) =>
        hook.programIds.length === 0 ? (
          t('webhooks.allPrograms')
        ) : (
          <ul className="tag-list">
            {hook.programIds.map((id) => (
              <li key={id} className="tag">
                <bdi>{programNames.get(id) ?? t('webhooks.unknownProgram')}</bdi>
              </li>
            ))}
          </ul>
        ),
    },
    {
      id: 'minSeverity',
      header: t('webhooks.minSeverity'),
      cell: (hook) => (
        <span className={`admin-severity admin-severity--${hook.minSeverity}`}>
          <Icon name={SEVERITY_ICON[hook.minSeverity]} /> {t('webhooks.atLeast', { severity: tc(`severity.${hook.minSeverity}`) })}
        </span>
      ),
    },
    {
      id: 'status',
      header: t('webhooks.status'),
      cell: (hook) => (
        <span className={hook.active ? 'status status--active' : 'status status--inactive'}>
          <Icon name={hook.active ? 'dot' : 'ring'} /> {hook.active ? t('webhooks.active') : t('webhooks.inactive')}
        </span>
      ),
    },
    {
      id: 'created',
      header: t('webhooks.created'),
      cell: (hook) => (
        <time dateTime={hook.createdAt} title={f.dateTimeFull(hook.createdAt)}>
          {f.dateTime(hook.createdAt)}
        </time>
      ),
    },
    {
      id: 'actions',
      header: <span className="sr-only">{t('actions.label')}</span>,
      cell: (hook) => (
        <div className="admin-row-actions">
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => {
              setNotice(null);
              setEditing(hook);
            }}
            aria-label={t('webhooks.editOf', { name: hook.name })}
            data-testid="admin-webhook-edit"
          >
            {t('webhooks.edit')}
          </button>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => test.mutate(hook)}
            disabled={test.isPending}
            aria-label={t('webhooks.testOf', { name: hook.name })}
            data-testid="admin-webhook-test"
          >
            <Icon name="send" /> {test.isPending && test.variables.id === hook.id ? t('webhooks.testing') : t('webhooks.test')}
          </button>
          <button
            type="button"
            className="button button--secondary button--small admin-danger-text"
            onClick={() => {
              setNotice(null);
              remove.reset();
              setDeleting(hook);
            }}
            aria-label={t('webhooks.deleteOf', { name: hook.name })}
            data-testid="admin-webhook-delete"
          >
            {t('webhooks.delete')}
          </button>
        </div>
      ),
    },
  ];

  return (
    <div className="admin-section">
      <div className="admin-section__header">
        <div>
          <h2 className="admin-section__title">{t('webhooks.title')}</h2>
          <p className="muted">{t('webhooks.intro')}</p>
        </div>
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            setNotice(null);
            setCreating(true);
          }}
          data-testid="admin-webhook-create"
        >
          {t('webhooks.create')}
        </button>
      </div>

      <p className="admin-notice" role="status">
        {notice}
      </p>

      <DataTable
        caption={t('webhooks.caption')}
        columns={columns}
        rows={rows}
        rowKey={(hook) => hook.id}
        rowAttributes={(hook) => ({ 'data-testid': 'admin-webhook-row', 'data-webhook-id': hook.id })}
        loading={webhooks.isPending}
        loadingLabel={t('webhooks.loading')}
        error={webhooks.error}
        onRetry={() => void webhooks.refetch()}
        retrying={webhooks.isFetching}
        empty={t('webhooks.empty')}
        className="admin-table"
      />

      {creating && (
        <WebhookDialog
          onClose={() => setCreating(false)}
          onCreated={(answer) => {
            setCreating(false);
            setCreated(answer);
          }}
        />
      )}

      {editing && (
        <WebhookDialog
          editing={editing}
          onClose={() => setEditing(null)}
          onSaved={(hook) => {
            setEditing(null);
            setNotice(t('webhooks.saved', { name: hook.name }));
          }}
        />
      )}

      {created && (
        <Dialog title={t('webhooks.createdTitle')} onClose={() => setCreated(null)} role="alertdialog" testId="webhook-created-dialog">
          <p className="notice notice--warning">
            <strong>{t('secret.onceTitle')}</strong> {t('webhooks.createdWarning')}
          </p>
          <SecretValue
            value={created.secret}
            label={t('webhooks.secretLabel', { name: created.name })}
            testId="webhook-created-secret"
            copyTestId="webhook-created-copy"
          />
          <p className="admin-hint">{t('webhooks.signatureHint')}</p>
          <div className="dialog__actions">
            <button type="button" className="button button--primary" onClick={() => setCreated(null)} data-testid="webhook-created-close">
              {t('secret.saved')}
            </button>
          </div>
        </Dialog>
      )}

      {deleting && (
        <AdminConfirm
          title={t('webhooks.deleteTitle')}
          body={t('webhooks.deleteBody', { name: deleting.name })}
          confirmLabel={t('webhooks.deleteConfirm')}
          pending={remove.isPending}
          error={remove.isError ? actionError(remove.error) : null}
          onConfirm={() => remove.mutate(deleting)}
          onClose={() => setDeleting(null)}
        />
      )}
    </div>
  );
}

interface WebhookDialogProps {
  /** The webhook to edit; none to create one. */
  editing?: Webhook;
  onClose: () => void;
  onCreated?: (answer: WebhookCreated) => void;
  onSaved?: (hook: Webhook) => void;
}

/** Creates a webhook, or edits one (its secret is kept: receivers go on verifying). */
function WebhookDialog({ editing, onClose, onCreated, onSaved }: WebhookDialogProps) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const uid = useId();
  const programs = useProgramsQuery();
  const programOptions = useMemo(() => [...(programs.data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name)), [programs.data]);
  const [form, setForm] = useState<{ name: string; url: string; minSeverity: Severity; programIds: string[]; active: boolean }>(() =>
    editing
      ? { name: editing.name, url: editing.url, minSeverity: editing.minSeverity, programIds: editing.programIds, active: editing.active }
      : { name: '', url: '', minSeverity: 'warning', programIds: [], active: true },
  );
  const [submitted, setSubmitted] = useState(false);
  const { active, ...fields } = form;
  const parsed = CreateWebhook.safeParse({ ...fields, url: fields.url.trim() });
  const invalid = submitted ? invalidFields(parsed.error) : new Set<string>();

  const mutation = useMutation({
    mutationFn: (body: CreateWebhook): Promise<Webhook | WebhookCreated> => (editing ? webhooksApi.update(editing.id, { ...body, active }) : webhooksApi.create(body)),
    // A creation's answer holds the signing secret: keep it in no cache once this dialog is gone.
    gcTime: 0,
    onSuccess: (answer) => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.webhooks });
      if ('secret' in answer) onCreated?.(answer);
      else onSaved?.(answer);
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!parsed.success) {
      const bad = invalidFields(parsed.error);
      const first = ['name', 'url'].find((field) => bad.has(field));
      if (first) document.getElementById(`${uid}-${first}`)?.focus();
      return;
    }
    mutation.mutate(parsed.data);
  };

  const toggleProgram = (id: string, checked: boolean) =>
    setForm((current) => ({ ...current, programIds: checked ? [...current.programIds, id] : current.programIds.filter((p) => p !== id) }));

  return (
    <Dialog title={editing ? t('webhooks.editTitle', { name: editing.name }) : t('webhooks.createTitle')} onClose={onClose} busy={mutation.isPending} testId="admin-webhook-dialog">
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${uid}-name`}>{t('webhooks.name')}</label>
          <input
            id={`${uid}-name`}
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            maxLength={200}
            autoComplete="off"
            placeholder={t('webhooks.namePlaceholder')}
            aria-invalid={invalid.has('name') || undefined}
            aria-describedby={invalid.has('name') ? `${uid}-name-error` : undefined}
            data-testid="admin-webhook-name"
          />
          {invalid.has('name') && (
            <p className="admin-error" id={`${uid}-name-error`}>
              {t('webhooks.errors.name')}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${uid}-url`}>{t('webhooks.url')}</label>
          <input
            id={`${uid}-url`}
            type="url"
            value={form.url}
            onChange={(e) => setForm({ ...form, url: e.target.value })}
            maxLength={2048}
            autoComplete="off"
            spellCheck={false}
            placeholder="https://"
            aria-invalid={invalid.has('url') || undefined}
            aria-describedby={`${uid}-url-hint${invalid.has('url') ? ` ${uid}-url-error` : ''}`}
            data-testid="admin-webhook-url"
          />
          <p className="admin-hint" id={`${uid}-url-hint`}>
            {t('webhooks.urlHint')}
          </p>
          {invalid.has('url') && (
            <p className="admin-error" id={`${uid}-url-error`}>
              {t('webhooks.errors.url')}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${uid}-severity`}>{t('webhooks.minSeverity')}</label>
          <select
            id={`${uid}-severity`}
            value={form.minSeverity}
            onChange={(e) => setForm({ ...form, minSeverity: e.target.value as Severity })}
            data-testid="admin-webhook-severity"
          >
            {Severity.options.map((severity) => (
              <option key={severity} value={severity}>
                {tc(`severity.${severity}`)}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="admin-fieldset">
          <legend>{t('webhooks.programs')}</legend>
          <p className="admin-hint">{t('webhooks.programsHint')}</p>
          {programs.isPending ? (
            <Loading />
          ) : programs.isError ? (
            <ErrorMessage error={programs.error} onRetry={() => void programs.refetch()} />
          ) : programOptions.length === 0 ? (
            <p className="muted">{t('webhooks.noPrograms')}</p>
          ) : (
            <ul className="admin-checklist">
              {programOptions.map((program) => (
                <li key={program.id}>
                  <label className="admin-check">
                    <input type="checkbox" checked={form.programIds.includes(program.id)} onChange={(e) => toggleProgram(program.id, e.target.checked)} />{' '}
                    <bdi>{program.name}</bdi>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        {editing && (
          <label className="admin-check">
            <input type="checkbox" checked={active} onChange={(e) => setForm({ ...form, active: e.target.checked })} data-testid="admin-webhook-active" /> {t('webhooks.activeLabel')}
          </label>
        )}
        <InlineError message={mutation.isError ? actionError(mutation.error) : null} testId="admin-webhook-error" />
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={mutation.isPending}>
            {t('actions.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={mutation.isPending} data-testid="admin-webhook-submit">
            {mutation.isPending ? t('actions.working') : editing ? t('actions.save') : t('webhooks.createSubmit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
