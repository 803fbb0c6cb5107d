import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLive } from './LiveProvider';
import { Icon } from '../ui/Icon';

/**
 * Says when the live stream is down and when it is back; screens keep their last data meanwhile.
 * Nothing is shown while all is well, except a short "restored" note after a drop.
 */
export function LiveBanner() {
  const { t } = useTranslation();
  const { status, reconnect } = useLive();
  const wasDown = useRef(false);
  const [restored, setRestored] = useState(false);

  useEffect(() => {
    if (status === 'reconnecting' || status === 'offline') {
      wasDown.current = true;
      setRestored(false);
      return;
    }
    if (status === 'connected' && wasDown.current) {
      wasDown.current = false;
      setRestored(true);
      const timer = setTimeout(() => setRestored(false), 4_000);
      return () => clearTimeout(timer);
    }
    return;
  }, [status]);

  if (status === 'reconnecting' || status === 'offline') {
    return (
      <div className="live-banner live-banner--down" role="status" data-testid="live-banner" data-status={status}>
        <Icon name="warning" /> {status === 'offline' ? t('live.offline') : t('live.reconnecting')}{' '}
        <button type="button" className="button button--small button--secondary" onClick={reconnect}>
          {t('live.retryNow')}
        </button>
      </div>
    );
  }
  if (restored) {
    return (
      <div className="live-banner live-banner--up" role="status" data-testid="live-banner" data-status="restored">
        <Icon name="check" /> {t('live.restored')}
      </div>
    );
  }
  return null;
}
