import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Lang, SentimentLabel } from '@siaga/shared';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { LOGGER } from '../common/logger.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Database } from '../database/database.js';
import { EventBus } from '../events/event-bus.js';
import type { RollupInput } from '../rollups/rollup-delta.js';
import { RollupsService } from '../rollups/rollups.service.js';
import type { ProgramEntity } from './program.entity.js';
import { ProgramsRepository } from './programs.repository.js';
import './programs.events.js';
import { programPredicate } from './query/index.js';
import { yieldToEventLoop } from '../common/event-loop.js';

const CHUNK = 1_000;

interface CandidateRow {
  id: string;
  text: string;
  lang: Lang;
  created_at: Date;
  source: string;
  author_handle: string;
  sentiment_label: SentimentLabel;
  sentiment_score: number;
  linked: boolean;
}

/**
 * Re-matches stored posts (of the last SIAGA_BACKFILL_DAYS) when a program's query changes.
 * Posts ingested after the change were matched live with the new query; the ones before it are
 * walked in chunks, each chunk one transaction that locks its posts, so a second runner (a
 * restart, another instance) finds them already done instead of counting them twice.
 */
@Injectable()
export class BackfillService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly waiting = new Set<string>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly db: Database,
    private readonly repo: ProgramsRepository,
    private readonly rollups: RollupsService,
    private readonly events: EventBus,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.events.on('program.changed', ({ program, rematch, remote }) => {
      // The instance that made the edit runs its backfill (it resumes at any start if that one dies).
      if (rematch && !remote) this.schedule(program.id);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const p of await this.repo.pendingBackfills()) this.schedule(p.id);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.unsubscribe?.();
  }

  /** Resolves when every scheduled backfill has run (tests and the CLI wait on it). */
  idle(): Promise<void> {
    return this.queue;
  }

  schedule(programId: string): void {
    if (this.waiting.has(programId)) return;
    this.waiting.add(programId);
    this.queue = this.queue.then(async () => {
      this.waiting.delete(programId);
      try {
        await this.run(programId);
      } catch (err) {
        this.logger.error({ err, programId }, 'program backfill failed; it resumes at next start');
      }
    });
  }

  async run(programId: string): Promise<{ added: number; removed: number }> {
    const program = await this.repo.findById(programId);
    if (!program?.backfillCutoff) return { added: 0, removed: 0 };
    const cutoff = program.backfillCutoff;
    const since = new Date(cutoff.getTime() - this.config.backfillDays * 86_400_000);
    const matches = programPredicate({ id: program.id, query: program.query, languages: program.languages });
    let after = { at: since, id: '00000000-0000-0000-0000-000000000000' };
    let added = 0;
    let removed = 0;
    for (;;) {
      if (this.stopped) return { added, removed };
      const r = await this.db.transaction((em) => this.chunk(em, program, matches, cutoff, after));
      added += r.added;
      removed += r.removed;
      if (!r.last) break;
      after = r.last;
      // Let live ingestion in between chunks (PGlite runs one transaction at a time).
      await yieldToEventLoop();
    }
    await this.repo.finishBackfill(program.id, cutoff);
    this.logger.info({ programId, slug: program.slug, added, removed }, 'program backfill done');
    return { added, removed };
  }

  private async chunk(em: EntityManager, program: ProgramEntity, matches: (text: string, lang: string) => boolean, cutoff: Date, after: { at: Date; id: string }) {
    const rows = await em.query<CandidateRow[]>(
      `SELECT id, text, lang, created_at, source, author_handle, sentiment_label, sentiment_score, $1::uuid = ANY(program_ids) AS linked
       FROM posts
       WHERE created_at >= $2 AND ingested_at <= $3 AND (created_at, id) > ($2, $4::uuid)
       ORDER BY created_at, id LIMIT ${CHUNK} FOR UPDATE`,
      [program.id, after.at.toISOString(), cutoff.toISOString(), after.id],
    );
    const adds: CandidateRow[] = [];
    const removes: CandidateRow[] = [];
    for (const r of rows) {
      const wanted = matches(r.text, r.lang);
      if (wanted && !r.linked) adds.push(r);
      else if (!wanted && r.linked) removes.push(r);
    }
    // A post of one of the program's official channels is linked as such and counted in `official`, as ingest does.
    const official = new Set<string>();
    if (adds.length) {
      await em.query(`UPDATE posts SET program_ids = array_append(program_ids, $1::uuid) WHERE id = ANY($2::uuid[])`, [program.id, adds.map((r) => r.id)]);
      const marked = await em.query<Array<{ post_id: string }>>(
        `WITH ins AS (
           INSERT INTO post_programs (program_id, created_at, post_id, sentiment_label, official)
           SELECT $1::uuid, u.created_at, u.post_id, u.label,
                  EXISTS (SELECT 1 FROM official_channels oc WHERE oc.program_id = $1::uuid AND oc.source = lower(u.source) AND oc.handle = ltrim(lower(u.handle), '@'))
           FROM unnest($2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[]) AS u(created_at, post_id, label, source, handle)
           ON CONFLICT DO NOTHING RETURNING post_id, official)
         SELECT post_id FROM ins WHERE official`,
        [program.id, adds.map((r) => new Date(r.created_at).toISOString()), adds.map((r) => r.id), adds.map((r) => r.sentiment_label), adds.map((r) => r.source), adds.map((r) => r.author_handle)],
      );
      for (const m of marked) official.add(m.post_id);
    }
    // A link leaves the counts it is in: `official` for a post its mark says is an official channel's.
    if (removes.length) {
      await em.query(`UPDATE posts SET program_ids = array_remove(program_ids, $1::uuid) WHERE id = ANY($2::uuid[])`, [program.id, removes.map((r) => r.id)]);
      const gone = await em.query<Array<{ post_id: string }>>(
        `WITH gone AS (DELETE FROM post_programs WHERE program_id = $1 AND post_id = ANY($2::uuid[]) RETURNING post_id, official) SELECT post_id FROM gone WHERE official`,
        [program.id, removes.map((r) => r.id)],
      );
      for (const g of gone) official.add(g.post_id);
    }
    const toInput = (r: CandidateRow, sign: 1 | -1): RollupInput => ({
      programIds: [program.id],
      createdAt: new Date(r.created_at),
      label: r.sentiment_label,
      score: Number(r.sentiment_score),
      source: r.source,
      authorHandle: r.author_handle,
      sign,
      ...(official.has(r.id) ? { officialProgramIds: [program.id] } : {}),
    });
    await this.rollups.applyPosts(em, [...adds.map((r) => toInput(r, 1)), ...removes.map((r) => toInput(r, -1))], 'backfill');
    const lastRow = rows.length === CHUNK ? rows[rows.length - 1] : undefined;
    return { added: adds.length, removed: removes.length, last: lastRow ? { at: new Date(lastRow.created_at), id: lastRow.id } : undefined };
  }
}
