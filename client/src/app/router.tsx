import { createBrowserRouter } from 'react-router';
import { PostsPage } from '../features/posts/PostsPage';
import { ProgramsPage } from '../features/programs/ProgramsPage';
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
        { index: true, element: <PostsPage /> },
        { path: 'programs', element: <ProgramsPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
