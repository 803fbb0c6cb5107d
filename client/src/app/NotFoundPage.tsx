import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../ui/PageTitle';

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('errors.notFoundTitle'));
  return (
    <section className="page" aria-labelledby="not-found-heading" data-testid="not-found">
      <h1 tabIndex={-1} id="not-found-heading" className="page__title">
        {t('errors.notFoundTitle')}
      </h1>
      <p>{t('errors.notFoundBody')}</p>
      <p>
        <Link to="/">{t('errors.backHome')}</Link>
      </p>
    </section>
  );
}
