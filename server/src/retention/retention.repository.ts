import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';

/**
 * Deletes and anonymises posts in bounded batches. The per-minute rollups are left as they are:
 * the counts of the past stay true after the posts behind them are gone.
 */
@Injectable()
export class RetentionRepository {
  constructor(private readonly db: Database) {}

  /** Deletes up to `limit` posts chosen by `where` (on posts `p`) and their program rows; answers how many. */
  private async deleteWhere(where: string, params: unknown[], limit: number): Promise<number> {
    return this.db.transaction(async (em) => {
      // post_programs and post_interactions have no foreign key to posts (ingest writes them with their post; the key
      // cost that ingest a lookup and a lock per row): their rows go in the same statement.
      // Counted in a SELECT: TypeORM answers a bare DELETE … RETURNING as [rows, count].
      const [row] = await em.query<Array<{ n: number }>>(
        `WITH doomed AS (SELECT p.id, p.created_at, p.program_ids FROM posts p WHERE ${where} LIMIT $${params.length + 1}),
              gone AS (DELETE FROM post_programs pp USING doomed d WHERE pp.post_id = d.id AND pp.created_at = d.created_at AND pp.program_id = ANY (d.program_ids)),
              unlinked AS (DELETE FROM post_interactions pi USING doomed d WHERE pi.post_id = d.id),
              removed AS (DELETE FROM posts p USING doomed d WHERE p.id = d.id RETURNING p.id)
         SELECT count(*)::int AS n FROM removed`,
        [...params, limit],
      );
      return row?.n ?? 0;
    });
  }

  deleteOlderThan(source: string | null, except: readonly string[], before: Date, limit: number): Promise<number> {
    return source === null
      ? this.deleteWhere('p.created_at < $1 AND NOT (p.source = ANY ($2))', [before, except], limit)
      : this.deleteWhere('p.source = $1 AND p.created_at < $2', [source, before], limit);
  }

  deleteAuthor(source: string, handle: string, limit: number): Promise<number> {
    return this.deleteWhere('p.source = $1 AND p.author_handle = $2', [source, handle], limit);
  }

  /**
   * Strips the author from up to `limit` old posts: the handle becomes a name drawn from the post's
   * own random id (so no two posts of one author can be linked again), name, follower count and
   * link go. Text, sentiment, programs and engagement stay for the record. The post's own interaction rows take
   * the new handle, so the network no longer names the author either.
   */
  async anonymiseOlderThan(source: string | null, except: readonly string[], before: Date, limit: number): Promise<number> {
    const where = source === null ? 'created_at < $1 AND NOT (source = ANY ($2))' : 'source = $2 AND created_at < $1';
    const [row] = await this.db.transaction((em) =>
      em.query<Array<{ n: number }>>(
        `WITH changed AS (
           UPDATE posts SET author_handle = 'anon-' || substr(md5(id::text), 1, 12), author_name = NULL, author_followers = NULL, url = NULL
           WHERE id IN (SELECT id FROM posts WHERE ${where} AND author_handle NOT LIKE 'anon-%' LIMIT $3) RETURNING id, source, author_handle),
         own AS (UPDATE post_interactions pi SET from_account = c.source || ':' || c.author_handle FROM changed c WHERE pi.post_id = c.id)
         SELECT count(*)::int AS n FROM changed`,
        [before, source === null ? except : source, limit],
      ),
    );
    return row?.n ?? 0;
  }
}
