import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AlertExplanation, renderExplanation } from '@siaga/shared';
import { loadMigrations, migrateDown, migrateUp } from '../server/src/database/migrator.js';
import { createTestDatabase, ENGINE, type TestDatabase } from './support/database.js';

const FACTS = '20261206140000';
const PROGRAM = '00000000-0000-4000-8000-0000000000b1';
const id = (n: number) => `00000000-0000-4000-8000-0000000000a${n}`;

/** Alerts as the detectors stored them before facts: one English sentence beside the numbers. */
const OLD: Array<[string, Record<string, unknown>]> = [
  ['volume_spike', { text: '312 posts in the last 5 minutes, expected about 80 (band 45–130) at this hour.', expected: 80, band: { lower: 45, upper: 130 }, observed: 312, score: 0.97, details: { windowMinutes: 5, sensitivity: 'medium', surprise: 9.1, dispersion: 0.02, signal: 'spike' } }],
  ['negative_spike', { text: 'Sustained rise: 90 negative posts in the last 2 hours, 3.0× the usual 30 (band 10–50) for this time of day.', expected: 30, band: { lower: 10, upper: 50 }, observed: 90, score: 0.99, details: { windowMinutes: 120, signal: 'shift', z: 4.2 } }],
  ['negative_share_shift', { text: '62% of 1,234 posts in the last 5 minutes are negative, against a usual 20% (band 10%–35%).', expected: 0.2, band: { lower: 0.1, upper: 0.35 }, observed: 0.62, score: 0.99, details: { windowMinutes: 5, totalPosts: 1234 } }],
  ['coordinated_campaign', {
    text: '9 accounts posted 12 near-identical posts within 3 minutes, 40% of this program\'s posts (the largest organic group is usually 5%): "Tolak kenaikan iuran!"',
    expected: 1.2, band: { lower: 0, upper: 7 }, observed: 9, score: 0.75,
    details: { accounts: ['x:a'], sampleText: 'Tolak kenaikan iuran!', postIds: [], posts: 12, similarity: 0.9, firstAt: '2026-12-01T10:00:00.000Z', lastAt: '2026-12-01T10:03:10.000Z', sources: ['x'] },
  }],
  ['harm_reports', {
    text: '3 posts reported harm to people within 30 minutes (usually none); deciding words: keracunan, tewas; latest: "Siswa keracunan"',
    expected: 0, band: { lower: 0, upper: 2 }, observed: 3, score: 0.6,
    details: { windowMinutes: 30, sensitivity: 'medium', surprise: 0, postIds: [], posts: 3, sampleText: 'Siswa keracunan', firstAt: '2026-12-01T10:00:00.000Z', lastAt: '2026-12-01T10:20:00.000Z', sources: ['x'] },
  }],
  // Written by hand before details existed: its numbers cannot be read back.
  ['volume_spike', { text: 'volume far above the usual', expected: 20, band: { lower: 5, upper: 40 }, observed: 120, score: 0.9 }],
];

describe(`explanation facts migration (${ENGINE})`, () => {
  let t: TestDatabase;
  const explanations = async () =>
    (await t.db.query<{ id: string; explanation: Record<string, unknown> }>(`SELECT id, explanation FROM alerts ORDER BY id`)).map((r) => r.explanation);

  beforeAll(async () => {
    t = await createTestDatabase();
    const later = loadMigrations().filter((m) => m.version >= FACTS).length;
    await migrateDown(t.db.dataSource, later);
    await t.db.query(`INSERT INTO programs (id, name, slug, query) VALUES ($1, 'BPJS', 'bpjs', 'bpjs')`, [PROGRAM]);
    for (const [i, [kind, e]] of OLD.entries()) {
      const at = new Date(Date.UTC(2026, 11, 1, 10, i)).toISOString();
      await t.db.query(
        `INSERT INTO alerts (id, program_id, kind, severity, status, dedup_key, peak_score, peak_observed, explanation, opened_at, last_triggered_at, updated_at)
         VALUES ($1, $2, $3, 'warning', 'resolved', $4, 0.9, 1, $5::jsonb, $6, $6, $6)`,
        [id(i), PROGRAM, kind, `${PROGRAM}:${kind}:${i}`, JSON.stringify(e), at],
      );
      const alert = { id: id(i), kind, explanation: e };
      await t.db.query(`INSERT INTO alert_events (alert_id, program_id, type, payload) VALUES ($1, $2, 'opened', $3::jsonb)`, [id(i), PROGRAM, JSON.stringify(alert)]);
    }
    await migrateUp(t.db.dataSource, loadMigrations().filter((m) => m.version <= FACTS));
  });
  afterAll(async () => t.drop());

  it('reads the numbers of every old sentence back into facts, and keeps an unreadable one as written', async () => {
    const rows = await explanations();
    for (const e of rows) {
      expect(AlertExplanation.safeParse(e).success).toBe(true);
      expect(e).not.toHaveProperty('text');
    }
    const en = rows.map((e) => renderExplanation(AlertExplanation.parse(e).facts, 'en'));
    expect(en).toEqual(OLD.map(([, e]) => e.text));
    expect(rows[2]!.facts).toEqual({ kind: 'negative_share_shift', observedShare: 0.62, expectedShare: 0.2, band: { lower: 0.1, upper: 0.35 }, totalPosts: 1234, windowMinutes: 5 });
    expect(rows[5]!.facts).toEqual({ kind: 'legacy', text: 'volume far above the usual' });
    expect(renderExplanation(AlertExplanation.parse(rows[0]).facts, 'id')).toBe('312 pos dalam 5 menit terakhir, biasanya sekitar 80 (rentang 45–130) pada jam ini.');
  });

  it('converts the replay log\'s copies too', async () => {
    const events = await t.db.query<{ payload: { explanation: Record<string, unknown> } }>(`SELECT payload FROM alert_events ORDER BY alert_id`);
    expect(events.map((e) => e.payload.explanation)).toEqual(await explanations());
  });

  it('gives the language of emails a default and refuses another', async () => {
    await t.db.query(`INSERT INTO users (id, email, name, role, password_hash) VALUES ($1, 'a@test.local', 'A', 'analyst', 'x')`, [id(9)]);
    await t.db.query(`INSERT INTO notification_preferences (user_id) VALUES ($1)`, [id(9)]);
    expect(await t.db.query(`SELECT language FROM notification_preferences`)).toEqual([{ language: 'id' }]);
    await expect(t.db.query(`UPDATE notification_preferences SET language = 'fr'`)).rejects.toThrow(/notification_preferences_language_check/);
  });

  it('goes back to English sentences on the way down', async () => {
    await migrateDown(t.db.dataSource, 1);
    const rows = await explanations();
    expect(rows.map((e) => typeof e.text)).toEqual(OLD.map(() => 'string'));
    expect(rows[0]!.text).toBe('312 posts in the last 5 minutes, expected about 80 (band 45–130) at this hour.');
    expect(rows[5]!.text).toBe('volume far above the usual');
    await migrateUp(t.db.dataSource, loadMigrations().filter((m) => m.version <= FACTS));
    expect((await explanations()).every((e) => 'facts' in e)).toBe(true);
  });
});
