import { useTranslation } from 'react-i18next';
import './official.css';

/** Marks a post written by a registered official channel: a small seal drawn as SVG, and the word. */
export function OfficialBadge() {
  const { t } = useTranslation('official');
  return (
    <span className="official-badge" title={t('badgeTitle')} data-testid="official-badge">
      <svg className="icon" viewBox="0 0 16 16" width="1em" height="1em" fill="currentColor" aria-hidden="true" focusable="false">
        <path
          d="M8 .8 9.9 2.3l2.4-.2.6 2.3 2.1 1.2-1 2.2 1 2.2-2.1 1.2-.6 2.3-2.4-.2L8 15.2l-1.9-1.5-2.4.2-.6-2.3L1 10.4l1-2.2-1-2.2 2.1-1.2.6-2.3 2.4.2zm2.9 4.6-3.9 3.9-1.9-1.9-1.1 1.1 3 3 5-5z"
          fillRule="evenodd"
        />
      </svg>{' '}
      {t('badge')}
    </span>
  );
}
