import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { hashKey, skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LivePost } from '@siaga/shared';
import { queryKeys } from '../../api/keys';
import { useFormat } from '../../lib/format';
import { useProgramNames } from '../../lib/programs';
import { Loading } from '../../ui/Loading';
import { PostCard, postView } from '../posts/PostCard';
import { useInitialPosts } from './queries';
import { STREAM_CAP, StreamBuffer } from './streamBuffer';
import { Icon } from '../../ui/Icon';

type Scope = 'program' | 'all';

interface LiveStreamProps {
  /** The program of the main chart; null when there is none. */
  programId: string | null;
  programName: string;
}

const LIVE_HASH = hashKey(queryKeys.posts.live);

/**
 * The posts the socket brings (`queryKeys.posts.live`), newest on top, for the selected program or
 * all. Pausing freezes the list and counts what arrives; resuming shows it. The list is redrawn at
 * most twice a second whatever the rate, and holds at most `STREAM_CAP` posts.
 */
export function LiveStream({ programId, programName }: LiveStreamProps) {
  const { t } = useTranslation('wall');
  const f = useFormat();
  const queryClient = useQueryClient();
  const names = useProgramNames();
  const scopeId = useId();
  const [scope, setScope] = useState<Scope>('program');
  const filter = scope === 'all' ? null : programId;
  const [buffer] = useState(() => new StreamBuffer());

  // An observer that never re-renders: it only keeps the socket-filled cache entry from being collected.
  useQuery<LivePost[]>({ queryKey: queryKeys.posts.live, queryFn: skipToken, notifyOnChangeProps: [], staleTime: Infinity });

  useEffect(() => {
    buffer.setProgram(filter, queryClient.getQueryData<LivePost[]>(queryKeys.posts.live));
  }, [buffer, filter, queryClient]);

  useEffect(() => {
    // Read per change, not per render: at full rate the cache changes far more often than we draw.
    const unsubscribe = queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || event.query.queryHash !== LIVE_HASH) return;
      buffer.ingest(event.query.state.data as LivePost[] | undefined);
    });
    return () => {
      unsubscribe();
      buffer.stop();
    };
  }, [buffer, queryClient]);

  const initial = useInitialPosts(filter);
  useEffect(() => {
    if (initial.data) buffer.seed(initial.data.items.map(postView));
  }, [buffer, initial.data, filter]);

  const snapshot = useSyncExternalStore(buffer.subscribe, buffer.getSnapshot);
  const { items, paused, pending } = snapshot;

  return (
    <section className="wall-panel wall-panel--stream" aria-labelledby="live-stream-heading" data-testid="live-stream" data-paused={paused}>
      <div className="wall-panel__head">
        <h2 id="live-stream-heading" className="wall-panel__title">
          {t('stream.heading')}
        </h2>
        <div className="wall-stream__controls">
          <div className="field field--inline field--compact">
            <label htmlFor={scopeId}>{t('stream.scope')}</label>
            <select id={scopeId} value={scope} onChange={(e) => setScope(e.target.value === 'all' ? 'all' : 'program')} data-testid="stream-scope">
              <option value="program" disabled={programId === null}>
                {t('stream.scopeProgram', { name: programName })}
              </option>
              <option value="all">{t('stream.scopeAll')}</option>
            </select>
          </div>
          <button
            type="button"
            className={`button button--small ${paused ? 'button--primary' : 'button--secondary'}`}
            aria-pressed={paused}
            onClick={() => (paused ? buffer.resume() : buffer.pause())}
            data-testid="stream-pause"
          >
            <Icon name={paused ? 'play' : 'pause'} /> {paused ? t('stream.resume') : t('stream.pause')}
          </button>
        </div>
      </div>
      {paused && (
        <p className="notice notice--info wall-stream__paused" role="status">
          <span>{t('stream.paused')}</span>{' '}
          <strong data-testid="stream-new-count" data-count={pending}>
            {t('stream.newCount', { total: f.number(pending) })}
          </strong>
        </p>
      )}
      {items.length === 0 ? (
        initial.isPending ? (
          <Loading label={t('stream.loading')} />
        ) : (
          <>
            {initial.isError && <p className="notice notice--warning">{t('stream.error')}</p>}
            <p className="empty" data-testid="live-stream-empty">
              {t('stream.empty')}
            </p>
          </>
        )
      ) : (
        <ol className="wall-stream__list" aria-label={t('stream.list')} data-testid="live-stream-list" tabIndex={0}>
          {items.map((item) => (
            <li key={item.view.id} className={item.animate ? 'wall-stream__item wall-stream__item--new' : 'wall-stream__item'}>
              <PostCard post={item.view} programNames={names} compact />
            </li>
          ))}
        </ol>
      )}
      <p className="muted wall-stream__note">{t('stream.showing', { cap: STREAM_CAP })}</p>
    </section>
  );
}
