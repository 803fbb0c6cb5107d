import type { Role, UserSummary } from '@siaga/shared';
import { sessionStore } from '../api';

/** One user per role, the one `signIn(role)` signs in (tests refer to them as "me" or by role). */
export const USERS: Readonly<Record<Role, UserSummary>> = {
  admin: { id: '00000000-0000-4000-8000-0000000000a1', email: 'admin@siaga.test', name: 'Ayu Admin', role: 'admin' },
  supervisor: { id: '00000000-0000-4000-8000-0000000000a2', email: 'sup@siaga.test', name: 'Sari Supervisor', role: 'supervisor' },
  analyst: { id: '00000000-0000-4000-8000-0000000000a3', email: 'analis@siaga.test', name: 'Andi Analis', role: 'analyst' },
  viewer: { id: '00000000-0000-4000-8000-0000000000a4', email: 'pantau@siaga.test', name: 'Vina Pemantau', role: 'viewer' },
};

export interface SignInOptions {
  /** The access token the API calls carry (`Authorization: Bearer …`); 'access-1' by default. */
  accessToken?: string;
}

/** Stores a session of `USERS[role]`, valid for an hour, as a login would; returns the user. */
export function signIn(role: Role, { accessToken = 'access-1' }: SignInOptions = {}): UserSummary {
  const user = USERS[role];
  sessionStore.set({ accessToken, refreshToken: 'refresh-1', expiresAt: Date.now() + 3_600_000, user });
  return user;
}
