import { Inject, Injectable } from '@nestjs/common';
import type { ProgramPreviewRequest, ProgramPreviewResponse } from '@siaga/shared';
import { CLOCK, type Clock } from '../common/clock.js';
import { DAY_MS } from '../common/time-window.js';
import { PostsRepository } from '../posts/posts.repository.js';
import { toPost } from '../posts/posts.service.js';
import type { ScanLimits } from '../posts/scan.js';
import { assertValidQuery } from './programs.service.js';
import { ProgramsRepository, type PreviewCursor, type PreviewSlicePost } from './programs.repository.js';
import { queryAnchors, type Anchor } from './query/anchors.js';
import { languagePredicate, parseQuery, programPredicate } from './query/index.js';
import { yieldToEventLoop } from '../common/event-loop.js';

/**
 * A preview reads the newest posts of the last 24 hours in slices of `pageRows` (one bounded statement each, the
 * event loop free between them: on PGlite the database runs in the server's thread) and at most `max` of them.
 */
export const PREVIEW_LIMITS: ScanLimits = { max: 100_000, pageRows: 5_000 };
export const PREVIEW_DEFAULT_SAMPLES = 5;

/** LIKE patterns (on lowercased text) of which a matching post contains one; null when the query has no anchors. */
export function anchorPatterns(anchors: readonly Anchor[] | undefined): string[] | null {
  if (!anchors?.length) return null;
  return [...new Set(anchors.map((a) => `%${a.value.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`))];
}

/** How a draft query would match the stored posts of the last 24 hours, before it is saved. */
@Injectable()
export class ProgramPreviewService {
  constructor(
    private readonly posts: PostsRepository,
    private readonly programs: ProgramsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async preview(req: ProgramPreviewRequest, limits: ScanLimits = PREVIEW_LIMITS): Promise<ProgramPreviewResponse> {
    // The same 400 (with the position) as validate-query and a program save.
    assertValidQuery(req.query);
    const languages = req.languages ?? [];
    const matches = programPredicate({ id: 'preview', query: req.query, languages });
    const inScope = languagePredicate(languages);
    const node = parseQuery(req.query);
    // Posts with none of the query's anchors cannot match: the database drops most of them before they travel.
    const patterns = anchorPatterns(queryAnchors(node));
    const to = this.clock.now();
    const from = new Date(to.getTime() - DAY_MS);
    const window = { from, to };
    const wanted = req.samples ?? PREVIEW_DEFAULT_SAMPLES;
    const sampleIds: string[] = [];
    let matched = 0;
    let scanned = 0;
    let after: PreviewCursor | undefined;
    let oldest: Date | undefined;
    let complete = true;
    for (;;) {
      const want = Math.min(limits.pageRows, limits.max - scanned);
      const slice = await this.programs.previewSlice(window, want, after, { node, patterns, samples: wanted });
      scanned += slice.read;
      for (const m of slice.asciiMatches) if (inScope(m.lang)) matched += m.n;
      const found: PreviewSlicePost[] = slice.asciiSamples.filter((p) => inScope(p.lang));
      for (const p of slice.others) {
        if (!matches(p.text, p.lang)) continue;
        matched++;
        found.push(p);
      }
      // Newest first: the first matches met are the newest.
      found.sort((a, b) => a.rank - b.rank);
      for (const p of found) {
        if (sampleIds.length >= wanted) break;
        sampleIds.push(p.id);
      }
      if (!slice.last || slice.read < want) break;
      after = slice.last.cursor;
      oldest = slice.last.at;
      if (scanned >= limits.max) {
        complete = !(await this.programs.previewHasOlder(window, after));
        break;
      }
      await yieldToEventLoop();
    }
    const samples = (await this.posts.findByIds(sampleIds)).map(toPost);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      matched,
      scanned,
      complete,
      scannedFrom: (complete ? from : (oldest ?? from)).toISOString(),
      samples,
    };
  }
}
