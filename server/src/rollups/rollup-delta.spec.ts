import { describe, expect, it } from '@jest/globals';
import { aggregateRollups, mergeDeltas, type RollupInput } from './rollup-delta.js';

const A = '00000000-0000-4000-8000-0000000000a1';
const B = '00000000-0000-4000-8000-0000000000b1';
const AT = new Date('2026-11-26T07:25:30Z');

const post = (over: Partial<RollupInput>): RollupInput => ({ programIds: [A], createdAt: AT, label: 'negative', score: -0.8, source: 'x', authorHandle: 'warga', ...over });

describe('aggregateRollups', () => {
  it('counts an official channel\'s post apart, only for the programs it speaks for', () => {
    const deltas = aggregateRollups([
      post({ authorHandle: 'warga1' }),
      post({ authorHandle: 'kemenkesri', programIds: [A, B], officialProgramIds: [A] }),
      post({ authorHandle: 'kemenkesri', label: 'positive', score: 0.5, officialProgramIds: [A] }),
    ]);
    const a = deltas.find((d) => d.programId === A)!;
    const b = deltas.find((d) => d.programId === B)!;
    // In A: one public negative post; the two official ones only in `official`, not in volume, sentiment or authors.
    expect(a).toMatchObject({ volume: 1, negative: 1, positive: 0, official: 2 });
    expect(a.sentimentSum).toBeCloseTo(-0.8);
    expect(a.authors.estimate()).toBe(1);
    // In B the ministry is just another author.
    expect(b).toMatchObject({ volume: 1, negative: 1 });
    expect(b.official ?? 0).toBe(0);
  });

  it('takes an official post back out of `official` and adds official counts when merging', () => {
    const out = aggregateRollups([post({ officialProgramIds: [A], sign: -1 })]);
    expect(out[0]).toMatchObject({ volume: 0, negative: 0, official: -1 });
    const merged = mergeDeltas([...aggregateRollups([post({ officialProgramIds: [A] })]), ...aggregateRollups([post({ officialProgramIds: [A] }), post({})])]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ volume: 1, official: 2 });
  });
});
