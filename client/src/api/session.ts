import type { Role, TokenPair, UserSummary } from '@siaga/shared';

/** What the client keeps of a login. Stored in localStorage so that a session survives reloads. */
export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds at which the access token expires (by the client's clock). */
  expiresAt: number;
  user: UserSummary;
}

/** Why the last session ended, when it was not the user's own choice. */
export type SessionEndReason = 'expired';

export interface SessionState {
  session: Session | null;
  endReason: SessionEndReason | null;
}

const STORAGE_KEY = 'siaga.session.v1';
const ROLES: readonly Role[] = ['admin', 'supervisor', 'analyst', 'viewer'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Accepts only a well-formed stored session: anything else (old format, hand edits) is dropped. */
function parseSession(raw: string | null): Session | null {
  if (!raw) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(value) || !isRecord(value.user)) return null;
  const { accessToken, refreshToken, expiresAt, user } = value;
  if (typeof accessToken !== 'string' || accessToken === '') return null;
  if (typeof refreshToken !== 'string' || refreshToken === '') return null;
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return null;
  const { id, email, name, role } = user;
  if (typeof id !== 'string' || typeof email !== 'string' || typeof name !== 'string') return null;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return null;
  return { accessToken, refreshToken, expiresAt, user: { id, email, name, role: role as Role } };
}

function readStorage(): Session | null {
  try {
    return parseSession(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    return null; // storage disabled: the session then lives in memory only
  }
}

function writeStorage(session: Session | null): void {
  try {
    if (session) window.localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage full or disabled: keep the in-memory session
  }
}

export function sessionFromTokenPair(pair: TokenPair, now = Date.now()): Session {
  return {
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    expiresAt: now + pair.expiresIn * 1000,
    user: pair.user,
  };
}

type Listener = () => void;

let state: SessionState = { session: readStorage(), endReason: null };
const listeners = new Set<Listener>();

function update(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

/**
 * The single source of truth for the login, shared by the fetch wrapper (outside React) and the
 * UI (through `useSyncExternalStore`). Other tabs are followed through the `storage` event, so a
 * logout or token refresh in one tab applies to all.
 */
export const sessionStore = {
  getState(): SessionState {
    return state;
  },
  get(): Session | null {
    return state.session;
  },
  set(session: Session): void {
    writeStorage(session);
    update({ session, endReason: null });
  },
  clear(reason: SessionEndReason | null = null): void {
    writeStorage(null);
    update({ session: null, endReason: reason });
  },
  /** Re-reads localStorage, e.g. before a refresh in case another tab already did one. */
  reload(): Session | null {
    const stored = readStorage();
    if (!sameSession(stored, state.session)) update({ session: stored, endReason: state.endReason });
    return state.session;
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

function sameSession(a: Session | null, b: Session | null): boolean {
  if (a === null || b === null) return a === b;
  return a.accessToken === b.accessToken && a.refreshToken === b.refreshToken && a.user.id === b.user.id;
}

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY || event.key === null) sessionStore.reload();
  });
}
