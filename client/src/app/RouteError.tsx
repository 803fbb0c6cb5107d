import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';

/** Last resort for a page that threw while rendering. Shows no error details to the user. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  if (import.meta.env.DEV) console.error(error);
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <main id="main" className="page page--centered" tabIndex={-1}>
      <div className="notice notice--error" role="alert">
        <h1 className="page__title">{notFound ? t('errors.notFoundTitle') : t('errors.pageCrashed')}</h1>
        <p>
          <a href={window.location.href}>{t('app.reloadPage')}</a> · <Link to="/">{t('errors.backHome')}</Link>
        </p>
      </div>
    </main>
  );
}
