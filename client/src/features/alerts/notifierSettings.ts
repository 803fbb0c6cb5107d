import { useQuery } from '@tanstack/react-query';
import type { Alert, NotificationPreferences, Role, Severity } from '@siaga/shared';
import { apiRequest } from '../../api';
import { usePreferences } from '../../lib/preferences';
import { hasRole } from '../../ui/RequireRole';

/**
 * Whether this browser announces every new critical alert. Supervisors and admins own the
 * response, so they hear them by default; analysts and viewers can opt in (a wall monitor, the
 * analyst on duty). Escalations are announced to whoever the server addresses them to, always.
 * Per browser, like the other display preferences: `null` means "the default for my role".
 */
export function watchesCriticalByDefault(role: Role): boolean {
  return hasRole(role, 'supervisor');
}

/** Whether new critical alerts are announced to this user in this browser. */
export function useWatchesCritical(role: Role): boolean {
  const { watchCritical } = usePreferences();
  return watchCritical ?? watchesCriticalByDefault(role);
}

export const notificationPreferencesKey = ['me', 'notification-preferences'] as const;

/** `GET /api/me/notification-preferences`: the account's choice, the same in every browser. */
export function useNotificationPreferences(enabled = true) {
  return useQuery({
    queryKey: notificationPreferencesKey,
    queryFn: ({ signal }) => apiRequest<NotificationPreferences>('/api/me/notification-preferences', { signal }),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** What this browser announces of newly opened alerts. */
export interface AnnouncePolicy {
  /** This browser watches (per browser: a wall monitor may, a laptop may not). */
  watching: boolean;
  /** The account's level: `critical` only, `warning` and up, or every alert. */
  minSeverity: Severity;
  /** Empty: every program. */
  programIds: readonly string[];
}

const RANK: Record<Severity, number> = { info: 1, warning: 2, critical: 3 };

/** Whether a newly opened alert is announced under a policy (freshness is the caller's). */
export function announces(policy: AnnouncePolicy, alert: Alert): boolean {
  if (!policy.watching || alert.status !== 'open') return false;
  if (RANK[alert.severity] < RANK[policy.minSeverity]) return false;
  return policy.programIds.length === 0 || (alert.programId !== null && policy.programIds.includes(alert.programId));
}

/**
 * The announce policy of the signed-in user here: the browser's watch choice, and the level and
 * programs of the account's notification preferences (in-app turned off there means no toasts for
 * new alerts). Until the preferences load, only critical alerts are announced.
 */
export function useAnnouncePolicy(role: Role): AnnouncePolicy {
  const watching = useWatchesCritical(role);
  const prefs = useNotificationPreferences(role !== 'viewer' || watching);
  const data = prefs.data;
  return {
    watching: watching && (data?.inApp ?? true),
    minSeverity: data?.minSeverity ?? 'critical',
    programIds: data?.programIds ?? [],
  };
}

const CLAIMS_KEY = 'siaga.alerts.announced.v1';
const CLAIM_TTL_MS = 10 * 60_000;

/**
 * Every open tab gets the same live event; the first tab to claim it plays the sound and shows
 * the system notification, so three tabs do not beep three times. Best effort through
 * localStorage (shared by the tabs); every tab still shows its in-page toast.
 */
export function claimAnnouncement(key: string, now = Date.now()): boolean {
  try {
    const raw: unknown = JSON.parse(window.localStorage.getItem(CLAIMS_KEY) ?? '{}');
    const claims: Record<string, number> = {};
    if (typeof raw === 'object' && raw !== null) {
      for (const [k, v] of Object.entries(raw)) if (typeof v === 'number' && now - v < CLAIM_TTL_MS) claims[k] = v;
    }
    if (claims[key] !== undefined) return false;
    claims[key] = now;
    window.localStorage.setItem(CLAIMS_KEY, JSON.stringify(claims));
    return true;
  } catch {
    return true;
  }
}
