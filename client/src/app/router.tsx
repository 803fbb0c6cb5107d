import { createBrowserRouter } from 'react-router';
import { WallPage } from '../features/wall/WallPage';
import { Loading } from '../ui/Loading';
import { NotFoundPage } from './NotFoundPage';
import { RootLayout } from './RootLayout';
import { RouteError } from './RouteError';

/*
 * The wall is the landing page and ships in the first load; every other screen is its own chunk,
 * fetched when first visited, which keeps the first load of a wall monitor small. Opened directly
 * at a lazy page, the router has nothing to draw until that chunk arrives: the root route's
 * `HydrateFallback` is what it shows meanwhile (without one, React Router warns on every lazy page).
 */
export function createRouter() {
  return createBrowserRouter([
    {
      path: '/',
      element: <RootLayout />,
      errorElement: <RouteError />,
      HydrateFallback: AppLoading,
      children: [
        { index: true, element: <WallPage /> },
        { path: 'alerts', lazy: async () => ({ Component: (await import('../features/alerts/AlertsPage')).AlertsPage }) },
        { path: 'alerts/:alertId', lazy: async () => ({ Component: (await import('../features/alerts/AlertDetailPage')).AlertDetailPage }) },
        { path: 'incidents', lazy: async () => ({ Component: (await import('../features/incidents/IncidentsPage')).IncidentsPage }) },
        { path: 'incidents/:incidentId', lazy: async () => ({ Component: (await import('../features/incidents/IncidentDetailPage')).IncidentDetailPage }) },
        { path: 'accounts/:source/:handle', lazy: async () => ({ Component: (await import('../features/accounts/AccountPage')).AccountPage }) },
        { path: 'network', lazy: async () => ({ Component: (await import('../features/network/NetworkPage')).NetworkPage }) },
        { path: 'posts', lazy: async () => ({ Component: (await import('../features/posts/PostsPage')).PostsPage }) },
        { path: 'programs', lazy: async () => ({ Component: (await import('../features/programs/ProgramsPage')).ProgramsPage }) },
        { path: 'programs/new', lazy: async () => ({ Component: (await import('../features/programs/ProgramEditPage')).ProgramEditPage }) },
        { path: 'programs/:programId', lazy: async () => ({ Component: (await import('../features/programs/ProgramEditPage')).ProgramEditPage }) },
        { path: 'settings', lazy: async () => ({ Component: (await import('../features/settings/SettingsPage')).SettingsPage }) },
        { path: 'notifications', lazy: async () => ({ Component: (await import('../features/alerts/NotificationPreferencesPage')).NotificationPreferencesPage }) },
        { path: 'admin', lazy: async () => ({ Component: (await import('../features/admin/AdminRoute')).AdminRoute }) },
        { path: 'admin/sources', lazy: async () => ({ Component: (await import('../features/sources/SourcesPage')).SourcesRoute }) },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}

function AppLoading() {
  return (
    <main className="app-main" data-testid="app-loading">
      <Loading />
    </main>
  );
}
