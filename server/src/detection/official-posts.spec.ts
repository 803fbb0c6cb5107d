import { describe, expect, it, jest } from '@jest/globals';
import pino from 'pino';
import { EventBus } from '../events/event-bus.js';
import type { PreparedPost } from '../ingest/prepare.js';
import type { LeaseService } from '../leases/lease.service.js';
import type { ProgramsRepository } from '../programs/programs.repository.js';
import type { DetectionRelay, RelayedInput } from './detection-relay.js';
import type { DetectionRepository } from './detection.repository.js';
import { DetectionService } from './detection.service.js';
import type { DetectionPost } from './driver.js';

const P1 = '00000000-0000-4000-8000-000000000001';
const P2 = '00000000-0000-4000-8000-000000000002';
const AT = new Date(Date.UTC(2026, 11, 6, 3, 0));

function prepared(id: string, programIds: string[], officialProgramIds?: string[], harm = false): PreparedPost {
  return {
    id, source: 'x', externalId: id, text: 'Klarifikasi: iuran tidak naik', createdAt: AT, authorHandle: 'kemenkesri', authorName: null, authorFollowers: null, authorLocation: null,
    url: null, lang: 'id', langGiven: null, label: 'neutral', score: 0, confidence: 1, terms: [], harm: { flag: harm, terms: harm ? ['keracunan'] : [] },
    likes: 0, shares: 0, replies: 0, views: 0, parentExternalId: null, programIds, places: [], ...(officialProgramIds ? { officialProgramIds } : {}),
  };
}

/** The service over fakes, alone or holding only P1 of a cluster; what reaches the detectors and the relay is recorded. */
function newTestService(alone: boolean) {
  const published: Array<[string, RelayedInput]> = [];
  const service = new DetectionService(
    { now: () => AT },
    pino({ level: 'silent' }),
    new EventBus(),
    { all: () => Promise.resolve([]) } as unknown as ProgramsRepository,
    { history: () => Promise.resolve([]), harmHistory: () => Promise.resolve([]) } as unknown as DetectionRepository,
    { alone, want: () => undefined, on: () => () => undefined, isHeld: () => false } as unknown as LeaseService,
    { publish: (id: string, input: RelayedInput) => published.push([id, input]) } as unknown as DetectionRelay,
  );
  if (!alone) (service as unknown as { held: Set<string> }).held.add(P1);
  const fed = jest.spyOn(service as unknown as { feedPosts: (posts: DetectionPost[]) => unknown[] }, 'feedPosts').mockReturnValue([]);
  return { service, published, fed };
}

describe('DetectionService and official channels', () => {
  it('keeps an official channel\'s post out of the campaign input of the programs it speaks for, not of the others', () => {
    const t = newTestService(true);
    t.service.onPostsIngested({ posts: [prepared('a', [P1, P2], [P1]), prepared('b', [P1], [P1]), prepared('c', [P1])], at: AT });
    const posts: DetectionPost[] = t.fed.mock.calls[0]![0];
    expect(posts.map((p): [string, readonly string[]] => [p.id, p.programIds])).toEqual([
      ['a', [P2]],
      ['c', [P1]],
    ]);
  });

  it('does not relay an official post to the holder of the program it speaks for, unless it reports harm', () => {
    const t = newTestService(false);
    t.service.onPostsIngested({ posts: [prepared('a', [P1, P2], [P2]), prepared('h', [P1, P2], [P2], true), prepared('c', [P1, P2])], at: AT });
    expect(t.published.map(([id, input]) => [id, input.posts?.map((p) => p.id)])).toEqual([[P2, ['h', 'c']]]);
  });
});
