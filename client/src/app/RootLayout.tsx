import { useEffect, useRef } from 'react';
import { NavLink, Outlet } from 'react-router';
import type { UserSummary } from '@siaga/shared';
import { t } from '../i18n';
import { LoginPage } from '../features/auth/LoginPage';
import { useAuth } from '../features/auth/useAuth';

function navClass({ isActive }: { isActive: boolean }): string {
  return isActive ? 'nav__link nav__link--active' : 'nav__link';
}

function Header({ user, onLogout }: { user: UserSummary; onLogout: () => void }) {
  return (
    <header className="app-header">
      <div className="app-header__inner">
        <NavLink to="/" className="brand" end>
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand__name">{t.app.name}</span>
          <span className="brand__tagline">{t.app.tagline}</span>
        </NavLink>
        <nav className="nav" aria-label={t.app.mainNav}>
          <NavLink to="/" end className={navClass}>
            {t.nav.dashboard}
          </NavLink>
          <NavLink to="/programs" className={navClass}>
            {t.nav.programs}
          </NavLink>
        </nav>
        <div className="user" data-testid="current-user">
          <p className="user__info">
            <span className="sr-only">{t.auth.signedInAs} </span>
            <bdi className="user__name" data-testid="current-user-name">
              {user.name || user.email}
            </bdi>
            <span className="user__role" data-testid="current-user-role">
              <span className="sr-only">, {t.auth.role}: </span>
              {t.roles[user.role]}
            </span>
          </p>
          <button type="button" className="button button--secondary button--small" onClick={onLogout} data-testid="logout">
            {t.auth.logout}
          </button>
        </div>
      </div>
    </header>
  );
}

/**
 * Wraps every route. Signed out, any URL shows the login form in place and keeps the URL, so the
 * requested page (deep link) renders as soon as the login succeeds.
 */
export function RootLayout() {
  const { user, logout } = useAuth();
  const mainRef = useRef<HTMLElement>(null);
  const wasSignedIn = useRef(user !== null);

  // After the login form goes away, move focus to the page instead of leaving it on <body>.
  useEffect(() => {
    const signedIn = user !== null;
    if (signedIn && !wasSignedIn.current) mainRef.current?.focus();
    wasSignedIn.current = signedIn;
  }, [user]);

  if (!user) return <LoginPage />;

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t.app.skipToContent}
      </a>
      <Header user={user} onLogout={logout} />
      <main id="main" className="app-main" ref={mainRef} tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
