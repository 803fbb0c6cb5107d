import { afterEach, describe, expect, it } from '@jest/globals';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { useRef, useState } from 'react';
import { Link, Outlet, RouterProvider, createMemoryRouter } from 'react-router';
import { useRouteFocus } from './useRouteFocus';

function Shell() {
  const main = useRef<HTMLElement>(null);
  useRouteFocus(main);
  return (
    <>
      <a href="#main">skip</a>
      <nav>
        <Link to="/b">to b</Link>
        <Link to="/late">to late</Link>
      </nav>
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

/** A page whose heading appears only once its data is there. */
function LatePage() {
  const [loaded, setLoaded] = useState(false);
  return loaded ? (
    <h1>Late</h1>
  ) : (
    <button type="button" onClick={() => setLoaded(true)}>
      load
    </button>
  );
}

function renderAt(url: string) {
  const router = createMemoryRouter(
    [
      {
        path: '/',
        element: <Shell />,
        children: [
          { path: 'a', element: <h1 tabIndex={-1}>Page A</h1> },
          { path: 'b', element: <h1 tabIndex={-1}>Page B</h1> },
          { path: 'late', element: <LatePage /> },
        ],
      },
    ],
    { initialEntries: [url] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

afterEach(cleanup);

describe('useRouteFocus', () => {
  it('leaves the first page of a load alone, then focuses the new page heading on a route change', async () => {
    const router = renderAt('/a');
    await screen.findByText('Page A');
    expect(document.activeElement).toBe(document.body);

    await act(() => router.navigate('/b'));
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Page B' }));
  });

  it('waits for a heading rendered later, unless the user put focus somewhere first', async () => {
    const router = renderAt('/a');
    await screen.findByText('Page A');

    await act(() => router.navigate('/late'));
    expect(document.activeElement).toBe(document.body);
    act(() => screen.getByRole('button', { name: 'load' }).click());
    const heading = screen.getByRole('heading', { name: 'Late' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(heading.tabIndex).toBe(-1);

    await act(() => router.navigate('/a'));
    await act(() => router.navigate('/late'));
    const button = screen.getByRole('button', { name: 'load' });
    act(() => button.focus());
    // The observer runs in a microtask: let it run before looking.
    await act(() => Promise.resolve(button.click()));
    expect(document.activeElement).not.toBe(screen.getByRole('heading', { name: 'Late' }));
  });
});
