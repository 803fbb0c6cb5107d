import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditEntry, Incident, IncidentReport, OfficialChannel, Page, Post, Program, SeriesResponse } from '@siaga/shared';
import type { Response } from 'supertest';
import { AlertsService } from '../server/src/alerts/alerts.service.js';
import { Database } from '../server/src/database/database.js';
import { INCIDENT_CSV_COLUMNS } from '../server/src/incidents/reports.service.js';
import { OfficialRecountService } from '../server/src/official-channels/official-recount.service.js';
import { BackfillService } from '../server/src/programs/backfill.service.js';
import { FakeClock, INGEST_KEY, startTestApp, type TestApp } from './support/app.js';
import { parseCsv } from './support/csv.js';
import { ENGINE } from './support/database.js';
import { volumeSpike } from './support/decisions.js';

const MINUTE = 60_000;
const START = Date.parse('2026-11-26T06:00:00Z');
/** The first alert opens at 07:00; the ministry answers at 07:25 (it had also posted at 06:30, before the alert). */
const ALERT_AT = START + 60 * MINUTE;
const FIRST_OFFICIAL_AT = START + 85 * MINUTE;
const NOW = Date.parse('2026-11-26T10:00:00Z');

const NEGATIVE = 'bpjs kecewa marah parah buruk sekali, pelayanan jelek';
const POSITIVE = 'bpjs terima kasih pelayanan bagus dan cepat, mantap';

let seq = 0;
function post(at: number, text: string, handle: string, followers: number): Record<string, unknown> {
  seq++;
  return { source: 'x', externalId: `oc-${seq}`, text, createdAt: new Date(at).toISOString(), author: { handle, name: handle, followers }, engagement: { likes: 10, shares: 2, replies: 1, views: 0 } };
}

/**
 * The conversation is mostly negative in the hour before the ministry's answer and mostly
 * positive in the hour after it; the ministry's own posts read negative too (they quote the
 * complaint), which must not count.
 */
function fixture(): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < 8; i++) out.push(post(FIRST_OFFICIAL_AT - (i + 1) * 6 * MINUTE, i < 6 ? NEGATIVE : POSITIVE, `warga${i}`, 100));
  for (let i = 0; i < 8; i++) out.push(post(FIRST_OFFICIAL_AT + (i + 1) * 6 * MINUTE, i < 2 ? NEGATIVE : POSITIVE, `warga${i}`, 100));
  out.push(post(START + 30 * MINUTE, `${NEGATIVE} (jawaban resmi)`, 'KemenkesRI', 50_000));
  out.push(post(FIRST_OFFICIAL_AT, `${NEGATIVE} — klarifikasi resmi`, '@KemenkesRI', 50_000));
  out.push(post(FIRST_OFFICIAL_AT + 30 * MINUTE, `${NEGATIVE} — klarifikasi lanjutan`, 'kemenkesri', 50_000));
  return out;
}

describe(`official channels (${ENGINE})`, () => {
  const clock = new FakeClock(ALERT_AT);
  let t: TestApp;
  let admin: string;
  let analyst: string;
  let viewer: string;
  let program: Program;
  let channel: OfficialChannel;

  const api = (token: string) => ({
    get: (p: string) => t.http.get(p).set('authorization', `Bearer ${token}`),
    post: (p: string, body: unknown = {}) => t.http.post(p).set('authorization', `Bearer ${token}`).send(body as object),
    patch: (p: string, body: unknown = {}) => t.http.patch(p).set('authorization', `Bearer ${token}`).send(body as object),
    delete: (p: string) => t.http.delete(p).set('authorization', `Bearer ${token}`),
  });
  const sql = <T>(q: string, params: unknown[] = []) => t.siaga.app.get(Database).query<T>(q, params);

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    admin = await t.token('admin');
    analyst = await t.token('analyst');
    viewer = await t.token('viewer');
    program = (await api(admin).post('/api/programs', { name: 'BPJS Kesehatan', slug: 'bpjs', query: 'bpjs' })).body as Program;
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps a registry that analysts write and viewers read, refusing bad input with 4xx', async () => {
    const body = { programId: program.id, source: ' X ', handle: '@KemenkesRI', label: 'Kementerian Kesehatan', kind: 'ministry' };
    expect((await t.http.get('/api/official-channels')).status).toBe(401);
    expect((await api(viewer).post('/api/official-channels', body)).status).toBe(403);
    const created = await api(analyst).post('/api/official-channels', body);
    expect(created.status).toBe(201);
    channel = created.body as OfficialChannel;
    // Stored as posts name the account: lower-case, no @.
    expect(channel).toMatchObject({ programId: program.id, source: 'x', handle: 'kemenkesri', label: 'Kementerian Kesehatan', kind: 'ministry' });
    expect((await api(analyst).post('/api/official-channels', { ...body, handle: 'kemenkesri' })).status).toBe(409);

    const bad = async (b: unknown) => {
      const res = await api(analyst).post('/api/official-channels', b);
      expect([res.status, (res.body as { error?: { code?: string } }).error?.code]).toEqual([400, 'validation_failed']);
    };
    await bad({ ...body, kind: 'party' });
    await bad({ ...body, handle: 'kemenkes ri' });
    await bad({ ...body, handle: '@' });
    await bad({ ...body, label: 'nul\u0000' });
    await bad({ ...body, label: 'x'.repeat(201) });
    await bad({ ...body, source: 'x; DROP TABLE posts' });
    await bad({ ...body, programId: '00000000-0000-4000-8000-000000000000' });
    await bad({ ...body, programId: 'not-a-uuid' });
    await bad({ ...body, extra: 1 });
    await bad({ programId: program.id });
    await bad([body]);

    const list = await api(viewer).get(`/api/official-channels?programId=${program.id}`);
    expect(list.status).toBe(200);
    expect((list.body as OfficialChannel[]).map((c) => c.id)).toEqual([channel.id]);
    expect((await api(viewer).get('/api/official-channels?programId=nope')).status).toBe(400);
    // The program's recount of its stored posts goes on in the background: its state moves on.
    expect(channel.recount).toMatchObject({ changed: 0, error: null });
    const { recount: _recount, ...stored } = channel;
    expect((await api(viewer).get(`/api/official-channels/${channel.id}`)).body).toMatchObject(stored);

    expect((await api(viewer).patch(`/api/official-channels/${channel.id}`, { label: 'x' })).status).toBe(403);
    expect((await api(analyst).patch(`/api/official-channels/${channel.id}`, {})).status).toBe(400);
    const renamed = await api(analyst).patch(`/api/official-channels/${channel.id}`, { label: 'Kemenkes RI' });
    expect(renamed.body).toMatchObject({ id: channel.id, label: 'Kemenkes RI', handle: 'kemenkesri' });

    const spare = (await api(admin).post('/api/official-channels', { ...body, handle: 'dinkes_jatim', label: 'Dinkes Jatim', kind: 'regional_office' })).body as OfficialChannel;
    expect((await api(viewer).delete(`/api/official-channels/${spare.id}`)).status).toBe(403);
    expect((await api(analyst).delete(`/api/official-channels/${spare.id}`)).status).toBe(200);
    for (const res of [
      await api(viewer).get(`/api/official-channels/${spare.id}`),
      await api(analyst).patch(`/api/official-channels/${spare.id}`, { label: 'y' }),
      await api(analyst).delete(`/api/official-channels/${spare.id}`),
    ]) expect(res.status).toBe(404);
    expect((await api(viewer).get('/api/official-channels/nope')).status).toBe(400);

    // Every change is audited, with who made it.
    const audit = (await api(admin).get('/api/audit?targetType=official_channel&limit=10')).body as Page<{ action: string; actorEmail: string | null }>;
    expect(audit.items.map((e) => e.action).sort()).toEqual(['official_channel.created', 'official_channel.created', 'official_channel.deleted', 'official_channel.updated']);
  });

  it('marks the official posts and counts them apart: they are not in the volume or the negative share', async () => {
    const res = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts: fixture() });
    expect(res.body).toMatchObject({ accepted: 19 });
    const [labels] = await sql<{ official: number; official_negative: number; public: number; public_negative: number }>(
      `SELECT count(*) FILTER (WHERE lower(ltrim(author_handle, '@')) = 'kemenkesri')::int AS official,
              count(*) FILTER (WHERE lower(ltrim(author_handle, '@')) = 'kemenkesri' AND sentiment_label = 'negative')::int AS official_negative,
              count(*) FILTER (WHERE author_handle LIKE 'warga%')::int AS public,
              count(*) FILTER (WHERE author_handle LIKE 'warga%' AND sentiment_label = 'negative')::int AS public_negative
       FROM posts`,
    );
    // The fixture is what it says: the official posts read negative, and so does part of the public.
    expect(labels).toMatchObject({ official: 3, official_negative: 3, public: 16 });
    const [rollups] = await sql<{ volume: number; negative: number; official: number }>(
      `SELECT sum(volume)::int AS volume, sum(negative)::int AS negative, sum(official)::int AS official FROM rollups_minute WHERE program_id = $1`,
      [program.id],
    );
    expect(rollups).toEqual({ volume: 16, negative: labels!.public_negative, official: 3 });

    const page = (await api(viewer).get(`/api/posts?programId=${program.id}&limit=50`)).body as Page<Post>;
    const official = page.items.filter((p) => p.official);
    expect(official.map((p) => p.author.handle).sort()).toEqual(['@KemenkesRI', 'KemenkesRI', 'kemenkesri']);
    expect(page.items.filter((p) => p.official === false)).toHaveLength(16);
  });

  it('measures the official response in the incident report: time to first post, reach, negative share before and after', async () => {
    const alert = (await t.siaga.app.get(AlertsService).applyDecision(volumeSpike(program.id, clock.now())))!;
    clock.advance(NOW - ALERT_AT);
    const incident = (await api(analyst).post('/api/incidents', { title: 'Antrian BPJS', programIds: [program.id], alertIds: [alert.id], startedAt: new Date(START).toISOString() })).body as Incident;

    const report = (await api(viewer).get(`/api/incidents/${incident.id}/report.json?lang=en`)).body as IncidentReport;
    const o = report.impact.official!;
    expect(o).toMatchObject({
      channels: 1,
      posts: 3,
      firstAlertAt: new Date(ALERT_AT).toISOString(),
      firstPostAt: new Date(FIRST_OFFICIAL_AT).toISOString(),
      firstPostHandle: '@KemenkesRI',
      minutesToFirstPost: 25,
      reach: 50_000,
      engagement: 3 * 13,
      windowMinutes: 60,
    });
    // The conversation's reach is its 8 distinct authors' followers; the official posts are not in it.
    expect(report.impact.reach).toBe(800);
    expect(report.impact.posts).toBe(16);
    expect(o.reachShare).toBeCloseTo(50_000 / 50_800, 4);
    expect(o.before!.volume).toBe(8);
    expect(o.after!.volume).toBe(8);
    expect(o.before!.negativeShare!).toBeGreaterThan(o.after!.negativeShare!);
    expect(o.negativeShareFell).toBe(true);

    const md = (await api(viewer).get(`/api/incidents/${incident.id}/report.md?lang=en`)).text;
    expect(md).toContain('| First official post after the first alert |');
    expect(md).toContain('25 minutes after the alert');
    expect(md).toContain('| Official channel posts | 3 \\(1 channels registered\\) |');
    const id = (await api(viewer).get(`/api/incidents/${incident.id}/report.md?lang=id`)).text;
    expect(id).toContain('Unggahan resmi pertama sejak peringatan pertama');

    const csv = (await api(analyst).get(`/api/incidents/${incident.id}/report.csv`).buffer(true).parse(binary)).body as Buffer;
    const rows = parseCsv(csv.toString('utf8').slice(1));
    const col = (name: string) => INCIDENT_CSV_COLUMNS.indexOf(name as (typeof INCIDENT_CSV_COLUMNS)[number]);
    expect(rows[0]![col('official')]).toBe('official');
    const flagged = rows.slice(1).filter((r) => r[col('official')] === '1').map((r) => r[col('author_handle')]);
    // A handle that starts with @ is neutralised like any text cell.
    expect(flagged.sort()).toEqual(["'@KemenkesRI", 'KemenkesRI', 'kemenkesri']);
    expect(rows.slice(1).filter((r) => r[col('official')] === '0')).toHaveLength(16);
  });

  it('recounts the stored past when a channel is registered, and again when it is removed: marks, rollups and the series follow', async () => {
    const other = (await api(admin).post('/api/programs', { name: 'Kartu Prakerja', slug: 'prakerja', query: 'prakerja' })).body as Program;
    const at = (i: number) => START + (20 + i) * MINUTE;
    // The ministry of manpower posted before anyone registered it, under three spellings of its handle.
    const posts = [
      post(at(0), NEGATIVE.replace('bpjs', 'prakerja'), '@Kemnaker', 80_000),
      post(at(1), NEGATIVE.replace('bpjs', 'prakerja'), 'kemnaker', 80_000),
      post(at(2), `${NEGATIVE.replace('bpjs', 'prakerja')} resmi`, 'KEMNAKER', 80_000),
      ...[0, 1, 2, 3].map((i) => post(at(3 + i), (i < 2 ? NEGATIVE : POSITIVE).replace('bpjs', 'prakerja'), `pekerja${i}`, 100)),
    ];
    expect((await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts })).body).toMatchObject({ accepted: 7 });
    const [labels] = await sql<{ all_negative: number; public_negative: number }>(
      `SELECT count(*) FILTER (WHERE sentiment_label = 'negative')::int AS all_negative,
              count(*) FILTER (WHERE sentiment_label = 'negative' AND author_handle LIKE 'pekerja%')::int AS public_negative
       FROM posts WHERE $1::uuid = ANY(program_ids)`,
      [other.id],
    );
    expect(labels!.all_negative).toBe(labels!.public_negative + 3);
    const totals = async (programId: string) =>
      (await sql<{ volume: number; negative: number; official: number }>(
        `SELECT coalesce(sum(volume), 0)::int AS volume, coalesce(sum(negative), 0)::int AS negative, coalesce(sum(official), 0)::int AS official FROM rollups_minute WHERE program_id = $1`,
        [programId],
      ))[0];
    const series = async () => {
      const res = await api(viewer).get(`/api/metrics/series?programId=${other.id}&from=${new Date(START).toISOString()}&to=${new Date(NOW).toISOString()}&bucket=1h`);
      expect(res.status).toBe(200);
      const points = (res.body as SeriesResponse).points;
      return { volume: points.reduce((n, p) => n + p.volume, 0), negative: points.reduce((n, p) => n + p.negative, 0) };
    };
    const marked = async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM post_programs WHERE program_id = $1 AND official`, [other.id]))[0]!.n;
    const publicCounts = { volume: 7, negative: labels!.all_negative };
    expect(await totals(other.id)).toEqual({ ...publicCounts, official: 0 });
    expect(await series()).toEqual(publicCounts);
    const bpjsBefore = await totals(program.id);
    const recounts = t.siaga.app.get(OfficialRecountService);
    // Two links a batch: the walk crosses batch ends, official posts on either side of them.
    recounts.batchSize = 2;
    let transactions = 0;
    const db = t.siaga.app.get(Database);
    const transaction = db.transaction.bind(db);
    db.transaction = <T>(work: Parameters<typeof transaction<T>>[0]): Promise<T> => {
      transactions++;
      return transaction(work);
    };

    // Registering answers at once with the recount under way; the recount moves the three past posts.
    const created = await api(analyst).post('/api/official-channels', { programId: other.id, source: 'x', handle: 'Kemnaker', label: 'Kemnaker', kind: 'ministry' });
    expect(created.status).toBe(201);
    const kemnaker = created.body as OfficialChannel;
    expect(['pending', 'running', 'done']).toContain(kemnaker.recount?.state);
    await recounts.idle();
    const officialCounts = { volume: 4, negative: labels!.public_negative };
    expect(await totals(other.id)).toEqual({ ...officialCounts, official: 3 });
    expect(await series()).toEqual(officialCounts);
    expect(await marked()).toBe(3);
    expect(((await api(viewer).get(`/api/official-channels/${kemnaker.id}`)).body as OfficialChannel).recount).toMatchObject({ state: 'done', changed: 3, error: null });
    // Seven links, two a batch: four short transactions, not one over the program.
    expect(transactions).toBe(4);
    db.transaction = transaction;
    const listed = (await api(viewer).get(`/api/posts?programId=${other.id}&limit=50`)).body as Page<Post>;
    expect(listed.items.filter((p) => p.official).map((p) => p.author.handle).sort()).toEqual(['@Kemnaker', 'KEMNAKER', 'kemnaker']);

    // Idempotent: another pass finds every mark in order and moves nothing.
    await recounts.request(other.id);
    await recounts.idle();
    expect(await totals(other.id)).toEqual({ ...officialCounts, official: 3 });
    expect(((await api(viewer).get(`/api/official-channels/${kemnaker.id}`)).body as OfficialChannel).recount).toMatchObject({ state: 'done', changed: 0 });

    // Posts ingested after the registration are counted official at once, and marked so.
    expect((await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts: [post(at(10), 'prakerja dibuka lagi', 'kemnaker', 80_000)] })).body).toMatchObject({ accepted: 1 });
    expect(await totals(other.id)).toEqual({ ...officialCounts, official: 4 });
    expect(await marked()).toBe(4);

    // Removing the channel puts all four back into the public counts.
    const removed = await api(analyst).delete(`/api/official-channels/${kemnaker.id}`);
    expect(removed.status).toBe(200);
    expect((removed.body as OfficialChannel).recount?.state).toMatch(/^(pending|running|done)$/);
    await recounts.idle();
    const [late] = await sql<{ negative: number }>(`SELECT count(*)::int AS negative FROM posts WHERE text = 'prakerja dibuka lagi' AND sentiment_label = 'negative'`);
    expect(await totals(other.id)).toEqual({ volume: 8, negative: publicCounts.negative + late!.negative, official: 0 });
    expect(await series()).toEqual({ volume: 8, negative: publicCounts.negative + late!.negative });
    expect(await marked()).toBe(0);
    // The other program's counts never moved.
    expect(await totals(program.id)).toEqual(bpjsBefore);

    // A recount left unfinished (an instance stopped, or the migration asked for one) is taken up at start.
    await sql(`UPDATE official_recounts SET state = 'pending', finished_at = NULL WHERE program_id = $1`, [other.id]);
    await recounts.resume();
    await recounts.idle();
    expect((await sql<{ state: string }>(`SELECT state FROM official_recounts WHERE program_id = $1`, [other.id]))[0]!.state).toBe('done');
    expect(await totals(other.id)).toEqual({ volume: 8, negative: publicCounts.negative + late!.negative, official: 0 });

    // Each pass that moved posts is in the audit log, with how many (the fake clock gives them one time: any order).
    const audit = (await api(admin).get(`/api/audit?targetType=program&limit=50`)).body as Page<AuditEntry>;
    const recounted = audit.items.filter((e) => e.action === 'official_channel.recounted' && e.targetId === other.id);
    expect(recounted.map((e) => e.details).sort((a, b) => Number(a.changed) - Number(b.changed))).toEqual([{ changed: 3 }, { changed: 4 }]);
  });

  it('keeps the marks when a query change re-matches stored posts: a channel\'s post joins and leaves `official`, not the volume', async () => {
    const bansos = (await api(admin).post('/api/programs', { name: 'Bantuan Sosial', slug: 'bansos', query: 'bansos' })).body as Program;
    expect((await api(analyst).post('/api/official-channels', { programId: bansos.id, source: 'x', handle: 'Kemsos', label: 'Kemensos', kind: 'ministry' })).status).toBe(201);
    await t.siaga.app.get(OfficialRecountService).idle();
    const stored = [post(START + 50 * MINUTE, 'penyaluran bantuan tunai tahap dua dimulai', '@Kemsos', 90_000), post(START + 51 * MINUTE, 'bantuan tunai belum cair juga', 'warga_bansos', 10)];
    expect((await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts: stored })).body).toMatchObject({ accepted: 2 });
    // Stored before the query change (a re-match takes the posts ingested before it).
    await sql(`UPDATE posts SET ingested_at = $1 WHERE text LIKE '%bantuan tunai%'`, [new Date(START).toISOString()]);
    const counts = async () =>
      (await sql<{ volume: number; official: number; marked: number }>(
        `SELECT (SELECT coalesce(sum(volume), 0)::int FROM rollups_minute WHERE program_id = $1) AS volume,
                (SELECT coalesce(sum(official), 0)::int FROM rollups_minute WHERE program_id = $1) AS official,
                (SELECT count(*)::int FROM post_programs WHERE program_id = $1 AND official) AS marked`,
        [bansos.id],
      ))[0];
    expect(await counts()).toEqual({ volume: 0, official: 0, marked: 0 });
    const backfill = t.siaga.app.get(BackfillService);

    expect((await api(admin).patch(`/api/programs/${bansos.id}`, { query: 'bansos OR "bantuan tunai"' })).status).toBe(200);
    await backfill.idle();
    expect(await counts()).toEqual({ volume: 1, official: 1, marked: 1 });

    expect((await api(admin).patch(`/api/programs/${bansos.id}`, { query: 'bansos' })).status).toBe(200);
    await backfill.idle();
    expect(await counts()).toEqual({ volume: 0, official: 0, marked: 0 });
  });
});

function binary(res: Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}
