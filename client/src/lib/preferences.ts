import { useSyncExternalStore } from 'react';

/**
 * Per-browser settings of the person at this screen (not of the account): the wall monitor and an
 * analyst's laptop want different ones. Kept in localStorage and followed across tabs.
 */
export interface Preferences {
  /** An IANA zone, or null for the browser's own. */
  timeZone: string | null;
  /** Silence the sound of new critical alerts and escalations. */
  muted: boolean;
  /** Ask for browser notifications of new critical alerts and escalations. */
  notify: boolean;
  /** Announce every new critical alert here; null means the default for the user's role. */
  watchCritical: boolean | null;
}

/** The zones of Indonesia, offered first; any other IANA zone still works when stored. */
export const INDONESIAN_ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;

const STORAGE_KEY = 'siaga.preferences.v1';
const DEFAULTS: Preferences = { timeZone: null, muted: false, notify: true, watchCritical: null };

function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function read(): Preferences {
  try {
    const raw: unknown = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return DEFAULTS;
    const r = raw as Record<string, unknown>;
    return {
      timeZone: typeof r.timeZone === 'string' && isValidZone(r.timeZone) ? r.timeZone : null,
      muted: typeof r.muted === 'boolean' ? r.muted : DEFAULTS.muted,
      notify: typeof r.notify === 'boolean' ? r.notify : DEFAULTS.notify,
      watchCritical: typeof r.watchCritical === 'boolean' ? r.watchCritical : null,
    };
  } catch {
    return DEFAULTS;
  }
}

let current: Preferences = typeof window === 'undefined' ? DEFAULTS : read();
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

export const preferencesStore = {
  get(): Preferences {
    return current;
  },
  set(patch: Partial<Preferences>): void {
    current = { ...current, ...patch };
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(current));
    } catch {
      // kept for this page only
    }
    emit();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key !== STORAGE_KEY && event.key !== null) return;
    current = read();
    emit();
  });
}

export function usePreferences(): Preferences {
  return useSyncExternalStore(preferencesStore.subscribe, preferencesStore.get);
}
