import type { SentimentLabel } from '@siaga/shared';
import { HyperLogLog } from './hll.js';

/** What a batch adds to one program's minute. */
export interface RollupDelta {
  programId: string;
  minute: Date;
  volume: number;
  positive: number;
  neutral: number;
  negative: number;
  sentimentSum: number;
  authors: HyperLogLog;
  /**
   * Posts of the program's official channels: counted here only, never in volume, sentiment or
   * authors (the detectors and the conversation's figures are about the public). Absent means 0.
   */
  official?: number;
}

export interface RollupInput {
  programIds: readonly string[];
  createdAt: Date;
  label: SentimentLabel;
  score: number;
  source: string;
  authorHandle: string;
  /** +1 to add the post, -1 to take it out (a re-match that drops it). */
  sign?: 1 | -1;
  /** Programs for which the author is an official channel: the post counts as `official` there. */
  officialProgramIds?: readonly string[];
}

export const minuteOf = (d: Date) => new Date(Math.floor(d.getTime() / 60_000) * 60_000);
/** Authors are counted per source: @budi on x and @budi on tiktok are different people. */
export const authorKey = (source: string, handle: string) => `${source}:${handle.toLowerCase()}`;

/** Adds up deltas of the same (program, minute): one upsert may touch a row only once. */
export function mergeDeltas(deltas: Iterable<RollupDelta>): RollupDelta[] {
  const byKey = new Map<string, RollupDelta>();
  for (const d of deltas) {
    const key = `${d.programId}|${d.minute.getTime()}`;
    const acc = byKey.get(key);
    if (!acc) {
      byKey.set(key, { ...d, authors: HyperLogLog.fromBytes(d.authors.toBytes()) });
      continue;
    }
    acc.volume += d.volume;
    acc.positive += d.positive;
    acc.neutral += d.neutral;
    acc.negative += d.negative;
    acc.sentimentSum += d.sentimentSum;
    acc.authors.merge(d.authors);
    if (d.official) acc.official = (acc.official ?? 0) + d.official;
  }
  return sortDeltas([...byKey.values()]);
}

const sortDeltas = (ds: RollupDelta[]) =>
  ds.sort((a, b) => (a.programId < b.programId ? -1 : a.programId > b.programId ? 1 : a.minute.getTime() - b.minute.getTime()));

/** Folds posts into per-(program, minute) deltas, sorted so concurrent batches lock rows in one order. */
export function aggregateRollups(posts: Iterable<RollupInput>): RollupDelta[] {
  const byKey = new Map<string, RollupDelta>();
  for (const p of posts) {
    const minute = minuteOf(p.createdAt);
    const sign = p.sign ?? 1;
    for (const programId of p.programIds) {
      const key = `${programId}|${minute.getTime()}`;
      let d = byKey.get(key);
      if (!d) {
        d = { programId, minute, volume: 0, positive: 0, neutral: 0, negative: 0, sentimentSum: 0, authors: HyperLogLog.empty() };
        byKey.set(key, d);
      }
      if (p.officialProgramIds?.includes(programId)) {
        d.official = (d.official ?? 0) + sign;
        continue;
      }
      d.volume += sign;
      d[p.label] += sign;
      d.sentimentSum += sign * p.score;
      // A sketch cannot forget an author: removals leave the distinct count as an upper bound.
      if (sign > 0) d.authors.addString(authorKey(p.source, p.authorHandle));
    }
  }
  return sortDeltas([...byKey.values()]);
}

/** Moves one post's contribution to its programs' rollups from one label and score to another. */
export function relabelDeltas(
  programIds: readonly string[],
  createdAt: Date,
  from: { label: SentimentLabel; score: number },
  to: { label: SentimentLabel; score: number },
): RollupDelta[] {
  if (from.label === to.label && from.score === to.score) return [];
  const minute = minuteOf(createdAt);
  return [...programIds].sort().map((programId) => {
    const d: RollupDelta = { programId, minute, volume: 0, positive: 0, neutral: 0, negative: 0, sentimentSum: to.score - from.score, authors: HyperLogLog.empty() };
    d[from.label] -= 1;
    d[to.label] += 1;
    return d;
  });
}

/** The programs and minutes a set of deltas touches, sorted (the `rollups.changed` summary). */
export function touchedBy(deltas: readonly RollupDelta[]): { programIds: string[]; minutes: Date[] } {
  const programs = new Set<string>();
  const minutes = new Set<number>();
  for (const d of deltas) {
    programs.add(d.programId);
    minutes.add(d.minute.getTime());
  }
  return { programIds: [...programs].sort(), minutes: [...minutes].sort((a, b) => a - b).map((m) => new Date(m)) };
}
