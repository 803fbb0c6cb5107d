import { useId, useMemo, useState, type FormEvent } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '@siaga/shared';
import { useFormat } from '../../lib/format';
import { isUuid } from '../../lib/url';
import { DataTable, type Column } from '../../ui/DataTable';
import { LoadMore } from '../../ui/LoadMore';
import { adminKeys, auditApi, type AuditFilters } from './adminApi';
import type { adminMessages } from './i18n';
import { useUsersList } from './UsersPanel';
import { Icon } from '../../ui/Icon';

type Names = (typeof adminMessages.id)['audit'];
type ActionName = keyof Names['actionNames'];
type TargetName = keyof Names['targetNames'];

/** The actions the server records today, with their labels; any other code is shown as written. */
const ACTIONS: Record<string, ActionName> = {
  'user.created': 'userCreated',
  'user.bootstrap': 'userBootstrap',
  'user.updated': 'userUpdated',
  'user.password_changed': 'userPasswordChanged',
  'user.deleted': 'userDeleted',
  'ingest_key.created': 'ingestKeyCreated',
  'ingest_key.bootstrap': 'ingestKeyBootstrap',
  'ingest_key.revoked': 'ingestKeyRevoked',
  'program.created': 'programCreated',
  'program.updated': 'programUpdated',
  'program.deleted': 'programDeleted',
  'post.relabeled': 'postRelabeled',
  'export.created': 'exportCreated',
  'webhook.created': 'webhookCreated',
  'webhook.deleted': 'webhookDeleted',
  'webhook.updated': 'webhookUpdated',
  'webhook.tested': 'webhookTested',
  'auth.login': 'authLogin',
  'auth.logout': 'authLogout',
  'incident.created': 'incidentCreated',
  'incident.updated': 'incidentUpdated',
};

const TARGETS: Record<string, TargetName> = {
  user: 'user',
  ingest_key: 'ingestKey',
  program: 'program',
  post: 'post',
  posts: 'posts',
  sentiment_corrections: 'sentimentCorrections',
  webhook: 'webhook',
  incident: 'incident',
};

const isChange = (value: unknown): value is { from: unknown; to: unknown } =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && 'from' in value && 'to' in value && Object.keys(value).length === 2;

function plain(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // It arrived as JSON, so it serialises back.
  return JSON.stringify(value, null, 2);
}

/**
 * An entry's details as text. They can hold whatever users typed (program queries, notes, names),
 * so every value is rendered as React text, never as markup, and isolated for bidi.
 */
function Details({ details }: { details: Record<string, unknown> }) {
  const { t } = useTranslation('admin');
  const entries = Object.entries(details);
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <dl className="admin-details" data-testid="admin-audit-details">
      {entries.map(([key, value]) => (
        <div key={key} className="admin-details__item">
          <dt>
            <bdi>{key}</bdi>
          </dt>
          <dd>
            {typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).length > 0 && Object.values(value).every(isChange) ? (
              <ul className="admin-details__changes">
                {Object.entries(value as Record<string, { from: unknown; to: unknown }>).map(([field, change]) => (
                  <li key={field}>
                    <bdi>{field}</bdi>: <bdi dir="auto">{plain(change.from)}</bdi> <Icon name="arrowRight" />
                    <span className="sr-only"> {t('audit.changedTo')}</span> <bdi dir="auto">{plain(change.to)}</bdi>
                  </li>
                ))}
              </ul>
            ) : (
              <bdi dir="auto" className="admin-details__value">
                {plain(value)}
              </bdi>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function AuditPanel() {
  const { t } = useTranslation('admin');
  const f = useFormat();
  const uid = useId();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [actionDraft, setActionDraft] = useState('');
  const users = useUsersList();
  const userOptions = useMemo(
    () => [...(users.data?.pages.flatMap((p) => p.items) ?? [])].sort((a, b) => a.email.localeCompare(b.email)),
    [users.data],
  );

  const audit = useInfiniteQuery({
    queryKey: adminKeys.audit(filters),
    queryFn: ({ pageParam, signal }) => auditApi.list(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = useMemo(() => audit.data?.pages.flatMap((p) => p.items) ?? [], [audit.data]);

  const setFilter = (patch: AuditFilters) => {
    const next: AuditFilters = { ...filters, ...patch };
    for (const key of Object.keys(next) as (keyof AuditFilters)[]) if (!next[key]) delete next[key];
    setFilters(next);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setFilter({ action: actionDraft.trim().slice(0, 100) });
  };

  const reset = () => {
    setActionDraft('');
    setFilters({});
  };

  const filtered = Object.keys(filters).length > 0;
  const actionLabel = (action: string) => {
    const name = ACTIONS[action];
    return name ? t(`audit.actionNames.${name}`) : action;
  };
  const targetLabel = (type: string) => {
    const name = TARGETS[type];
    return name ? t(`audit.targetNames.${name}`) : type;
  };

  const columns: Column<AuditEntry>[] = [
    {
      id: 'at',
      header: t('audit.at'),
      cell: (entry) => (
        <time dateTime={entry.at} title={f.dateTimeFull(entry.at)}>
          {f.dateTime(entry.at)}
        </time>
      ),
    },
    {
      id: 'actor',
      header: t('audit.actor'),
      cell: (entry) =>
        entry.actorId || entry.actorEmail ? (
          <span className="admin-audit__who">
            <bdi className="admin-audit__name">{entry.actorName ?? entry.actorEmail}</bdi>
            {entry.actorName && entry.actorEmail && (
              <bdi className="admin-audit__code" title={entry.actorEmail}>
                {entry.actorEmail}
              </bdi>
            )}
          </span>
        ) : (
          <span className="muted">{t('audit.system')}</span>
        ),
    },
    {
      id: 'action',
      header: t('audit.action'),
      cell: (entry) => (
        <>
          <span className="admin-audit__action">{actionLabel(entry.action)}</span>
          <code className="admin-audit__code">
            <bdi>{entry.action}</bdi>
          </code>
        </>
      ),
    },
    {
      id: 'target',
      header: t('audit.target'),
      // The name as it is now; the id only where nothing names the target (deleted, or not an entity).
      cell: (entry) => (
        <>
          <span>{targetLabel(entry.targetType)}</span>
          {entry.targetName ? (
            <bdi className="admin-audit__name" title={entry.targetId ?? undefined} data-testid="admin-audit-target-name">
              {entry.targetName}
            </bdi>
          ) : (
            entry.targetId && (
              <code className="admin-audit__code">
                <bdi>{entry.targetId}</bdi>
              </code>
            )
          )}
        </>
      ),
    },
    { id: 'details', header: t('audit.details'), cell: (entry) => <Details details={entry.details} /> },
  ];

  return (
    <div className="admin-section">
      <div className="admin-section__header">
        <div>
          <h2 className="admin-section__title">{t('audit.title')}</h2>
          <p className="muted">{t('audit.intro')}</p>
        </div>
      </div>

      <form className="admin-inline-form" role="search" aria-label={t('audit.filters')} onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${uid}-action`}>{t('audit.action')}</label>
          <input
            id={`${uid}-action`}
            value={actionDraft}
            onChange={(e) => setActionDraft(e.target.value)}
            list={`${uid}-actions`}
            maxLength={100}
            autoComplete="off"
            spellCheck={false}
            placeholder="user.updated"
            aria-describedby={`${uid}-action-hint`}
            data-testid="admin-audit-action"
          />
          <datalist id={`${uid}-actions`}>
            {Object.keys(ACTIONS).map((action) => (
              <option key={action} value={action}>
                {actionLabel(action)}
              </option>
            ))}
          </datalist>
          <p className="admin-hint" id={`${uid}-action-hint`}>
            {t('audit.actionHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-target`}>{t('audit.targetType')}</label>
          <select id={`${uid}-target`} value={filters.targetType ?? ''} onChange={(e) => setFilter({ targetType: e.target.value })} data-testid="admin-audit-target">
            <option value="">{t('audit.anyTarget')}</option>
            {Object.keys(TARGETS).map((type) => (
              <option key={type} value={type}>
                {targetLabel(type)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-actor`}>{t('audit.actor')}</label>
          <select
            id={`${uid}-actor`}
            value={filters.actorId ?? ''}
            onChange={(e) => setFilter({ actorId: isUuid(e.target.value) ? e.target.value : '' })}
            data-testid="admin-audit-actor"
          >
            <option value="">{t('audit.anyActor')}</option>
            {userOptions.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name ? `${user.name} (${user.email})` : user.email}
              </option>
            ))}
          </select>
        </div>
        <div className="admin-inline-form__buttons">
          <button type="submit" className="button button--secondary" data-testid="admin-audit-apply">
            {t('audit.apply')}
          </button>
          <button type="button" className="button button--secondary" onClick={reset} disabled={!filtered && actionDraft === ''} data-testid="admin-audit-reset">
            {t('audit.reset')}
          </button>
        </div>
      </form>

      <DataTable
        caption={t('audit.caption')}
        columns={columns}
        rows={rows}
        rowKey={(entry) => entry.id}
        rowAttributes={() => ({ 'data-testid': 'admin-audit-row' })}
        loading={audit.isPending}
        loadingLabel={t('audit.loading')}
        error={audit.error}
        onRetry={() => void audit.refetch()}
        retrying={audit.isFetching}
        empty={filtered ? t('audit.emptyFiltered') : t('audit.empty')}
        emptyTestId="admin-audit-empty"
        className="admin-table admin-audit"
      />
      <LoadMore
        pages={audit}
        label={t('actions.loadMore')}
        loadingLabel={t('actions.loadingMore')}
        end={rows.length > 0 ? t('audit.end') : undefined}
        testId="admin-audit-load-more"
      />
    </div>
  );
}
