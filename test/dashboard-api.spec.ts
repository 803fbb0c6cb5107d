import { get as httpGet } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { POSTS_EXPORT_COLUMNS, type AuditEntry, type BacktestResponse, type BandResponse, type OverviewResponse, type Page, type Post, type Program, type ProgramPreviewResponse, type TopResponse } from '@siaga/shared';
import type { Response } from 'supertest';
import { AlertsService } from '../server/src/alerts/alerts.service.js';
import type { DetectionDecision } from '@siaga/shared';
import { emptyPrint, rowHash } from '../server/src/detection/band.js';
import { DetectionRepository } from '../server/src/detection/detection.repository.js';
import { EventBus } from '../server/src/events/event-bus.js';
import { BackfillService } from '../server/src/programs/backfill.service.js';
import { HyperLogLog } from '../server/src/rollups/hll.js';
import { ENGINE } from './support/database.js';
import { FakeClock, INGEST_KEY, post, startTestApp, type TestApp } from './support/app.js';
import { parseCsv } from './support/csv.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// Two days back (ingestion refuses posts from the future), 2 min 30 s into a 5-minute bucket.
const BUCKET = Math.floor((Date.now() - 2 * DAY) / (5 * MINUTE)) * 5 * MINUTE;
const NOW = BUCKET + 2 * MINUTE + 30_000;
const iso = (ms: number) => new Date(ms).toISOString();
const ago = (ms: number) => iso(NOW - ms);

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe(`dashboard read API (${ENGINE})`, () => {
  const clock = new FakeClock(NOW);
  let t: TestApp;
  let admin: string;
  let analyst: string;
  let viewer: string;

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    admin = await t.token('admin');
    analyst = await t.token('analyst');
    viewer = await t.token('viewer');
  });
  afterAll(async () => t.close());

  const as = (token: string) => ({
    get: (p: string) => t.http.get(p).set('authorization', `Bearer ${token}`),
    post: (p: string, body: object = {}) => t.http.post(p).set('authorization', `Bearer ${token}`).send(body),
  });
  const createProgram = async (body: Record<string, unknown>): Promise<Program> => {
    const res = await as(admin).post('/api/programs', body);
    expect(res.status).toBe(201);
    return res.body as Program;
  };
  const ingest = async (posts: Array<Record<string, unknown>>) => {
    const res = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts });
    expect([res.status, res.body.accepted]).toEqual([202, posts.length]);
    await t.siaga.app.get(BackfillService).idle();
  };
  const postId = async (externalId: string) => (await t.siaga.db.query<{ id: string }>(`SELECT id FROM posts WHERE external_id = $1`, [externalId]))[0]!.id;
  const rollup = (programId: string, minute: number, volume: number, negative: number) =>
    t.siaga.db.query(`INSERT INTO rollups_minute (program_id, minute, volume, negative) VALUES ($1, $2, $3, $4)`, [programId, iso(minute), volume, negative]);
  /** `n` posts straight into the table, `stepMs` apart from `start` (oldest first), without program links. */
  const bulkPosts = (n: number, start: number, stepMs: number, source: string, textSql: string) =>
    t.siaga.db.query(
      `INSERT INTO posts (id, source, external_id, text, created_at, author_handle, lang, sentiment_label, sentiment_score)
       SELECT gen_random_uuid(), $1, $1 || '-' || i, ${textSql}, $2::timestamptz + i * ($3 || ' milliseconds')::interval, $1, 'id', 'neutral', 0
       FROM generate_series(1, $4::int) AS i`,
      [source, iso(start), String(stepMs), n],
    );
  const decision = (programId: string, over: Partial<DetectionDecision>): DetectionDecision => ({
    kind: 'volume_spike',
    programId,
    at: clock.now().toISOString(),
    expected: 10,
    band: { lower: 5, upper: 20 },
    observed: 80,
    score: 0.97,
    severityHint: 'warning',
    facts: { kind: 'legacy' as const, text: 'test' },
    ...over,
  });

  describe('overview and alert counts', () => {
    let wallA: Program;
    let wallB: Program;
    let wallC: Program;

    beforeAll(async () => {
      wallA = await createProgram({ name: 'Wall A', slug: 'wall-a', query: 'wallalpha' });
      wallB = await createProgram({ name: 'Wall B', slug: 'wall-b', query: 'wallbeta', active: false });
      wallC = await createProgram({ name: 'Wall C', slug: 'wall-c', query: 'wallgamma' });
      // now = BUCKET + 2:30; the last hour is the minutes from BUCKET - 57 min to BUCKET + 2 min.
      await rollup(wallA.id, BUCKET + 2 * MINUTE, 4, 1); // current minute, last bucket
      await rollup(wallA.id, BUCKET, 3, 2); // last bucket
      await rollup(wallA.id, BUCKET - 10 * MINUTE, 5, 0);
      await rollup(wallA.id, BUCKET - 55 * MINUTE, 2, 1); // first bucket of a 1-hour overview
      await rollup(wallA.id, BUCKET - 56 * MINUTE, 7, 3); // last hour, but before the first bucket
      await rollup(wallA.id, BUCKET - 58 * MINUTE, 100, 50); // before the last hour
      await rollup(wallA.id, BUCKET + 3 * MINUTE, 9, 9); // after now
      await rollup(wallB.id, BUCKET, 50, 50); // inactive program
      const alerts = t.siaga.app.get(AlertsService);
      await alerts.applyDecision(decision(wallA.id, { kind: 'volume_spike', score: 0.97, severityHint: 'warning' }));
      const critical = await alerts.applyDecision(decision(wallA.id, { kind: 'negative_spike', score: 0.999, severityHint: 'critical' }));
      const resolved = await alerts.applyDecision(decision(wallA.id, { kind: 'negative_share_shift', score: 0.999, severityHint: 'critical' }));
      await alerts.applyDecision(decision(wallB.id, { kind: 'volume_spike', score: 0.5, severityHint: 'info' }));
      for (const path of [`/api/alerts/${critical!.id}/acknowledge`, `/api/alerts/${resolved!.id}/resolve`]) {
        const res = await as(analyst).post(path);
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    });

    it('answers every active program with zero-filled 5-minute buckets, the last hour and the current minute', async () => {
      const res = await as(viewer).get('/api/metrics/overview?hours=1');
      expect(res.status).toBe(200);
      const body = res.body as OverviewResponse;
      expect(body).toMatchObject({ from: iso(BUCKET - 55 * MINUTE), to: iso(NOW), bucketMinutes: 5 });
      const active = ((await as(viewer).get('/api/programs?limit=500')).body as Page<Program>).items.filter((p) => p.active).map((p) => p.id);
      expect(body.programs.map((p) => p.programId).sort()).toEqual(active.sort());
      expect(body.programs.map((p) => p.programId)).not.toContain(wallB.id);
      const a = body.programs.find((p) => p.programId === wallA.id)!;
      expect(a.points).toHaveLength(12);
      expect(a.points.map((p) => p.t)).toEqual(Array.from({ length: 12 }, (_, i) => iso(BUCKET - 55 * MINUTE + i * 5 * MINUTE)));
      const nonZero = a.points.filter((p) => p.volume || p.negative);
      expect(nonZero).toEqual([
        { t: iso(BUCKET - 55 * MINUTE), volume: 2, negative: 1 },
        { t: iso(BUCKET - 10 * MINUTE), volume: 5, negative: 0 },
        { t: iso(BUCKET), volume: 7, negative: 3 },
      ]);
      expect(a.lastHour).toEqual({ volume: 4 + 3 + 5 + 2 + 7, negative: 1 + 2 + 0 + 1 + 3 });
      expect(a.currentMinute).toBe(4);
      expect(a).toMatchObject({ openAlerts: 1, acknowledgedAlerts: 1, worstSeverity: 'critical' });
      const c = body.programs.find((p) => p.programId === wallC.id)!;
      expect(c).toMatchObject({ lastHour: { volume: 0, negative: 0 }, currentMinute: 0, openAlerts: 0, acknowledgedAlerts: 0, worstSeverity: null });
      expect(c.points.every((p) => p.volume === 0 && p.negative === 0)).toBe(true);
    });

    it('reaches back `hours` (default 6) and refuses hours out of range', async () => {
      const res = await as(viewer).get('/api/metrics/overview');
      const a = (res.body as OverviewResponse).programs.find((p) => p.programId === wallA.id)!;
      expect(a.points).toHaveLength(72);
      expect(a.points[0]!.t).toBe(iso(BUCKET - 355 * MINUTE));
      expect(a.points.find((p) => p.t === iso(BUCKET - 60 * MINUTE))).toEqual({ t: iso(BUCKET - 60 * MINUTE), volume: 107, negative: 53 });
      expect(a.points.reduce((s, p) => s + p.volume, 0)).toBe(2 + 5 + 7 + 107);
      for (const q of ['hours=0', 'hours=49', 'hours=abc']) {
        const bad = await as(viewer).get(`/api/metrics/overview?${q}`);
        expect([q, bad.status, bad.body.error.code]).toEqual([q, 400, 'validation_failed']);
      }
    });

    it('follows the clock', async () => {
      clock.advance(MINUTE);
      try {
        const res = await as(viewer).get('/api/metrics/overview?hours=1');
        const a = (res.body as OverviewResponse).programs.find((p) => p.programId === wallA.id)!;
        // now = BUCKET + 3:30: the minute at +3 is the current one and joins the last hour (from -56).
        expect(a.currentMinute).toBe(9);
        expect(a.lastHour).toEqual({ volume: 7 + 2 + 5 + 3 + 4 + 9, negative: 3 + 1 + 0 + 2 + 1 + 9 });
        clock.advance(MINUTE);
        const later = ((await as(viewer).get('/api/metrics/overview?hours=1')).body as OverviewResponse).programs.find((p) => p.programId === wallA.id)!;
        // now = BUCKET + 4:30: nothing in the current minute, and the minute at -56 has left the last hour.
        expect(later.currentMinute).toBe(0);
        expect(later.lastHour).toEqual({ volume: 2 + 5 + 3 + 4 + 9, negative: 1 + 0 + 2 + 1 + 9 });
      } finally {
        clock.advance(-2 * MINUTE);
      }
    });

    it('counts unresolved alerts, and open ones by severity', async () => {
      const res = await as(viewer).get('/api/alerts/counts');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ open: 2, acknowledged: 1, openBySeverity: { info: 1, warning: 1, critical: 0 } });
    });
  });

  describe('top terms, hashtags and authors', () => {
    let flood: Program;

    beforeAll(async () => {
      flood = await createProgram({ name: 'Banjir', slug: 'banjir', query: 'banjir' });
      await ingest([
        post({ externalId: 'top-1', text: 'Banjir di Jakarta makin parah #Banjir @bpbd_dki https://t.co/AbC123 2024', createdAt: ago(10 * MINUTE), author: { handle: 'ani' } }),
        post({ externalId: 'top-2', text: 'banjir Jakarta lagi, warga mengungsi #banjir #Jakarta', createdAt: ago(20 * MINUTE), author: { handle: 'budi' } }),
        post({ externalId: 'top-3', text: 'Warga minta bantuan banjir #BANJIR', createdAt: ago(30 * MINUTE), author: { handle: 'ani' } }),
        post({ externalId: 'top-4', text: 'banjir saat kemarau', createdAt: ago(2 * HOUR), author: { handle: 'lama' } }),
        post({ externalId: 'top-5', text: 'gempa terasa kuat', createdAt: ago(5 * MINUTE), author: { handle: 'cici' } }),
      ]);
    });

    it("ranks a program's last hour: posts counted once per value, ties by value", async () => {
      const res = await as(viewer).get(`/api/metrics/top?programId=${flood.id}`);
      expect(res.status).toBe(200);
      const body = res.body as TopResponse;
      expect(body).toEqual({
        from: ago(HOUR),
        to: iso(NOW),
        postsScanned: 3,
        sampled: false,
        terms: [
          { value: 'banjir', count: 3 },
          { value: 'jakarta', count: 2 },
          { value: 'warga', count: 2 },
          { value: 'bantuan', count: 1 },
          { value: 'makin', count: 1 },
          { value: 'mengungsi', count: 1 },
          { value: 'minta', count: 1 },
          { value: 'parah', count: 1 },
        ],
        hashtags: [
          { value: '#banjir', count: 3 },
          { value: '#jakarta', count: 1 },
        ],
        authors: [
          { value: 'ani', count: 2 },
          { value: 'budi', count: 1 },
        ],
      });
      // The same answer every time.
      expect((await as(viewer).get(`/api/metrics/top?programId=${flood.id}`)).body).toEqual(body);
    });

    it('honours limit, the whole stream without a program, and an explicit window', async () => {
      const limited = (await as(viewer).get(`/api/metrics/top?programId=${flood.id}&limit=2`)).body as TopResponse;
      expect(limited.terms).toEqual([
        { value: 'banjir', count: 3 },
        { value: 'jakarta', count: 2 },
      ]);
      const all = (await as(viewer).get('/api/metrics/top?limit=50')).body as TopResponse;
      expect(all.postsScanned).toBe(4);
      expect(all.terms).toEqual(expect.arrayContaining([{ value: 'gempa', count: 1 }, { value: 'kuat', count: 1 }, { value: 'terasa', count: 1 }]));
      expect(all.authors.map((a) => a.value)).toEqual(['ani', 'budi', 'cici']);
      const wide = (await as(viewer).get(`/api/metrics/top?programId=${flood.id}&from=${encodeURIComponent(ago(3 * HOUR))}&to=${encodeURIComponent(iso(NOW))}`)).body as TopResponse;
      expect(wide.postsScanned).toBe(4);
      expect(wide.terms[0]).toEqual({ value: 'banjir', count: 4 });
      expect(wide.terms).toContainEqual({ value: 'kemarau', count: 1 });
      expect(wide.terms.map((x) => x.value)).not.toContain('saat');
    });

    it('reads at most the newest 5,000 posts of the window and says so', async () => {
      const start = NOW - 3 * DAY;
      // The oldest of 5,001 posts is the only one that says "terlama".
      await bulkPosts(5_001, start, 100, 'bulktop', `CASE WHEN i = 1 THEN 'terlama sekali' ELSE 'sampel massal' END`);
      const window = (from: number) => `from=${encodeURIComponent(iso(from))}&to=${encodeURIComponent(iso(start + HOUR))}`;
      const sampled = (await as(viewer).get(`/api/metrics/top?${window(start)}`)).body as TopResponse;
      expect(sampled).toMatchObject({ postsScanned: 5_000, sampled: true });
      expect(sampled.terms).toEqual([
        { value: 'massal', count: 5_000 },
        { value: 'sampel', count: 5_000 },
      ]);
      expect(sampled.authors).toEqual([{ value: 'bulktop', count: 5_000 }]);
      // Without the oldest post, the window holds exactly 5,000.
      const whole = (await as(viewer).get(`/api/metrics/top?${window(start + 150)}`)).body as TopResponse;
      expect(whole).toMatchObject({ postsScanned: 5_000, sampled: false });
    });

    it('refuses a reversed, empty or over-long window and an unknown program', async () => {
      const q = (from: number, to: number) => `/api/metrics/top?from=${encodeURIComponent(iso(from))}&to=${encodeURIComponent(iso(to))}`;
      for (const path of [q(NOW, NOW - HOUR), q(NOW, NOW), q(NOW - 7 * DAY - MINUTE, NOW), '/api/metrics/top?from=yesterday', '/api/metrics/top?limit=51']) {
        const res = await as(viewer).get(path);
        expect([path, res.status, res.body.error.code]).toEqual([path, 400, 'validation_failed']);
      }
      expect((await as(viewer).get(q(NOW - 7 * DAY, NOW))).status).toBe(200);
      expect((await as(viewer).get('/api/metrics/top?programId=00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });
  });

  describe('program preview', () => {
    beforeAll(async () => {
      await ingest([
        post({ externalId: 'pv-1', text: 'Antrian BPJS panjang sekali hari ini', lang: 'id', createdAt: ago(MINUTE) }),
        post({ externalId: 'pv-2', text: 'The BPJS queue is very long today', lang: 'en', createdAt: ago(2 * HOUR) }),
        post({ externalId: 'pv-3', text: 'Kartu BPJS saya hilang', lang: 'id', createdAt: ago(DAY - MINUTE) }),
        post({ externalId: 'pv-4', text: 'BPJS lama sekali', lang: 'id', createdAt: ago(DAY + MINUTE) }),
        post({ externalId: 'pv-5', text: 'Harga cabai naik lagi', lang: 'id', createdAt: ago(3 * MINUTE) }),
      ]);
    });

    const inLastDay = async () =>
      (await t.siaga.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE created_at >= $1 AND created_at < $2`, [ago(DAY), iso(NOW)]))[0]!.n;

    it('counts the matches of the last 24 hours and sends the newest as posts', async () => {
      const res = await as(analyst).post('/api/programs/preview', { query: 'bpjs' });
      expect(res.status).toBe(200);
      const body = res.body as ProgramPreviewResponse;
      expect(body).toMatchObject({ from: ago(DAY), to: iso(NOW), matched: 3, scanned: await inLastDay(), complete: true });
      expect(body.samples.map((p) => p.externalId)).toEqual(['pv-1', 'pv-2', 'pv-3']);
      // The same Post shape as GET /api/posts/:id.
      const one = await as(analyst).get(`/api/posts/${await postId('pv-1')}`);
      expect(body.samples[0]).toEqual(one.body);
    });

    it('honours languages and samples', async () => {
      const en = (await as(analyst).post('/api/programs/preview', { query: 'bpjs', languages: ['en'] })).body as ProgramPreviewResponse;
      expect([en.matched, en.samples.map((p) => p.externalId)]).toEqual([1, ['pv-2']]);
      const one = (await as(analyst).post('/api/programs/preview', { query: 'bpjs OR cabai', samples: 1 })).body as ProgramPreviewResponse;
      expect([one.matched, one.samples.map((p) => p.externalId)]).toEqual([4, ['pv-1']]);
      const none = (await as(analyst).post('/api/programs/preview', { query: 'bpjs', samples: 0 })).body as ProgramPreviewResponse;
      expect([none.matched, none.samples]).toEqual([3, []]);
    });

    it('moves its 24-hour window with the clock', async () => {
      clock.advance(2 * MINUTE);
      try {
        const body = (await as(analyst).post('/api/programs/preview', { query: 'bpjs' })).body as ProgramPreviewResponse;
        expect(body.samples.map((p) => p.externalId)).toEqual(['pv-1', 'pv-2']);
      } finally {
        clock.advance(-2 * MINUTE);
      }
    });

    it('answers a syntax error exactly as validate-query does, and refuses bad bodies and viewers', async () => {
      const res = await as(analyst).post('/api/programs/preview', { query: 'bpjs AND' });
      const check = await as(analyst).post('/api/programs/validate-query', { query: 'bpjs AND' });
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual(check.body.error);
      expect(res.body.error).toMatchObject({ code: 'query_syntax', details: { position: 5 } });
      for (const body of [{}, { query: '' }, { query: 'x', samples: 51 }, { query: 'x', languages: ['fr'] }, { query: 'x', extra: 1 }]) {
        const bad = await as(analyst).post('/api/programs/preview', body);
        expect([body, bad.status, bad.body.error.code]).toEqual([body, 400, 'validation_failed']);
      }
      expect((await as(viewer).post('/api/programs/preview', { query: 'bpjs' })).status).toBe(403);
    });
  });

  describe('detection band', () => {
    let banded: Program;
    /** The band's columns, per minute, as the backtest's points give them. */
    const columnsOf = (points: BacktestResponse['points']) => ({
      expected: points.map((p) => p.volume.expected),
      lower: points.map((p) => p.volume.band.lower),
      upper: points.map((p) => p.volume.band.upper),
      shareObserved: points.map((p) => Math.round(p.negativeShare.observed * 10_000) / 10_000),
      negativeUpper: points.map((p) => p.negative.band.upper),
    });
    const bandColumns = (b: BandResponse) => ({ expected: b.volume.expected, lower: b.volume.lower, upper: b.volume.upper, shareObserved: b.negativeShare.observed, negativeUpper: b.negative.upper });
    /** The band over the last 24 h against a full replay: the backtest from the band's origin (the midnight 14 days before `from`). */
    const expectFullReplay = async () => {
      const res = await as(viewer).get(`/api/detection/band?programId=${banded.id}`);
      expect(res.status).toBe(200);
      const body = res.body as BandResponse;
      // The band's origin precedes every stored row of the program: a backtest from `from` replays the same minutes.
      const backtest = (await as(analyst).post('/api/detection/backtest', { programId: banded.id, sensitivity: 'high', from: ago(DAY), to: iso(NOW) })).body as BacktestResponse;
      const first = backtest.points[0]!;
      expect(body.start).toBe(iso(Date.parse(first.at) - MINUTE));
      expect(bandColumns(body)).toEqual(columnsOf(backtest.points));
      return body;
    };

    beforeAll(async () => {
      banded = await createProgram({ name: 'Band', slug: 'band', query: 'bandtest', sensitivity: 'high' });
      for (let m = 1; m <= 30; m++) await rollup(banded.id, BUCKET - m * 10 * MINUTE, 10 + (m % 3), m % 2);
    });

    it("answers the program's saved sensitivity over the last 24 hours in columns, equal to a full replay", async () => {
      const body = await expectFullReplay();
      expect(body).toMatchObject({ programId: banded.id, sensitivity: 'high', from: ago(DAY), to: iso(NOW), bucket: '1m', stepMinutes: 1, windowMinutes: 1 });
      // Five hours of data: every minute is judged while the detector is still learning the program.
      expect(body.volume.learning).toBe(body.volume.expected.length);
      expect(body.negativeShare.learning).toBe(body.negativeShare.expected.length);
    });

    it('stays equal to a full replay after an ingest of late posts older than its checkpoint', async () => {
      const before = await expectFullReplay();
      const late = BUCKET - 3 * HOUR;
      await ingest(Array.from({ length: 40 }, (_, i) => post({ externalId: `band-late-${i}`, text: `bandtest antrian parah ${i}`, createdAt: iso(late + 5_000) })));
      const after = await expectFullReplay();
      expect(bandColumns(after)).not.toEqual(bandColumns(before));
    });

    it('stays equal to a full replay after a change it did not hear (the server engine: another instance wrote it)', async () => {
      const before = await expectFullReplay();
      const minute = new Date(BUCKET - 200 * MINUTE);
      // Straight into the table, as another instance would write it: no event here.
      await t.siaga.db.query(`UPDATE rollups_minute SET negative = negative + 5, volume = volume + 5 WHERE program_id = $1 AND minute = $2`, [banded.id, minute.toISOString()]);
      // PGlite is alone by construction: every writer is in this process and publishes its change, as here.
      if (ENGINE === 'pglite') {
        const deltas = [{ programId: banded.id, minute, volume: 5, negative: 5, positive: 0, neutral: 0, sentimentSum: 0, authors: HyperLogLog.empty() }];
        t.siaga.app.get(EventBus).emit('rollups.changed', { cause: 'rescore', programIds: [banded.id], minutes: [minute], deltas });
      }
      const after = await expectFullReplay();
      expect(bandColumns(after)).not.toEqual(bandColumns(before));
    });

    it("computes the stored rows' prints in SQL exactly as the band does in JavaScript (what another instance's change is found by)", async () => {
      const repo = t.siaga.app.get(DetectionRepository);
      const origin = Math.floor((BUCKET - 6 * HOUR) / MINUTE);
      const ends = [Math.floor((BUCKET - 150 * MINUTE) / MINUTE), Math.floor(BUCKET / MINUTE)];
      const rows = await repo.minutes(banded.id, origin, ends[1]! + 1);
      const expected = ends.map((end, k) => {
        const p = emptyPrint();
        for (const r of rows.filter((x) => x.minute > (k === 0 ? origin - 1 : ends[k - 1]!) && x.minute <= end)) {
          p.rows++;
          p.volume += r.volume;
          p.negative += r.negative;
          p.hash += rowHash(r.minute, r.volume, r.negative);
        }
        return p;
      });
      expect(expected[0]!.rows).toBeGreaterThan(5);
      expect(await repo.prints(banded.id, origin, ends)).toEqual(expected);
    });

    it('answers the means of the chart buckets, aligned as series are', async () => {
      const minute = (await as(viewer).get(`/api/detection/band?programId=${banded.id}`)).body as BandResponse;
      const res = await as(viewer).get(`/api/detection/band?programId=${banded.id}&bucket=5m`);
      expect(res.status).toBe(200);
      const body = res.body as BandResponse;
      expect(body).toMatchObject({ bucket: '5m', stepMinutes: 5 });
      expect(Date.parse(body.start) % (5 * MINUTE)).toBe(0);
      const offset = (Date.parse(minute.start) - Date.parse(body.start)) / MINUTE;
      const firstBucket = minute.volume.upper.slice(0, 5 - offset);
      expect(body.volume.upper[0]).toBeCloseTo(firstBucket.reduce((a, b) => a + b, 0) / firstBucket.length, 2);
      expect(body.volume.expected.length).toBe(Math.ceil((minute.volume.expected.length + offset) / 5));
      // What the 24-hour wall draws is a small answer.
      expect(JSON.stringify(body).length).toBeLessThan(40_000);
    });

    it('takes a window of up to 7 days', async () => {
      const q = `programId=${banded.id}&from=${encodeURIComponent(ago(7 * DAY))}&to=${encodeURIComponent(iso(NOW))}&bucket=1h`;
      const res = await as(viewer).get(`/api/detection/band?${q}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ from: ago(7 * DAY), to: iso(NOW), stepMinutes: 60 });
    });

    it('refuses bad windows and buckets (400) and unknown programs (404)', async () => {
      const q = (from: number, to: number) => `/api/detection/band?programId=${banded.id}&from=${encodeURIComponent(iso(from))}&to=${encodeURIComponent(iso(to))}`;
      for (const path of [q(NOW, NOW - HOUR), q(NOW, NOW), q(NOW - 7 * DAY - MINUTE, NOW), '/api/detection/band', '/api/detection/band?programId=nope', `/api/detection/band?programId=${banded.id}&bucket=2m`]) {
        const res = await as(viewer).get(path);
        expect([path, res.status, res.body.error.code]).toEqual([path, 400, 'validation_failed']);
      }
      const missing = await as(viewer).get('/api/detection/band?programId=00000000-0000-4000-8000-000000000000');
      expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
    });
  });

  describe('text search', () => {
    beforeAll(async () => {
      // 2,100 posts with a common word (more than the 2,000 a rare word's matches are read by), three of them with a rare one.
      await bulkPosts(2_100, NOW - 3 * DAY, 100, 'bulkword', `'kata umum' || CASE WHEN i % 700 = 0 THEN ' jarangsekali' ELSE '' END`);
    });
    const page = async (q: string) => {
      const res = await as(viewer).get(`/api/posts?${q}`);
      expect(res.status).toBe(200);
      return res.body as Page<Post>;
    };

    it('finds a rare word and a common one, newest first, and pages through either the same way, with statistics or without', async () => {
      await expectSearches();
      // With statistics the planner knows the common word (no probe of the text index for it); the rare one is still probed.
      await t.siaga.db.query('ANALYZE posts');
      await expectSearches();
    });

    const expectSearches = async () => {
      expect((await page('q=jarangsekali')).items.map((p) => p.externalId)).toEqual(['bulkword-2100', 'bulkword-1400', 'bulkword-700']);
      const first = await page('q=umum&limit=50');
      expect(first.items.map((p) => p.externalId)).toEqual(Array.from({ length: 50 }, (_, i) => `bulkword-${2100 - i}`));
      const second = await page(`q=umum&limit=50&cursor=${encodeURIComponent(first.nextCursor!)}`);
      expect(second.items.map((p) => p.externalId)).toEqual(Array.from({ length: 50 }, (_, i) => `bulkword-${2050 - i}`));
      // The common word less the rare one: 2,097 posts, the newest rare one left out.
      expect((await page('q=umum -jarangsekali&limit=2')).items.map((p) => p.externalId)).toEqual(['bulkword-2099', 'bulkword-2098']);
      // A rare word with another filter, and a word nobody wrote.
      expect((await page('q=jarangsekali&source=bulkword&limit=2')).items.map((p) => p.externalId)).toEqual(['bulkword-2100', 'bulkword-1400']);
      expect((await page('q=tidakadasamasekali')).items).toEqual([]);
    };
  });

  describe('CSV export', () => {
    let ekspor: Program;
    let dua: Program;

    beforeAll(async () => {
      ekspor = await createProgram({ name: 'Ekspor', slug: 'ekspor', query: 'ekspor' });
      dua = await createProgram({ name: 'Ekspor Dua', slug: 'ekspor-dua', query: 'dua' });
      await ingest([
        post({ externalId: 'ex-1', text: 'ekspor dua, "kutip" dan koma', createdAt: ago(MINUTE), author: { handle: 'budi', name: 'Budi, S.Kom' }, url: 'https://example.com/a?b=1,2' }),
        post({ externalId: 'ex-2', text: 'ekspor baris\nbaru\r\nlagi', createdAt: ago(2 * MINUTE), author: { handle: 'ani' } }),
        post({ externalId: 'ex-3', text: '=HYPERLINK("http://evil.example") ekspor', createdAt: ago(3 * MINUTE), author: { handle: '@evil', name: '-2+3' } }),
        post({ externalId: 'ex-4', text: '+62 ekspor number', lang: 'en', createdAt: ago(4 * MINUTE), author: { handle: 'tab' } }),
        post({ externalId: 'ex-5', text: 'ekspor lama', createdAt: ago(90 * MINUTE), author: { handle: 'lama' } }),
        post({ externalId: 'ex-6', text: 'tidak ada hubungannya', createdAt: ago(MINUTE), author: { handle: 'lain' } }),
      ]);
    });

    /** The raw bytes of a response, whatever its type. */
    const raw = (req: ReturnType<TestApp['http']['get']>) =>
      req.buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const exportCsv = async (query: string) => {
      const res: Response = await raw(as(analyst).get(`/api/posts/export?${query}`));
      return { res, bytes: res.body as Buffer, rows: parseCsv((res.body as Buffer).toString('utf8').replace(/^\uFEFF/, '')) };
    };
    const ids = async (query: string) => ((await as(analyst).get(`/api/posts?${query}&limit=500`)).body as Page<Post>).items.map((p) => p.externalId);
    const col = (name: (typeof POSTS_EXPORT_COLUMNS)[number]) => POSTS_EXPORT_COLUMNS.indexOf(name);

    it('streams a BOM, the header and the rows of GET /api/posts, newest first, as an attachment', async () => {
      const { res, bytes, rows } = await exportCsv(`programId=${ekspor.id}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      const stamp = iso(NOW).replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="siaga-posts-${stamp}.csv"`);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.toString('utf8').split('\r\n')[0]).toBe(`\uFEFF${POSTS_EXPORT_COLUMNS.join(',')}`);
      expect(rows[0]).toEqual([...POSTS_EXPORT_COLUMNS]);
      const body = rows.slice(1);
      expect(body.map((r) => r[col('external_id')])).toEqual(await ids(`programId=${ekspor.id}`));
      expect(body.map((r) => r[col('external_id')])).toEqual(['ex-1', 'ex-2', 'ex-3', 'ex-4', 'ex-5']);
      const first = (await as(analyst).get(`/api/posts/${await postId('ex-1')}`)).body as Post;
      expect(body[0]).toEqual([
        first.id,
        first.createdAt,
        'x',
        'ex-1',
        'budi',
        'Budi, S.Kom',
        first.lang,
        first.sentiment.label,
        String(first.sentiment.score),
        'false',
        expect.any(String),
        'https://example.com/a?b=1,2',
        'ekspor dua, "kutip" dan koma',
        // Followers, likes, shares, replies, views and places: none given, no place named.
        '',
        '0',
        '0',
        '0',
        '0',
        '',
      ]);
      expect(body[0]![col('programs')]!.split(';').sort()).toEqual([ekspor.slug, dua.slug]);
      expect(body[1]![col('programs')]).toBe(ekspor.slug);
    });

    it('quotes commas, quotes and line breaks, and neutralises formulas', async () => {
      const { bytes, rows } = await exportCsv(`programId=${ekspor.id}`);
      const text = bytes.toString('utf8');
      expect(text).toContain(',"ekspor dua, ""kutip"" dan koma",');
      expect(text).toContain(',"Budi, S.Kom",');
      expect(text).toContain(',"ekspor baris\nbaru\r\nlagi",');
      expect(text).toContain(`,"'=HYPERLINK(""http://evil.example"") ekspor",`);
      const byId = new Map(rows.slice(1).map((r) => [r[col('external_id')], r]));
      expect(byId.get('ex-2')![col('text')]).toBe('ekspor baris\nbaru\r\nlagi');
      expect(byId.get('ex-3')![col('author_handle')]).toBe("'@evil");
      expect(byId.get('ex-3')![col('author_name')]).toBe("'-2+3");
      expect(byId.get('ex-4')![col('text')]).toBe("'+62 ekspor number");
      // Every record has every column.
      expect(rows.every((r) => r.length === POSTS_EXPORT_COLUMNS.length)).toBe(true);
    });

    it('honours the filters of GET /api/posts and max', async () => {
      const cases = [
        `programId=${ekspor.id}&from=${encodeURIComponent(ago(HOUR))}`,
        `programId=${ekspor.id}&lang=en`,
        `q=baris`,
        `programId=${dua.id}`,
        `source=x&from=${encodeURIComponent(ago(5 * MINUTE))}&to=${encodeURIComponent(iso(NOW - MINUTE + 1))}`,
      ];
      for (const q of cases) {
        const { rows } = await exportCsv(q);
        const expected = await ids(q);
        expect(expected.length).toBeGreaterThan(0);
        expect([q, rows.slice(1).map((r) => r[col('external_id')])]).toEqual([q, expected]);
      }
      const { rows } = await exportCsv(`programId=${ekspor.id}&max=2`);
      expect(rows.slice(1).map((r) => r[col('external_id')])).toEqual(['ex-1', 'ex-2']);
    });

    it('marks corrected posts', async () => {
      const id = await postId('ex-2');
      expect((await as(analyst).post(`/api/posts/${id}/sentiment`, { label: 'negative' })).status).toBe(200);
      const { rows } = await exportCsv(`programId=${ekspor.id}`);
      const row = rows.find((r) => r[col('external_id')] === 'ex-2')!;
      expect([row[col('sentiment')], row[col('score')], row[col('corrected')]]).toEqual(['negative', '-1', 'true']);
    });

    it('answers bad filters with a JSON 400 and viewers with 403', async () => {
      for (const q of [`from=${encodeURIComponent(iso(NOW))}&to=${encodeURIComponent(ago(HOUR))}`, 'lang=fr', 'programId=nope', 'max=0', 'max=100001']) {
        const res = await as(analyst).get(`/api/posts/export?${q}`);
        expect([q, res.status, res.body.error?.code]).toEqual([q, 400, 'validation_failed']);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
      }
      const res = await as(viewer).get('/api/posts/export');
      expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
    });

    it('audits each export with its filters and row count', async () => {
      // Audit entries take their time from the injected clock: a later one is later on it.
      clock.advance(1_000);
      try {
        await exportCsv(`programId=${ekspor.id}&lang=en`);
      } finally {
        clock.advance(-1_000);
      }
      const audit = await as(admin).get('/api/audit?action=export.created');
      const entry = (audit.body as Page<AuditEntry>).items[0]!;
      expect(entry).toMatchObject({ action: 'export.created', actorEmail: 'analyst@test.local', targetType: 'posts' });
      expect(entry.details).toEqual({ format: 'csv', filters: { programId: ekspor.id, lang: 'en' }, max: 100_000, rows: 1, complete: true });
    });

    it('stops reading when the client goes away, and audits what was sent', async () => {
      // About 12 MB of CSV: more than the socket buffers a paused reader leaves room for (a few MB).
      await bulkPosts(12_000, NOW - 5 * DAY, 10, 'bulkexp', `'bulk ' || i || ' ' || repeat('lorem ipsum ', 84)`);
      await new Promise<void>((resolve, reject) => {
        const req = httpGet(`${t.baseUrl}/api/posts/export?source=bulkexp`, { headers: { authorization: `Bearer ${analyst}` } }, (res) => {
          if (res.statusCode !== 200) reject(new Error(`export answered ${res.statusCode}`));
          // A slow reader that gives up: backpressure stops the server, then the client leaves.
          res.once('data', () => {
            res.pause();
            setTimeout(() => {
              req.destroy();
              resolve();
            }, 500);
          });
        });
        req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? undefined : reject(err)));
      });
      const entry = await until('the interrupted export to be audited', async () => {
        const items = ((await as(admin).get('/api/audit?action=export.created')).body as Page<AuditEntry>).items;
        return items.find((e) => (e.details.filters as { source?: string }).source === 'bulkexp');
      });
      expect(entry.details).toMatchObject({ complete: false });
      expect(entry.details.rows).toBeLessThan(12_000);
    });
  });
});
