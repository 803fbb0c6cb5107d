import type { HarmSignal, Lang, SentimentLabel, SentimentTerm } from '@siaga/shared';
import type { EntityManager } from 'typeorm';
import type { PostAnalyzer } from '../analysis/analyzer.js';
import { relabelDeltas } from '../rollups/rollup-delta.js';
import type { RollupsService } from '../rollups/rollups.service.js';

export interface RescoreCursor {
  at: string;
  id: string;
}

interface Row {
  id: string;
  text: string;
  lang: Lang;
  lang_given: string | null;
  created_at: Date;
  sentiment_label: SentimentLabel;
  sentiment_score: number;
  program_ids: string[];
}

export interface RescoreBatchResult {
  scanned: number;
  changed: number;
  next: RescoreCursor | undefined;
}

/**
 * Re-scores one batch of stored posts with the current analyzer, in the caller's transaction:
 * the posts (locked), their program links' labels and the rollups move together. Posts an
 * analyst relabelled keep their label.
 */
export async function rescoreBatch(
  em: EntityManager,
  analyzer: PostAnalyzer,
  rollups: RollupsService,
  range: { since: Date; until: Date },
  after: RescoreCursor | undefined,
  size: number,
): Promise<RescoreBatchResult> {
  const start = after ?? { at: range.since.toISOString(), id: '00000000-0000-0000-0000-000000000000' };
  const rows = await em.query<Row[]>(
    `SELECT id, text, lang, lang_given, created_at, sentiment_label, sentiment_score,
            ARRAY(SELECT x FROM unnest(program_ids) AS x WHERE EXISTS (SELECT 1 FROM programs g WHERE g.id = x)) AS program_ids
     FROM posts
     WHERE created_at >= $1 AND created_at < $2 AND (created_at, id) > ($3, $4::uuid) AND sentiment_corrected_at IS NULL
     ORDER BY created_at, id LIMIT ${size} FOR UPDATE`,
    [range.since.toISOString(), range.until.toISOString(), start.at, start.id],
  );
  const changed: Array<{ row: Row; label: SentimentLabel; score: number; confidence: number; terms: SentimentTerm[]; harm: HarmSignal }> = [];
  for (const row of rows) {
    const a = analyzer.analyze(row.text, row.lang_given ?? undefined);
    changed.push({ row, label: a.label, score: a.score, confidence: a.confidence, terms: a.terms, harm: a.harm });
  }
  if (changed.length) {
    await em.query(
      `UPDATE posts AS p SET sentiment_label = u.label, sentiment_score = u.score, sentiment_confidence = u.confidence, sentiment_terms = u.terms::jsonb,
              harm_flag = u.harm_flag, harm_terms = u.harm_terms::jsonb
       FROM unnest($1::uuid[], $2::text[], $3::real[], $4::real[], $5::text[], $6::boolean[], $7::text[]) AS u(id, label, score, confidence, terms, harm_flag, harm_terms)
       WHERE p.id = u.id`,
      [
        changed.map((c) => c.row.id),
        changed.map((c) => c.label),
        changed.map((c) => c.score),
        changed.map((c) => c.confidence),
        changed.map((c) => JSON.stringify(c.terms)),
        changed.map((c) => c.harm.flag),
        changed.map((c) => JSON.stringify(c.harm.terms)),
      ],
    );
    const relabelled = changed.filter((c) => c.label !== c.row.sentiment_label);
    if (relabelled.length) {
      await em.query(
        `UPDATE post_programs AS pp SET sentiment_label = u.label FROM unnest($1::uuid[], $2::text[]) AS u(id, label) WHERE pp.post_id = u.id`,
        [relabelled.map((c) => c.row.id), relabelled.map((c) => c.label)],
      );
    }
    // Rollups store real-typed scores; compare as the database rounds them.
    const deltas = changed.flatMap((c) =>
      relabelDeltas(c.row.program_ids, new Date(c.row.created_at), { label: c.row.sentiment_label, score: Number(c.row.sentiment_score) }, { label: c.label, score: Math.fround(c.score) }),
    );
    await rollups.applyDeltas(em, deltas, 'rescore');
  }
  const last = rows[rows.length - 1];
  return {
    scanned: rows.length,
    changed: changed.filter((c) => c.label !== c.row.sentiment_label || Math.fround(c.score) !== Number(c.row.sentiment_score)).length,
    next: rows.length === size && last ? { at: new Date(last.created_at).toISOString(), id: last.id } : undefined,
  };
}
