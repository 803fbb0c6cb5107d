import type { Keyset } from '../common/cursor.js';
import type { PostsRepository, ScanRow } from './posts.repository.js';

export interface ScanLimits {
  /** Rows visited at most. */
  max: number;
  /** Rows a query. */
  pageRows: number;
}

/**
 * Visits the posts of a window newest first, a keyset page at a time, until the window ends or
 * `max` rows were visited. `more` says the window held more than was visited.
 */
export async function scanNewest(
  repo: Pick<PostsRepository, 'scan'>,
  window: Parameters<PostsRepository['scan']>[0],
  limits: ScanLimits,
  visit: (rows: readonly ScanRow[]) => void,
): Promise<{ scanned: number; more: boolean }> {
  let scanned = 0;
  let after: Keyset | undefined;
  for (;;) {
    const want = Math.min(limits.pageRows, limits.max - scanned);
    // One row beyond the page says whether anything is left.
    const rows = await repo.scan(window, want + 1, after);
    const page = rows.slice(0, want);
    if (page.length) {
      visit(page);
      scanned += page.length;
    }
    if (rows.length <= want) return { scanned, more: false };
    if (scanned >= limits.max) return { scanned, more: true };
    const last = page[page.length - 1]!;
    after = { at: new Date(last.created_at), id: last.id };
  }
}
