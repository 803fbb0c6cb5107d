import { useEffect, useRef, type RefObject } from 'react';
import { useLocation } from 'react-router';

/** Focuses the page's `h1`, made programmatically focusable if it is not; false while there is none. */
function focusHeading(root: HTMLElement): boolean {
  const heading = root.querySelector<HTMLElement>('h1');
  if (!heading) return false;
  if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
  heading.focus();
  return true;
}

/**
 * After a route change, focus goes to the new page's heading, so a screen reader reads where the
 * user arrived and Tab continues from there instead of from `<body>` (WCAG 2.4.3). The first page of
 * a load is left alone: focus starts at the top of the document, with the skip link first.
 * A page that renders its heading later (a lazy chunk, a detail still loading) gets it once it
 * appears, unless the user has put focus somewhere meanwhile.
 */
export function useRouteFocus(container: RefObject<HTMLElement | null>): void {
  const { pathname } = useLocation();
  // The path focus was last handled for; StrictMode's second effect run sees the same path.
  const handled = useRef(pathname);

  useEffect(() => {
    if (handled.current === pathname) return;
    handled.current = pathname;
    const root = container.current;
    if (!root || focusHeading(root)) return;
    const observer = new MutationObserver(() => {
      if (focusHeading(root)) stop();
    });
    const onFocusIn = (e: FocusEvent) => {
      if (e.target !== document.body) stop();
    };
    function stop() {
      observer.disconnect();
      document.removeEventListener('focusin', onFocusIn);
    }
    observer.observe(root, { childList: true, subtree: true });
    document.addEventListener('focusin', onFocusIn);
    return stop;
  }, [pathname, container]);
}
