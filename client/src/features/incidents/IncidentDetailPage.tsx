import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { IncidentStatus, REPORT_FORMATS, type IncidentDetail, type IncidentEntry, type ReportFormat } from '@siaga/shared';
import { isApiError } from '../../api';
import { useFormat } from '../../lib/format';
import { isUuid } from '../../lib/url';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { usePageTitle } from '../../ui/PageTitle';
import { hasRole } from '../../ui/RequireRole';
import { SeverityBadge } from '../alerts/AlertBits';
import { useAuth } from '../auth/useAuth';
import { DownloadIcon, IncidentStatusBadge } from './IncidentBits';
import { downloadReport, useIncident, useIncidentChange, type IncidentChange } from './incidentsApi';
import { OfficialResponseSection } from './OfficialResponse';
import './incidents.css';

/** `/incidents/:incidentId`: the incident, its timeline, the summary and lessons, and its report. */
export function IncidentDetailPage() {
  const { t } = useTranslation('incidents');
  const { incidentId } = useParams();
  const valid = isUuid(incidentId);
  const detail = useIncident(valid ? incidentId : null);
  const incident = detail.data;
  usePageTitle(incident ? incident.title : t('title'));
  const notFound = !valid || (detail.isError && !incident && isApiError(detail.error) && detail.error.status === 404);

  return (
    <div className="page incident-detail-page">
      <p>
        <Link to="/incidents" data-testid="incident-back">
          {t('detail.back')}
        </Link>
      </p>
      {notFound ? (
        <section className="notice notice--warning" role="alert" data-testid="incident-missing">
          <p>{t('detail.notFound')}</p>
        </section>
      ) : !incident ? (
        detail.isError ? <ErrorMessage error={detail.error} onRetry={() => void detail.refetch()} retrying={detail.isFetching} /> : <Loading label={t('detail.loading')} />
      ) : (
        <IncidentView key={incident.id} incident={incident} />
      )}
    </div>
  );
}

function IncidentView({ incident }: { incident: IncidentDetail }) {
  const { t } = useTranslation('incidents');
  const { user } = useAuth();
  const f = useFormat();
  const canEdit = hasRole(user?.role, 'analyst');
  const change = useIncidentChange(incident.id);
  const run = (c: IncidentChange) => change.mutateAsync(c);

  return (
    <article className="incident" data-testid="incident-detail" data-status={incident.status}>
      <header className="incident__header">
        <h1 tabIndex={-1} className="page__title" data-testid="incident-title">
          {incident.title}
        </h1>
        <p className="incident__badges">
          <SeverityBadge severity={incident.severity} /> <IncidentStatusBadge status={incident.status} />
        </p>
        <dl className="incident__facts">
          <dt>{t('detail.programs')}</dt>
          <dd data-testid="incident-programs">{incident.programs.map((p) => p.name).join(', ')}</dd>
          <dt>{t('detail.span')}</dt>
          <dd>
            {f.dateTime(incident.startedAt)} – {incident.endedAt ? f.dateTime(incident.endedAt) : t('ongoing')}
          </dd>
          <dt>{t('detail.owner')}</dt>
          <dd>{incident.ownerName ?? t('detail.noOwner')}</dd>
        </dl>
      </header>
      {change.error !== null && <ErrorMessage error={change.error} />}
      <Reports incident={incident} canExportPosts={canEdit} />
      <OfficialResponseSection incidentId={incident.id} />
      {canEdit && <StatusControl incident={incident} onSave={run} busy={change.isPending} />}
      <SummaryEditor incident={incident} canEdit={canEdit} onSave={run} busy={change.isPending} />
      {canEdit && <TimelineForms onSave={run} busy={change.isPending} />}
      <Timeline entries={incident.timeline} />
      <section className="incident__section" aria-labelledby="incident-alerts">
        <h2 id="incident-alerts">{t('detail.alerts')}</h2>
        {incident.alerts.length ? (
          <ul data-testid="incident-alerts">
            {incident.alerts.map((a) => (
              <li key={a.id}>
                <Link to={`/alerts/${a.id}`}>
                  {a.programName} · {f.dateTime(a.openedAt)}
                </Link>{' '}
                <SeverityBadge severity={a.severity} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">{t('detail.alertsEmpty')}</p>
        )}
      </section>
      <section className="incident__section" aria-labelledby="incident-pins">
        <h2 id="incident-pins">{t('detail.pins')}</h2>
        {incident.pins.length ? (
          <ul className="incident__pins" data-testid="incident-pins">
            {incident.pins.map((p) => (
              <li key={p.post.id}>
                <p className="incident__meta">
                  {f.dateTime(p.post.createdAt)} · {p.post.source} · <bdi>{p.post.author.handle}</bdi>
                </p>
                {/* Post text is hostile: React renders it as text. */}
                <p className="incident__post-text" data-testid="incident-pin-text">
                  {p.post.text}
                </p>
                {p.note && <p className="incident__meta">{p.note}</p>}
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">{t('detail.pinsEmpty')}</p>
        )}
      </section>
    </article>
  );
}

function Reports({ incident, canExportPosts }: { incident: IncidentDetail; canExportPosts: boolean }) {
  const { t, i18n } = useTranslation('incidents');
  const [busy, setBusy] = useState<ReportFormat | null>(null);
  const [error, setError] = useState<unknown>(null);
  const lang = i18n.language === 'en' ? 'en' : 'id';
  const formats = REPORT_FORMATS.filter((fmt) => fmt !== 'csv' || canExportPosts);
  const download = async (format: ReportFormat) => {
    setBusy(format);
    setError(null);
    try {
      await downloadReport(incident.id, format, lang);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="incident__section" aria-labelledby="incident-reports">
      <h2 id="incident-reports">{t('detail.reports')}</h2>
      <p className="incident__meta">{t('detail.reportHint')}</p>
      <div className="incident__reports">
        {formats.map((format) => (
          <button key={format} type="button" className="button button--secondary" disabled={busy !== null} onClick={() => void download(format)} data-testid={`incident-report-${format}`}>
            <DownloadIcon /> {busy === format ? t('detail.downloading') : t(`detail.formats.${format}`)}
          </button>
        ))}
      </div>
      {error !== null && <ErrorMessage error={error} />}
    </section>
  );
}

function StatusControl({ incident, onSave, busy }: { incident: IncidentDetail; onSave: (c: IncidentChange) => Promise<unknown>; busy: boolean }) {
  const { t } = useTranslation('incidents');
  const [status, setStatus] = useState(incident.status);
  const id = useId();
  return (
    <form
      className="field field--inline"
      onSubmit={(e) => {
        e.preventDefault();
        void onSave({ kind: 'update', body: { status } }).catch(() => undefined);
      }}
    >
      <label htmlFor={id}>{t('detail.changeStatus')}</label>
      <select id={id} value={status} onChange={(e) => setStatus(IncidentStatus.parse(e.target.value))} data-testid="incident-status-select">
        {IncidentStatus.options.map((s) => (
          <option key={s} value={s}>
            {t(`status.${s}`)}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--secondary" disabled={busy || status === incident.status} data-testid="incident-status-save">
        {t('detail.saveStatus')}
      </button>
    </form>
  );
}

function SummaryEditor({ incident, canEdit, onSave, busy }: { incident: IncidentDetail; canEdit: boolean; onSave: (c: IncidentChange) => Promise<unknown>; busy: boolean }) {
  const { t } = useTranslation('incidents');
  const [summary, setSummary] = useState(incident.summary);
  const [lessons, setLessons] = useState(incident.lessons);
  const [saved, setSaved] = useState(false);
  const summaryId = useId();
  const lessonsId = useId();
  if (!canEdit) {
    return (
      <section className="incident__section">
        <h2>{t('detail.summary')}</h2>
        <p className="incident__text" data-testid="incident-summary">
          {incident.summary || t('detail.empty')}
        </p>
        <h2>{t('detail.lessons')}</h2>
        <p className="incident__text" data-testid="incident-lessons">
          {incident.lessons || t('detail.empty')}
        </p>
      </section>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    try {
      await onSave({ kind: 'update', body: { summary, lessons } });
      setSaved(true);
    } catch {
      // shown by the page's error message
    }
  };
  return (
    <form className="incident__section form" onSubmit={(e) => void submit(e)}>
      <div className="field">
        <label htmlFor={summaryId}>{t('detail.summary')}</label>
        <textarea id={summaryId} rows={5} maxLength={20_000} value={summary} onChange={(e) => setSummary(e.target.value)} data-testid="incident-summary-input" />
      </div>
      <div className="field">
        <label htmlFor={lessonsId}>{t('detail.lessons')}</label>
        <textarea id={lessonsId} rows={4} maxLength={20_000} value={lessons} onChange={(e) => setLessons(e.target.value)} data-testid="incident-lessons-input" />
      </div>
      <div className="form__actions">
        <button type="submit" className="button" disabled={busy} data-testid="incident-summary-save">
          {t('detail.save')}
        </button>
        <span role="status">{saved ? t('detail.saved') : ''}</span>
      </div>
    </form>
  );
}

function TimelineForms({ onSave, busy }: { onSave: (c: IncidentChange) => Promise<unknown>; busy: boolean }) {
  const { t } = useTranslation('incidents');
  const [note, setNote] = useState('');
  const [action, setAction] = useState('');
  const [url, setUrl] = useState('');
  const [at, setAt] = useState('');
  const ids = { note: useId(), action: useId(), url: useId(), at: useId() };
  const addNote = async (e: FormEvent) => {
    e.preventDefault();
    await onSave({ kind: 'notes', body: { text: note } }).then(() => setNote(''), () => undefined);
  };
  const addAction = async (e: FormEvent) => {
    e.preventDefault();
    const when = at ? new Date(at) : null;
    const body = { text: action, ...(url ? { url } : {}), ...(when && !Number.isNaN(when.getTime()) ? { at: when.toISOString() } : {}) };
    await onSave({ kind: 'actions', body }).then(() => {
      setAction('');
      setUrl('');
      setAt('');
    }, () => undefined);
  };
  return (
    <div className="incident__forms">
      <form className="form" onSubmit={(e) => void addNote(e)}>
        <div className="field">
          <label htmlFor={ids.note}>{t('detail.note')}</label>
          <textarea id={ids.note} rows={2} maxLength={5_000} required value={note} onChange={(e) => setNote(e.target.value)} data-testid="incident-note-input" />
        </div>
        <button type="submit" className="button button--secondary" disabled={busy} data-testid="incident-note-add">
          {t('detail.addNote')}
        </button>
      </form>
      <form className="form" onSubmit={(e) => void addAction(e)}>
        <div className="field">
          <label htmlFor={ids.action}>{t('detail.action')}</label>
          <textarea id={ids.action} rows={2} maxLength={2_000} required value={action} onChange={(e) => setAction(e.target.value)} data-testid="incident-action-input" />
        </div>
        <div className="field">
          <label htmlFor={ids.url}>{t('detail.actionUrl')}</label>
          <input id={ids.url} type="url" value={url} onChange={(e) => setUrl(e.target.value)} data-testid="incident-action-url" />
        </div>
        <div className="field">
          <label htmlFor={ids.at}>{t('detail.actionAt')}</label>
          <input id={ids.at} type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
        </div>
        <button type="submit" className="button button--secondary" disabled={busy} data-testid="incident-action-add">
          {t('detail.addAction')}
        </button>
      </form>
    </div>
  );
}

function Timeline({ entries }: { entries: IncidentEntry[] }) {
  const { t } = useTranslation('incidents');
  const f = useFormat();
  return (
    <section className="incident__section" aria-labelledby="incident-timeline">
      <h2 id="incident-timeline">{t('detail.timeline')}</h2>
      {entries.length ? (
        <ol className="incident__timeline" data-testid="incident-timeline">
          {entries.map((e) => (
            <li key={e.id} data-testid="incident-entry" data-kind={e.kind}>
              <p className="incident__meta">
                <time dateTime={e.at}>{f.dateTime(e.at)}</time> · {t(`detail.kinds.${e.kind}`)}
                {e.userName && <> · {t('detail.by', { name: e.userName })}</>}
              </p>
              {e.text && <p className="incident__text">{e.text}</p>}
              {e.url && /^https?:\/\//i.test(e.url) && (
                <a href={e.url} target="_blank" rel="noopener noreferrer">
                  {t('detail.link')}
                </a>
              )}
            </li>
          ))}
        </ol>
      ) : (
        <p className="empty">{t('detail.timelineEmpty')}</p>
      )}
    </section>
  );
}
