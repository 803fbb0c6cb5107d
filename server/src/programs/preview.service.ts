import { Inject, Injectable } from '@nestjs/common';
import type { ProgramPreviewRequest, ProgramPreviewResponse } from '@siaga/shared';
import { CLOCK, type Clock } from '../common/clock.js';
import { DAY_MS } from '../common/time-window.js';
import { PostsRepository } from '../posts/posts.repository.js';
import { toPost } from '../posts/posts.service.js';
import { scanNewest, type ScanLimits } from '../posts/scan.js';
import { assertValidQuery } from './programs.service.js';
import { programPredicate } from './query/index.js';

/** A preview scans the newest posts of the last 24 hours, in keyset pages, and at most this many. */
export const PREVIEW_LIMITS: ScanLimits = { max: 50_000, pageRows: 2_500 };
export const PREVIEW_DEFAULT_SAMPLES = 5;

/** How a draft query would match the stored posts of the last 24 hours, before it is saved. */
@Injectable()
export class ProgramPreviewService {
  constructor(
    private readonly posts: PostsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async preview(req: ProgramPreviewRequest, limits: ScanLimits = PREVIEW_LIMITS): Promise<ProgramPreviewResponse> {
    // The same 400 (with the position) as validate-query and a program save.
    assertValidQuery(req.query);
    const matches = programPredicate({ id: 'preview', query: req.query, languages: req.languages ?? [] });
    const to = this.clock.now();
    const from = new Date(to.getTime() - DAY_MS);
    const wanted = req.samples ?? PREVIEW_DEFAULT_SAMPLES;
    const sampleIds: string[] = [];
    let matched = 0;
    const { scanned, more } = await scanNewest(this.posts, { from, to }, limits, (rows) => {
      for (const r of rows) {
        if (!matches(r.text, r.lang)) continue;
        matched++;
        // Newest first: the first matches met are the newest.
        if (sampleIds.length < wanted) sampleIds.push(r.id);
      }
    });
    const samples = (await this.posts.findByIds(sampleIds)).map(toPost);
    return { from: from.toISOString(), to: to.toISOString(), matched, scanned, complete: !more, samples };
  }
}
