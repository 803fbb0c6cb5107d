import { Link } from 'react-router';
import { t } from '../i18n';

export function NotFoundPage() {
  return (
    <section className="page" aria-labelledby="not-found-heading" data-testid="not-found">
      <title>{`${t.errors.notFoundTitle} · ${t.app.name}`}</title>
      <h1 id="not-found-heading" className="page__title">
        {t.errors.notFoundTitle}
      </h1>
      <p>{t.errors.notFoundBody}</p>
      <p>
        <Link to="/">{t.errors.backHome}</Link>
      </p>
    </section>
  );
}
