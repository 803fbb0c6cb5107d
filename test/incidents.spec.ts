import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Alert, Incident, IncidentDetail, IncidentReport, IncidentUpdate, Program } from '@siaga/shared';
import type { Response } from 'supertest';
import { AlertsService } from '../server/src/alerts/alerts.service.js';
import { Database } from '../server/src/database/database.js';
import { INCIDENT_CSV_COLUMNS } from '../server/src/incidents/reports.service.js';
import { connected, liveClient, ofType, subscribe, until } from './cluster/live-client.js';
import { FakeClock, INGEST_KEY, startTestApp, type TestApp } from './support/app.js';
import { parseCsv } from './support/csv.js';
import { ENGINE } from './support/database.js';
import { volumeSpike } from './support/decisions.js';
import { pdfPages } from './support/pdf-text.js';

const NOW = Date.parse('2026-11-26T10:00:00Z');
const START = '2026-11-26T06:00:00.000Z';
const END = '2026-11-26T09:00:00.000Z';
const ACTION_AT = '2026-11-26T07:30:00.000Z';
const WEEK = 7 * 24 * 3_600_000;

/** Post texts a spreadsheet, a wiki or a browser would run if they were not neutralised. */
const HOSTILE = [
  '=HYPERLINK("http://evil.example","klik") bpjs',
  '+62 812 bpjs hoaks',
  '-1+1 bpjs',
  '@SUM(A1) bpjs',
  '\tbpjs tab',
  'bpjs <script>alert(1)</script> **tebal** [x](javascript:alert(1)) "kutip", koma\nbaris baru 😂🙏',
];

let seq = 0;
function post(at: number, text: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  seq++;
  return { source: 'x', externalId: `inc-${seq}`, text, createdAt: new Date(at).toISOString(), author: { handle: `warga${seq % 6}`, name: `Warga ${seq % 6}`, followers: (seq % 6) * 100 + 100 }, ...over };
}

/** The fixture: 30 posts in the span (6 hostile), 2 outside it, and 6 and 4 posts in the same hours 1 and 2 weeks before. */
function fixture(): Array<Record<string, unknown>> {
  const start = Date.parse(START);
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < 24; i++) {
    const negative = i % 2 === 0;
    const text = negative ? 'bpjs antrian lama sekali, kecewa dan marah #bpjsrusak' : 'bpjs pelayanan cepat, terima kasih #bpjssehat';
    out.push(post(start + i * 7 * 60_000, text, { source: i % 3 === 2 ? 'facebook' : 'x', engagement: { likes: i, shares: 1, replies: 0, views: 10 * i } }));
  }
  HOSTILE.forEach((text, i) => out.push(post(start + (40 + i * 15) * 60_000, text, { url: `https://x.example/status/${i}`, engagement: { likes: 100 + i, shares: 0, replies: 0, views: 0 } })));
  out.push(post(start - 30 * 60_000, 'bpjs sebelum insiden'), post(Date.parse(END) + 30 * 60_000, 'bpjs sesudah insiden'));
  for (let i = 0; i < 6; i++) out.push(post(start - WEEK + i * 20 * 60_000, 'bpjs minggu lalu'));
  for (let i = 0; i < 4; i++) out.push(post(start - 2 * WEEK + i * 20 * 60_000, 'bpjs dua minggu lalu'));
  return out;
}

const text = (res: Response) => (Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.text);
const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe(`incidents (${ENGINE})`, () => {
  const clock = new FakeClock(NOW);
  let t: TestApp;
  let admin: string;
  let analyst: string;
  let viewer: string;
  let program: Program;
  let other: Program;
  let incident: Incident;
  let alert: Alert;

  const api = (token: string) => ({
    get: (p: string) => t.http.get(p).set('authorization', `Bearer ${token}`),
    post: (p: string, body: object = {}) => t.http.post(p).set('authorization', `Bearer ${token}`).send(body),
    patch: (p: string, body: object = {}) => t.http.patch(p).set('authorization', `Bearer ${token}`).send(body),
  });
  const sql = <T>(q: string, params: unknown[] = []) => t.siaga.app.get(Database).query<T>(q, params);

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    admin = await t.token('admin');
    analyst = await t.token('analyst');
    viewer = await t.token('viewer');
    program = (await api(admin).post('/api/programs', { name: 'BPJS Kesehatan', slug: 'bpjs', query: 'bpjs' })).body as Program;
    other = (await api(admin).post('/api/programs', { name: 'Kartu Prakerja', slug: 'prakerja', query: 'prakerja' })).body as Program;
    const res = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts: fixture() });
    if (res.status !== 202 || (res.body as { accepted: number }).accepted !== 42) throw new Error(`fixture ingest failed: ${res.status} ${JSON.stringify(res.body)}`);
    alert = (await t.siaga.app.get(AlertsService).applyDecision(volumeSpike(other.id, clock.now())))!;
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates an incident by hand or from alerts, and refuses bad input with 4xx', async () => {
    expect((await api(viewer).post('/api/incidents', { title: 'x', programIds: [program.id] })).status).toBe(403);
    const res = await api(analyst).post('/api/incidents', { title: 'Hoaks iuran BPJS naik', programIds: [program.id], severity: 'critical', startedAt: START });
    expect(res.status).toBe(201);
    incident = res.body as Incident;
    expect(incident).toMatchObject({ title: 'Hoaks iuran BPJS naik', programIds: [program.id], severity: 'critical', status: 'open', endedAt: null, startedAt: START, createdByName: 'analyst' });

    const fromAlert = (await api(analyst).post('/api/incidents', { title: 'Lonjakan Prakerja', alertIds: [alert.id] })).body as Incident;
    expect(fromAlert).toMatchObject({ programIds: [other.id], startedAt: alert.openedAt, alertCount: 1 });

    const bad = async (body: object, status = 400) => expect((await api(analyst).post('/api/incidents', body)).status).toBe(status);
    await bad({ title: 'no program' });
    await bad({ title: 'x', programIds: ['00000000-0000-4000-8000-000000000000'] });
    await bad({ title: 'x', alertIds: ['00000000-0000-4000-8000-000000000000'] });
    await bad({ title: 'nul\u0000', programIds: [program.id] });
    await bad({ title: 'x', programIds: ['not-a-uuid'] });
    await bad({ title: 'x', programIds: [program.id], startedAt: '2099-01-01T00:00:00Z' });
    await bad({ title: 'x', programIds: [program.id], extra: 1 });
    expect((await api(analyst).get('/api/incidents/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api(analyst).get('/api/incidents/nope')).status).toBe(400);
  });

  it('keeps a timeline of notes, actions, linked alerts, pins and status changes, told live as incident:updated', async () => {
    const c = liveClient(t.baseUrl, { token: viewer });
    try {
      await connected(c.socket);
      await subscribe(c.socket, { programIds: [program.id] });
      const id = incident.id;
      expect((await api(analyst).post(`/api/incidents/${id}/notes`, { text: 'Klarifikasi sedang disiapkan' })).status).toBe(200);
      await until(() => ofType(c.events, 'incident:updated').find((e) => e.payload.change === 'note'), 'incident:updated (note)');
      const action = await api(analyst).post(`/api/incidents/${id}/actions`, { text: 'Klarifikasi terbit di akun kementerian', url: 'https://kemkes.example/klarifikasi', at: ACTION_AT });
      expect(action.status).toBe(200);
      expect((await api(analyst).post(`/api/incidents/${id}/actions`, { text: 'later', at: '2099-01-01T00:00:00Z' })).status).toBe(400);
      expect((await api(analyst).post(`/api/incidents/${id}/actions`, { text: 'bad link', url: 'javascript:alert(1)' })).status).toBe(400);
      const linked = await api(analyst).post(`/api/incidents/${id}/alerts`, { alertIds: [alert.id] });
      expect(linked.body).toMatchObject({ alertCount: 1 });
      // The alert's program joins the incident.
      expect((linked.body as Incident).programIds.sort()).toEqual([program.id, other.id].sort());
      const [hostile] = await sql<{ id: string }>(`SELECT id FROM posts WHERE text LIKE '=HYPERLINK%'`);
      expect((await api(analyst).post(`/api/incidents/${id}/pins`, { postId: hostile!.id, note: 'Sumber hoaks' })).status).toBe(200);
      expect((await api(analyst).post(`/api/incidents/${id}/pins`, { postId: hostile!.id })).status).toBe(409);
      expect((await api(analyst).post(`/api/incidents/${id}/pins`, { postId: '00000000-0000-4000-8000-000000000000' })).status).toBe(400);
      const summary = 'Hoaks bahwa iuran naik 300% menyebar; klarifikasi menurunkan porsi negatif.';
      const lessons = 'Siapkan templat klarifikasi lebih awal.';
      expect((await api(analyst).patch(`/api/incidents/${id}`, { summary, lessons, status: 'monitoring' })).body).toMatchObject({ status: 'monitoring', summary, lessons });
      expect((await api(analyst).patch(`/api/incidents/${id}`, { endedAt: '2026-11-26T05:00:00Z', status: 'closed' })).status).toBe(400);
      expect((await api(analyst).patch(`/api/incidents/${id}`, { endedAt: END })).status).toBe(400);
      incident = (await api(analyst).patch(`/api/incidents/${id}`, { status: 'closed', endedAt: END })).body as Incident;
      expect(incident).toMatchObject({ status: 'closed', endedAt: END });
      const update = await until(() => ofType(c.events, 'incident:updated').find((e) => e.payload.incident.status === 'closed'), 'incident:updated (closed)');
      expect(update.payload).toEqual({ incident, change: 'status' } satisfies IncidentUpdate);

      const detail = (await api(viewer).get(`/api/incidents/${id}`)).body as IncidentDetail;
      expect(detail.timeline.map((e) => e.kind)).toEqual(['action', 'created', 'note', 'alert', 'pin', 'status', 'status']);
      expect(detail.timeline.every((e) => e.userName === 'analyst')).toBe(true);
      expect(detail.timeline.find((e) => e.kind === 'action')).toMatchObject({ at: ACTION_AT, url: 'https://kemkes.example/klarifikasi' });
      expect(detail.pins).toHaveLength(1);
      expect(detail.alerts.map((a) => a.id)).toEqual([alert.id]);
      const audit = await api(admin).get('/api/audit?action=incident.updated');
      expect((audit.body.items as unknown[]).length).toBeGreaterThanOrEqual(6);
    } finally {
      c.socket.close();
    }
  });

  it('lets viewers read incidents and their reports but not change them or export the posts', async () => {
    const id = incident.id;
    expect((await api(viewer).get('/api/incidents?status=closed')).body.items.map((i: Incident) => i.id)).toEqual([id]);
    expect((await api(viewer).get(`/api/incidents?programId=${program.id}`)).body.items).toHaveLength(1);
    for (const f of ['pdf', 'md', 'json']) expect((await api(viewer).get(`/api/incidents/${id}/report.${f}`)).status).toBe(200);
    expect((await api(viewer).get(`/api/incidents/${id}/report.csv`)).status).toBe(403);
    expect((await api(viewer).post(`/api/incidents/${id}/notes`, { text: 'x' })).status).toBe(403);
    expect((await api(viewer).post(`/api/incidents/${id}/actions`, { text: 'x' })).status).toBe(403);
    expect((await api(viewer).post(`/api/incidents/${id}/alerts`, { alertIds: [alert.id] })).status).toBe(403);
    expect((await api(viewer).post(`/api/incidents/${id}/pins`, { postId: id })).status).toBe(403);
    expect((await api(viewer).patch(`/api/incidents/${id}`, { lessons: 'x' })).status).toBe(403);
    expect((await t.http.get(`/api/incidents/${id}/report.pdf`)).status).toBe(401);
    expect((await api(viewer).get(`/api/incidents/${id}/report.pdf?lang=fr`)).status).toBe(400);
  });

  it('measures the impact against the same hours of the previous weeks', async () => {
    const r = (await api(viewer).get(`/api/incidents/${incident.id}/report.json?lang=en`)).body as IncidentReport;
    const m = r.impact;
    const [neg] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE sentiment_label = 'negative' AND text LIKE '%bpjs%' AND created_at >= $1 AND created_at < $2`, [START, END]);
    expect(m).toMatchObject({ from: START, to: END, volume: 30, posts: 30, negative: neg!.n, baselineWeeks: 2, baselineVolume: 5, volumeRatio: 6, uniqueAuthors: 6, termsSampled: false });
    expect(m.sentiment.positive + m.sentiment.neutral + m.sentiment.negative).toBe(30);
    expect(m.bySource).toEqual([{ value: 'x', count: 22, share: 0.7333 }, { value: 'facebook', count: 8, share: 0.2667 }]);
    // Six authors of followers 100..600 each.
    expect(m.reach).toBe(2_100);
    expect(m.topHashtags.map((h) => h.value)).toEqual(['#bpjsrusak', '#bpjssehat']);
    expect(m.topAuthors[0]).toMatchObject({ followers: 600 });
    expect(m.series.reduce((s, p) => s + p.volume, 0)).toBe(30);
    expect(m.peak!.volume).toBe(Math.max(...m.series.map((p) => p.volume)));
    // Before and after the clarification: the rollups of the hour on each side.
    const [before] = await sql<{ v: number; n: number }>(`SELECT sum(volume)::int AS v, sum(negative)::int AS n FROM rollups_minute WHERE minute >= '2026-11-26T06:30:00Z' AND minute < $1`, [ACTION_AT]);
    const [after] = await sql<{ v: number; n: number }>(`SELECT sum(volume)::int AS v, sum(negative)::int AS n FROM rollups_minute WHERE minute >= $1 AND minute < '2026-11-26T08:30:00Z'`, [ACTION_AT]);
    expect(m.actions).toHaveLength(1);
    expect(m.actions[0]).toMatchObject({ before: { volume: before!.v, negative: before!.n }, after: { volume: after!.v, negative: after!.n } });
    expect(m.actions[0]!.negativeShareFell).toBe(after!.n / after!.v < before!.n / before!.v);
    expect(r.topPosts[0]!.text).toBe(HOSTILE[5]);
    expect(r.pinnedPosts.map((p) => p.text)).toEqual([HOSTILE[0]]);
    expect(r.generatedBy).toBe('viewer');
  });

  it('writes the PDF report with every section and figure, in Indonesian by default and in English on request', async () => {
    const json = (await api(viewer).get(`/api/incidents/${incident.id}/report.json?lang=en`)).body as IncidentReport;
    const en = await api(viewer).get(`/api/incidents/${incident.id}/report.pdf?lang=en`).buffer(true).parse(binary);
    expect(en.headers['content-type']).toBe('application/pdf');
    expect(en.headers['content-disposition']).toMatch(/^attachment; filename="siaga-incident-[0-9a-f]{8}-\d{8}T\d{6}Z\.pdf"$/);
    const { texts, pathOps } = await pdfPages(new Uint8Array(en.body as Buffer));
    const all = texts.join('\n');
    for (const heading of ['Incident Report', 'Executive summary', 'Impact metrics', 'Charts', 'Volume and negative volume against the baseline band', 'Sentiment mix', 'Effect of actions on the negative share', 'Timeline', 'Linked alerts', 'Pinned posts', 'Most engaging posts', 'Actions taken', 'Lessons and follow-ups']) {
      expect(all).toContain(heading);
    }
    // The cover: title, programs, span, status, author.
    expect(texts[0]).toContain('Hoaks iuran BPJS naik');
    expect(texts[0]).toContain('BPJS Kesehatan, Kartu Prakerja');
    expect(texts[0]).toContain('26 Nov 2026, 13:00 WIB – 26 Nov 2026, 16:00 WIB');
    expect(texts[0]).toContain('Closed');
    expect(texts[0]).toContain('Opened by analyst');
    expect(texts[0]).toContain('Prepared by viewer');
    // Figures of the impact table.
    const m = json.impact;
    const flat = all.replace(/\s+/g, ' ');
    const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
    const effect = m.actions[0]!;
    for (const figure of [
      `Post volume ${m.volume} 5`,
      `Negative posts ${m.negative} ${m.baselineNegative}`,
      `Negative share ${pct(m.negativeShare!)}`,
      'Volume against baseline 6×',
      `Peak 26 Nov 2026, 13:40 WIB (${m.peak!.volume})`,
      'Unique authors 6',
      'Reach (sum of followers) 2,100',
      `Engagement (likes, shares, replies) ${m.engagement.total}`,
      'Baseline weeks 2',
      'x 22 73.3% facebook 8 26.7%',
      '#bpjsrusak 12 40% #bpjssehat 12 40%',
      'warga5 (Warga 5) 600 followers 5 posts',
      `Positive ${m.sentiment.positive} (${pct(m.sentiment.positive / 30)})`,
      `${pct(effect.before.negativeShare!)} (${effect.before.negative}/${effect.before.volume}) ${pct(effect.after.negativeShare!)} (${effect.after.negative}/${effect.after.volume}) ${effect.negativeShareFell ? 'fell' : 'did not fall'}`,
      'Status changed Monitoring → Closed',
      'Note: Sumber hoaks',
    ]) {
      expect(flat).toContain(figure);
    }
    expect(all).toContain('Hoaks bahwa iuran naik 300% menyebar');
    expect(all).toContain('Siapkan templat klarifikasi lebih awal.');
    expect(all).toContain('Klarifikasi terbit di akun kementerian');
    expect(all).toContain('https://kemkes.example/klarifikasi');
    expect(all).toContain('#bpjsrusak');
    // Hostile text is shown as text; emoji become their names, not boxes.
    expect(all).toContain('=HYPERLINK("http://evil.example","klik") bpjs');
    expect(all).toContain('<script>alert(1)</script>');
    expect(all).toContain('[face with tears of joy][folded hands]');
    expect(all).not.toContain('😂');
    // The charts are vector paths.
    expect(Math.max(...pathOps)).toBeGreaterThan(20);

    const id = await api(viewer).get(`/api/incidents/${incident.id}/report.pdf`).set('accept-language', 'en;q=0.5, id').buffer(true).parse(binary);
    const idText = (await pdfPages(new Uint8Array(id.body as Buffer))).texts.join('\n');
    for (const heading of ['Laporan Insiden', 'Ringkasan eksekutif', 'Metrik dampak', 'Linimasa', 'Pelajaran dan tindak lanjut', 'Ditutup']) expect(idText).toContain(heading);
    const en2 = await api(viewer).get(`/api/incidents/${incident.id}/report.md`).set('accept-language', 'en-GB,en;q=0.9,id;q=0.8');
    expect(text(en2)).toMatch(/^# Incident Report: /);
  });

  it('exports every post of the span as CSV with formulas neutralised, and respects the filters', async () => {
    const res = await api(analyst).get(`/api/incidents/${incident.id}/report.csv`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const csv = (res.body as Buffer).toString('utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual(INCIDENT_CSV_COLUMNS);
    // Posts of BPJS and Prakerja (joined through the alert) in the span: the 30 BPJS posts.
    expect(rows).toHaveLength(1 + 30);
    const col = (name: string) => INCIDENT_CSV_COLUMNS.indexOf(name as (typeof INCIDENT_CSV_COLUMNS)[number]);
    const texts = rows.slice(1).map((r) => r[col('text')]);
    expect(texts).toEqual(expect.arrayContaining(["'=HYPERLINK(\"http://evil.example\",\"klik\") bpjs", "'+62 812 bpjs hoaks", "'-1+1 bpjs", "'@SUM(A1) bpjs", "'\tbpjs tab", HOSTILE[5]]));
    // Quoted where RFC 4180 needs it, numbers left as numbers (a negative score is not a formula).
    expect(csv).toContain('"\'=HYPERLINK(""http://evil.example"",""klik"") bpjs"');
    const hostileRow = csv.split('\r\n').find((l) => l.includes('@SUM'))!;
    expect(hostileRow).toMatch(/,'@SUM\(A1\) bpjs,\d+,103,0,0,0,0$/);
    for (const r of rows.slice(1)) {
      expect(r[col('likes')]).toMatch(/^\d+$/);
      expect(r[col('score')]).toMatch(/^-?\d+(\.\d+)?(e-?\d+)?$/);
      expect(Date.parse(r[col('created_at')]!)).toBeGreaterThanOrEqual(Date.parse(START));
      expect(Date.parse(r[col('created_at')]!)).toBeLessThan(Date.parse(END));
    }
    const [neg] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE sentiment_label = 'negative' AND created_at >= $1 AND created_at < $2`, [START, END]);
    const filtered = await api(analyst).get(`/api/incidents/${incident.id}/report.csv?sentiment=negative&source=x`).buffer(true).parse(binary);
    const fRows = parseCsv((filtered.body as Buffer).toString('utf8').slice(1)).slice(1);
    expect(fRows.length).toBeLessThanOrEqual(neg!.n);
    expect(fRows.every((r) => r[col('sentiment')] === 'negative' && r[col('source')] === 'x')).toBe(true);
    expect((await api(analyst).get(`/api/incidents/${incident.id}/report.csv?programId=00000000-0000-4000-8000-000000000000`)).status).toBe(400);
    expect((await api(analyst).get(`/api/incidents/${incident.id}/report.csv?postLang=xx`)).status).toBe(400);
    const audit = await api(admin).get('/api/audit?action=export.created');
    expect((audit.body.items as Array<{ targetType: string; details: { format: string; rows?: number; filters: object } }>).find((e) => e.targetType === 'incident' && e.details.format === 'csv' && !('sentiment' in e.details.filters))).toMatchObject({ details: { rows: 30, complete: true } });
  });

  it('writes Markdown that carries no raw HTML and no live Markdown from post text', async () => {
    const md = text(await api(viewer).get(`/api/incidents/${incident.id}/report.md?lang=id`));
    expect(md).toMatch(/^# Laporan Insiden: Hoaks iuran BPJS naik\n/);
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;alert\\(1\\)&lt;/script&gt;');
    expect(md).not.toContain('](javascript');
    expect(md).toContain('\\*\\*tebal\\*\\*');
    for (const heading of ['## Ringkasan eksekutif', '## Metrik dampak', '## Grafik', '## Linimasa', '## Unggahan yang disematkan', '## Tindakan yang diambil', '## Pelajaran dan tindak lanjut']) expect(md).toContain(heading);
  });
});
