import { randomUUID } from 'node:crypto';
import { IngestPost, type HarmSignal, type IngestRejection, type Lang, type SentimentLabel, type SentimentTerm } from '@siaga/shared';
import type { PostAnalyzer } from '../analysis/analyzer.js';
import { yieldToEventLoop } from '../common/event-loop.js';
import { defaultPlaceMatcher } from '../places/place-matcher.js';

/** A validated, analysed post ready to be stored. */
export interface PreparedPost {
  id: string;
  source: string;
  externalId: string;
  text: string;
  createdAt: Date;
  authorHandle: string;
  authorName: string | null;
  authorFollowers: number | null;
  /** The profile location the source gave. */
  authorLocation: string | null;
  /** When the account was created (ISO), where the source gives it. */
  authorCreatedAt?: string | null;
  url: string | null;
  lang: Lang;
  langGiven: string | null;
  label: SentimentLabel;
  score: number;
  confidence: number;
  terms: SentimentTerm[];
  /** Whether the post reports harm to people, and the words that decided it. */
  harm: HarmSignal;
  likes: number;
  shares: number;
  replies: number;
  views: number;
  parentExternalId: string | null;
  /** The post it quotes (same source), where the source gives it. */
  quotedExternalId?: string | null;
  /** The post it reshares (same source), where the source gives it: the post is a share (repost, boost). */
  sharedExternalId?: string | null;
  programIds: string[];
  /** Of `programIds`, those whose official channel wrote the post (set at ingest; absent when none). */
  officialProgramIds?: string[];
  /** Province and regency codes the post names (from its text, hashtags, else its author's location). */
  places: string[];
}

export interface PreparedBatch {
  posts: PreparedPost[];
  rejected: IngestRejection[];
  /** Repeats of an earlier post of the same batch. */
  duplicatesInBatch: number;
}

export interface Matcher {
  match(text: string, lang: string): string[];
}

export interface PlaceFinder {
  match(text: string, profileLocation?: string | null): string[];
}

const MAX_FUTURE_MS = 5 * 60_000;
const MIN_TIME = Date.UTC(2000, 0, 1);

function firstIssue(err: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  const i = err.issues[0];
  if (!i) return 'invalid post';
  return i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message;
}

/** PostgreSQL text cannot hold NUL; such a post is refused rather than failing its batch. */
const hasNul = (v: unknown): boolean =>
  typeof v === 'string' ? v.includes('\u0000') : v !== null && typeof v === 'object' ? Object.values(v).some(hasNul) : false;

/**
 * Validates every post on its own (one bad post never rejects the batch), drops repeats
 * inside the batch, analyses and matches the rest.
 */
export function prepareBatch(
  raw: readonly unknown[],
  analyzer: PostAnalyzer,
  matcher: Matcher,
  offset = 0,
  now = Date.now(),
  places: PlaceFinder = defaultPlaceMatcher(),
  /** Keys of the batch's posts already met (a batch prepared in slices shares one). */
  seen = new Set<string>(),
): PreparedBatch {
  const posts: PreparedPost[] = [];
  const rejected: IngestRejection[] = [];
  let duplicatesInBatch = 0;
  raw.forEach((item, i) => {
    const index = offset + i;
    const parsed = IngestPost.safeParse(item);
    if (!parsed.success) {
      rejected.push({ index, code: 'validation_failed', message: firstIssue(parsed.error) });
      return;
    }
    const p = parsed.data;
    if (hasNul(p)) {
      rejected.push({ index, code: 'validation_failed', message: 'text fields must not contain NUL characters' });
      return;
    }
    // Stored with millisecond precision so that keyset cursors round-trip through JavaScript dates.
    const createdAt = new Date(Date.parse(p.createdAt));
    if (createdAt.getTime() > now + MAX_FUTURE_MS) {
      rejected.push({ index, code: 'validation_failed', message: 'createdAt: is in the future' });
      return;
    }
    if (createdAt.getTime() < MIN_TIME) {
      rejected.push({ index, code: 'validation_failed', message: 'createdAt: is before 2000' });
      return;
    }
    const key = `${p.source}\u0000${p.externalId}`;
    if (seen.has(key)) {
      duplicatesInBatch++;
      return;
    }
    seen.add(key);
    const a = analyzer.analyze(p.text, p.lang);
    posts.push({
      id: randomUUID(),
      source: p.source,
      externalId: p.externalId,
      text: p.text,
      createdAt,
      authorHandle: p.author.handle,
      authorName: p.author.name ?? null,
      authorFollowers: p.author.followers ?? null,
      authorLocation: p.author.location ?? null,
      authorCreatedAt: p.author.createdAt ?? null,
      url: p.url ?? null,
      lang: a.lang,
      langGiven: p.lang ?? null,
      label: a.label,
      score: a.score,
      confidence: a.confidence,
      terms: a.terms,
      harm: a.harm,
      likes: p.engagement?.likes ?? 0,
      shares: p.engagement?.shares ?? 0,
      replies: p.engagement?.replies ?? 0,
      views: p.engagement?.views ?? 0,
      parentExternalId: p.parentExternalId ?? null,
      quotedExternalId: p.quotedExternalId ?? null,
      sharedExternalId: p.sharedExternalId ?? null,
      programIds: matcher.match(p.text, a.lang),
      places: places.match(p.text, p.author.location),
    });
  });
  return { posts, rejected, duplicatesInBatch };
}

/** Posts prepared between two turns of the event loop: about 10–30 ms of validation, analysis and matching. */
export const PREPARE_SLICE = 100;

/**
 * `prepareBatch` in slices of `slice` posts with a turn of the event loop between them, so that a
 * 1,000-post batch (100–200 ms of analysis) does not hold the thread that health, sockets and, on
 * PGlite, the database share. The same result as one call.
 */
export async function prepareBatchInSlices(raw: readonly unknown[], analyzer: PostAnalyzer, matcher: Matcher, offset = 0, slice = PREPARE_SLICE): Promise<PreparedBatch> {
  const now = Date.now();
  const places = defaultPlaceMatcher();
  const seen = new Set<string>();
  const out: PreparedBatch = { posts: [], rejected: [], duplicatesInBatch: 0 };
  for (let from = 0; from < raw.length; from += slice) {
    if (from > 0) await yieldToEventLoop();
    const part = prepareBatch(raw.slice(from, from + slice), analyzer, matcher, offset + from, now, places, seen);
    out.posts.push(...part.posts);
    out.rejected.push(...part.rejected);
    out.duplicatesInBatch += part.duplicatesInBatch;
  }
  return out;
}
