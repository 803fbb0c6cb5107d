import { useTranslation } from 'react-i18next';
import type { Alert, AlertStatus, AlertsQuery, UserSummary } from '@siaga/shared';
import { useFormat } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { ScrollRegion } from '../../ui/ScrollRegion';
import { AlertRow } from './AlertRow';
import type { AlertPanel } from './useAlertPanel';
import type { AlertSelection } from './useAlertSelection';
import { matchesFilters } from './useAlertFilters';
import type { AlertActionRunner } from './useAlertActionRunner';

interface AlertsTableProps {
  alerts: Alert[];
  status: AlertStatus;
  /** The view's filters: rows that no longer match them are marked as moved. */
  query: AlertsQuery;
  selection: AlertSelection;
  panel: AlertPanel;
  runner: AlertActionRunner;
  me: UserSummary | null;
  canAct: boolean;
  inboxSearch: string;
  onAcknowledge(alert: Alert): void;
  onResolve(alert: Alert): void;
}

/** The inbox rows: one row per alert, the actions column only for those who may act. */
export function AlertsTable({ alerts, status, query, selection, panel, runner, me, canAct, inboxSearch, onAcknowledge, onResolve }: AlertsTableProps) {
  const { t } = useTranslation(['alerts', 'common']);
  const f = useFormat();
  const now = useNow(30_000);
  const columns = canAct ? 8 : 7;
  return (
    <ScrollRegion label={t('inbox.caption', { status: t(`common:alertStatus.${status}`) })}>
      <table className="table alerts-table" data-testid="alerts-table">
        <caption className="sr-only">
          {t('inbox.caption', { status: t(`common:alertStatus.${status}`) })} · {t('inbox.shown', { count: alerts.length })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('inbox.columns.severity')}</th>
            <th scope="col">{t('inbox.columns.alert')}</th>
            <th scope="col">{t('inbox.columns.program')}</th>
            <th scope="col">{t('inbox.columns.age')}</th>
            <th scope="col">{t('inbox.columns.count')}</th>
            <th scope="col">{t('inbox.columns.assignee')}</th>
            <th scope="col">{t('inbox.columns.status')}</th>
            {canAct && <th scope="col">{t('inbox.columns.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {alerts.map((alert) => (
            <AlertRow
              key={alert.id}
              alert={alert}
              selected={alert.id === selection.selectedId}
              moved={!matchesFilters(alert, query)}
              focusable={alert.id === selection.focusableId}
              now={now}
              f={f}
              me={me}
              canAct={canAct}
              columns={columns}
              runner={runner}
              panel={panel.of(alert.id)}
              inboxSearch={inboxSearch}
              rowRef={selection.rowRef(alert.id)}
              onSelect={selection.select}
              onTogglePanel={panel.toggle}
              onClosePanel={panel.close}
              onAcknowledge={onAcknowledge}
              onResolve={onResolve}
            />
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
