import { useTranslation } from 'react-i18next';

export function NetworkNavLabel() {
  const { t } = useTranslation('who');
  return <>{t('network.nav')}</>;
}
