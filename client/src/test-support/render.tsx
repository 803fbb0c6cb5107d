import type { ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, useLocation, type RouteObject } from 'react-router';
import { AuthProvider } from '../features/auth/AuthProvider';

/** A query cache for one test: no retries (a failure shows at once), no refetch on window focus. */
export function newQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false }, mutations: { retry: false } } });
}

/** Shows where the router is (`screen.getByTestId('location')`): path and query string. */
export function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

export interface TestRoute {
  path: string;
  element: ReactNode;
}

/**
 * Renders `routes` at `url` inside the app's providers (a fresh query cache, auth, a memory data
 * router). Every route, and a catch-all for the paths a page links to, shows a `LocationProbe`.
 */
export function renderRoutes(routes: readonly TestRoute[], url: string) {
  const queryClient = newQueryClient();
  const objects: RouteObject[] = routes.map((route) => ({
    path: route.path,
    element: (
      <>
        {route.element}
        <LocationProbe />
      </>
    ),
  }));
  objects.push({ path: '*', element: <LocationProbe /> });
  const router = createMemoryRouter(objects, { initialEntries: [url] });
  const result = render(
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <RouterProvider router={router} />
      </AuthProvider>
    </QueryClientProvider>,
  );
  return { ...result, queryClient, router };
}
