import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Database } from '../database/database.js';
import { pgArray } from '../database/pg-array.js';
import { accountId, interactionsOf } from './interactions.js';
import type { PreparedPost } from './prepare.js';

/** Advisory lock held while a batch marks the older rows of near-duplicate keys shared (an arbitrary constant). */
const KEY_SHARED_LOCK = 7_262_730_513;

/**
 * Posts one statement inserts on the embedded engine, which runs it in the server's thread: 500 posts (and their text
 * index entries) held the thread 30-60 ms at 1M posts, and the event loop gets a turn only between statements.
 */
const EMBEDDED_INSERT_ROWS = 200;

/** The ingest hot path's SQL: a fixed few statements per batch, whatever its size (posts and their links: one, a few on PGlite). */
@Injectable()
export class PostsWriterRepository {
  private readonly insertRows: number;

  constructor(db: Database) {
    this.insertRows = db.engine === 'pglite' ? EMBEDDED_INSERT_ROWS : Infinity;
  }

  /**
   * Inserts the posts that are new and their program links (`post_programs`, in the same statement: the links are
   * read from the inserted rows, so a repeat gets none); answers the ids actually inserted. Arrays go through
   * UNNEST, so the statement has 28 parameters for any batch size (no 65,535-parameter limit); each is written as
   * its literal by `pgArray` (so are the other statements' arrays), but for the two JSON arrays of terms.
   */
  async insertPosts(em: EntityManager, posts: PreparedPost[]): Promise<Set<string>> {
    if (posts.length <= this.insertRows) return this.insertSome(em, posts);
    const inserted = new Set<string>();
    for (let i = 0; i < posts.length; i += this.insertRows) {
      for (const id of await this.insertSome(em, posts.slice(i, i + this.insertRows))) inserted.add(id);
    }
    return inserted;
  }

  private async insertSome(em: EntityManager, posts: PreparedPost[]): Promise<Set<string>> {
    if (posts.length === 0) return new Set();
    const col = (f: (p: PreparedPost) => string | number | boolean | null) => pgArray(posts.map(f));
    const rows = await em.query<Array<{ id: string }>>(
      `WITH u AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::bigint[], $9::text[],
                              $10::text[], $11::text[], $12::text[], $13::real[], $14::bigint[], $15::bigint[], $16::bigint[], $17::bigint[],
                              $18::text[], $19::text[], $20::real[], $22::boolean[], $24::text[], $25::text[],
                              $26::timestamptz[], $27::text[], $28::text[]) WITH ORDINALITY
           AS u(id, source, external_id, text, created_at, author_handle, author_name, author_followers, url, lang, lang_given,
                sentiment_label, sentiment_score, likes, shares, replies, views, parent_external_id, program_ids,
                sentiment_confidence, harm_flag, places, author_location, author_created_at,
                shared_external_id, official_program_ids, n)
       ),
       ins AS (
         INSERT INTO posts (id, source, external_id, text, created_at, author_handle, author_name, author_followers, url, lang,
                            lang_given, sentiment_label, sentiment_score, likes, shares, replies, views, parent_external_id, program_ids,
                            sentiment_confidence, sentiment_terms, harm_flag, harm_terms, places, author_location, author_created_at,
                            shared_external_id)
         SELECT u.id, u.source, u.external_id, u.text, u.created_at, u.author_handle, u.author_name, u.author_followers, u.url, u.lang,
                u.lang_given, u.sentiment_label, u.sentiment_score, u.likes, u.shares, u.replies, u.views, u.parent_external_id,
                string_to_array(u.program_ids, ',')::uuid[], u.sentiment_confidence, $21::jsonb -> (u.n - 1)::int,
                u.harm_flag, $23::jsonb -> (u.n - 1)::int, string_to_array(u.places, ','), u.author_location, u.author_created_at,
                u.shared_external_id
         FROM u
         ON CONFLICT (source, external_id) DO NOTHING
         RETURNING id, created_at, sentiment_label, program_ids
       ),
       -- How each link is counted in the rollups (official or public): a later registry change recounts from it.
       links AS (
         INSERT INTO post_programs (program_id, created_at, post_id, sentiment_label, official)
         SELECT l.program_id, ins.created_at, ins.id, ins.sentiment_label, coalesce(l.program_id = ANY(string_to_array(u.official_program_ids, ',')::uuid[]), false)
         FROM ins JOIN u ON u.id = ins.id CROSS JOIN LATERAL unnest(ins.program_ids) AS l(program_id)
         ON CONFLICT DO NOTHING
       )
       SELECT id FROM ins`,
      [
        col((p) => p.id),
        col((p) => p.source),
        col((p) => p.externalId),
        col((p) => p.text),
        col((p) => p.createdAt.toISOString()),
        col((p) => p.authorHandle),
        col((p) => p.authorName),
        col((p) => p.authorFollowers),
        col((p) => p.url),
        col((p) => p.lang),
        col((p) => p.langGiven),
        col((p) => p.label),
        col((p) => p.score),
        col((p) => p.likes),
        col((p) => p.shares),
        col((p) => p.replies),
        col((p) => p.views),
        col((p) => p.parentExternalId),
        col((p) => p.programIds.join(',')),
        col((p) => p.confidence),
        // The terms as one JSON array per batch, not JSON texts in a text array: each of those needed its quotes
        // escaped (the escaping was 7 % of what the server allocated under load).
        JSON.stringify(posts.map((p) => p.terms)),
        col((p) => p.harm.flag),
        JSON.stringify(posts.map((p) => p.harm.terms)),
        // Codes hold no comma: one joined string per post, as program ids (UNNEST cannot take ragged arrays).
        col((p) => p.places.join(',')),
        col((p) => p.authorLocation),
        col((p) => p.authorCreatedAt ?? null),
        col((p) => p.sharedExternalId ?? null),
        col((p) => (p.officialProgramIds?.length ? p.officialProgramIds.join(',') : null)),
      ],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Writes the new posts' interactions (replies, quotes, shares, mentions, near-duplicate keys) to `post_interactions`,
   * a reply, quote or share with the author of the post it points at when that post is stored (this batch's included,
   * as the posts are inserted first), a near-duplicate key's rows marked shared once two accounts have posted it;
   * fills in the earlier replies, quotes and shares that were waiting for one of these posts; and last marks the older
   * rows of the keys that turn shared now. Arrays through UNNEST: eight parameters for any batch.
   */
  async insertInteractions(em: EntityManager, posts: PreparedPost[]): Promise<void> {
    if (posts.length === 0) return;
    const postIds: string[] = [];
    const createdAt: string[] = [];
    const kinds: string[] = [];
    const from: string[] = [];
    const targets: Array<string | null> = [];
    const refSources: Array<string | null> = [];
    const refIds: Array<string | null> = [];
    for (const p of posts) {
      for (const i of interactionsOf(p)) {
        postIds.push(p.id);
        createdAt.push(p.createdAt.toISOString());
        kinds.push(i.kind);
        from.push(accountId(p.source, p.authorHandle));
        targets.push(i.target);
        refSources.push(i.refExternalId === null ? null : p.source);
        refIds.push(i.refExternalId);
      }
    }
    // A near-duplicate key that a second account has posted is `shared` (the network reads only those). Decided
    // before the insert, so the batch's rows go in with their flag (an UPDATE after it wrote each of them twice,
    // index entries included); only the older rows of a key that becomes shared now are updated. Per key, at most
    // three seeks on the copy index.
    const batchAccounts = new Map<string, Set<string>>();
    for (let k = 0; k < kinds.length; k++) {
      if (kinds[k] !== 'copy' || targets[k] === null) continue;
      const key = targets[k]!;
      let accounts = batchAccounts.get(key);
      if (!accounts) batchAccounts.set(key, (accounts = new Set()));
      accounts.add(from[k]!);
    }
    const sharedKeys = new Set<string>();
    const newlyShared: string[] = [];
    if (batchAccounts.size) {
      const copy = (key: string) => `FROM post_interactions c WHERE c.kind = 'copy' AND c.target = ${key}`;
      // "Shared already" as a LIMIT 1 scalar: an EXISTS may be planned as a hashed subplan over every shared
      // row (chosen when the statistics still saw few), read again for each batch. Computed once per key
      // (OFFSET 0 keeps it from being inlined twice); only an unshared key takes the two account seeks.
      const known = await em.query<Array<{ key: string; shared: boolean; lo: string | null; hi: string | null }>>(
        `SELECT s.key, s.shared,
                CASE WHEN s.shared THEN NULL ELSE (SELECT min(c.from_account) ${copy('s.key')} AND NOT c.shared) END AS lo,
                CASE WHEN s.shared THEN NULL ELSE (SELECT max(c.from_account) ${copy('s.key')} AND NOT c.shared) END AS hi
         FROM (SELECT k.key, (SELECT true ${copy('k.key')} AND c.shared LIMIT 1) IS NOT NULL AS shared
               FROM unnest($1::text[]) AS k(key) OFFSET 0) s`,
        [pgArray([...batchAccounts.keys()])],
      );
      for (const r of known) {
        if (r.shared) {
          sharedKeys.add(r.key);
          continue;
        }
        const accounts = new Set(batchAccounts.get(r.key));
        if (r.lo !== null) accounts.add(r.lo).add(r.hi ?? r.lo);
        if (accounts.size < 2) continue;
        sharedKeys.add(r.key);
        if (r.lo !== null) newlyShared.push(r.key);
      }
    }
    if (postIds.length) {
      await em.query(
        `INSERT INTO post_interactions (post_id, created_at, kind, from_account, target, ref_source, ref_external_id, shared)
         SELECT u.post_id, u.created_at, u.kind, u.from_account,
                -- A lookup per reply on the (source, external_id) key: a join could hash the whole posts table.
                CASE WHEN u.ref_external_id IS NULL THEN u.target
                     ELSE (SELECT q.source || ':' || q.author_handle FROM posts q WHERE q.source = u.ref_source AND q.external_id = u.ref_external_id) END,
                u.ref_source, u.ref_external_id, u.shared
         FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[])
              AS u(post_id, created_at, kind, from_account, target, ref_source, ref_external_id, shared)`,
        [
          pgArray(postIds),
          pgArray(createdAt),
          pgArray(kinds),
          pgArray(from),
          pgArray(targets),
          pgArray(refSources),
          pgArray(refIds),
          pgArray(kinds.map((kind, k) => kind === 'copy' && sharedKeys.has(targets[k]!))),
        ],
      );
    }
    await em.query(
      `UPDATE post_interactions pi SET target = u.source || ':' || u.author_handle
       FROM unnest($1::text[], $2::text[], $3::text[]) AS u(source, external_id, author_handle)
       WHERE pi.target IS NULL AND pi.ref_source = u.source AND pi.ref_external_id = u.external_id`,
      [pgArray(posts.map((p) => p.source)), pgArray(posts.map((p) => p.externalId)), pgArray(posts.map((p) => p.authorHandle))],
    );
    if (newlyShared.length) {
      // Two batches can turn the same keys shared at once, and their updates of the keys' older rows may take
      // different plans (index order, heap order) and deadlock: one lock for the moment a key turns shared. Taken
      // last, as the rollups' rows are (held to the commit, it orders every batch that turns a key shared).
      await em.query(`SELECT pg_advisory_xact_lock(${KEY_SHARED_LOCK})`);
      await em.query(`UPDATE post_interactions SET shared = true WHERE kind = 'copy' AND NOT shared AND target = ANY($1::text[])`, [pgArray(newlyShared)]);
    }
  }
}
