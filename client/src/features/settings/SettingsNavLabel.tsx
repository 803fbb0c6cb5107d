import { useTranslation } from 'react-i18next';

/** The header's link text (the page itself loads on first visit). */
export function SettingsNavLabel() {
  const { t } = useTranslation('settings');
  return <>{t('nav')}</>;
}
