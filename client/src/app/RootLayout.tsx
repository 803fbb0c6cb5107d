import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation, useSearchParams } from 'react-router';
import type { UserSummary } from '@siaga/shared';
import { AlertNotifier } from '../features/alerts/AlertNotifier';
import { useAlertCounts } from '../features/alerts/useAlertCounts';
import { LoginPage } from '../features/auth/LoginPage';
import { IncidentsNavLabel } from '../features/incidents/IncidentBits';
import { NetworkNavLabel } from '../features/network/NetworkNavLabel';
import { SettingsNavLabel } from '../features/settings/SettingsNavLabel';
import { useAuth } from '../features/auth/useAuth';
import { LANGUAGES, isUiLanguage, setLanguage } from '../i18n';
import { browserTimeZone } from '../lib/format';
import { INDONESIAN_ZONES, preferencesStore, usePreferences } from '../lib/preferences';
import { LiveBanner } from '../live/LiveBanner';
import { LiveProvider, useLive } from '../live/LiveProvider';
import { Icon } from '../ui/Icon';
import { useDocumentTitle } from '../ui/PageTitle';
import { hasRole } from '../ui/RequireRole';
import { useRouteFocus } from './useRouteFocus';

function navClass({ isActive }: { isActive: boolean }): string {
  return isActive ? 'nav__link nav__link--active' : 'nav__link';
}

function Settings() {
  const { t, i18n } = useTranslation();
  const { timeZone } = usePreferences();
  const languageId = useId();
  const zoneId = useId();
  const browserZone = browserTimeZone();
  const zones: string[] = [...INDONESIAN_ZONES, 'UTC'];
  const custom = timeZone !== null && !zones.includes(timeZone);
  return (
    <div className="settings">
      <div className="field field--inline field--compact">
        <label htmlFor={languageId}>{t('settings.language')}</label>
        <select
          id={languageId}
          value={i18n.language}
          onChange={(e) => {
            if (isUiLanguage(e.target.value)) void setLanguage(e.target.value);
          }}
          data-testid="language-select"
        >
          {LANGUAGES.map((lng) => (
            <option key={lng} value={lng} lang={lng}>
              {t(`settings.languageNames.${lng}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--inline field--compact">
        <label htmlFor={zoneId}>{t('settings.timeZone')}</label>
        <select
          id={zoneId}
          value={timeZone ?? ''}
          onChange={(e) => preferencesStore.set({ timeZone: e.target.value === '' ? null : e.target.value })}
          data-testid="timezone-select"
        >
          <option value="">{t('settings.browserZone', { zone: browserZone })}</option>
          {INDONESIAN_ZONES.map((zone) => (
            <option key={zone} value={zone}>
              {t(`settings.zones.${zone}`)}
            </option>
          ))}
          <option value="UTC">{t('settings.zones.UTC')}</option>
          {custom && <option value={timeZone}>{timeZone}</option>}
        </select>
      </div>
    </div>
  );
}

/**
 * On a phone (below 48rem) the navigation, settings and account fold behind a menu button; it
 * closes on navigation and on Escape, and focus goes back to the button.
 */
function useMenu() {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const location = useLocation();
  useEffect(() => setOpen(false), [location.pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  return { open, toggle: () => setOpen((v) => !v), buttonRef };
}

function Header({ user, onLogout, unacknowledged }: { user: UserSummary; onLogout: () => void; unacknowledged: number }) {
  const { t } = useTranslation();
  const menu = useMenu();
  const menuId = useId();
  return (
    <header className="app-header">
      <div className="app-header__inner">
        <NavLink to="/" className="brand" end>
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand__name">{t('app.name')}</span>
          <span className="brand__tagline">{t('app.tagline')}</span>
        </NavLink>
        <button
          type="button"
          className="button button--secondary button--small nav-toggle"
          aria-expanded={menu.open}
          aria-controls={menuId}
          onClick={menu.toggle}
          ref={menu.buttonRef}
          data-testid="nav-toggle"
        >
          <Icon name={menu.open ? 'cross' : 'menu'} /> {t('app.menu')}
          {unacknowledged > 0 && !menu.open && (
            <span className="badge badge--alert" aria-hidden="true">
              {unacknowledged}
            </span>
          )}
        </button>
        <div id={menuId} className={menu.open ? 'app-header__menu app-header__menu--open' : 'app-header__menu'} data-testid="nav-menu">
          <nav className="nav" aria-label={t('app.mainNav')}>
            <NavLink to="/" end className={navClass} data-testid="nav-wall">
              {t('nav.wall')}
            </NavLink>
            <NavLink to="/alerts" className={navClass} data-testid="nav-alerts">
              {t('nav.alerts')}
              {unacknowledged > 0 && (
                <span className="badge badge--alert" data-testid="nav-alerts-count">
                  <span aria-hidden="true">{unacknowledged}</span>
                  <span className="sr-only">{t('nav.alertsBadge', { count: unacknowledged })}</span>
                </span>
              )}
            </NavLink>
            <NavLink to="/incidents" className={navClass} data-testid="nav-incidents">
              <IncidentsNavLabel />
            </NavLink>
            <NavLink to="/posts" className={navClass} data-testid="nav-posts">
              {t('nav.posts')}
            </NavLink>
            <NavLink to="/network" className={navClass} data-testid="nav-network">
              <NetworkNavLabel />
            </NavLink>
            <NavLink to="/programs" className={navClass} data-testid="nav-programs">
              {t('nav.programs')}
            </NavLink>
            <NavLink to="/settings" className={navClass} data-testid="nav-settings">
              <SettingsNavLabel />
            </NavLink>
            {hasRole(user.role, 'admin') && (
              <NavLink to="/admin" className={navClass} data-testid="nav-admin">
                {t('nav.admin')}
              </NavLink>
            )}
          </nav>
          <Settings />
          <div className="user" data-testid="current-user">
            <p className="user__info">
              <span className="sr-only">{t('auth.signedInAs')} </span>
              <bdi className="user__name" data-testid="current-user-name">
                {user.name || user.email}
              </bdi>
              <span className="user__role" data-testid="current-user-role">
                <span className="sr-only">, {t('auth.role')}: </span>
                {t(`roles.${user.role}`)}
              </span>
            </p>
            <NavLink to="/notifications" className="user__link" data-testid="nav-notifications">
              <Icon name="bell" /> {t('nav.notifications')}
            </NavLink>
            <button type="button" className="button button--secondary button--small" onClick={onLogout} data-testid="logout">
              {t('auth.logout')}
            </button>
          </div>
        </div>
      </div>
    </header>
  );
}

function SignedInShell({ user, onLogout }: { user: UserSummary; onLogout: () => void }) {
  const { t } = useTranslation();
  const mainRef = useRef<HTMLElement>(null);
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const counts = useAlertCounts();
  const live = useLive();
  const unacknowledged = counts.data?.open ?? 0;
  useDocumentTitle(t('app.name'), unacknowledged);

  // The wall mode (`/?mode=wall`) is for a monitor on the wall: no chrome, large type, dark theme.
  const wallMode = location.pathname === '/' && searchParams.get('mode') === 'wall';

  useRouteFocus(mainRef);

  return (
    <div className={wallMode ? 'app app--wall' : 'app'} data-live-status={live.status}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      {!wallMode && <Header user={user} onLogout={onLogout} unacknowledged={unacknowledged} />}
      <LiveBanner />
      <AlertNotifier />
      <main id="main" className="app-main" ref={mainRef} tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

/**
 * Wraps every route. Signed out, any URL shows the login form in place and keeps the URL, so the
 * requested page (deep link) renders as soon as the login succeeds.
 */
export function RootLayout() {
  const { user, logout } = useAuth();
  if (!user) return <LoginPage />;
  return (
    <LiveProvider>
      <SignedInShell user={user} onLogout={logout} />
    </LiveProvider>
  );
}
