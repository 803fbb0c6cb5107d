import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Delivery, Program } from '@siaga/shared';
import { AlertsService } from '../server/src/alerts/alerts.service.js';
import { ENGINE } from './support/database.js';
import { INGEST_KEY, post, startTestApp, type TestApp } from './support/app.js';
import { volumeSpike } from './support/decisions.js';
import { connected, liveClient, ofType, subscribe, until, type LiveClient } from './cluster/live-client.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a text exposition (no escaped quotes in our label values). */
function parse(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)) labels[k!] = v!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** The value of the one series with exactly these labels (undefined when absent). */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const want = JSON.stringify(Object.entries(labels).sort());
  const hits = samples.filter((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === want);
  if (hits.length > 1) throw new Error(`${name} ${want}: ${hits.length} series`);
  return hits[0]?.value;
}

describe(`Prometheus metrics (${ENGINE})`, () => {
  let t: TestApp;
  let admin: string;
  let program: Program;
  let socket: LiveClient | undefined;
  let lastScrape = '';

  const scrape = async () => {
    const res = await t.http.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    lastScrape = res.text;
    return parse(res.text);
  };
  const api = {
    get: (p: string) => t.http.get(p).set('authorization', `Bearer ${admin}`),
    post: (p: string, body: object = {}) => t.http.post(p).set('authorization', `Bearer ${admin}`).send(body),
  };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    socket?.disconnect();
    // What CI hands to `promtool check metrics` (reports/ is not committed).
    if (lastScrape) {
      mkdirSync('reports', { recursive: true });
      writeFileSync('reports/metrics.prom', lastScrape);
    }
    await t.close();
  });

  it('has every labelled counter at zero before its first event', async () => {
    const s = await scrape();
    expect(lastScrape).toContain('siaga_alert_transitions_total{kind="volume_spike",severity="warning",transition="opened"} 0');
    // Seven alert kinds (five program signals, two source-health) × three severities × eight transitions.
    expect(s.filter((x) => x.name === 'siaga_alert_transitions_total')).toHaveLength(7 * 3 * 8);
    expect(valueOf(s, 'siaga_alert_transitions_total', { kind: 'coordinated_campaign', severity: 'critical', transition: 'escalated' })).toBe(0);
    for (const outcome of ['accepted', 'duplicate', 'rejected']) expect(valueOf(s, 'siaga_ingest_posts_total', { outcome })).toBe(0);
    for (const channel of ['email', 'webhook', 'in_app'])
      for (const outcome of ['sent', 'retry', 'failed']) expect(valueOf(s, 'siaga_notification_deliveries_total', { channel, outcome })).toBe(0);
    for (const kind of ['volume_spike', 'negative_spike', 'negative_share_shift', 'coordinated_campaign', 'harm_reports']) expect(valueOf(s, 'siaga_detection_decisions_total', { kind })).toBe(0);
    for (const event of ['alert:opened', 'alert:updated', 'metrics:updated', 'posts:created', 'escalation']) expect(valueOf(s, 'siaga_live_broadcasts_total', { event })).toBe(0);
    expect(valueOf(s, 'siaga_db_query_errors_total')).toBe(0);
    expect(valueOf(s, 'siaga_analysis_batch_seconds_count')).toBe(0);
    // prom-client's process metrics, which the memory and event-loop rules read.
    expect(valueOf(s, 'siaga_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(valueOf(s, 'siaga_nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('reads the pool at scrape time: a held transaction is in use, a statement behind it waits', async () => {
    let release!: () => void;
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const held = t.siaga.db.transaction(async () => {
      entered();
      await new Promise<void>((r) => (release = r));
    });
    await inside;
    const queued = t.siaga.db.query('SELECT 1');
    try {
      const s = await scrape();
      const inUse = valueOf(s, 'siaga_db_pool_connections', { state: 'in_use' })!;
      const idle = valueOf(s, 'siaga_db_pool_connections', { state: 'idle' })!;
      const waiting = valueOf(s, 'siaga_db_pool_connections', { state: 'waiting' })!;
      if (ENGINE === 'pglite') {
        // One connection behind a mutex: the transaction holds it, the SELECT queues for it.
        expect({ inUse, idle, waiting }).toEqual({ inUse: 1, idle: 0, waiting: 1 });
      } else {
        expect(inUse).toBeGreaterThanOrEqual(1);
        expect(waiting).toBe(0);
      }
    } finally {
      release();
      await held;
      await queued;
    }
    const after = await scrape();
    expect(valueOf(after, 'siaga_db_pool_connections', { state: 'in_use' })).toBe(0);
    expect(valueOf(after, 'siaga_db_pool_connections', { state: 'waiting' })).toBe(0);
  });

  it('counts failed statements', async () => {
    await expect(t.siaga.db.query('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
    expect(valueOf(await scrape(), 'siaga_db_query_errors_total')).toBe(1);
  });

  it('counts HTTP requests by route pattern, method and status, never by raw URL', async () => {
    expect((await t.http.post('/api/auth/login').send({ email: 'admin@test.local', password: 'wrong-password-123' })).status).toBe(401);
    admin = await t.token('admin');
    const created = await api.post('/api/programs', { name: 'BPJS Kesehatan', slug: 'bpjs', query: 'bpjs' });
    expect(created.status).toBe(201);
    program = created.body as Program;
    expect((await api.get(`/api/programs/${program.id}`)).status).toBe(200);
    expect((await api.get('/api/programs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await t.http.get('/api/no-such-endpoint-7f3a')).status).toBe(404);
    const s = await scrape();
    expect(valueOf(s, 'siaga_http_requests_total', { route: '/api/auth/login', method: 'POST', status: '401' })).toBe(1);
    expect(valueOf(s, 'siaga_http_requests_total', { route: '/api/auth/login', method: 'POST', status: '200' })).toBe(1);
    expect(valueOf(s, 'siaga_http_requests_total', { route: '/api/programs', method: 'POST', status: '201' })).toBe(1);
    expect(valueOf(s, 'siaga_http_requests_total', { route: '/api/programs/:id', method: 'GET', status: '200' })).toBe(1);
    expect(valueOf(s, 'siaga_http_requests_total', { route: '/api/programs/:id', method: 'GET', status: '404' })).toBe(1);
    expect(valueOf(s, 'siaga_http_requests_total', { route: 'unmatched', method: 'GET', status: '404' })).toBe(1);
    expect(valueOf(s, 'siaga_http_request_duration_seconds_count', { route: '/api/programs/:id', method: 'GET' })).toBe(2);
    expect(valueOf(s, 'siaga_http_request_duration_seconds_bucket', { route: '/api/programs/:id', method: 'GET', le: '+Inf' })).toBe(2);
    // Scrapes count themselves: the earlier ones are in.
    expect(valueOf(s, 'siaga_http_requests_total', { route: '/metrics', method: 'GET', status: '200' })).toBeGreaterThanOrEqual(4);
    expect(lastScrape).not.toContain(program.id);
    expect(lastScrape).not.toContain('no-such-endpoint');
  });

  it('counts ingested posts by outcome and times their analysis', async () => {
    const dup = post({ text: 'antrian bpjs kesehatan lama sekali' });
    const res = await t.http
      .post('/api/ingest/posts')
      .set('x-api-key', INGEST_KEY)
      .send({ posts: [dup, dup, post({ text: 'bpjs kesehatan bagus' }), { source: 'x' }] });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 1 });
    const s = await scrape();
    expect(valueOf(s, 'siaga_ingest_posts_total', { outcome: 'accepted' })).toBe(2);
    expect(valueOf(s, 'siaga_ingest_posts_total', { outcome: 'duplicate' })).toBe(1);
    expect(valueOf(s, 'siaga_ingest_posts_total', { outcome: 'rejected' })).toBe(1);
    expect(valueOf(s, 'siaga_analysis_batch_seconds_count')).toBe(1);
    expect(valueOf(s, 'siaga_analysis_batch_seconds_sum')).toBeGreaterThan(0);
    expect(valueOf(s, 'siaga_ingest_batch_seconds_count')).toBe(1);
    // Analysis is a part of the batch, never more than the whole of it.
    expect(valueOf(s, 'siaga_analysis_batch_seconds_sum')!).toBeLessThanOrEqual(valueOf(s, 'siaga_ingest_batch_seconds_sum')!);
    expect(valueOf(s, 'siaga_http_requests_total', { route: '/api/ingest/posts', method: 'POST', status: '202' })).toBe(1);
  });

  it('counts alert transitions after commit, in-app deliveries and live alert events', async () => {
    const live = liveClient(t.baseUrl, { token: admin });
    socket = live.socket;
    await connected(socket);
    expect(await subscribe(socket, { programIds: [program.id] })).toEqual({ ok: true, programIds: [program.id] });
    const decision = volumeSpike(program.id, new Date());
    const alerts = t.siaga.app.get(AlertsService);
    const opened = (await alerts.applyDecision(decision))!;
    expect(opened.severity).toBe('warning');
    await alerts.applyDecision(decision);
    expect((await api.post(`/api/alerts/${opened.id}/acknowledge`, { note: 'looking' })).status).toBe(200);
    // The admin's default preferences take in-app notices of warnings: one row, recorded as sent.
    let inApp = 0;
    for (const deadline = Date.now() + 15_000; inApp === 0 && Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
      const rows = (await api.get(`/api/alerts/${opened.id}/deliveries`)).body as Delivery[];
      inApp = rows.filter((d) => d.channel === 'in_app').length;
    }
    await until(() => ofType(live.events, 'alert:updated').length >= 2, 'the live alert updates');

    const s = await scrape();
    expect(lastScrape).toContain('siaga_alert_transitions_total{kind="volume_spike",severity="warning",transition="opened"} 1');
    expect(valueOf(s, 'siaga_alert_transitions_total', { kind: 'volume_spike', severity: 'warning', transition: 'bumped' })).toBe(1);
    expect(valueOf(s, 'siaga_alert_transitions_total', { kind: 'volume_spike', severity: 'warning', transition: 'acknowledged' })).toBe(1);
    expect(valueOf(s, 'siaga_alert_transitions_total', { kind: 'volume_spike', severity: 'warning', transition: 'resolved' })).toBe(0);
    expect(inApp).toBe(1);
    expect(valueOf(s, 'siaga_notification_deliveries_total', { channel: 'in_app', outcome: 'sent' })).toBe(inApp);
    expect(valueOf(s, 'siaga_live_broadcasts_total', { event: 'alert:opened' })).toBe(ofType(live.events, 'alert:opened').length);
    expect(valueOf(s, 'siaga_live_broadcasts_total', { event: 'alert:opened' })).toBe(1);
    expect(valueOf(s, 'siaga_live_broadcasts_total', { event: 'alert:updated' })).toBe(2);
    expect(valueOf(s, 'siaga_live_clients')).toBe(1);
    expect(valueOf(s, 'siaga_http_requests_total', { route: '/api/alerts/:id/acknowledge', method: 'POST', status: '200' })).toBe(1);
    socket.disconnect();
    for (const deadline = Date.now() + 15_000; valueOf(await scrape(), 'siaga_live_clients') !== 0; await new Promise((r) => setTimeout(r, 20)))
      if (Date.now() > deadline) throw new Error('the live client never left');
  });

  it('has a Grafana dashboard and alerting rules that only read metrics the server exposes', async () => {
    // The second scrape holds the HTTP series of the first, should this test run alone.
    await scrape();
    const names = new Set((await scrape()).map((s) => s.name));
    const dashboard = JSON.parse(readFileSync('docs/grafana/siaga-dashboard.json', 'utf8')) as { panels: Array<{ type: string; title: string; targets?: Array<{ expr: string }> }> };
    const exprs = dashboard.panels.filter((p) => p.type !== 'row').flatMap((p) => (p.targets ?? []).map((x) => ({ where: p.title, expr: x.expr })));
    expect(exprs.length).toBeGreaterThanOrEqual(15);
    const rules = readFileSync('docs/prometheus/siaga-rules.yml', 'utf8');
    const used = [...exprs.map((e) => [e.where, e.expr] as const), ['siaga-rules.yml', rules] as const].flatMap(([where, text]) =>
      [...text.matchAll(/\bsiaga_[a-z0-9_]+/g)].map((m) => ({ where, name: m[0] })),
    );
    expect(used.filter((u) => !names.has(u.name))).toEqual([]);
    expect(exprs.filter((e) => !/\bsiaga_/.test(e.expr))).toEqual([]);
  });
});
