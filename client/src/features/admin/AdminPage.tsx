import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { usePageTitle } from '../../ui/PageTitle';
import { AuditPanel } from './AuditPanel';
import { IngestKeysPanel } from './IngestKeysPanel';
import { OfficialChannelsPanel } from './OfficialChannelsPanel';
import { UsersPanel } from './UsersPanel';
import { WebhooksPanel } from './WebhooksPanel';
import './admin.css';

const TABS = ['users', 'keys', 'webhooks', 'official', 'audit'] as const;
type Tab = (typeof TABS)[number];

const isTab = (value: string | null): value is Tab => (TABS as readonly string[]).includes(value ?? '');

/** `/admin` (admins only; the route is wrapped in RequireRole): users, ingest keys, webhooks, audit log. */
export function AdminPage() {
  const { t } = useTranslation('admin');
  const { t: tOfficial } = useTranslation('official');
  const { t: tSources } = useTranslation('sources');
  usePageTitle(t('title'));
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('tab');
  const active: Tab = isTab(requested) ? requested : 'users';
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});

  const select = (tab: Tab, focus = false) => {
    // The tab is in the URL so that a reload or a shared link opens the same section.
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (tab === 'users') next.delete('tab');
        else next.set('tab', tab);
        return next;
      },
      { replace: true },
    );
    if (focus) tabRefs.current[tab]?.focus();
  };

  // WAI-ARIA tabs: arrows move between tabs (and select them), Home/End jump to the ends.
  const onKeyDown = (event: KeyboardEvent) => {
    const index = TABS.indexOf(active);
    let next: number | null = null;
    if (event.key === 'ArrowRight') next = (index + 1) % TABS.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + TABS.length) % TABS.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = TABS.length - 1;
    if (next === null) return;
    event.preventDefault();
    select(TABS[next] ?? 'users', true);
  };

  return (
    <section className="page admin-page" aria-labelledby="admin-heading" data-testid="admin-page">
      <h1 tabIndex={-1} id="admin-heading" className="page__title">
        {t('title')}
      </h1>
      {/* Live sources have their own screen (a table with states and sparklines does not fit a tab). */}
      <p>
        <Link to="/admin/sources" data-testid="admin-sources-link">
          {tSources('title')}
        </Link>
      </p>
      <div className="admin-tabs" role="tablist" aria-label={t('tabs.label')} onKeyDown={onKeyDown}>
        {TABS.map((tab) => (
          <button
            key={tab}
            ref={(node) => {
              tabRefs.current[tab] = node;
            }}
            type="button"
            role="tab"
            id={`admin-tab-${tab}`}
            className={tab === active ? 'admin-tabs__tab admin-tabs__tab--active' : 'admin-tabs__tab'}
            aria-selected={tab === active}
            aria-controls={`admin-panel-${tab}`}
            tabIndex={tab === active ? 0 : -1}
            onClick={() => select(tab)}
            data-testid={`admin-tab-${tab}`}
          >
            {tab === 'official' ? tOfficial('tab') : t(`tabs.${tab}`)}
          </button>
        ))}
      </div>
      <div
        className="admin-panel"
        role="tabpanel"
        id={`admin-panel-${active}`}
        aria-labelledby={`admin-tab-${active}`}
        tabIndex={0}
        data-testid={`admin-${active}`}
      >
        {active === 'users' && <UsersPanel />}
        {active === 'keys' && <IngestKeysPanel />}
        {active === 'webhooks' && <WebhooksPanel />}
        {active === 'official' && <OfficialChannelsPanel />}
        {active === 'audit' && <AuditPanel />}
      </div>
    </section>
  );
}
