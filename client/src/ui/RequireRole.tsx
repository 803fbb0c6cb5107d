import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ROLE_RANK, type Role } from '@siaga/shared';
import { useAuth } from '../features/auth/useAuth';
import { usePageTitle } from './PageTitle';

export function hasRole(role: Role | undefined, min: Role): boolean {
  return role !== undefined && ROLE_RANK[role] >= ROLE_RANK[min];
}

/** Shows its children only to users with at least `min`; others get a plain "no access" page. */
export function RequireRole({ min, children }: { min: Role; children: ReactNode }) {
  const { user } = useAuth();
  if (hasRole(user?.role, min)) return <>{children}</>;
  return <Forbidden />;
}

function Forbidden() {
  const { t } = useTranslation();
  usePageTitle(t('errors.forbiddenTitle'));
  return (
    <section className="page" aria-labelledby="forbidden-heading" data-testid="forbidden">
      <h1 tabIndex={-1} id="forbidden-heading" className="page__title">
        {t('errors.forbiddenTitle')}
      </h1>
      <p>{t('errors.forbidden')}</p>
      <p>
        <Link to="/">{t('errors.backHome')}</Link>
      </p>
    </section>
  );
}
