import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import {
  INCIDENT_CSV_EXTRA_COLUMNS,
  POSTS_CSV_BASE_COLUMNS,
  type ActionEffect,
  type IncidentCsvQuery,
  type IncidentDetail,
  type IncidentImpact,
  type IncidentReport,
  type OfficialResponse,
  type ReportFormat,
  type ReportLang,
  type ReportPost,
} from '@siaga/shared';
import type { Logger } from 'pino';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/access.decorators.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { AppError } from '../common/errors.js';
import { LOGGER } from '../common/logger.js';
import { Tally } from '../metrics/top-terms.js';
import { WhoWhereService } from '../metrics/who-where.service.js';
import { hashtagsOf, termsOf } from '../metrics/top-terms.js';
import { UTF8_BOM, csvRow, type CsvValue } from '../posts/csv.js';
import type { PostRow } from '../posts/posts.repository.js';
import { bucketMinutesFor, ratio, round, sentimentCounts, seriesWithBaseline, shareFell } from './impact.js';
import type { CsvCopyPage } from '../posts/csv-copy.js';
import { IncidentsRepository, type CsvRow, type PostScope } from './incidents.repository.js';
import { IncidentsService } from './incidents.service.js';
import { renderMarkdown } from './report-markdown.js';
import { renderPdf } from './report-pdf.js';

/** Previous weeks the baseline averages. */
export const BASELINE_WEEKS = 4;
/** Terms and hashtags are counted over at most this many of the newest posts of the span. */
export const TERMS_SAMPLE = 10_000;
/** Before and after an action, the window whose negative share is compared. */
export const EFFECT_WINDOW_MINUTES = 60;
/** Rows a query while streaming the CSV: memory stays flat whatever the incident's size. */
export const CSV_PAGE_ROWS = 2_000;
const CSV_CHUNK_ROWS = 200;
/** Rows per COPY on the embedded engine: about 1.7 MB of CSV held at a time. */
const CSV_COPY_PAGE_ROWS = 10_000;
const TOP = 10;

export const INCIDENT_CSV_COLUMNS = [...POSTS_CSV_BASE_COLUMNS, ...INCIDENT_CSV_EXTRA_COLUMNS];

/** One post as the values of INCIDENT_CSV_COLUMNS, in order (the posts export's, then the numbers). */
const NO_CHANNELS: ReadonlySet<string> = new Set();

/** `source|handle` as the registry stores an official channel: lower-case, no leading @. */
export const officialKey = (source: string, handle: string) => `${source.toLowerCase()}|${handle.replace(/^@+/, '').toLowerCase()}`;

export function csvValues(r: CsvRow, slugs: ReadonlyMap<string, string>, official: ReadonlySet<string> = NO_CHANNELS): CsvValue[] {
  let programs = '';
  // Links to deleted programs are left out, as the posts module reads them.
  for (const id of r.program_ids.split(';')) {
    const slug = slugs.get(id);
    if (slug !== undefined) programs += programs ? `;${slug}` : slug;
  }
  return [
    r.id,
    r.created_at,
    r.source,
    r.external_id,
    r.author_handle,
    r.author_name,
    r.lang,
    r.sentiment_label,
    Number(r.sentiment_score),
    r.corrected,
    programs,
    r.url,
    r.text,
    r.author_followers === null ? null : Number(r.author_followers),
    Number(r.likes),
    Number(r.shares),
    Number(r.replies),
    Number(r.views),
    official.size && official.has(officialKey(r.source, r.author_handle)) ? 1 : 0,
  ];
}

export interface RenderedReport {
  filename: string;
  contentType: string;
  body: Buffer | string | Readable;
}

const stamp = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');

function reportPost(p: PostRow, pinned: { note: string | null } | undefined): ReportPost {
  return {
    id: p.id,
    createdAt: new Date(p.created_at).toISOString(),
    source: p.source,
    authorHandle: p.author_handle,
    authorName: p.author_name,
    followers: p.author_followers === null ? null : Number(p.author_followers),
    text: p.text,
    url: p.url,
    sentiment: p.sentiment_label,
    lang: p.lang,
    engagement: Number(p.likes) + Number(p.shares) + Number(p.replies),
    pinned: pinned !== undefined,
    note: pinned?.note ?? null,
  };
}

/** Incident reports: impact metrics, and the PDF, Markdown, JSON and CSV renderings. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly repo: IncidentsRepository,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly who: WhoWhereService,
  ) {}

  /** The incident's span: from its start to its end, or to now while it is not closed. */
  private span(i: IncidentDetail): { from: Date; to: Date } {
    const from = new Date(i.startedAt);
    const now = this.clock.now();
    const to = i.endedAt ? new Date(i.endedAt) : now;
    return { from, to: to > from ? to : new Date(from.getTime() + 60_000) };
  }

  async impact(i: IncidentDetail): Promise<IncidentImpact> {
    return (await this.measure(i)).impact;
  }

  /** The impact, and the span's most engaging posts (read in the same pass). */
  private async measure(i: IncidentDetail): Promise<{ impact: IncidentImpact; topPosts: PostRow[] }> {
    const { from, to } = this.span(i);
    const ids = i.programIds;
    const bucketMinutes = bucketMinutesFor(from, to);
    const [rows, stats, texts, actors] = await Promise.all([
      this.repo.buckets(ids, from, to, bucketMinutes * 60, BASELINE_WEEKS),
      ids.length ? this.repo.postStats(ids, from, to, TOP) : undefined,
      ids.length ? this.repo.texts(ids, from, to, TERMS_SAMPLE + 1) : [],
      // Accounts by reach as the dashboard ranks them (one definition: ENGAGEMENT_WEIGHT), official channels apart.
      ids.length ? this.who.topActors({ programIds: ids, from, to, excludeOfficial: true }, TOP) : undefined,
    ]);
    const { series, baselineWeeks } = seriesWithBaseline(rows, from, to, bucketMinutes, BASELINE_WEEKS);
    const sum = (f: (p: (typeof series)[number]) => number) => series.reduce((s, p) => s + f(p), 0);
    const volume = sum((p) => p.volume);
    const negative = sum((p) => p.negative);
    const baselineVolume = round(sum((p) => p.baseline));
    const baselineNegative = round(sum((p) => p.baselineNegative));
    const peakPoint = series.reduce<(typeof series)[number] | undefined>((best, p) => (p.volume > (best?.volume ?? 0) ? p : best), undefined);
    const terms = new Tally();
    const tags = new Tally();
    const sample = texts.slice(0, TERMS_SAMPLE);
    for (const t of sample) {
      terms.add(termsOf(t.text));
      tags.add(hashtagsOf(t.text));
    }
    const posts = stats?.posts ?? 0;
    const shareOf = (n: number, of: number) => (of > 0 ? round(n / of, 4) : 0);
    const actions: ActionEffect[] = [];
    for (const e of i.timeline.filter((x) => x.kind === 'action').slice(0, 20)) {
      const at = new Date(e.at);
      const w = EFFECT_WINDOW_MINUTES * 60_000;
      const [b, a] = await Promise.all([this.repo.counts(ids, new Date(at.getTime() - w), at), this.repo.counts(ids, at, new Date(at.getTime() + w))]);
      const before = sentimentCounts(b);
      const after = sentimentCounts(a);
      actions.push({ entryId: e.id, at: e.at, text: e.text ?? '', windowMinutes: EFFECT_WINDOW_MINUTES, before, after, negativeShareFell: shareFell(before, after) });
    }
    const official = ids.length ? await this.officialResponse(i, from, to, Number(stats?.reach ?? 0)) : undefined;
    const engagement = { likes: stats?.likes ?? 0, shares: stats?.shares ?? 0, replies: stats?.replies ?? 0, views: stats?.views ?? 0 };
    const order = stats?.top_post_ids ?? [];
    const topPosts = (await this.repo.postsByIds(order)).sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    const impact: IncidentImpact = {
      from: from.toISOString(),
      to: to.toISOString(),
      baselineWeeks,
      bucketMinutes,
      volume,
      negative,
      negativeShare: ratio(negative, volume),
      baselineVolume,
      baselineNegative,
      volumeRatio: baselineWeeks ? ratio(volume, baselineVolume) : null,
      negativeRatio: baselineWeeks ? ratio(negative, baselineNegative) : null,
      peak: peakPoint ? { at: peakPoint.at, volume: peakPoint.volume } : null,
      sentiment: { positive: sum((p) => p.positive), neutral: sum((p) => p.neutral), negative },
      posts,
      uniqueAuthors: stats?.unique_authors ?? 0,
      reach: Number(stats?.reach ?? 0),
      engagement: { ...engagement, total: engagement.likes + engagement.shares + engagement.replies },
      bySource: (stats?.by_source ?? []).map((x) => ({ ...x, share: shareOf(x.count, posts) })),
      byLanguage: (stats?.by_lang ?? []).map((x) => ({ ...x, share: shareOf(x.count, posts) })),
      topTerms: terms.top(TOP).map((x) => ({ ...x, share: shareOf(x.count, sample.length) })),
      topHashtags: tags.top(TOP).map((x) => ({ ...x, share: shareOf(x.count, sample.length) })),
      termsSampled: texts.length > TERMS_SAMPLE,
      topAuthors: (actors?.actors ?? []).map((a) => ({ handle: a.handle, name: a.name, followers: a.followers, posts: a.posts, engagement: a.engagement })),
      actions,
      series,
      ...(official ? { official } : {}),
    };
    return { impact, topPosts };
  }

  /** The official channels' posts in the span, measured against the first alert and the conversation. */
  private async officialResponse(i: IncidentDetail, from: Date, to: Date, conversationReach: number): Promise<OfficialResponse> {
    const opened = i.alerts.map((a) => Date.parse(a.openedAt)).filter((t) => Number.isFinite(t));
    const firstAlert = opened.length ? new Date(Math.min(...opened)) : null;
    const o = await this.repo.officialStats(i.programIds, from, to, firstAlert ?? from);
    const first = o.first_at ? new Date(o.first_at) : null;
    const w = EFFECT_WINDOW_MINUTES * 60_000;
    const [b, a] = first
      ? await Promise.all([this.repo.counts(i.programIds, new Date(first.getTime() - w), first), this.repo.counts(i.programIds, first, new Date(first.getTime() + w))])
      : [undefined, undefined];
    const before = b ? sentimentCounts(b) : null;
    const after = a ? sentimentCounts(a) : null;
    const reach = Number(o.reach);
    return {
      channels: o.channels,
      posts: o.posts,
      firstAlertAt: firstAlert?.toISOString() ?? null,
      firstPostAt: first?.toISOString() ?? null,
      firstPostHandle: o.first_handle,
      minutesToFirstPost: first && firstAlert ? round((first.getTime() - firstAlert.getTime()) / 60_000, 1) : null,
      reach,
      engagement: Number(o.engagement),
      reachShare: ratio(reach, reach + conversationReach),
      windowMinutes: EFFECT_WINDOW_MINUTES,
      before,
      after,
      negativeShareFell: before && after ? shareFell(before, after) : null,
    };
  }

  /** The report's data: what every format shows. */
  async build(actor: Principal, id: string, lang: ReportLang): Promise<IncidentReport> {
    const detail = await this.incidents.get(id);
    const { impact, topPosts: top } = await this.measure(detail);
    const pinNotes = new Map(detail.pins.map((p) => [p.post.id, { note: p.note }]));
    const pins = await this.repo.pins(id);
    const { alerts, pins: _pins, timeline, ...incident } = detail;
    return {
      lang,
      generatedAt: this.clock.now().toISOString(),
      generatedBy: actor.name || actor.email,
      incident,
      alerts,
      impact,
      timeline,
      pinnedPosts: pins.map((p) => reportPost(p, pinNotes.get(p.id))),
      topPosts: top.map((p) => reportPost(p, pinNotes.get(p.id))),
      actions: timeline.filter((e) => e.kind === 'action'),
    };
  }

  /** A PDF, Markdown or JSON report (built whole: its size does not grow with the posts). */
  async render(actor: Principal, id: string, format: Exclude<ReportFormat, 'csv'>, lang: ReportLang): Promise<RenderedReport> {
    const report = await this.build(actor, id, lang);
    const filename = `siaga-incident-${id.slice(0, 8)}-${stamp(this.clock.now())}.${format}`;
    await this.audit.record(actor, 'export.created', { type: 'incident', id }, { format, lang });
    switch (format) {
      case 'pdf':
        return { filename, contentType: 'application/pdf', body: await renderPdf(report) };
      case 'md':
        return { filename, contentType: 'text/markdown; charset=utf-8', body: renderMarkdown(report) };
      case 'json':
        return { filename, contentType: 'application/json; charset=utf-8', body: JSON.stringify(report) };
    }
  }

  /**
   * Every post of the incident's programs in its span (with the filters), newest first, as CSV.
   * The first page is read before anything is sent (a failure answers a JSON error); then the
   * database is read a page at a time as the client reads. Audited when it ends or is cut.
   */
  async csv(actor: Principal, id: string, q: IncidentCsvQuery, pageRows = CSV_PAGE_ROWS): Promise<RenderedReport> {
    const detail = await this.incidents.get(id);
    if (q.programId && !detail.programIds.includes(q.programId.toLowerCase())) throw new AppError('validation_failed', 'programId: not one of the incident\'s programs');
    const { from, to } = this.span(detail);
    const scope: PostScope = { programIds: q.programId ? [q.programId.toLowerCase()] : detail.programIds, from, to, sentiment: q.sentiment, lang: q.postLang, source: q.source, q: q.q };
    const { lang: _lang, ...filters } = q;
    const body = (pages: AsyncGenerator<{ text: string; rows: number }>) => ({
      filename: `siaga-incident-${id.slice(0, 8)}-${stamp(this.clock.now())}.csv`,
      contentType: 'text/csv; charset=utf-8',
      body: Readable.from(this.csvChunks(actor, id, filters, pages), { objectMode: false }),
    });
    // The embedded engine writes the CSV itself (COPY), in larger pages: its rows, parsed and written again here, were
    // most of an export's time.
    const copied = scope.programIds.length ? await this.repo.csvCopyPage(scope, CSV_COPY_PAGE_ROWS, undefined) : undefined;
    if (copied) return body(this.copyPages(scope, copied));
    const [slugs, official] = await Promise.all([this.repo.programSlugs(), this.repo.officialKeys(scope.programIds)]);
    const first = scope.programIds.length ? await this.repo.csvPage(scope, pageRows, undefined) : [];
    return body(this.rowPages(scope, pageRows, slugs, official, first));
  }

  /** The server engine's pages: rows read a page at a time and written as CSV here. */
  private async *rowPages(scope: PostScope, pageRows: number, slugs: ReadonlyMap<string, string>, official: ReadonlySet<string>, first: CsvRow[]): AsyncGenerator<{ text: string; rows: number }> {
    let page: CsvRow[] = first;
    for (;;) {
      // Every page after the first is asked for before this one is written out.
      const last = page[page.length - 1];
      const next: Promise<CsvRow[]> | undefined = !last || page.length < pageRows || scope.programIds.length === 0 ? undefined : this.repo.csvPage(scope, pageRows, { at: last.k_at, id: last.id });
      // A failed read that nobody awaits yet must not crash the process.
      next?.catch(() => undefined);
      for (let i = 0; i < page.length; i += CSV_CHUNK_ROWS) {
        let text = '';
        const end = Math.min(page.length, i + CSV_CHUNK_ROWS);
        for (let j = i; j < end; j++) text += csvRow(csvValues(page[j]!, slugs, official));
        yield { text, rows: end - i };
      }
      if (!next) break;
      page = await next;
    }
  }

  /** The embedded engine's pages, each one COPY; the next is read only once the client has taken this one. */
  private async *copyPages(scope: PostScope, first: CsvCopyPage): AsyncGenerator<{ text: string; rows: number }> {
    let page = first;
    for (;;) {
      yield { text: page.csv, rows: page.rows };
      if (page.rows < CSV_COPY_PAGE_ROWS || !page.last) break;
      const next = await this.repo.csvCopyPage(scope, CSV_COPY_PAGE_ROWS, page.last);
      if (!next) break;
      page = next;
    }
  }

  private async *csvChunks(actor: Principal, id: string, filters: Record<string, unknown>, pages: AsyncGenerator<{ text: string; rows: number }>): AsyncGenerator<string> {
    let rows = 0;
    let finished = false;
    const record = (complete: boolean) => this.audit.record(actor, 'export.created', { type: 'incident', id }, { format: 'csv', filters, rows, complete });
    try {
      yield UTF8_BOM + csvRow(INCIDENT_CSV_COLUMNS);
      for await (const page of pages) {
        rows += page.rows;
        yield page.text;
      }
      finished = true;
      await record(true);
    } finally {
      if (!finished) await record(false).catch((err: unknown) => this.logger.error({ err, actor: actor.id }, 'could not audit an interrupted incident export'));
    }
  }
}
