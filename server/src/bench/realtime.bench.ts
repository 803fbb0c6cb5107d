import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { IngestPost } from '@siaga/shared';
import pino from 'pino';
import { createApp } from '../app/create-app.js';
import { loadConfig } from '../config/config.js';
import { EventBus } from '../events/event-bus.js';
import { ProgramsService } from '../programs/programs.service.js';
import { type BenchContext, fmt, percentile, withScratchDatabase } from './support.js';

const KEY = 'bench-ingest-key-0123456789abcdef';
const PASSWORD = 'bench-password-1';
const BURSTS = 10;
const CLIENTS = 1_000;

const post = (id: string, text: string, at: number, handle: string): IngestPost => ({ source: 'x', externalId: id, text, createdAt: new Date(at).toISOString(), author: { handle } });

async function send(url: string, posts: IngestPost[]): Promise<void> {
  const res = await fetch(`${url}/api/ingest/posts`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: JSON.stringify({ posts }) });
  if (res.status !== 202) throw new Error(`ingest answered ${res.status}`);
  await res.body?.cancel();
}

function clientsWorker(url: string, token: string, clients: number, programIds: string[]) {
  const w = new Worker(new URL('./live-clients.worker.js', import.meta.url), { workerData: { url, token, clients, programIds } });
  const next = (type: string) =>
    new Promise<{ type: string; receipts?: Array<{ alertId: string; programId: string; at: number }>; metrics?: Array<{ key: string; at: number }>; message?: string }>((resolve, reject) => {
      const on = (m: { type: string; message?: string }) => {
        if (m.type === 'error') {
          w.off('message', on);
          reject(new Error(`live client failed: ${m.message}`));
        } else if (m.type === type) {
          w.off('message', on);
          resolve(m);
        }
      };
      w.on('message', on);
    });
  return { w, next };
}

/**
 * Alert latency under load, and fan-out: ten programs learn a quiet baseline, a background stream
 * of 1,000 posts/s runs on other programs, then each target program gets one burst; the time from
 * sending the burst to `alert:opened` at the clients is measured, with one client and with 1,000.
 */
async function measure(ctx: BenchContext, dbUrl: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'siaga-bench-rt-'));
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', SIAGA_DATA_DIR: dataDir, SIAGA_INGEST_KEY: KEY, SIAGA_ADMIN_PASSWORD: PASSWORD, DATABASE_URL: dbUrl, REDIS_URL: '' });
  const siaga = await createApp(config, { logger: pino({ level: 'silent' }) });
  let stopLoad = () => undefined as void;
  try {
    const programs = siaga.app.get(ProgramsService);
    const targets: string[] = [];
    for (let i = 0; i < BURSTS; i++) targets.push((await programs.create(null, { name: `Target ${i}`, slug: `target-${i}`, query: `sasaran${i}` })).id);
    for (let i = 0; i < 5; i++) await programs.create(null, { name: `Background ${i}`, slug: `background-${i}`, query: `latar${i}` });
    const server = await siaga.app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: config.admin.email, password: PASSWORD }) });
    const { accessToken } = (await login.json()) as { accessToken: string };

    // Three quiet hours per target, arriving late: baselines only.
    const now = Date.now();
    const history: IngestPost[] = [];
    for (const [t] of targets.entries()) for (let m = 0; m < 180; m++) for (let k = 0; k < 3; k++) history.push(post(`h-${t}-${m}-${k}`, `info sasaran${t} hari ini`, now - (181 - m) * 60_000, `warga${k + m}`));
    for (let i = 0; i < history.length; i += 2_000) await send(url, history.slice(i, i + 2_000));

    // The screens connect before the load starts, as they would have long before a crisis: what is
    // measured is delivery to connected clients, not 1,000 handshakes racing the ingest stream.
    const one = clientsWorker(url, accessToken, 1, targets);
    await one.next('ready');
    const many = clientsWorker(url, accessToken, CLIENTS, targets);
    await many.next('ready');

    // Background load: 1,000 posts/s on the background programs, from its own thread.
    const load = new Worker(new URL('./paced-load.worker.js', import.meta.url), {
      workerData: { url, key: KEY, postsPerSecond: 1_000, lanes: 2, words: Array.from({ length: 5 }, (_, i) => `latar${i}`) },
    });
    const loadDone = new Promise<{ posts: number; seconds: number }>((resolve, reject) => {
      load.on('message', (m: { type: string; posts?: number; seconds?: number; message?: string }) => {
        if (m.type === 'done') resolve({ posts: m.posts ?? 0, seconds: m.seconds ?? 1 });
        if (m.type === 'error') reject(new Error(`background load failed: ${m.message}`));
      });
      load.on('error', reject);
    });
    stopLoad = () => load.postMessage({ type: 'stop' });
    // Awaited below; until then a failure of the load must not crash the run and hide the first error.
    loadDone.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 3_000));
    // Broadcasts of the baseline minutes that went out while the 1,000 were still connecting
    // reached only some of them: drop them so every counted broadcast had all clients listening.
    for (const w of [one, many]) {
      w.w.postMessage({ type: 'collect' });
      await w.next('receipts');
    }

    // Where the time goes, per burst: stages seen on the server's event bus (same clock).
    const stages = { committed: new Map<string, number>(), decided: new Map<string, number>(), opened: new Map<string, number>(), answered: new Map<string, number>() };
    const firstAt = (m: Map<string, number>, key: string) => {
      if (!m.has(key)) m.set(key, Date.now());
    };
    const bus = siaga.app.get(EventBus);
    const offBus = [
      bus.on('posts.ingested', ({ posts }) => {
        for (const p of posts) if (p.externalId.startsWith('burst-')) for (const id of p.programIds) firstAt(stages.committed, id);
      }),
      bus.on('detection.decisions', ({ decisions }) => {
        for (const d of decisions) firstAt(stages.decided, d.programId);
      }),
      bus.on('alert.event', (e) => {
        if (e.type === 'opened' && e.alert.programId) firstAt(stages.opened, e.alert.programId);
      }),
    ];
    const sentAt = new Map<string, number>();
    for (const [t, programId] of targets.entries()) {
      const at = Date.now();
      sentAt.set(programId, at);
      await send(url, Array.from({ length: 150 }, (_, i) => post(`burst-${t}-${i}`, `sasaran${t} gangguan parah ${i}`, at - 500, `marah${i}`)));
      stages.answered.set(programId, Date.now());
      await new Promise((r) => setTimeout(r, 1_500));
    }
    await new Promise((r) => setTimeout(r, 2_000));
    for (const off of offBus) off();
    stopLoad();
    const { posts: bgPosts, seconds: bgSeconds } = await loadDone;
    await load.terminate();

    one.w.postMessage({ type: 'collect' });
    const single = (await one.next('receipts')).receipts ?? [];
    many.w.postMessage({ type: 'collect' });
    const collected = await many.next('receipts');
    const fan = collected.receipts ?? [];
    const metricMsgs = collected.metrics ?? [];
    for (const w of [one, many]) {
      w.w.postMessage({ type: 'close' });
      await w.next('closed');
      await w.w.terminate();
    }
    // A burst may open several alerts (volume, negative, share): the first one per program counts.
    const firstPerProgram = (rs: typeof single) => {
      const first = new Map<string, number>();
      for (const r of rs) first.set(r.programId, Math.min(first.get(r.programId) ?? Infinity, r.at));
      return first;
    };
    const l1 = [...firstPerProgram(single)].map(([p, at]) => at - sentAt.get(p)!).sort((a, b) => a - b);
    const lf = fan.map((r) => r.at - sentAt.get(r.programId)!).sort((a, b) => a - b);
    // Fan-out proper: how long after an alert's first delivery the last of the 1,000 clients had it.
    const firstByAlert = new Map<string, number>();
    for (const r of fan) firstByAlert.set(r.alertId, Math.min(firstByAlert.get(r.alertId) ?? Infinity, r.at));
    const spread = fan.map((r) => r.at - firstByAlert.get(r.alertId)!).sort((a, b) => a - b);
    const firstByMetric = new Map<string, number>();
    for (const m of metricMsgs) firstByMetric.set(m.key, Math.min(firstByMetric.get(m.key) ?? Infinity, m.at));
    const metricSpread = metricMsgs.map((m) => m.at - firstByMetric.get(m.key)!).sort((a, b) => a - b);
    ctx.report('realtime.background_posts_per_s', bgPosts / bgSeconds, `background load: ${fmt(bgPosts / bgSeconds)} posts/s on the PostgreSQL server during the run`);
    if (l1.length) {
      ctx.report('realtime.alert_latency_p99_ms', percentile(l1, 99), `alert latency, burst request sent → alert:opened at a client: ${l1.length}/${BURSTS} bursts alerted, p50 ${fmt(percentile(l1, 50))} ms, p99 ${fmt(percentile(l1, 99))} ms`);
      const stage = (m: Map<string, number>, from: Map<string, number>) =>
        targets.flatMap((p) => (m.has(p) && from.has(p) ? [m.get(p)! - from.get(p)!] : [])).sort((a, b) => a - b);
      const firstSeen = firstPerProgram(single);
      const parts: Array<[string, number[]]> = [
        ['request sent → batch committed', stage(stages.committed, sentAt)],
        ['→ detector decided', stage(stages.decided, stages.committed)],
        // The bus's listeners run in order: the live broadcast to the sockets comes before this one.
        ['→ alert stored and broadcast', stage(stages.opened, stages.decided)],
        ['whole path at the first client', targets.flatMap((p) => (firstSeen.has(p) && sentAt.has(p) ? [firstSeen.get(p)! - sentAt.get(p)!] : [])).sort((a, b) => a - b)],
        ['(request sent → HTTP answer)', stage(stages.answered, sentAt)],
      ];
      ctx.note(`where the alert latency goes (p50 / p99 ms): ${parts.map(([name, xs]) => (xs.length ? `${name} ${fmt(percentile(xs, 50))} / ${fmt(percentile(xs, 99))}` : `${name} n/a`)).join('; ')}`);
    } else ctx.note('realtime: no burst raised an alert');
    if (metricSpread.length) {
      ctx.report('realtime.metrics_fanout_p99_ms', percentile(metricSpread, 99), `metrics:updated to ${fmt(CLIENTS)} clients: ${fmt(metricSpread.length)} deliveries of ${firstByMetric.size} broadcasts (${fmt(firstByMetric.size * CLIENTS - metricSpread.length)} missing); after a broadcast's first delivery p50 ${fmt(percentile(metricSpread, 50))} ms, p99 ${fmt(percentile(metricSpread, 99))} ms`);
    }
    if (lf.length) {
      ctx.report('realtime.fanout_p99_ms', percentile(spread, 99), `fan-out to ${fmt(CLIENTS)} clients: ${fmt(lf.length)} deliveries of ${firstByAlert.size} alerts (${fmt(firstByAlert.size * CLIENTS - lf.length)} missing); after an alert's first delivery p50 ${fmt(percentile(spread, 50))} ms, p99 ${fmt(percentile(spread, 99))} ms; burst sent → received p50 ${fmt(percentile(lf, 50))} ms, p99 ${fmt(percentile(lf, 99))} ms`);
    }
  } finally {
    stopLoad();
    await siaga.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchRealtime(ctx: BenchContext): Promise<void> {
  if (!ctx.serverUrl) {
    ctx.note('realtime: skipped (no PostgreSQL server reachable; set BENCH_DATABASE_URL)');
    return;
  }
  await withScratchDatabase(ctx.serverUrl, (url) => measure(ctx, url));
}
