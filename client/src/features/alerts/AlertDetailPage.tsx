import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import type { AlertDetail, UserSummary } from '@siaga/shared';
import { isApiError } from '../../api';
import { useFormat } from '../../lib/format';
import { useProgramSnooze } from '../../lib/programs';
import { isUuid } from '../../lib/url';
import { useNow } from '../../lib/useNow';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { usePageTitle } from '../../ui/PageTitle';
import { hasRole } from '../../ui/RequireRole';
import { useAuth } from '../auth/useAuth';
import { ActionError, AlertActionButtons, AlertActionPanel, actionIds, type PanelKind } from './AlertActions';
import { RelativeTime, SeverityBadge, StatusBadge } from './AlertBits';
import { AlertChart } from './AlertChart';
import { ClusterSection, DeliveriesSection, ExplanationSection, HistorySection, NotesSection, SamplesSection } from './AlertDetailSections';
import { useAlertDetail } from './alertsApi';
import { isProgramAlert, subjectOf } from './programAlert';
import { useAlertActionRunner } from './useAlertActionRunner';
import { useFocusAfterAction } from './useFocusAfterAction';
import './alerts.css';
import { Icon } from '../../ui/Icon';

function inboxLink(state: unknown): string {
  const inbox = typeof state === 'object' && state !== null ? (state as { inbox?: unknown }).inbox : undefined;
  return typeof inbox === 'string' && inbox !== '' ? `/alerts?${inbox}` : '/alerts';
}

/**
 * `/alerts/:alertId`: everything needed to judge and handle one alert. Its status follows live
 * events (the live layer patches `alerts.detail(id)`), so a colleague's acknowledgement shows here
 * without reload.
 */
export function AlertDetailPage() {
  const { t } = useTranslation(['alerts', 'common']);
  const { alertId } = useParams();
  const location = useLocation();
  const { user } = useAuth();
  const valid = isUuid(alertId);
  const detail = useAlertDetail(valid ? alertId : null);
  const alert = detail.data;
  usePageTitle(alert ? `${t(`common:alertKind.${alert.kind}`)} — ${subjectOf(alert)}` : t('title'));
  const back = inboxLink(location.state);

  const notFound = !valid || (detail.isError && !alert && isApiError(detail.error) && detail.error.status === 404);

  return (
    <div className="page alert-detail-page">
      <p className="alert-detail__back">
        <Link to={back} data-testid="alert-detail-back">
          <Icon name="arrowLeft" /> {t('detail.back')}
        </Link>
      </p>
      {notFound ? (
        <section className="notice notice--warning" role="alert" data-testid="alert-detail-missing">
          <p>{t('detail.notFound')}</p>
        </section>
      ) : !alert ? (
        detail.isError ? (
          <ErrorMessage error={detail.error} onRetry={() => void detail.refetch()} retrying={detail.isFetching} />
        ) : (
          <Loading label={t('detail.loading')} />
        )
      ) : user ? (
        // Keyed by alert: moving to another alert starts clean (panels, errors, chart placeholder).
        <AlertDetailView key={alert.id} alert={alert} me={user} refreshFailed={detail.isRefetchError} />
      ) : null}
    </div>
  );
}

function AlertDetailView({ alert, me, refreshFailed }: { alert: AlertDetail; me: UserSummary; refreshFailed: boolean }) {
  const { t } = useTranslation(['alerts', 'common']);
  const f = useFormat();
  const now = useNow(30_000);
  const canAct = hasRole(me.role, 'analyst');
  const [announcement, setAnnouncement] = useState({ text: '', seq: 0 });
  const announce = useCallback((text: string) => setAnnouncement((old) => ({ text, seq: old.seq + 1 })), []);
  const runner = useAlertActionRunner(announce);
  const state = runner.stateOf(alert.id);
  const [panel, setPanel] = useState<PanelKind | null>(null);
  const snooze = useProgramSnooze(alert.programId);
  const idPrefix = `alert-detail-${alert.id}`;
  const titleId = 'alert-detail-title';
  const kindLabel = t(`common:alertKind.${alert.kind}`);

  const headingRef = useRef<HTMLHeadingElement>(null);
  const actionsRef = useRef<HTMLElement>(null);
  // The pressed button is gone once the alert changed: the page's heading takes focus.
  const focusAfter = useFocusAfterAction({
    owns: (active) => actionsRef.current?.contains(active) ?? false,
    moveFocus: () => headingRef.current?.focus(),
  });

  const panelRef = useRef(panel);
  panelRef.current = panel;
  const closePanel = useCallback(() => {
    const old = panelRef.current;
    setPanel(null);
    // Back to the button that opened it, once the panel is gone.
    if (old) setTimeout(() => document.getElementById(actionIds(idPrefix).button(old))?.focus(), 0);
  }, [idPrefix]);

  // Who acted comes from the history (the alert row keeps only user ids).
  const actor = (action: 'acknowledged' | 'resolved', userId: string | null): string => {
    const entry = [...alert.history].reverse().find((h) => h.action === action);
    if (entry?.userName) return entry.userName;
    if (userId !== null && userId === me.id) return me.name;
    return t('detail.someone');
  };

  const snoozedUntil = snooze.data?.until ?? null;

  return (
    <article className="alert-detail" aria-labelledby={titleId} data-testid="alert-detail" data-alert-id={alert.id} data-status={alert.status} data-severity={alert.severity}>
      <header className={`alert-detail__header alert-detail__header--${alert.severity}`}>
        <h1 ref={headingRef} tabIndex={-1} id={titleId} className="page__title">
          {kindLabel} — <bdi>{subjectOf(alert)}</bdi>
        </h1>
        <div className="alert-detail__badges">
          <SeverityBadge severity={alert.severity} />
          <StatusBadge status={alert.status} testId="alert-detail-status" />
          {alert.escalationLevel > 0 && (
            <span className="alert-escalation" data-testid="alert-escalation">
              <Icon name="escalate" /> {t('inbox.escalated', { level: alert.escalationLevel })}
            </span>
          )}
        </div>
      </header>

      {refreshFailed && (
        <div className="notice notice--warning" role="status">
          {t('detail.refreshFailed')}
        </div>
      )}
      {snoozedUntil && (
        <div className="notice notice--info" data-testid="alert-program-snoozed">
          <p>{t('snooze.active', { time: f.dateTime(snoozedUntil) })}</p>
          {snooze.data?.reason && <p dir="auto">{t('snooze.activeReason', { reason: snooze.data.reason })}</p>}
        </div>
      )}

      {canAct && (
        <section ref={actionsRef} className="alert-section alert-detail__actions" aria-label={t('detail.actions')}>
          <AlertActionButtons
            alert={alert}
            state={state}
            panel={panel}
            idPrefix={idPrefix}
            describedBy={titleId}
            onTogglePanel={(p) => setPanel((old) => (old === p ? null : p))}
            onAcknowledge={() => void focusAfter(alert, runner.run(alert, { action: 'acknowledge', body: {} }))}
            onResolve={() => void focusAfter(alert, runner.run(alert, { action: 'resolve', body: {} }))}
          />
          <ActionError state={state} onDismiss={() => runner.clearError(alert.id)} />
          {panel && <AlertActionPanel alert={alert} panel={panel} runner={runner} me={me} idPrefix={idPrefix} onClose={closePanel} />}
        </section>
      )}
      <p className="sr-only" role="status" aria-live="polite" data-testid="alert-detail-announcer">
        <span key={announcement.seq}>{announcement.text}</span>
      </p>

      <div className="alert-detail__grid">
        <div className="alert-detail__main">
          <ExplanationSection alert={alert} />
          {alert.kind === 'coordinated_campaign' && <ClusterSection alert={alert} />}
          {isProgramAlert(alert) && (
            <>
              <AlertChart alert={alert} />
              <SamplesSection alert={alert} />
            </>
          )}
        </div>
        <div className="alert-detail__side">
          <section className="alert-section" aria-labelledby="alert-summary-heading">
            <h2 id="alert-summary-heading" className="alert-section__title">
              {t('detail.summary')}
            </h2>
            <dl className="alert-summary">
              <div>
                <dt>{t('detail.kind')}</dt>
                <dd>{kindLabel}</dd>
              </div>
              <div>
                <dt>{t('detail.program')}</dt>
                <dd>
                  <Link to={`/alerts?program=${alert.programId}`} data-testid="alert-detail-program">
                    <bdi>{subjectOf(alert)}</bdi>
                  </Link>
                </dd>
              </div>
              <div>
                <dt>{t('detail.opened')}</dt>
                <dd data-testid="alert-detail-opened">
                  {f.dateTime(alert.openedAt)} <span className="muted">(<RelativeTime value={alert.openedAt} now={now} f={f} />)</span>
                </dd>
              </div>
              <div>
                <dt>{t('detail.lastTriggered')}</dt>
                <dd>
                  {f.dateTime(alert.lastTriggeredAt)} <span className="muted">(<RelativeTime value={alert.lastTriggeredAt} now={now} f={f} />)</span>
                </dd>
              </div>
              <div>
                <dt>{t('detail.count')}</dt>
                <dd>{t('detail.countValue', { count: alert.count })}</dd>
              </div>
              <div>
                <dt>{t('detail.acknowledged')}</dt>
                <dd data-testid="alert-detail-acknowledged">
                  {alert.acknowledgedAt ? (
                    <>
                      <time dateTime={alert.acknowledgedAt} title={f.dateTimeFull(alert.acknowledgedAt)}>
                        {t('detail.byWhom', { time: f.dateTime(alert.acknowledgedAt), name: actor('acknowledged', alert.acknowledgedBy) })}
                      </time>
                    </>
                  ) : (
                    <span className="muted">{t('detail.notYet')}</span>
                  )}
                </dd>
              </div>
              <div>
                <dt>{t('detail.resolved')}</dt>
                <dd data-testid="alert-detail-resolved">
                  {alert.resolvedAt ? (
                    <time dateTime={alert.resolvedAt} title={f.dateTimeFull(alert.resolvedAt)}>
                      {alert.resolution === 'auto'
                        ? t('detail.autoResolved', { time: f.dateTime(alert.resolvedAt) })
                        : t('detail.byWhom', { time: f.dateTime(alert.resolvedAt), name: actor('resolved', alert.resolvedBy) })}
                    </time>
                  ) : (
                    <span className="muted">{t('detail.notYet')}</span>
                  )}
                </dd>
              </div>
              <div>
                <dt>{t('detail.assignee')}</dt>
                <dd data-testid="alert-detail-assignee">{alert.assigneeName ? <bdi>{alert.assigneeName}</bdi> : <span className="muted">{t('inbox.unassigned')}</span>}</dd>
              </div>
              <div>
                <dt>{t('detail.escalation')}</dt>
                <dd data-testid="alert-detail-escalation">
                  {alert.escalationLevel > 0 ? t('detail.escalationLevel', { level: alert.escalationLevel }) : t('detail.escalationNone')}
                </dd>
              </div>
            </dl>
          </section>
          <NotesSection alert={alert} />
          <HistorySection alert={alert} me={me} />
          {canAct && <DeliveriesSection alertId={alert.id} />}
        </div>
      </div>
    </article>
  );
}
