import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PreparedPost } from './prepare.js';

/** The ingest hot path's SQL: one statement per table per batch, whatever the batch size. */
@Injectable()
export class PostsWriterRepository {
  /**
   * Inserts the posts that are new; answers the ids actually inserted. Arrays go through
   * UNNEST, so the statement has 25 parameters for any batch size (no 65,535-parameter limit).
   */
  async insertPosts(em: EntityManager, posts: PreparedPost[]): Promise<Set<string>> {
    if (posts.length === 0) return new Set();
    const col = <T>(f: (p: PreparedPost) => T) => posts.map(f);
    const rows = await em.query<Array<{ id: string }>>(
      `INSERT INTO posts (id, source, external_id, text, created_at, author_handle, author_name, author_followers, url, lang,
                          lang_given, sentiment_label, sentiment_score, likes, shares, replies, views, parent_external_id, program_ids,
                          sentiment_confidence, sentiment_terms, harm_flag, harm_terms, places, author_location)
       SELECT u.id, u.source, u.external_id, u.text, u.created_at, u.author_handle, u.author_name, u.author_followers, u.url, u.lang,
              u.lang_given, u.sentiment_label, u.sentiment_score, u.likes, u.shares, u.replies, u.views, u.parent_external_id,
              string_to_array(u.program_ids, ',')::uuid[], u.sentiment_confidence, u.sentiment_terms::jsonb,
              u.harm_flag, u.harm_terms::jsonb, string_to_array(u.places, ','), u.author_location
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::bigint[], $9::text[],
                   $10::text[], $11::text[], $12::text[], $13::real[], $14::bigint[], $15::bigint[], $16::bigint[], $17::bigint[],
                   $18::text[], $19::text[], $20::real[], $21::text[], $22::boolean[], $23::text[], $24::text[], $25::text[])
            AS u(id, source, external_id, text, created_at, author_handle, author_name, author_followers, url, lang, lang_given,
                 sentiment_label, sentiment_score, likes, shares, replies, views, parent_external_id, program_ids,
                 sentiment_confidence, sentiment_terms, harm_flag, harm_terms, places, author_location)
       ON CONFLICT (source, external_id) DO NOTHING
       RETURNING id`,
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
        col((p) => JSON.stringify(p.terms)),
        col((p) => p.harm.flag),
        col((p) => JSON.stringify(p.harm.terms)),
        // Codes hold no comma: one joined string per post, as program ids (UNNEST cannot take ragged arrays).
        col((p) => p.places.join(',')),
        col((p) => p.authorLocation),
      ],
    );
    return new Set(rows.map((r) => r.id));
  }

  async insertLinks(em: EntityManager, posts: PreparedPost[]): Promise<void> {
    const programIds: string[] = [];
    const createdAt: string[] = [];
    const postIds: string[] = [];
    const labels: string[] = [];
    // How each link is counted in the rollups (official or public): a later registry change recounts from it.
    const official: boolean[] = [];
    for (const p of posts) {
      for (const programId of p.programIds) {
        programIds.push(programId);
        createdAt.push(p.createdAt.toISOString());
        postIds.push(p.id);
        labels.push(p.label);
        official.push(p.officialProgramIds?.includes(programId) === true);
      }
    }
    if (programIds.length === 0) return;
    await em.query(
      `INSERT INTO post_programs (program_id, created_at, post_id, sentiment_label, official)
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::text[], $5::boolean[])
       ON CONFLICT DO NOTHING`,
      [programIds, createdAt, postIds, labels, official],
    );
  }
}
