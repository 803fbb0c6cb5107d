import { useTranslation } from 'react-i18next';
import type { AlertKind, AlertStatus, Severity } from '@siaga/shared';
import type { Formatter } from '../../lib/format';
import { Icon, type IconName } from '../../ui/Icon';

/** Shape and text as well as color: a glyph per severity, never color alone. */
const SEVERITY_ICON: Record<Severity, IconName> = { info: 'dot', warning: 'triangleUp', critical: 'diamond' };
const STATUS_ICON: Record<AlertStatus, IconName> = { open: 'ring', acknowledged: 'halfDot', resolved: 'check' };

export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return (
    <span className={`severity severity--${severity}`} data-testid="alert-severity" data-severity={severity}>
      <span className="sr-only">{t('severity.label')}: </span>
      <Icon name={SEVERITY_ICON[severity]} className="severity__icon" />{' '}
      {t(`severity.${severity}`)}
    </span>
  );
}

export function StatusBadge({ status, testId = 'alert-status' }: { status: AlertStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`alert-status alert-status--${status}`} data-testid={testId} data-status={status}>
      <Icon name={STATUS_ICON[status]} /> {t(`alertStatus.${status}`)}
    </span>
  );
}

/** "5 min ago", with the full date and zone in the tooltip and for screen readers' `dateTime`. */
export function RelativeTime({ value, now, f, testId }: { value: string; now: number; f: Formatter; testId?: string }) {
  return (
    <time dateTime={value} title={f.dateTimeFull(value)} data-testid={testId}>
      {f.relative(value, now)}
    </time>
  );
}

/** Values of the share detector are fractions (0..1); every other kind counts posts or accounts. */
export function isShareKind(kind: AlertKind): boolean {
  return kind === 'negative_share_shift';
}

export function formatMetric(f: Formatter, kind: AlertKind, value: number): string {
  return isShareKind(kind) ? f.percent(value) : f.number(Math.round(value * 10) / 10);
}

const scoreFormats = new Map<string, Intl.NumberFormat>();
/** The detector's 0..1 evidence score with two decimals ("0,97"). */
export function formatScore(f: Formatter, score: number): string {
  let nf = scoreFormats.get(f.locale);
  if (!nf) {
    nf = new Intl.NumberFormat(f.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    scoreFormats.set(f.locale, nf);
  }
  return nf.format(score);
}
