import { createAnalyzer } from '../analysis/sentiment-analyzer.js';
import type { AppConfig } from '../config/config.js';
import { Database } from '../database/database.js';
import { EventBus } from '../events/event-bus.js';
import { RollupsRepository } from '../rollups/rollups.repository.js';
import { RollupsService } from '../rollups/rollups.service.js';
import { rescoreBatch, type RescoreCursor } from '../sentiment/rescore.js';
import { Progress } from './progress.js';

export interface RescoreOptions {
  since: Date;
  until: Date;
  batch: number;
  restart: boolean;
}

export interface RescoreSummary {
  scanned: number;
  changed: number;
  resumed: boolean;
}

const KEY = 'rescore_progress';

interface Saved {
  since: string;
  until: string;
  after: RescoreCursor;
  scanned: number;
  changed: number;
}

/**
 * Re-scores stored posts in batches, one transaction each. The position is saved with every
 * batch, so an interrupted run started again with the same range continues where it stopped.
 */
export async function runRescore(config: AppConfig, opts: RescoreOptions, log: (line: string) => void): Promise<RescoreSummary> {
  const db = await Database.open(config, { owner: 'siaga rescore' });
  try {
    const analyzer = createAnalyzer();
    // This process has no listeners: a running server re-reads the rollups it serves.
    const rollups = new RollupsService(db, new RollupsRepository(), new EventBus());
    const range = { since: opts.since, until: opts.until };
    const [savedRow] = await db.query<{ value: string }>(`SELECT value FROM app_settings WHERE key = $1`, [KEY]);
    let saved: Saved | undefined = savedRow ? (JSON.parse(savedRow.value) as Saved) : undefined;
    if (saved && (opts.restart || saved.since !== range.since.toISOString() || saved.until !== range.until.toISOString())) saved = undefined;
    if (saved) log(`resuming the interrupted re-score of ${saved.since} … ${saved.until} after ${saved.scanned} posts`);
    const [{ n: total } = { n: 0 }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE created_at >= $1 AND created_at < $2`, [
      range.since.toISOString(),
      range.until.toISOString(),
    ]);
    const progress = new Progress(total, 're-scoring');
    let after = saved?.after;
    let scanned = saved?.scanned ?? 0;
    let changed = saved?.changed ?? 0;
    for (;;) {
      const r = await db.transaction(async (em) => {
        const res = await rescoreBatch(em, analyzer, rollups, range, after, opts.batch);
        const state: Saved = { since: range.since.toISOString(), until: range.until.toISOString(), after: res.next ?? after ?? { at: range.since.toISOString(), id: '' }, scanned: scanned + res.scanned, changed: changed + res.changed };
        if (res.next) await em.query(`INSERT INTO app_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [KEY, JSON.stringify(state)]);
        else await em.query(`DELETE FROM app_settings WHERE key = $1`, [KEY]);
        return res;
      });
      scanned += r.scanned;
      changed += r.changed;
      progress.update(scanned, `${changed} changed`);
      if (!r.next) break;
      after = r.next;
    }
    progress.done();
    return { scanned, changed, resumed: saved !== undefined };
  } finally {
    await db.close();
  }
}
