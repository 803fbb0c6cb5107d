import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { POSTS_EXPORT_COLUMNS, type Page, type Post, type PostsExportQuery, type PostsQuery } from '@siaga/shared';
import type { Logger } from 'pino';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/access.decorators.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { decodeCursor, toPage, type Keyset } from '../common/cursor.js';
import { AppError, notFound } from '../common/errors.js';
import { LOGGER } from '../common/logger.js';
import type { CsvCopyPage } from './csv-copy.js';
import { UTF8_BOM, csvRow, type CsvValue } from './csv.js';
import { PostsRepository, type PostRow } from './posts.repository.js';
import { yieldToEventLoop } from '../common/event-loop.js';

/**
 * Rows read a query: memory stays flat whatever the export's size, and on the embedded database
 * (which runs in the server's thread) one page holds the thread for tens of milliseconds, so
 * health, metrics, sockets and ingest answer between pages (docs/queries.md has the figures).
 */
export const EXPORT_PAGE_ROWS = 500;
/**
 * Rows of one COPY page on the embedded engine (`PostsRepository.csvCopyPage`), which holds the thread while it writes
 * them. Measured at 100,000 rows exported: 5,000-row pages ran at 50,600 rows/s with health beside them at p99 252 ms;
 * 1,000-row pages at 55,700-60,300 rows/s, health p99 53-63 ms.
 */
export const EXPORT_COPY_PAGE_ROWS = 1_000;
/** Rows a chunk handed to the response (one string per page could be tens of MB). */
const CHUNK_ROWS = 100;

/**
 * The export's columns: the original ones in their order (spreadsheets built on them keep working), then the
 * author's followers and the post's engagement (named as in the incident CSV), then the places it names.
 */
export const POSTS_CSV_COLUMNS = POSTS_EXPORT_COLUMNS;

export interface CsvExport {
  filename: string;
  /** The CSV (BOM, header, rows); it reads the database as it is consumed and stops when destroyed. */
  body: Readable;
}

@Injectable()
export class PostsService {
  constructor(
    private readonly repo: PostsRepository,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async list(filter: PostsQuery, limit: number, cursor?: string): Promise<Page<Post>> {
    assertValidFilter(filter);
    const rows = await this.repo.list(filter, limit, decodeCursor(cursor));
    return toPage(rows, limit, toPost, (r) => ({ at: r.created_at, id: r.id }));
  }

  async get(id: string): Promise<Post> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound('post');
    return toPost(row);
  }

  /**
   * The posts of `GET /api/posts`'s filters as CSV, newest first, at most `max` rows. The filters
   * are checked and the first page is read before anything is sent, so a bad filter or a failing
   * database answers a JSON error rather than a cut CSV. The export is audited with its row count
   * when it ends, or when the client goes away mid-stream (then `complete: false`).
   */
  async exportCsv(actor: Principal, q: PostsExportQuery, pageRows = EXPORT_PAGE_ROWS, copyPageRows = EXPORT_COPY_PAGE_ROWS): Promise<CsvExport> {
    const { max, ...filter } = q;
    assertValidFilter(filter);
    const stamp = this.clock.now().toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
    const body = (pages: AsyncGenerator<{ text: string; rows: number }>) => ({
      filename: `siaga-posts-${stamp}.csv`,
      body: Readable.from(this.csvChunks(actor, filter, max, pages), { objectMode: false }),
    });
    // The embedded engine writes the CSV itself (COPY): rows parsed into objects and written again here were most of
    // an export's time (11,000 rows/s at 1M posts). A text query's matches are probed once, not once a page.
    const rare = filter.q && this.repo.copiesCsv ? await this.repo.textMatches(filter.q) : undefined;
    const copied = await this.repo.csvCopyPage(filter, Math.min(copyPageRows, max), undefined, rare);
    if (copied) return body(this.copyPages(filter, max, copyPageRows, rare, copied));
    const slugs = await this.repo.programSlugs();
    const first = await this.repo.list(filter, Math.min(pageRows, max), undefined);
    return body(this.rowPages(filter, max, pageRows, slugs, first));
  }

  /** The server engine's pages: rows read a page at a time and written as CSV here. */
  private async *rowPages(filter: PostsQuery, max: number, pageRows: number, slugs: ReadonlyMap<string, string>, first: PostRow[]): AsyncGenerator<{ text: string; rows: number }> {
    let rows = 0;
    let page: PostRow[] | undefined = first;
    let after: Keyset | undefined;
    while (rows < max) {
      const want = Math.min(pageRows, max - rows);
      // list() answers up to want + 1 rows: the extra one says whether there are more.
      if (!page) {
        await yieldToEventLoop();
        page = await this.repo.list(filter, want, after);
      }
      const slice = page.slice(0, want);
      for (let i = 0; i < slice.length; i += CHUNK_ROWS) {
        const chunk = slice.slice(i, i + CHUNK_ROWS);
        rows += chunk.length;
        yield { text: chunk.map((r) => csvRow(toCsvValues(r, slugs))).join(''), rows: chunk.length };
      }
      if (page.length <= want) break;
      const last = slice[slice.length - 1]!;
      after = { at: last.created_at, id: last.id };
      page = undefined;
    }
  }

  /** The embedded engine's pages, each one COPY; the next is read only once the client has taken this one. */
  private async *copyPages(filter: PostsQuery, max: number, pageRows: number, rare: string[] | undefined, first: CsvCopyPage): AsyncGenerator<{ text: string; rows: number }> {
    let page = first;
    let rows = 0;
    for (;;) {
      rows += page.rows;
      yield { text: page.csv, rows: page.rows };
      const want = Math.min(pageRows, max - rows);
      if (want <= 0 || page.rows < pageRows || !page.last) break;
      await yieldToEventLoop();
      const next = await this.repo.csvCopyPage(filter, want, page.last, rare);
      if (!next) break;
      page = next;
    }
  }

  private async *csvChunks(actor: Principal, filter: PostsQuery, max: number, pages: AsyncGenerator<{ text: string; rows: number }>): AsyncGenerator<string> {
    let rows = 0;
    let finished = false;
    const record = (complete: boolean) => this.audit.record(actor, 'export.created', { type: 'posts' }, { format: 'csv', filters: filter, max, rows, complete });
    try {
      yield UTF8_BOM + csvRow(POSTS_CSV_COLUMNS);
      for await (const page of pages) {
        rows += page.rows;
        yield page.text;
      }
      finished = true;
      // Before the last byte: a client that got the whole file finds the export audited.
      await record(true);
    } finally {
      if (!finished) {
        await record(false).catch((err: unknown) => this.logger.error({ err, actor: actor.id }, 'could not audit an interrupted posts export'));
      }
    }
  }
}

function assertValidFilter(filter: PostsQuery): void {
  if (filter.from && filter.to && Date.parse(filter.from) >= Date.parse(filter.to)) {
    throw new AppError('validation_failed', '"from" must be before "to"');
  }
}

/** One post as the values of POSTS_CSV_COLUMNS, in order. */
export function toCsvValues(r: PostRow, slugs: ReadonlyMap<string, string>): CsvValue[] {
  return [
    r.id,
    r.created_at.toISOString(),
    r.source,
    r.external_id,
    r.author_handle,
    r.author_name,
    r.lang,
    r.sentiment_label,
    Number(r.sentiment_score),
    r.sentiment_corrected_at !== null,
    r.program_ids.map((id) => slugs.get(id) ?? id).join(';'),
    r.url,
    r.text,
    r.author_followers === null ? null : Number(r.author_followers),
    Number(r.likes),
    Number(r.shares),
    Number(r.replies),
    Number(r.views),
    (r.places ?? []).join(';'),
  ];
}

export function toPost(r: PostRow): Post {
  return {
    id: r.id,
    source: r.source,
    externalId: r.external_id,
    text: r.text,
    createdAt: r.created_at.toISOString(),
    ingestedAt: r.ingested_at.toISOString(),
    author: {
      handle: r.author_handle,
      name: r.author_name,
      followers: r.author_followers === null ? null : Number(r.author_followers),
      location: r.author_location ?? null,
      createdAt: r.author_created_at_ms === null || r.author_created_at_ms === undefined ? null : new Date(Number(r.author_created_at_ms)).toISOString(),
    },
    url: r.url,
    lang: r.lang,
    langGiven: r.lang_given,
    sentiment: {
      label: r.sentiment_label,
      score: Number(r.sentiment_score),
      confidence: Number(r.sentiment_confidence),
      terms: r.sentiment_terms,
      correctedAt: r.sentiment_corrected_at?.toISOString() ?? null,
      correctedBy: r.sentiment_corrected_by,
    },
    harm: { flag: r.harm_flag, terms: r.harm_terms },
    engagement: { likes: r.likes, shares: r.shares, replies: r.replies, views: r.views },
    parentExternalId: r.parent_external_id,
    sharedExternalId: r.shared_external_id ?? null,
    programIds: r.program_ids,
    places: r.places ?? [],
    ...(r.official !== undefined ? { official: Boolean(r.official) } : {}),
  };
}
