import { useCallback, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { LoginRequest } from '@siaga/shared';
import { login as apiLogin, logout as apiLogout, sessionStore } from '../../api';
import { AuthContext, type AuthContextValue } from './AuthContext';

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const state = useSyncExternalStore(sessionStore.subscribe, sessionStore.getState);
  const user = state.session?.user ?? null;

  // Cached data belongs to the user who fetched it: drop it whenever the user changes or leaves
  // (this tab, another tab, or a refused refresh). This listens to the store itself rather than
  // reacting after render, so the cache is emptied before the next user's pages mount and fetch.
  useEffect(() => {
    let lastUserId = sessionStore.get()?.user.id ?? null;
    return sessionStore.subscribe(() => {
      const userId = sessionStore.get()?.user.id ?? null;
      if (userId === lastUserId) return;
      lastUserId = userId;
      void queryClient.cancelQueries();
      queryClient.clear();
    });
  }, [queryClient]);

  const login = useCallback(async (credentials: LoginRequest) => {
    await apiLogin(credentials);
  }, []);

  const logout = useCallback(() => {
    void apiLogout(); // the subscription above empties the cache
  }, []);

  const value = useMemo<AuthContextValue>(
    () => ({ user, endReason: state.endReason, login, logout }),
    [user, state.endReason, login, logout],
  );

  return <AuthContext value={value}>{children}</AuthContext>;
}
