import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CreateIngestKey, type IngestKey, type IngestKeyCreated } from '@siaga/shared';
import { useFormat } from '../../lib/format';
import { DataTable, type Column } from '../../ui/DataTable';
import { LoadMore } from '../../ui/LoadMore';
import { adminKeys, ingestKeysApi } from './adminApi';
import { AdminConfirm, InlineError, SecretValue, actionError } from './common';
import { Dialog } from '../../ui/Dialog';
import { Icon } from '../../ui/Icon';

/** What the one-time dialog shows: the key itself lives only here, never in the query cache. */
interface CreatedKey {
  name: string;
  key: string;
}

export function IngestKeysPanel() {
  const { t } = useTranslation('admin');
  const f = useFormat();
  const queryClient = useQueryClient();
  const uid = useId();
  const keys = useInfiniteQuery({
    queryKey: adminKeys.ingestKeys,
    queryFn: ({ pageParam, signal }) => ingestKeysApi.list(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = useMemo(() => keys.data?.pages.flatMap((p) => p.items) ?? [], [keys.data]);

  const [name, setName] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [revoking, setRevoking] = useState<IngestKey | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const parsed = CreateIngestKey.safeParse({ name });
  const nameInvalid = submitted && !parsed.success;

  const create = useMutation({
    mutationFn: ingestKeysApi.create,
    // The answer holds the plain key: gone from the mutation cache as soon as it is reset.
    gcTime: 0,
    onSuccess: (answer: IngestKeyCreated) => {
      setCreated({ name: answer.name, key: answer.key });
      setName('');
      setSubmitted(false);
      void queryClient.invalidateQueries({ queryKey: adminKeys.ingestKeys });
    },
  });

  const closeCreated = () => {
    setCreated(null);
    // The mutation keeps its answer (with the key) until reset: drop it with the dialog.
    create.reset();
  };

  const revoke = useMutation({
    mutationFn: (key: IngestKey) => ingestKeysApi.revoke(key.id),
    onSuccess: async (key) => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.ingestKeys });
      setNotice(t('keys.revoked', { name: key.name }));
      setRevoking(null);
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setNotice(null);
    if (!parsed.success) {
      nameInput.current?.focus();
      return;
    }
    create.mutate(parsed.data);
  };

  const columns: Column<IngestKey>[] = [
    { id: 'name', header: t('keys.name'), rowHeader: true, className: 'admin-table__name', cell: (key) => <bdi>{key.name}</bdi> },
    { id: 'prefix', header: t('keys.prefix'), className: 'admin-table__mono', cell: (key) => t('keys.prefixValue', { prefix: key.prefix }) },
    {
      id: 'created',
      header: t('keys.created'),
      cell: (key) => (
        <time dateTime={key.createdAt} title={f.dateTimeFull(key.createdAt)}>
          {f.dateTime(key.createdAt)}
        </time>
      ),
    },
    {
      id: 'lastUsed',
      header: t('keys.lastUsed'),
      cell: (key) =>
        key.lastUsedAt ? (
          <time dateTime={key.lastUsedAt} title={f.dateTimeFull(key.lastUsedAt)}>
            {f.relative(key.lastUsedAt)}
          </time>
        ) : (
          <span className="muted">{t('keys.neverUsed')}</span>
        ),
    },
    {
      id: 'status',
      header: t('keys.status'),
      cell: (key) =>
        key.revokedAt ? (
          <span className="status status--inactive" data-testid="admin-key-status">
            <Icon name="ban" /> {t('keys.revokedAt', { time: f.dateTime(key.revokedAt) })}
          </span>
        ) : (
          <span className="status status--active" data-testid="admin-key-status">
            <Icon name="dot" /> {t('keys.active')}
          </span>
        ),
    },
    {
      id: 'actions',
      header: <span className="sr-only">{t('actions.label')}</span>,
      cell: (key) =>
        !key.revokedAt && (
          <button
            type="button"
            className="button button--secondary button--small admin-danger-text"
            onClick={() => {
              setNotice(null);
              revoke.reset();
              setRevoking(key);
            }}
            aria-label={t('keys.revokeOf', { name: key.name })}
            data-testid="admin-key-revoke"
          >
            {t('keys.revoke')}
          </button>
        ),
    },
  ];

  return (
    <div className="admin-section">
      <div className="admin-section__header">
        <div>
          <h2 className="admin-section__title">{t('keys.title')}</h2>
          <p className="muted">{t('keys.intro')}</p>
        </div>
      </div>

      <form className="admin-inline-form" onSubmit={onSubmit} noValidate aria-labelledby={`${uid}-form-title`}>
        <h3 id={`${uid}-form-title`} className="sr-only">
          {t('keys.createTitle')}
        </h3>
        <div className="field">
          <label htmlFor={`${uid}-name`}>{t('keys.name')}</label>
          <input
            ref={nameInput}
            id={`${uid}-name`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={200}
            autoComplete="off"
            placeholder={t('keys.namePlaceholder')}
            aria-invalid={nameInvalid || undefined}
            aria-describedby={nameInvalid ? `${uid}-name-error` : `${uid}-name-hint`}
            data-testid="admin-key-name"
          />
          {nameInvalid ? (
            <p className="admin-error" id={`${uid}-name-error`}>
              {t('keys.nameRequired')}
            </p>
          ) : (
            <p className="admin-hint" id={`${uid}-name-hint`}>
              {t('keys.nameHint')}
            </p>
          )}
        </div>
        <button type="submit" className="button button--primary" disabled={create.isPending} data-testid="admin-key-create">
          {create.isPending ? t('actions.working') : t('keys.create')}
        </button>
      </form>
      <InlineError message={create.isError ? actionError(create.error) : null} testId="admin-key-error" />

      <p className="admin-notice" role="status">
        {notice}
      </p>

      <DataTable
        caption={t('keys.caption')}
        columns={columns}
        rows={rows}
        rowKey={(key) => key.id}
        rowAttributes={(key) => ({
          'data-testid': 'admin-key-row',
          'data-key-id': key.id,
          className: key.revokedAt ? 'admin-table__row--revoked' : undefined,
        })}
        loading={keys.isPending}
        loadingLabel={t('keys.loading')}
        error={keys.error}
        onRetry={() => void keys.refetch()}
        retrying={keys.isFetching}
        empty={t('keys.empty')}
        className="admin-table"
      />
      <LoadMore pages={keys} label={t('actions.loadMore')} loadingLabel={t('actions.loadingMore')} />

      {created && (
        <Dialog title={t('keys.createdTitle')} onClose={closeCreated} role="alertdialog" testId="key-created-dialog">
          <p className="notice notice--warning" data-testid="key-created-warning">
            <strong>{t('secret.onceTitle')}</strong> {t('keys.createdWarning')}
          </p>
          <SecretValue value={created.key} label={t('keys.createdLabel', { name: created.name })} testId="key-created-value" copyTestId="key-created-copy" />
          <p className="admin-hint">{t('keys.createdUsage')}</p>
          <div className="dialog__actions">
            <button type="button" className="button button--primary" onClick={closeCreated} data-testid="key-created-close">
              {t('secret.saved')}
            </button>
          </div>
        </Dialog>
      )}

      {revoking && (
        <AdminConfirm
          title={t('keys.revokeTitle')}
          body={t('keys.revokeBody', { name: revoking.name, prefix: revoking.prefix })}
          confirmLabel={t('keys.revokeConfirm')}
          pending={revoke.isPending}
          error={revoke.isError ? actionError(revoke.error) : null}
          onConfirm={() => revoke.mutate(revoking)}
          onClose={() => setRevoking(null)}
        />
      )}
    </div>
  );
}
