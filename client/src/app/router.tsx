import { createBrowserRouter } from 'react-router';
import { AdminPage } from '../features/admin/AdminPage';
import { AlertDetailPage } from '../features/alerts/AlertDetailPage';
import { AlertsPage } from '../features/alerts/AlertsPage';
import { PostsPage } from '../features/posts/PostsPage';
import { ProgramEditPage } from '../features/programs/ProgramEditPage';
import { ProgramsPage } from '../features/programs/ProgramsPage';
import { WallPage } from '../features/wall/WallPage';
import { RequireRole } from '../ui/RequireRole';
import { NotFoundPage } from './NotFoundPage';
import { RootLayout } from './RootLayout';
import { RouteError } from './RouteError';

export function createRouter() {
  return createBrowserRouter([
    {
      path: '/',
      element: <RootLayout />,
      errorElement: <RouteError />,
      children: [
        { index: true, element: <WallPage /> },
        { path: 'alerts', element: <AlertsPage /> },
        { path: 'alerts/:alertId', element: <AlertDetailPage /> },
        { path: 'posts', element: <PostsPage /> },
        { path: 'programs', element: <ProgramsPage /> },
        { path: 'programs/new', element: <ProgramEditPage /> },
        { path: 'programs/:programId', element: <ProgramEditPage /> },
        {
          path: 'admin',
          element: (
            <RequireRole min="admin">
              <AdminPage />
            </RequireRole>
          ),
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
