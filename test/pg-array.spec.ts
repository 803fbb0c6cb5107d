import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pgArray } from '../server/src/database/pg-array.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

// The literal must read back as the values on the real engine (PGlite, or the server with DATABASE_URL).
describe('pgArray', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });

  it('round-trips text with quotes, backslashes, braces, commas, spaces, NULL-like words and empty strings', async () => {
    const values = ['biasa', 'kata "kutipan"', 'C:\\jalan\\air', '\\"', '{a,b}', 'a, b', '  spasi  ', 'NULL', 'null', '', 'Ünïcödé 🚨 ok', 'baris\nbaru', null, 'akhir\\'];
    const [row] = await t.db.query<{ v: Array<string | null> }>('SELECT $1::text[] AS v', [pgArray(values)]);
    expect(row!.v).toEqual(values);
  });

  it('writes numbers, booleans, uuids and timestamps as the typed arrays read them, nulls included', async () => {
    const [row] = await t.db.query<{ i: Array<number | string | null>; f: number[]; b: Array<boolean | null>; u: string[]; ts: Date[] }>(
      'SELECT $1::bigint[] AS i, $2::float8[] AS f, $3::boolean[] AS b, $4::uuid[] AS u, $5::timestamptz[] AS ts',
      [
        pgArray([0, -7, 9_007_199_254_740_991, null]),
        pgArray([0.5, -1e-7, 3]),
        pgArray([true, false, null]),
        pgArray(['0b8f5f0e-4d6c-4f6e-9d3b-8d7a2c1e0f00']),
        pgArray(['2026-12-06T17:40:00.123Z']),
      ],
    );
    expect(row!.i.map((v) => (v === null ? null : Number(v)))).toEqual([0, -7, 9_007_199_254_740_991, null]);
    expect(row!.f).toEqual([0.5, -1e-7, 3]);
    expect(row!.b).toEqual([true, false, null]);
    expect(row!.u).toEqual(['0b8f5f0e-4d6c-4f6e-9d3b-8d7a2c1e0f00']);
    expect(new Date(row!.ts[0]!).toISOString()).toBe('2026-12-06T17:40:00.123Z');
  });

  it('writes an empty array', async () => {
    const [row] = await t.db.query<{ v: string[] }>('SELECT $1::text[] AS v', [pgArray([])]);
    expect(row!.v).toEqual([]);
  });
});
