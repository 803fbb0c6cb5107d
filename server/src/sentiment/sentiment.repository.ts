import { Injectable } from '@nestjs/common';
import type { Lang, SentimentLabel } from '@siaga/shared';
import type { EntityManager } from 'typeorm';
import type { Keyset } from '../common/cursor.js';
import { Database } from '../database/database.js';

export interface LockedPost {
  id: string;
  text: string;
  lang: Lang;
  created_at: Date;
  sentiment_label: SentimentLabel;
  sentiment_score: number;
  sentiment_corrected_at: Date | null;
  program_ids: string[];
}

export interface CorrectionRow {
  id: string;
  post_id: string;
  label: SentimentLabel;
  previous_label: SentimentLabel;
  model_label: SentimentLabel;
  corrected_by: string | null;
  corrected_by_email: string | null;
  corrected_at: Date;
  note: string | null;
}

export interface TrainingRow {
  text: string;
  lang: Lang;
  label: SentimentLabel;
  corrected_at: Date;
}

@Injectable()
export class SentimentRepository {
  constructor(private readonly db: Database) {}

  async lockPost(em: EntityManager, id: string): Promise<LockedPost | undefined> {
    const rows = await em.query<LockedPost[]>(
      `SELECT id, text, lang, created_at, sentiment_label, sentiment_score, sentiment_corrected_at,
              ARRAY(SELECT x FROM unnest(program_ids) AS x WHERE EXISTS (SELECT 1 FROM programs g WHERE g.id = x)) AS program_ids
       FROM posts WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0];
  }

  /** The model's own label: the first correction remembers it; before any, it is the current one. */
  async modelLabel(em: EntityManager, post: LockedPost): Promise<SentimentLabel> {
    const rows = await em.query<Array<{ model_label: SentimentLabel }>>(
      `SELECT model_label FROM sentiment_corrections WHERE post_id = $1 ORDER BY corrected_at ASC, id ASC LIMIT 1`,
      [post.id],
    );
    return rows[0]?.model_label ?? post.sentiment_label;
  }

  async setLabel(em: EntityManager, postId: string, label: SentimentLabel, score: number, by: string, at: Date): Promise<void> {
    await em.query(
      `UPDATE posts SET sentiment_label = $2, sentiment_score = $3, sentiment_corrected_at = $4, sentiment_corrected_by = $5 WHERE id = $1`,
      [postId, label, score, at.toISOString(), by],
    );
    await em.query(`UPDATE post_programs SET sentiment_label = $2 WHERE post_id = $1 AND program_id IN (SELECT unnest(program_ids) FROM posts WHERE id = $1)`, [postId, label]);
  }

  async insertCorrection(em: EntityManager, c: CorrectionRow): Promise<void> {
    await em.query(
      `INSERT INTO sentiment_corrections (id, post_id, label, previous_label, model_label, corrected_by, corrected_by_email, corrected_at, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [c.id, c.post_id, c.label, c.previous_label, c.model_label, c.corrected_by, c.corrected_by_email, c.corrected_at.toISOString(), c.note],
    );
  }

  listCorrections(limit: number, after: Keyset | undefined, postId?: string): Promise<CorrectionRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (postId) {
      params.push(postId);
      where.push(`post_id = $${params.length}`);
    }
    if (after) {
      params.push(after.at.toISOString(), after.id);
      where.push(`(corrected_at, id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(limit + 1);
    return this.db.query<CorrectionRow>(
      `SELECT * FROM sentiment_corrections ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY corrected_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** Each corrected post once, with its latest label: a training set for the next model. */
  trainingData(): Promise<TrainingRow[]> {
    return this.db.query<TrainingRow>(
      `SELECT p.text, p.lang, p.sentiment_label AS label, p.sentiment_corrected_at AS corrected_at
       FROM posts p WHERE p.sentiment_corrected_at IS NOT NULL ORDER BY p.sentiment_corrected_at, p.id`,
    );
  }
}
