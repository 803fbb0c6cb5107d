import { createContext } from 'react';
import type { LoginRequest, UserSummary } from '@siaga/shared';
import type { SessionEndReason } from '../../api';

export interface AuthContextValue {
  /** The signed-in user, or null when the login form must be shown. */
  user: UserSummary | null;
  /** Set when the last session ended by itself (refresh refused), to explain the login form. */
  endReason: SessionEndReason | null;
  login(credentials: LoginRequest): Promise<void>;
  logout(): void;
}

export const AuthContext = createContext<AuthContextValue | null>(null);
