import { useEffect, useSyncExternalStore } from 'react';

/**
 * The document title is composed in one place (`useDocumentTitle` in the layout): the page's own
 * title plus the count of unacknowledged alerts, so a background tab still tells its story.
 */
let pageTitle = '';
const listeners = new Set<() => void>();

function setPageTitle(title: string): void {
  if (title === pageTitle) return;
  pageTitle = title;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Sets this page's title while it is mounted. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    setPageTitle(title);
  }, [title]);
}

export function useCurrentPageTitle(): string {
  return useSyncExternalStore(subscribe, () => pageTitle);
}

/** Writes `(n) Page · Siaga` into `document.title`. */
export function useDocumentTitle(appName: string, unacknowledged: number): void {
  const title = useCurrentPageTitle();
  useEffect(() => {
    const base = title ? `${title} · ${appName}` : appName;
    document.title = unacknowledged > 0 ? `(${unacknowledged}) ${base}` : base;
  }, [title, appName, unacknowledged]);
}
