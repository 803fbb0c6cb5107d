import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Alert, UserSummary } from '@siaga/shared';
import type { Formatter } from '../../lib/format';
import { ActionError, AlertActionButtons, AlertActionPanel, type PanelKind } from './AlertActions';
import { RelativeTime, SeverityBadge, StatusBadge, formatMetric, formatScore } from './AlertBits';
import type { AlertActionRunner } from './useAlertActionRunner';
import { useExplanationText } from './useExplanationText';
import { Icon } from '../../ui/Icon';
import { subjectOf } from './programAlert';

export interface AlertRowProps {
  alert: Alert;
  selected: boolean;
  /** Changed while shown and no longer matches this view (e.g. acknowledged in the "open" tab). */
  moved: boolean;
  focusable: boolean;
  now: number;
  f: Formatter;
  me: UserSummary | null;
  canAct: boolean;
  columns: number;
  runner: AlertActionRunner;
  panel: PanelKind | null;
  inboxSearch: string;
  rowRef(el: HTMLTableRowElement | null): void;
  onSelect(id: string, focus: boolean): void;
  onTogglePanel(alertId: string, panel: PanelKind): void;
  onClosePanel(): void;
  onAcknowledge(alert: Alert): void;
  onResolve(alert: Alert): void;
}

/** One alert of the inbox, and under it its action error and open panel, if any. */
export function AlertRow({
  alert,
  selected,
  moved,
  focusable,
  now,
  f,
  me,
  canAct,
  columns,
  runner,
  panel,
  inboxSearch,
  rowRef,
  onSelect,
  onTogglePanel,
  onClosePanel,
  onAcknowledge,
  onResolve,
}: AlertRowProps) {
  const { t } = useTranslation(['alerts', 'common']);
  const explanation = useExplanationText(alert.explanation);
  const idPrefix = `alert-${alert.id}`;
  const titleId = `${idPrefix}-title`;
  const state = runner.stateOf(alert.id);
  const peak = formatMetric(f, alert.kind, alert.peakObserved);
  const extra = canAct && me !== null && (panel !== null || state.error !== null);

  return (
    <>
      <tr
        ref={rowRef}
        className={`alert-row alert-row--${alert.severity}${selected ? ' alert-row--selected' : ''}${moved ? ' alert-row--moved' : ''}`}
        tabIndex={focusable ? 0 : -1}
        aria-selected={selected}
        onFocus={() => {
          if (!selected) onSelect(alert.id, false);
        }}
        onClick={() => {
          if (!selected) onSelect(alert.id, false);
        }}
        data-testid="alert-row"
        data-alert-id={alert.id}
        data-status={alert.status}
        data-severity={alert.severity}
        data-moved={moved || undefined}
      >
        <td>
          <SeverityBadge severity={alert.severity} />
        </td>
        <th scope="row" className="alert-row__title">
          <Link to={`/alerts/${alert.id}`} state={{ inbox: inboxSearch }} id={titleId} className="alert-row__link" data-testid="alert-open">
            {t(`common:alertKind.${alert.kind}`)}
            <span className="sr-only"> — {subjectOf(alert)}</span>
          </Link>
          <span className="alert-row__explain" dir="auto">
            {explanation}
          </span>
        </th>
        <td data-testid="alert-program">
          <bdi>{subjectOf(alert)}</bdi>
        </td>
        <td className="alert-row__age">
          <RelativeTime value={alert.openedAt} now={now} f={f} testId="alert-age" />
        </td>
        <td title={t('inbox.countTitle', { count: alert.count, peak, score: formatScore(f, alert.peakScore) })} data-testid="alert-count">
          {t('inbox.countPeak', { count: alert.count, peak })}
        </td>
        <td data-testid="alert-assignee">{alert.assigneeName ? <bdi>{alert.assigneeName}</bdi> : <span className="muted">{t('inbox.unassigned')}</span>}</td>
        <td>
          <StatusBadge status={alert.status} />
          {alert.escalationLevel > 0 && (
            <span className="alert-escalation" data-testid="alert-escalation">
              <Icon name="escalate" /> {t('inbox.escalated', { level: alert.escalationLevel })}
            </span>
          )}
          {moved && <span className="alert-row__moved">{t('inbox.movedRow')}</span>}
        </td>
        {canAct && (
          <td className="alert-row__actions">
            <AlertActionButtons
              alert={alert}
              state={state}
              panel={panel}
              idPrefix={idPrefix}
              describedBy={titleId}
              onTogglePanel={(p) => onTogglePanel(alert.id, p)}
              onAcknowledge={() => onAcknowledge(alert)}
              onResolve={() => onResolve(alert)}
            />
          </td>
        )}
      </tr>
      {extra && (
        <tr className="alert-row__extra" data-alert-id={alert.id}>
          <td colSpan={columns}>
            <ActionError state={state} onDismiss={() => runner.clearError(alert.id)} />
            {panel && me && <AlertActionPanel alert={alert} panel={panel} runner={runner} me={me} idPrefix={idPrefix} onClose={onClosePanel} />}
          </td>
        </tr>
      )}
    </>
  );
}
