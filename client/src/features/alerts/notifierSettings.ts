import type { Role } from '@siaga/shared';
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
