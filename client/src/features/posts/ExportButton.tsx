import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PostsQuery } from '@siaga/shared';
import { isAbortError } from '../../api';
import { useFormat } from '../../lib/format';
import { describeError } from '../../ui/ErrorMessage';
import { apiDownload, saveBlob } from './download';
import { Icon } from '../../ui/Icon';

type ExportState =
  | { status: 'idle' }
  | { status: 'running'; received: number }
  | { status: 'done'; filename: string }
  | { status: 'cancelled' }
  | { status: 'failed'; error: unknown };

function fallbackFilename(): string {
  return `siaga-posts-${new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '')}.csv`;
}

/** Downloads the posts of the current filters as CSV (analysts and above; the server audits it). */
export function ExportButton({ filters }: { filters: PostsQuery }) {
  const { t } = useTranslation('posts');
  const f = useFormat();
  const hintId = useId();
  const [state, setState] = useState<ExportState>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const size = (bytes: number) => {
    const megabytes = bytes >= 1_000_000;
    return new Intl.NumberFormat(f.locale, {
      style: 'unit',
      unit: megabytes ? 'megabyte' : 'kilobyte',
      maximumFractionDigits: 1,
    }).format(megabytes ? bytes / 1_000_000 : bytes / 1_000);
  };

  const run = async () => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setState({ status: 'running', received: 0 });
    try {
      const { blob, filename } = await apiDownload('/api/posts/export', { ...filters }, {
        signal: abort.signal,
        onProgress: ({ received }) => setState({ status: 'running', received }),
      });
      const name = filename ?? fallbackFilename();
      saveBlob(blob, name);
      setState({ status: 'done', filename: name });
    } catch (error) {
      if (controller.current !== abort) return; // a newer export or unmount took over
      setState(isAbortError(error) ? { status: 'cancelled' } : { status: 'failed', error });
    } finally {
      if (controller.current === abort) controller.current = null;
    }
  };

  const running = state.status === 'running';

  return (
    <div className="posts-export">
      <div className="posts-export__controls">
        <button
          type="button"
          className="button button--primary"
          onClick={() => void run()}
          disabled={running}
          aria-describedby={hintId}
          data-testid="posts-export"
        >
          <Icon name="download" /> {running ? t('export.running') : t('export.button')}
        </button>
        {running && (
          <button type="button" className="button button--secondary" onClick={() => controller.current?.abort()} data-testid="posts-export-cancel">
            {t('export.cancel')}
          </button>
        )}
      </div>
      <p className="posts-hint" id={hintId}>
        {t('export.hint')}
      </p>
      <p className="posts-export__status" role="status" data-testid="posts-export-status">
        {running && state.received > 0 && t('export.progress', { size: size(state.received) })}
        {state.status === 'done' && t('export.done', { filename: state.filename })}
        {state.status === 'cancelled' && t('export.cancelled')}
      </p>
      {state.status === 'failed' && (
        <p className="notice notice--error" role="alert" data-testid="posts-export-error">
          {t('export.failed')} {describeError(state.error)}
        </p>
      )}
    </div>
  );
}
