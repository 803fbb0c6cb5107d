import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { IngestBatch, MAX_BATCH_POSTS, type IngestResult } from '@siaga/shared';
import type { Request } from 'express';
import { IngestKeyAuth } from '../auth/access.decorators.js';
import { AppError } from '../common/errors.js';
import { IngestService } from './ingest.service.js';
import { readNdjson } from './ndjson.js';

@Controller('api/ingest')
export class IngestController {
  constructor(private readonly ingest: IngestService) {}

  /** `{posts:[…]}` as JSON (≤ 5,000 posts, 16 MB) or NDJSON, one post a line, streamed with no count limit. */
  @Post('posts')
  @IngestKeyAuth()
  @HttpCode(202)
  async posts(@Req() req: Request): Promise<IngestResult> {
    if (req.is('application/x-ndjson')) return this.ingest.ingestStream(readNdjson(req));
    const body = req.body as unknown;
    const posts = (body as { posts?: unknown } | null)?.posts;
    if (Array.isArray(posts) && posts.length > MAX_BATCH_POSTS) {
      throw new AppError('payload_too_large', `a JSON batch holds at most ${MAX_BATCH_POSTS} posts (got ${posts.length}); send NDJSON for more`);
    }
    const parsed = IngestBatch.safeParse(body);
    if (!parsed.success) {
      throw new AppError('validation_failed', 'body must be {"posts": [ ...1 to 5,000 posts ]}', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    }
    return this.ingest.ingest(parsed.data.posts);
  }
}
