import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AnalyzeRequest, AnalyzeResponse, Page, Post, RelabelRequest, SentimentCorrection, SentimentLabel } from '@siaga/shared';
import { POST_ANALYZER, type PostAnalyzer } from '../analysis/analyzer.js';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/access.decorators.js';
import { decodeCursor, toPage } from '../common/cursor.js';
import { notFound } from '../common/errors.js';
import { Database } from '../database/database.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { relabelDeltas } from '../rollups/rollup-delta.js';
import { RollupsService } from '../rollups/rollups.service.js';
import { PostsService } from '../posts/posts.service.js';
import { SentimentRepository, type CorrectionRow } from './sentiment.repository.js';

/** An analyst's label is certain: it counts with the full weight of its sign. */
export const CORRECTED_SCORE: Record<SentimentLabel, number> = { positive: 1, neutral: 0, negative: -1 };

@Injectable()
export class SentimentService {
  constructor(
    @Inject(POST_ANALYZER) private readonly analyzer: PostAnalyzer,
    private readonly db: Database,
    private readonly repo: SentimentRepository,
    private readonly rollups: RollupsService,
    private readonly posts: PostsService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  analyze(req: AnalyzeRequest): AnalyzeResponse {
    const given = req.lang === 'auto' ? undefined : req.lang;
    return { results: req.texts.map((t) => this.analyzer.analyze(t, given)) };
  }

  /** The analyst's label wins over the model's for this post and its programs' rollups. */
  async relabel(actor: Principal, postId: string, req: RelabelRequest): Promise<Post> {
    await this.db.transaction(async (em) => {
      const post = await this.repo.lockPost(em, postId);
      if (!post) throw notFound('post');
      const modelLabel = await this.repo.modelLabel(em, post);
      const at = this.clock.now();
      const score = CORRECTED_SCORE[req.label];
      await this.repo.setLabel(em, post.id, req.label, score, actor.id, at);
      const row: CorrectionRow = {
        id: randomUUID(),
        post_id: post.id,
        label: req.label,
        previous_label: post.sentiment_label,
        model_label: modelLabel,
        corrected_by: actor.id,
        corrected_by_email: actor.email,
        corrected_at: at,
        note: req.note ?? null,
      };
      await this.repo.insertCorrection(em, row);
      await this.rollups.applyDeltas(em, relabelDeltas(post.program_ids, new Date(post.created_at), { label: post.sentiment_label, score: Number(post.sentiment_score) }, { label: req.label, score }), 'relabel');
      await this.audit.record(actor, 'post.relabeled', { type: 'post', id: post.id }, { from: post.sentiment_label, to: req.label, modelLabel, note: req.note ?? null }, em);
    });
    return this.posts.get(postId);
  }

  async corrections(limit: number, cursor?: string, postId?: string): Promise<Page<SentimentCorrection>> {
    const rows = await this.repo.listCorrections(limit, decodeCursor(cursor), postId);
    return toPage(rows, limit, toCorrection, (r) => ({ at: r.corrected_at, id: r.id }));
  }

  /** Corrections as training data, one JSON object a line: `{text, lang, label}`. */
  async exportTrainingData(actor: Principal): Promise<string> {
    const rows = await this.repo.trainingData();
    await this.audit.record(actor, 'export.created', { type: 'sentiment_corrections' }, { rows: rows.length, format: 'jsonl' });
    return rows.map((r) => JSON.stringify({ text: r.text, lang: r.lang, label: r.label, correctedAt: new Date(r.corrected_at).toISOString() })).join('\n') + (rows.length ? '\n' : '');
  }
}

export function toCorrection(r: CorrectionRow): SentimentCorrection {
  return {
    id: r.id,
    postId: r.post_id,
    label: r.label,
    previousLabel: r.previous_label,
    modelLabel: r.model_label,
    correctedBy: r.corrected_by,
    correctedByEmail: r.corrected_by_email,
    correctedAt: new Date(r.corrected_at).toISOString(),
    note: r.note,
  };
}
