import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { relativeChange } from './compare';

/** The "compare with the previous period" switch of the wall's chart. */
export function CompareToggle({ on, onChange }: { on: boolean; onChange(on: boolean): void }) {
  const { t } = useTranslation('wall');
  const id = useId();
  return (
    <div className="wall-compare">
      <input id={id} type="checkbox" checked={on} onChange={(e) => onChange(e.target.checked)} data-testid="wall-compare-toggle" />
      <label htmlFor={id}>{t('compare.toggle')}</label>
    </div>
  );
}

interface CompareSummaryProps {
  now: number;
  before: number;
  from: number;
  to: number;
  loading: boolean;
  failed: boolean;
}

/** This period's posts against the previous period's, in words (what the dashed lines show). */
export function CompareSummary({ now, before, from, to, loading, failed }: CompareSummaryProps) {
  const { t } = useTranslation('wall');
  const f = useFormat();
  if (failed) return <p className="muted">{t('compare.error')}</p>;
  if (loading) return <p className="muted">{t('compare.loading')}</p>;
  const change = relativeChange(now, before);
  return (
    <p className="muted" data-testid="wall-compare-summary">
      {t('compare.summary', {
        now: f.number(now),
        before: f.number(before),
        from: f.dateTime(from),
        to: f.dateTime(to),
        change: change === null ? t('compare.noChange') : `${change > 0 ? '+' : ''}${f.percent(change)}`,
      })}
    </p>
  );
}
