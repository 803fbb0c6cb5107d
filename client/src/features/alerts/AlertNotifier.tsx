import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import type { Alert } from '@siaga/shared';
import { preferencesStore } from '../../lib/preferences';
import { useLiveEvents, type LiveEvent } from '../../live/LiveProvider';
import { useAuth } from '../auth/useAuth';
import { SeverityBadge } from './AlertBits';
import { EnableNotificationsButton, MuteToggle } from './NotifierControls';
import { announces, claimAnnouncement, useAnnouncePolicy, type AnnouncePolicy } from './notifierSettings';
import { beep, notificationPermission, unlockAudio } from './sound';
import './alerts.css';
import { Icon } from '../../ui/Icon';
import { subjectOf } from './programAlert';

export interface Toast {
  /** One per announced fact: a second tab or a replay of the same event is not announced twice. */
  key: string;
  /** A new critical alert, a new alert of a lower level the user chose to hear of, or an escalation. */
  type: 'critical' | 'opened' | 'escalation';
  alert: Alert;
  level: number;
}

/** Replayed events after a long disconnect are news no more: only fresh openings are announced. */
const FRESH_MS = 10 * 60_000;
const MAX_TOASTS = 4;

export type Reaction = { type: 'announce'; toast: Toast } | { type: 'withdraw'; alertId: string } | null;

/**
 * What a live event means to this user: a new alert at or above the level they chose (if this
 * browser watches, and it is fresh), an escalation addressed to them (the server sends those only
 * to their addressees), or an alert someone has handled, whose toast goes away.
 */
export function reactionTo(event: LiveEvent, policy: AnnouncePolicy, now: number): Reaction {
  switch (event.type) {
    case 'alert:opened': {
      const { alert } = event;
      if (!announces(policy, alert)) return null;
      if (now - Date.parse(alert.openedAt) > FRESH_MS) return null;
      return { type: 'announce', toast: { key: `opened:${alert.id}`, type: alert.severity === 'critical' ? 'critical' : 'opened', alert, level: alert.escalationLevel } };
    }
    case 'escalation': {
      const { alert, level } = event.notice;
      if (alert.status !== 'open') return null;
      return { type: 'announce', toast: { key: `escalation:${alert.id}:${level}`, type: 'escalation', alert, level } };
    }
    case 'alert:updated':
      return event.alert.status === 'open' ? null : { type: 'withdraw', alertId: event.alert.id };
  }
}

/**
 * Announces new critical alerts (to those who watch them: supervisors and admins by default, others
 * by opting in on the inbox) and escalations addressed to this user: an in-page toast with a link,
 * a short beep unless muted, and a system notification when the tab is in the background and the
 * user granted permission. Toasts of an alert leave once someone acknowledges or resolves it.
 */
export function AlertNotifier() {
  const { t } = useTranslation(['alerts', 'common']);
  const { user } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const policy = useAnnouncePolicy(user?.role ?? 'viewer');
  const [toasts, setToasts] = useState<Toast[]>([]);
  const navigateRef = useRef(navigate);
  navigateRef.current = navigate;

  // Browsers allow sound only after a gesture: the first click or key press anywhere unlocks it.
  useEffect(() => {
    const stop = () => {
      document.removeEventListener('pointerdown', unlock);
      document.removeEventListener('keydown', unlock);
    };
    const unlock = () => {
      unlockAudio();
      stop();
    };
    document.addEventListener('pointerdown', unlock);
    document.addEventListener('keydown', unlock);
    return stop;
  }, []);

  const announce = useCallback(
    (toast: Toast) => {
      setToasts((old) => [toast, ...old.filter((x) => x.alert.id !== toast.alert.id)].slice(0, MAX_TOASTS));
      if (!claimAnnouncement(toast.key)) return;
      const prefs = preferencesStore.get();
      if (!prefs.muted) beep(toast.type === 'opened' ? 'critical' : toast.type);
      // A system notification only when this page is not in front (hidden tab, or another window focused).
      if (prefs.notify && notificationPermission() === 'granted' && (document.visibilityState !== 'visible' || !document.hasFocus())) {
        const title =
          toast.type === 'escalation'
            ? t('notifier.notificationEscalation', { level: toast.level })
            : toast.type === 'critical'
              ? t('notifier.notificationCritical')
              : t('notifier.notificationOpened', { severity: t(`common:severity.${toast.alert.severity}`) });
        try {
          const notification = new Notification(title, {
            body: t('notifier.body', { kind: t(`common:alertKind.${toast.alert.kind}`), program: subjectOf(toast.alert) }),
            tag: `siaga-alert-${toast.alert.id}`,
          });
          notification.onclick = () => {
            window.focus();
            void navigateRef.current(`/alerts/${toast.alert.id}`);
            notification.close();
          };
        } catch {
          // Some browsers only allow notifications from a service worker: the toast remains.
        }
      }
    },
    [t],
  );

  useLiveEvents((event: LiveEvent) => {
    const reaction = reactionTo(event, policy, Date.now());
    if (reaction?.type === 'announce') announce(reaction.toast);
    else if (reaction?.type === 'withdraw') setToasts((old) => (old.some((x) => x.alert.id === reaction.alertId) ? old.filter((x) => x.alert.id !== reaction.alertId) : old));
  });

  const dismiss = (key: string) => setToasts((old) => old.filter((x) => x.key !== key));
  // The inbox has its own mute control in its header; one `alert-mute` per screen.
  const onInbox = location.pathname === '/alerts';
  // On the inbox a new critical alert is already the top row (and announced by the inbox): a toast
  // there would only cover the rows' action buttons. Escalations, addressed to this user, still show.
  const shown = onInbox ? toasts.filter((toast) => toast.type === 'escalation') : toasts;

  return (
    <div className="alert-toasts" role="status" aria-live="polite" aria-label={t('notifier.regionLabel')} data-testid="alert-toasts">
      {shown.map((toast) => (
        <div
          key={toast.key}
          className={`alert-toast alert-toast--${toast.type}`}
          data-testid="alert-toast"
          data-alert-id={toast.alert.id}
          data-type={toast.type}
        >
          <p className="alert-toast__title">
            <Icon name={toast.type === 'escalation' ? 'escalate' : toast.type === 'critical' ? 'diamond' : 'triangleUp'} />{' '}
            {toast.type === 'escalation'
              ? t('notifier.escalation', { level: toast.level })
              : toast.type === 'critical'
                ? t('notifier.critical')
                : t('notifier.opened', { severity: t(`common:severity.${toast.alert.severity}`) })}
          </p>
          <p className="alert-toast__body">
            <SeverityBadge severity={toast.alert.severity} />{' '}
            <span>{t(`common:alertKind.${toast.alert.kind}`)}</span> — <bdi>{subjectOf(toast.alert)}</bdi>
          </p>
          <div className="alert-toast__actions">
            <Link className="button button--primary button--small" to={`/alerts/${toast.alert.id}`} onClick={() => dismiss(toast.key)} data-testid="alert-toast-open">
              {t('notifier.open')}
            </Link>
            <button type="button" className="button button--secondary button--small" onClick={() => dismiss(toast.key)} data-testid="alert-toast-dismiss">
              {t('notifier.dismiss')}
            </button>
          </div>
        </div>
      ))}
      {shown.length > 0 && (
        <div className="alert-toasts__controls">
          {!onInbox && <MuteToggle />}
          {!onInbox && <EnableNotificationsButton />}
          {shown.length > 1 && (
            <button type="button" className="button button--secondary button--small" onClick={() => setToasts([])}>
              {t('notifier.dismissAll')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
