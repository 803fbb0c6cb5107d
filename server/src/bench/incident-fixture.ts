import type { Database } from '../database/database.js';

/**
 * A large incident's posts written straight in SQL (ingesting 100,000 posts through the API
 * would measure ingestion, not reports): `n` posts of one program spread over `hours` from
 * `from`, their post_programs links and per-minute rollups, and rollups for the same hours of
 * the four previous weeks (the baseline). One post in a thousand starts like a formula.
 */
export async function seedIncidentPosts(db: Database, programId: string, from: Date, hours: number, n: number): Promise<void> {
  const spanMs = hours * 3_600_000;
  await db.query(
    `INSERT INTO posts (id, source, external_id, text, created_at, author_handle, author_name, author_followers, url, lang,
                        sentiment_label, sentiment_score, sentiment_confidence, likes, shares, replies, views, program_ids)
     SELECT md5('bench-post-' || i)::uuid,
            CASE WHEN i % 4 = 0 THEN 'facebook' ELSE 'x' END,
            'bench-' || i,
            CASE WHEN i % 1000 = 0 THEN '=HYPERLINK("http://evil.example") bpjs ' || i
                 WHEN i % 3 = 0 THEN 'BPJS antrian panjang sekali di puskesmas, kecewa #bpjs #antre ' || i
                 ELSE 'Iuran BPJS Kesehatan naik lagi? "hoaks" kata kementerian, cek faktanya ' || i END,
            $2::timestamptz + make_interval(secs => (i::float8 * $3::float8 / $4::float8) / 1000),
            'warga' || (i % 5000),
            'Warga ' || (i % 5000),
            (i % 5000) * 10,
            'https://x.example/status/' || i,
            CASE WHEN i % 10 = 0 THEN 'en' ELSE 'id' END,
            CASE WHEN i % 3 = 0 THEN 'negative' WHEN i % 3 = 1 THEN 'neutral' ELSE 'positive' END,
            CASE WHEN i % 3 = 0 THEN -0.6 WHEN i % 3 = 1 THEN 0 ELSE 0.5 END,
            0.8, i % 50, i % 7, i % 3, i % 1000,
            ARRAY[$1::uuid]
     FROM generate_series(0, $4::int - 1) AS i`,
    [programId, from.toISOString(), spanMs, n],
  );
  await db.query(
    `INSERT INTO post_programs (program_id, created_at, post_id, sentiment_label)
     SELECT $1::uuid, created_at, id, sentiment_label FROM posts WHERE $1::uuid = ANY(program_ids) AND created_at >= $2 AND created_at < $3`,
    [programId, from.toISOString(), new Date(from.getTime() + spanMs).toISOString()],
  );
  await db.query(
    `INSERT INTO rollups_minute (program_id, minute, volume, positive, neutral, negative, sentiment_sum, authors)
     SELECT $1::uuid, date_trunc('minute', created_at), count(*), count(*) FILTER (WHERE sentiment_label = 'positive'),
            count(*) FILTER (WHERE sentiment_label = 'neutral'), count(*) FILTER (WHERE sentiment_label = 'negative'), sum(sentiment_score), count(DISTINCT author_handle)
     FROM posts WHERE $1::uuid = ANY(program_ids) AND created_at >= $2 AND created_at < $3 GROUP BY 2
     ON CONFLICT (program_id, minute) DO NOTHING`,
    [programId, from.toISOString(), new Date(from.getTime() + spanMs).toISOString()],
  );
  // The baseline: a quieter conversation at the same hours of the four previous weeks.
  await db.query(
    `INSERT INTO rollups_minute (program_id, minute, volume, positive, neutral, negative, sentiment_sum, authors)
     SELECT $1::uuid, $2::timestamptz - make_interval(days => 7 * k) + make_interval(mins => m), 10 + k, 4, 4, 2 + k, 0, 5
     FROM generate_series(1, 4) AS k, generate_series(0, $3::int - 1) AS m
     ON CONFLICT (program_id, minute) DO NOTHING`,
    [programId, from.toISOString(), hours * 60],
  );
}
