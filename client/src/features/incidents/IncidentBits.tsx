import { useTranslation } from 'react-i18next';
import type { IncidentStatus } from '@siaga/shared';

/** Status as a shape and a word, never color alone. */
export function IncidentStatusBadge({ status }: { status: IncidentStatus }) {
  const { t } = useTranslation('incidents');
  return (
    <span className={`incident-status incident-status--${status}`} data-testid="incident-status" data-status={status}>
      <svg className="icon" width="10" height="10" viewBox="0 0 10 10" aria-hidden="true" focusable="false">
        {status === 'open' ? (
          <circle cx="5" cy="5" r="4" fill="none" stroke="currentColor" strokeWidth="1.5" />
        ) : status === 'monitoring' ? (
          <path d="M5 1a4 4 0 0 1 0 8z" fill="currentColor" stroke="currentColor" />
        ) : (
          <path d="M1.5 5.5l2.5 2.5 4.5-6" fill="none" stroke="currentColor" strokeWidth="1.5" />
        )}
      </svg>{' '}
      {t(`status.${status}`)}
    </span>
  );
}

export function DownloadIcon() {
  return (
    <svg className="icon" width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M8 2v8M4.5 6.5L8 10l3.5-3.5M2.5 13.5h11" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** The nav entry's text (the header reads the common namespace). */
export function IncidentsNavLabel() {
  const { t } = useTranslation('incidents');
  return <>{t('nav')}</>;
}
