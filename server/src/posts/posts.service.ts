import { Injectable } from '@nestjs/common';
import type { Page, Post, PostsQuery } from '@siaga/shared';
import { decodeCursor, toPage } from '../common/cursor.js';
import { AppError, notFound } from '../common/errors.js';
import { PostsRepository, type PostRow } from './posts.repository.js';

@Injectable()
export class PostsService {
  constructor(private readonly repo: PostsRepository) {}

  async list(filter: PostsQuery, limit: number, cursor?: string): Promise<Page<Post>> {
    if (filter.from && filter.to && Date.parse(filter.from) >= Date.parse(filter.to)) {
      throw new AppError('validation_failed', '"from" must be before "to"');
    }
    const rows = await this.repo.list(filter, limit, decodeCursor(cursor));
    return toPage(rows, limit, toPost, (r) => ({ at: r.created_at, id: r.id }));
  }

  async get(id: string): Promise<Post> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound('post');
    return toPost(row);
  }
}

export function toPost(r: PostRow): Post {
  return {
    id: r.id,
    source: r.source,
    externalId: r.external_id,
    text: r.text,
    createdAt: r.created_at.toISOString(),
    ingestedAt: r.ingested_at.toISOString(),
    author: { handle: r.author_handle, name: r.author_name, followers: r.author_followers },
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
    engagement: { likes: r.likes, shares: r.shares, replies: r.replies, views: r.views },
    parentExternalId: r.parent_external_id,
    programIds: r.program_ids,
  };
}
