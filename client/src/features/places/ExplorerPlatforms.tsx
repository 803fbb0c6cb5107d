import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PostsQuery } from '@siaga/shared';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { PlatformBreakdown } from './PlatformBreakdown';
import { usePlatforms } from './placesApi';

/** The explorer's per-source breakdown for its program and time filters (the last 24 hours when none). */
export function ExplorerPlatforms({ filters }: { filters: PostsQuery }) {
  const { t } = useTranslation('who');
  // Read when first opened: most visits to the explorer never look at it.
  const [open, setOpen] = useState(false);
  const platforms = usePlatforms(filters.programId ?? null, { from: filters.from, to: filters.to }, open);
  return (
    <details className="explorer-platforms" data-testid="explorer-platforms" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('platforms.heading')}</summary>
      {!open ? null : platforms.isPending ? <Loading label={t('platforms.loading')} /> : platforms.isError ? <ErrorMessage error={platforms.error} /> : <PlatformBreakdown data={platforms.data} />}
    </details>
  );
}
