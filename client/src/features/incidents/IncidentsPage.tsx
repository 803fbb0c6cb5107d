import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { IncidentStatus, Severity, type Incident, type IncidentsQuery } from '@siaga/shared';
import { useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../api/keys';
import { useFormat } from '../../lib/format';
import { useProgramsQuery } from '../../lib/programs';
import { DataTable, type Column } from '../../ui/DataTable';
import { Dialog } from '../../ui/Dialog';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { LoadMore } from '../../ui/LoadMore';
import { usePageTitle } from '../../ui/PageTitle';
import { hasRole } from '../../ui/RequireRole';
import { SeverityBadge } from '../alerts/AlertBits';
import { useAuth } from '../auth/useAuth';
import { IncidentStatusBadge } from './IncidentBits';
import { createIncident, useIncidentsList } from './incidentsApi';
import './incidents.css';

/** `/incidents`: every incident, newest start first, and (analysts) a new one. */
export function IncidentsPage() {
  const { t } = useTranslation('incidents');
  const { user } = useAuth();
  const f = useFormat();
  const [status, setStatus] = useState<IncidentsQuery['status']>(undefined);
  const [creating, setCreating] = useState(false);
  const filters: IncidentsQuery = status ? { status } : {};
  const list = useIncidentsList(filters);
  const statusId = useId();
  usePageTitle(t('title'));
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const columns: Column<Incident>[] = [
    {
      id: 'title',
      header: t('columns.title'),
      rowHeader: true,
      cell: (i) => (
        <Link to={`/incidents/${i.id}`} data-testid="incident-link">
          {i.title}
        </Link>
      ),
    },
    { id: 'programs', header: t('columns.programs'), cell: (i) => i.programs.map((p) => p.name).join(', ') },
    { id: 'severity', header: t('columns.severity'), cell: (i) => <SeverityBadge severity={i.severity} /> },
    { id: 'status', header: t('columns.status'), cell: (i) => <IncidentStatusBadge status={i.status} /> },
    { id: 'started', header: t('columns.started'), cell: (i) => f.dateTime(i.startedAt) },
    { id: 'ended', header: t('columns.ended'), cell: (i) => (i.endedAt ? f.dateTime(i.endedAt) : t('ongoing')) },
  ];

  return (
    <div className="page incidents-page">
      <header className="incidents-page__header">
        <h1 tabIndex={-1} className="page__title">
          {t('title')}
        </h1>
        {hasRole(user?.role, 'analyst') && (
          <button type="button" className="button" onClick={() => setCreating(true)} data-testid="incident-new">
            <PlusIcon /> {t('create.open')}
          </button>
        )}
      </header>
      <p className="page__intro">{t('intro')}</p>
      <div className="field field--inline">
        <label htmlFor={statusId}>{t('filterStatus')}</label>
        <select id={statusId} value={status ?? ''} onChange={(e) => setStatus(e.target.value === '' ? undefined : IncidentStatus.parse(e.target.value))} data-testid="incident-status-filter">
          <option value="">{t('allStatuses')}</option>
          {IncidentStatus.options.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <DataTable
        columns={columns}
        rows={rows}
        rowKey={(i) => i.id}
        caption={t('caption')}
        loading={list.isPending}
        loadingLabel={t('loading')}
        error={list.error}
        onRetry={() => void list.refetch()}
        retrying={list.isFetching}
        empty={t('empty')}
        emptyTestId="incidents-empty"
        rowAttributes={(i) => ({ 'data-testid': 'incident-row', 'data-status': i.status })}
      />
      <LoadMore pages={list} label={t('loadMore')} loadingLabel={t('loadingMore')} end={rows.length > 0 ? t('end') : undefined} />
      {creating && <NewIncidentDialog onClose={() => setCreating(false)} />}
    </div>
  );
}

function PlusIcon() {
  return (
    <svg className="icon" width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M8 2v12M2 8h12" stroke="currentColor" strokeWidth="2" strokeLinecap="round" fill="none" />
    </svg>
  );
}

function NewIncidentDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation(['incidents', 'common']);
  const programs = useProgramsQuery();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [programIds, setProgramIds] = useState<string[]>([]);
  const [severity, setSeverity] = useState<Severity>('warning');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missingProgram, setMissingProgram] = useState(false);
  const titleId = useId();
  const severityId = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!programIds.length) {
      setMissingProgram(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const incident = await createIncident({ title, programIds, severity });
      void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.lists });
      onClose();
      void navigate(`/incidents/${incident.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('create.title')} onClose={onClose} busy={busy} testId="incident-create-dialog">
      <form onSubmit={(e) => void submit(e)} className="form">
        <div className="field">
          <label htmlFor={titleId}>{t('create.name')}</label>
          <input id={titleId} value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} data-testid="incident-create-title" />
        </div>
        <fieldset className="field">
          <legend>{t('create.programs')}</legend>
          {(programs.data?.items ?? []).map((p) => (
            <label key={p.id} className="checkbox">
              <input
                type="checkbox"
                checked={programIds.includes(p.id)}
                onChange={(e) => {
                  setMissingProgram(false);
                  setProgramIds((old) => (e.target.checked ? [...old, p.id] : old.filter((x) => x !== p.id)));
                }}
                data-testid="incident-create-program"
              />{' '}
              {p.name}
            </label>
          ))}
          {missingProgram && (
            <p className="field__error" role="alert">
              {t('create.needProgram')}
            </p>
          )}
        </fieldset>
        <div className="field">
          <label htmlFor={severityId}>{t('create.severity')}</label>
          <select id={severityId} value={severity} onChange={(e) => setSeverity(Severity.parse(e.target.value))}>
            {Severity.options.map((s) => (
              <option key={s} value={s}>
                {t(`common:severity.${s}`)}
              </option>
            ))}
          </select>
        </div>
        {error !== null && <ErrorMessage error={error} />}
        <div className="form__actions">
          <button type="submit" className="button" disabled={busy} data-testid="incident-create-submit">
            {t('create.submit')}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose} disabled={busy}>
            {t('create.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
