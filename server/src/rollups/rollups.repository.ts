import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { HyperLogLog } from './hll.js';
import type { RollupDelta } from './rollup-delta.js';

const toHex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

@Injectable()
export class RollupsRepository {
  /**
   * Adds the deltas in the caller's transaction: one upsert of the counts (which also locks the
   * rows and hands back their sketches), then one update of the merged sketches. The row lock
   * held since the upsert means no concurrent batch can lose authors between the two.
   */
  async apply(em: EntityManager, deltas: readonly RollupDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    const rows = await em.query<Array<{ program_id: string; minute: Date; authors_sketch: Uint8Array | null }>>(
      `INSERT INTO rollups_minute AS r (program_id, minute, volume, positive, neutral, negative, sentiment_sum, official)
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::int[], $4::int[], $5::int[], $6::int[], $7::float8[], $8::int[])
       ON CONFLICT (program_id, minute) DO UPDATE SET
         volume = r.volume + excluded.volume,
         positive = r.positive + excluded.positive,
         neutral = r.neutral + excluded.neutral,
         negative = r.negative + excluded.negative,
         sentiment_sum = r.sentiment_sum + excluded.sentiment_sum,
         official = r.official + excluded.official
       RETURNING program_id, minute, authors_sketch`,
      [
        deltas.map((d) => d.programId),
        deltas.map((d) => d.minute.toISOString()),
        deltas.map((d) => d.volume),
        deltas.map((d) => d.positive),
        deltas.map((d) => d.neutral),
        deltas.map((d) => d.negative),
        deltas.map((d) => d.sentimentSum),
        deltas.map((d) => d.official ?? 0),
      ],
    );
    const existing = new Map(rows.map((r) => [`${r.program_id}|${new Date(r.minute).getTime()}`, r.authors_sketch]));
    const changed = deltas.filter((d) => !d.authors.isEmpty);
    if (changed.length === 0) return;
    const sketches: string[] = [];
    const estimates: number[] = [];
    for (const d of changed) {
      const merged = HyperLogLog.fromBytes(existing.get(`${d.programId}|${d.minute.getTime()}`));
      merged.merge(d.authors);
      sketches.push(toHex(merged.toBytes()));
      estimates.push(merged.estimate());
    }
    await em.query(
      `UPDATE rollups_minute AS r SET authors_sketch = decode(u.sketch, 'hex'), authors = u.authors
       FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::int[]) AS u(program_id, minute, sketch, authors)
       WHERE r.program_id = u.program_id AND r.minute = u.minute`,
      [changed.map((d) => d.programId), changed.map((d) => d.minute.toISOString()), sketches, estimates],
    );
  }
}
