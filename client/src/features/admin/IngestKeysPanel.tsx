import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CreateIngestKey, type IngestKey, type IngestKeyCreated } from '@siaga/shared';
import { useFormat } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { adminKeys, ingestKeysApi } from './adminApi';
import { ConfirmDialog, InlineError, SecretValue, actionError } from './common';
import { Dialog } from './Dialog';

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

      {keys.isPending ? (
        <Loading label={t('keys.loading')} />
      ) : keys.isError && rows.length === 0 ? (
        <ErrorMessage error={keys.error} onRetry={() => void keys.refetch()} retrying={keys.isFetching} />
      ) : rows.length === 0 ? (
        <p className="empty">{t('keys.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table admin-table">
            <caption className="sr-only">{t('keys.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('keys.name')}</th>
                <th scope="col">{t('keys.prefix')}</th>
                <th scope="col">{t('keys.created')}</th>
                <th scope="col">{t('keys.lastUsed')}</th>
                <th scope="col">{t('keys.status')}</th>
                <th scope="col">
                  <span className="sr-only">{t('actions.label')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((key) => (
                <tr key={key.id} data-testid="admin-key-row" data-key-id={key.id} className={key.revokedAt ? 'admin-table__row--revoked' : undefined}>
                  <th scope="row" className="admin-table__name">
                    <bdi>{key.name}</bdi>
                  </th>
                  <td className="admin-table__mono">{t('keys.prefixValue', { prefix: key.prefix })}</td>
                  <td>
                    <time dateTime={key.createdAt} title={f.dateTimeFull(key.createdAt)}>
                      {f.dateTime(key.createdAt)}
                    </time>
                  </td>
                  <td>
                    {key.lastUsedAt ? (
                      <time dateTime={key.lastUsedAt} title={f.dateTimeFull(key.lastUsedAt)}>
                        {f.relative(key.lastUsedAt)}
                      </time>
                    ) : (
                      <span className="muted">{t('keys.neverUsed')}</span>
                    )}
                  </td>
                  <td>
                    {key.revokedAt ? (
                      <span className="status status--inactive" data-testid="admin-key-status">
                        <span aria-hidden="true">⊘</span> {t('keys.revokedAt', { time: f.dateTime(key.revokedAt) })}
                      </span>
                    ) : (
                      <span className="status status--active" data-testid="admin-key-status">
                        <span aria-hidden="true">●</span> {t('keys.active')}
                      </span>
                    )}
                  </td>
                  <td>
                    {!key.revokedAt && (
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
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {keys.isFetchNextPageError && <ErrorMessage error={keys.error} />}
      {keys.hasNextPage && (
        <div className="load-more">
          <button type="button" className="button button--secondary" onClick={() => void keys.fetchNextPage()} disabled={keys.isFetchingNextPage}>
            {keys.isFetchingNextPage ? t('actions.loadingMore') : t('actions.loadMore')}
          </button>
        </div>
      )}

      {created && (
        <Dialog title={t('keys.createdTitle')} onClose={closeCreated} role="alertdialog" testId="key-created-dialog">
          <p className="notice notice--warning" data-testid="key-created-warning">
            <strong>{t('secret.onceTitle')}</strong> {t('keys.createdWarning')}
          </p>
          <SecretValue value={created.key} label={t('keys.createdLabel', { name: created.name })} testId="key-created-value" copyTestId="key-created-copy" />
          <p className="admin-hint">{t('keys.createdUsage')}</p>
          <div className="admin-dialog__actions">
            <button type="button" className="button button--primary" onClick={closeCreated} data-testid="key-created-close">
              {t('secret.saved')}
            </button>
          </div>
        </Dialog>
      )}

      {revoking && (
        <ConfirmDialog
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
