import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertStatus } from '@siaga/shared';
import { useFormat } from '../../lib/format';
import { STATUSES } from './useAlertFilters';
import { useAlertCounts } from './useAlertCounts';

/** The tab of each status, by id, so a tab panel can point at its tab. */
export const alertTabId = (status: AlertStatus) => `alerts-tab-${status}`;
export const ALERTS_TABPANEL_ID = 'alerts-tabpanel';

/**
 * One tab per alert status, with the open and acknowledged counts (resolved alerts are not
 * counted); arrow keys, Home and End move between tabs (WAI-ARIA tabs with automatic activation).
 */
export function AlertTabs({ status, onChange }: { status: AlertStatus; onChange(status: AlertStatus): void }) {
  const { t } = useTranslation(['alerts', 'common']);
  const f = useFormat();
  const counts = useAlertCounts();

  const onKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    const index = STATUSES.indexOf(status);
    let next: number | null = null;
    if (e.key === 'ArrowRight') next = (index + 1) % STATUSES.length;
    else if (e.key === 'ArrowLeft') next = (index - 1 + STATUSES.length) % STATUSES.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = STATUSES.length - 1;
    if (next === null) return;
    e.preventDefault();
    const nextStatus = STATUSES[next]!;
    onChange(nextStatus);
    document.getElementById(alertTabId(nextStatus))?.focus();
  };

  return (
    <div role="tablist" aria-label={t('inbox.tabsLabel')} className="alerts-tabs" onKeyDown={onKeyDown}>
      {STATUSES.map((s) => {
        const count = s === 'resolved' ? undefined : counts.data?.[s];
        return (
          <button
            key={s}
            type="button"
            role="tab"
            id={alertTabId(s)}
            className="alerts-tab"
            aria-selected={s === status}
            aria-controls={ALERTS_TABPANEL_ID}
            tabIndex={s === status ? 0 : -1}
            onClick={() => onChange(s)}
            data-testid={`alerts-tab-${s}`}
          >
            {t(`common:alertStatus.${s}`)}
            {count !== undefined && (
              <span className="alerts-tab__count" title={t('inbox.tabCount', { count })} data-testid={`alerts-tab-${s}-count`}>
                {f.number(count)}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}
