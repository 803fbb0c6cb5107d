import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Role } from '@siaga/shared';
import { preferencesStore, usePreferences } from '../../lib/preferences';
import { useWatchesCritical } from './notifierSettings';
import { beep, notificationPermission, unlockAudio, type NotificationPermissionState } from './sound';
import { Icon } from '../../ui/Icon';

/** The browser's notification permission, kept current when the user changes it in site settings. */
export function useNotificationPermission(): [NotificationPermissionState, () => Promise<void>] {
  const [state, setState] = useState<NotificationPermissionState>(notificationPermission);

  useEffect(() => {
    if (state === 'unsupported' || !navigator.permissions?.query) return;
    let status: PermissionStatus | null = null;
    let cancelled = false;
    const update = () => setState(notificationPermission());
    navigator.permissions.query({ name: 'notifications' }).then(
      (s) => {
        if (cancelled) return;
        status = s;
        s.addEventListener('change', update);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
      status?.removeEventListener('change', update);
    };
  }, [state]);

  // Must run inside the click handler: browsers ignore permission requests made without a gesture.
  const request = useCallback(async () => {
    if (notificationPermission() === 'unsupported') return;
    try {
      await Notification.requestPermission();
    } finally {
      setState(notificationPermission());
    }
  }, []);

  return [state, request];
}

/** Mute / unmute the alert sound; `aria-pressed` says whether it is muted. */
export function MuteToggle() {
  const { t } = useTranslation(['alerts', 'common']);
  const { muted } = usePreferences();
  return (
    <button
      type="button"
      className="button button--secondary button--small alert-mute"
      aria-pressed={muted}
      onClick={() => {
        unlockAudio();
        preferencesStore.set({ muted: !muted });
      }}
      data-testid="alert-mute"
      data-muted={muted}
    >
      <Icon name={muted ? 'bellOff' : 'bell'} /> {muted ? t('notifier.unmute') : t('notifier.mute')}
      <span className="sr-only">. {muted ? t('notifier.mutedState') : t('notifier.unmutedState')}</span>
    </button>
  );
}

/** The small "enable notifications" control: the permission is only ever asked from this click. */
export function EnableNotificationsButton() {
  const { t } = useTranslation(['alerts', 'common']);
  const [permission, request] = useNotificationPermission();
  const [asking, setAsking] = useState(false);
  if (permission !== 'default') return null;
  return (
    <button
      type="button"
      className="button button--secondary button--small"
      disabled={asking}
      onClick={() => {
        setAsking(true);
        unlockAudio();
        void request().finally(() => setAsking(false));
      }}
      data-testid="alert-notify-enable"
    >
      {asking ? t('notifier.enabling') : t('notifier.enable')}
    </button>
  );
}

/** The inbox header's notification settings for this browser. */
export function NotifierControls({ role }: { role: Role }) {
  const { t } = useTranslation(['alerts', 'common']);
  const { notify } = usePreferences();
  const [permission] = useNotificationPermission();
  const watches = useWatchesCritical(role);
  const watchId = useId();
  const notifyId = useId();
  const hintId = useId();

  return (
    <section className="notifier-controls" aria-label={t('notifier.settingsLabel')} data-testid="alert-notifier-controls">
      <div className="notifier-controls__row">
        <MuteToggle />
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => {
            unlockAudio();
            // The context may need a moment to resume after this very click.
            setTimeout(() => beep('critical'), 50);
          }}
          data-testid="alert-test-sound"
        >
          {t('notifier.testSound')}
        </button>
        <EnableNotificationsButton />
        {permission === 'granted' && (
          <label className="notifier-controls__check" htmlFor={notifyId}>
            <input id={notifyId} type="checkbox" checked={notify} onChange={(e) => preferencesStore.set({ notify: e.target.checked })} data-testid="alert-notify-toggle" />{' '}
            {t('notifier.browserToggle')}
          </label>
        )}
        {permission === 'denied' && <span className="muted">{t('notifier.denied')}</span>}
        {permission === 'unsupported' && <span className="muted">{t('notifier.unsupported')}</span>}
      </div>
      <div className="notifier-controls__row">
        <label className="notifier-controls__check" htmlFor={watchId}>
          <input
            id={watchId}
            type="checkbox"
            checked={watches}
            onChange={(e) => preferencesStore.set({ watchCritical: e.target.checked })}
            aria-describedby={hintId}
            data-testid="alert-watch-critical"
          />{' '}
          {t('notifier.watchCritical')}
        </label>
        <span id={hintId} className="muted">
          {t('notifier.watchHint')}
        </span>
        <Link to="/notifications" data-testid="alert-prefs-link">
          {t('notifier.preferencesLink')}
        </Link>
      </div>
    </section>
  );
}
