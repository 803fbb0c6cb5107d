import { useCallback, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Alert } from '@siaga/shared';
import { usePageTitle } from '../../ui/PageTitle';
import { hasRole } from '../../ui/RequireRole';
import { useAuth } from '../auth/useAuth';
import { AlertFilterBar } from './AlertFilterBar';
import { AlertList } from './AlertList';
import { AlertShortcuts } from './AlertShortcuts';
import { ALERTS_TABPANEL_ID, AlertTabs, alertTabId } from './AlertTabs';
import { AlertsTable } from './AlertsTable';
import { NotifierControls } from './NotifierControls';
import { useAlertActionRunner } from './useAlertActionRunner';
import { FILTER_PARAMS, useAlertFilters, type ParamChanges } from './useAlertFilters';
import { useAlertPanel } from './useAlertPanel';
import { useAlertSelection } from './useAlertSelection';
import { useAnnouncer } from './useAnnouncer';
import { inAlertRow, useFocusAfterAction } from './useFocusAfterAction';
import { useKeyboardTriage } from './useKeyboardTriage';
import { useLiveAlertList } from './useLiveAlertList';
import './alerts.css';

/**
 * The alert inbox: one tab per status (counts from `/api/alerts/counts`), filters kept in the URL
 * (`?status=&program=&kind=&severity=`, so other pages can link to a program's alerts), newest first
 * with "load more", and keyboard triage (j/k/a/r/Enter/?). New alerts and changes made by anyone
 * appear without reload: the live layer invalidates these lists on every alert event.
 */
export function AlertsPage() {
  const { t } = useTranslation(['alerts', 'common']);
  const { user } = useAuth();
  const navigate = useNavigate();
  usePageTitle(t('title'));
  const headingId = useId();
  const canAct = hasRole(user?.role, 'analyst');

  const filters = useAlertFilters();
  const live = useLiveAlertList(filters.query);
  const { announcement, announce } = useAnnouncer();
  const runner = useAlertActionRunner(announce, live.remember);
  const selection = useAlertSelection(live.alerts);
  const panel = useAlertPanel();

  const headingRef = useRef<HTMLHeadingElement>(null);
  // Triage goes on at the next row; after the last one, at the list's heading.
  const focusAfter = useFocusAfterAction({
    owns: inAlertRow,
    moveFocus: (alert) => {
      const index = live.alerts.findIndex((a) => a.id === alert.id);
      const next = index < 0 ? undefined : live.alerts[index + 1];
      if (next) selection.select(next.id, true);
      else headingRef.current?.focus();
    },
  });
  const acknowledge = useCallback((alert: Alert) => void focusAfter(alert, runner.run(alert, { action: 'acknowledge', body: {} })), [focusAfter, runner]);
  const resolve = useCallback((alert: Alert) => void focusAfter(alert, runner.run(alert, { action: 'resolve', body: {} })), [focusAfter, runner]);

  const { helpOpen, setHelpOpen } = useKeyboardTriage({
    alerts: live.alerts,
    selected: selection.selected,
    select: selection.select,
    list: live.list,
    canAct,
    readOnlyMessage: t('shortcuts.readOnly'),
    announce,
    onAcknowledge: acknowledge,
    onResolve: resolve,
    onOpen: (alert) => void navigate(`/alerts/${alert.id}`, { state: { inbox: filters.search } }),
    panelOpen: panel.open !== null,
    onClosePanel: panel.close,
  });

  /** Another tab or other filters: a new list starts unselected, with no panel and no kept changes. */
  const changeView = (changes: ParamChanges) => {
    filters.update(changes);
    selection.clear();
    panel.reset();
    live.forgetChanges();
  };
  const resetFilters = () => changeView(FILTER_PARAMS);

  return (
    <section className="page alerts-page" aria-labelledby={headingId} data-testid="alerts-page">
      <header className="alerts-page__header">
        <div>
          <h1 ref={headingRef} tabIndex={-1} id={headingId} className="page__title">
            {t('title')}
          </h1>
          <p className="muted">{t('inbox.intro')}</p>
        </div>
        {user && <NotifierControls role={user.role} />}
      </header>

      <AlertTabs status={filters.status} onChange={(s) => changeView({ status: s === 'open' ? undefined : s })} />

      <div id={ALERTS_TABPANEL_ID} role="tabpanel" aria-labelledby={alertTabId(filters.status)} className="alerts-panel">
        <AlertFilterBar
          programId={filters.programParam}
          kind={filters.kind}
          severity={filters.severity}
          onChange={(key, value) => changeView({ [key]: value })}
          onReset={resetFilters}
        />
        <AlertShortcuts canAct={canAct} helpOpen={helpOpen} onToggle={() => setHelpOpen((open) => !open)} onClose={() => setHelpOpen(false)} />

        <p className="sr-only" role="status" aria-live="polite" data-testid="alerts-announcer">
          <span key={announcement.seq}>{announcement.text}</span>
        </p>

        <AlertList live={live} status={filters.status} filtered={filters.filtered} onResetFilters={resetFilters}>
          <AlertsTable
            alerts={live.alerts}
            status={filters.status}
            query={filters.query}
            selection={selection}
            panel={panel}
            runner={runner}
            me={user}
            canAct={canAct}
            inboxSearch={filters.search}
            onAcknowledge={acknowledge}
            onResolve={resolve}
          />
        </AlertList>
      </div>
    </section>
  );
}
