import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { IngestPost } from '@siaga/shared';
import pg from 'pg';
import { createAnalyzer } from '../analysis/sentiment-analyzer.js';
import { DemoGenerator } from '../demo/demo-generator.js';
import { DEMO_PROGRAMS } from '../demo/demo-programs.js';
import { type BenchContext, fmt, percentile, withScratchDatabase } from './support.js';

const KEY = 'bench-load-key-0123456789abcdef';
const ADMIN_PASSWORD = 'Bench-load-Password-93!';
const MAIN = fileURLToPath(new URL('../main.js', import.meta.url));
const CLIENTS = 1_000;
const TARGETS = 10;
const BURST_GAP_MS = 2_000;
const BATCH = 500;
const LANES_PER_INSTANCE = 3;
/** Posts made per second of load before it starts, more than one instance takes, so that no post is sent twice. */
const POOL_PER_SECOND = 8_000;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** CPU seconds (user + system) a process has used so far (Linux /proc; clock ticks of 100 Hz). */
const cpuOf = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
/** CPU seconds of this host's PostgreSQL processes (0 when it runs elsewhere: then the split below lacks it). */
const postgresCpu = () => {
  let sum = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/u.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') sum += cpuOf(Number(pid));
    } catch {
      // Gone between the listing and the read.
    }
  }
  return sum;
};
/** Busy and total CPU seconds of the whole machine so far (/proc/stat; idle and iowait are not busy). */
const machineCpu = () => {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/u).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0) / 100;
  return { busy: total - (f[3]! + f[4]!) / 100, total };
};
const rssOf = (pid: number) => Number(/^VmRSS:\s+(\d+) kB/mu.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

async function redisAnswers(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = connect({ host: u.hostname, port: Number(u.port || 6379) });
    s.setTimeout(2_000, () => s.destroy());
    s.once('connect', () => {
      s.end();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.once('close', () => resolve(false));
  });
}

/** Node flags for the server processes from `BENCH_SERVER_NODE_ARGS`, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile them under load. */
const serverNodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);

interface Instance {
  child: ChildProcess;
  url: string;
  dataDir: string;
}

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const dataDir = mkdtempSync(join(tmpdir(), 'siaga-bench-load-'));
  const port = await freePort();
  const child = spawn(process.execPath, [...serverNodeArgs, MAIN], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1', SIAGA_DATA_DIR: dataDir, SIAGA_INGEST_KEY: KEY, SIAGA_ADMIN_PASSWORD: ADMIN_PASSWORD, SIAGA_STATIC_DIR: '/nonexistent', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) break;
    if (i > 600 || child.exitCode !== null) throw new Error(`the server did not start (exit ${child.exitCode})`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, url, dataDir };
}

async function stopInstance(i: Instance): Promise<void> {
  if (i.child.exitCode === null) {
    i.child.kill('SIGTERM');
    await new Promise((r) => (i.child.exitCode !== null ? r(undefined) : i.child.once('exit', r)));
  }
  rmSync(i.dataDir, { recursive: true, force: true });
}

async function send(url: string, posts: IngestPost[]): Promise<void> {
  for (;;) {
    const res = await fetch(`${url}/api/ingest/posts`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: JSON.stringify({ posts }) });
    await res.arrayBuffer();
    if (res.status === 202) return;
    if (res.status !== 503 && res.status !== 429) throw new Error(`ingest answered ${res.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

type Receipt = { alertId: string; programId: string; at: number };

function clients(url: string, token: string, count: number, programIds: string[]) {
  const w = new Worker(new URL('./load-clients.worker.js', import.meta.url), { workerData: { url, token, clients: count, programIds } });
  const next = (type: string) =>
    new Promise<{ type: string; receipts?: Receipt[]; message?: string }>((resolve, reject) => {
      const on = (m: { type: string; message?: string; receipts?: Receipt[] }) => {
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

/** Detection leases held per instance (live rows of the lease table). */
async function leaseSpread(dbUrl: string): Promise<number[]> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM leases WHERE name LIKE 'detection:%' AND expires_at > now() GROUP BY holder ORDER BY 1 DESC`);
    return rows.map((r) => r.n);
  } finally {
    await c.end();
  }
}

/**
 * Sustained ingest through `n` server processes on one PostgreSQL database (with Redis when two):
 * the demo's posts as fast as the instances take them, analysed, matched, rolled up and detected,
 * while 1,000 sockets listen; meanwhile ten target programs with a learnt baseline each get a burst,
 * and the time from sending it to `alert:opened` at a client is the alert latency.
 */
async function run(ctx: BenchContext, dbUrl: string, n: number, seconds: number, redisUrl: string | undefined): Promise<void> {
  const label = n === 1 ? 'one instance' : `${n} instances behind Redis`;
  const env: Record<string, string> = { DATABASE_URL: dbUrl, ...(redisUrl ? { REDIS_URL: redisUrl } : {}) };
  const instances: Instance[] = [];
  const workers: Worker[] = [];
  try {
    // One after the other: the first runs the migrations.
    for (let i = 0; i < n; i++) instances.push(await startInstance(env));
    const base = instances[0]!.url;
    const login = (await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@siaga.local', password: ADMIN_PASSWORD }) })).json()) as { accessToken: string };
    const create = async (body: object) => {
      const res = await fetch(`${base}/api/programs`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}` }, body: JSON.stringify(body) });
      if (res.status !== 201) throw new Error(`creating a program: ${res.status}`);
      return ((await res.json()) as { id: string }).id;
    };
    for (const p of DEMO_PROGRAMS) await create(p);
    const targets: string[] = [];
    for (let t = 0; t < TARGETS; t++) targets.push(await create({ name: `Target ${t}`, slug: `target-${t}`, query: `sasaran${t}` }));
    // Every program's detection has a holder, spread evenly, before the load starts.
    const programs = DEMO_PROGRAMS.length + TARGETS;
    for (let i = 0; ; i++) {
      const spread = await leaseSpread(dbUrl);
      if (spread.reduce((a, b) => a + b, 0) === programs && spread.length === n && spread[0]! - spread.at(-1)! <= 1) break;
      if (i > 150) throw new Error(`detection leases did not spread: ${spread.join('/')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // Three quiet hours per target, late, through every instance: baselines only.
    const now = Date.now();
    const history: IngestPost[] = [];
    for (let t = 0; t < TARGETS; t++) for (let m = 0; m < 180; m++) for (let k = 0; k < 3; k++) history.push({ source: 'x', externalId: `h-${t}-${m}-${k}`, text: `info sasaran${t} hari ini`, createdAt: new Date(now - (181 - m) * 60_000).toISOString(), author: { handle: `warga${k + m}` } });
    for (let i = 0; i < history.length; i += 1_000) await send(instances[(i / 1_000) % n]!.url, history.slice(i, i + 1_000));

    // The screens, connected before the load, spread over the instances.
    const screens: Array<ReturnType<typeof clients>> = [];
    for (const [i, inst] of instances.entries()) {
      // One instance's screens at a time: 1,000 handshakes at once on two busy cores time out.
      const s = clients(inst.url, login.accessToken, Math.floor(CLIENTS / n) + (i < CLIENTS % n ? 1 : 0), targets);
      workers.push(s.w);
      screens.push(s);
      await s.next('ready');
    }

    const flood = new Worker(new URL('./load-flood.worker.js', import.meta.url), {
      workerData: { urls: instances.map((i) => i.url), key: KEY, seconds, lanes: LANES_PER_INSTANCE * n, batch: BATCH, runId: `l${n}-${Date.now()}`, poolSize: seconds * POOL_PER_SECOND },
    });
    workers.push(flood);
    let ready!: () => void;
    const poolMade = new Promise<void>((r) => (ready = r));
    const flooded = new Promise<{ accepted: number; refused: number; seconds: number; repeated: number }>((resolve, reject) => {
      flood.on('message', (m: { type: string; accepted?: number; refused?: number; seconds?: number; repeated?: number; message?: string }) => {
        if (m.type === 'ready') ready();
        if (m.type === 'done') resolve({ accepted: m.accepted ?? 0, refused: m.refused ?? 0, seconds: m.seconds ?? 1, repeated: m.repeated ?? 0 });
        if (m.type === 'error') reject(new Error(`load failed: ${m.message}`));
      });
      flood.on('error', reject);
    });
    flooded.catch(() => undefined);
    await Promise.race([poolMade, flooded]);
    flood.postMessage({ type: 'go' });
    const cpuBefore = instances.map((i) => cpuOf(i.child.pid!));
    const pgBefore = postgresCpu();
    const benchBefore = process.cpuUsage();
    const machineBefore = machineCpu();
    const loadBefore = loadavg()[0]!;
    await new Promise((r) => setTimeout(r, 3_000));
    for (const s of screens) {
      s.w.postMessage({ type: 'collect' });
      await s.next('receipts');
    }
    // Bursts, each through the next instance in turn, while the load runs.
    const sentAt = new Map<string, number>();
    for (const [t, programId] of targets.entries()) {
      const at = Date.now();
      sentAt.set(programId, at);
      await send(instances[t % n]!.url, Array.from({ length: 150 }, (_, i) => ({ source: 'x', externalId: `burst-${t}-${i}`, text: `sasaran${t} gangguan parah ${i}`, createdAt: new Date(at - 500).toISOString(), author: { handle: `marah${i}` } })));
      await new Promise((r) => setTimeout(r, BURST_GAP_MS));
    }
    const load = await flooded;
    const serverCpu = instances.reduce((sum, inst, i) => sum + cpuOf(inst.child.pid!) - cpuBefore[i]!, 0);
    const pgCpu = postgresCpu() - pgBefore;
    const bench = process.cpuUsage(benchBefore);
    const benchCpu = (bench.user + bench.system) / 1e6;
    const machineAfter = machineCpu();
    const busy = (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total);
    const loadAfter = loadavg()[0]!;
    await new Promise((r) => setTimeout(r, 2_000));
    const rss = instances.map((i) => rssOf(i.child.pid!));
    const receipts: Receipt[] = [];
    for (const s of screens) {
      s.w.postMessage({ type: 'collect' });
      receipts.push(...((await s.next('receipts')).receipts ?? []));
      s.w.postMessage({ type: 'close' });
      await s.next('closed');
    }
    const first = new Map<string, number>();
    for (const r of receipts) first.set(r.programId, Math.min(first.get(r.programId) ?? Infinity, r.at));
    const latency = [...first].filter(([p]) => sentAt.has(p)).map(([p, at]) => at - sentAt.get(p)!).sort((a, b) => a - b);
    const key = n === 1 ? 'load.one' : `load.${n}_instances`;
    ctx.report(`${key}.posts_per_s`, load.accepted / load.seconds, `${label}: ${fmt(load.accepted / load.seconds)} posts/s sustained for ${load.seconds.toFixed(0)} s (${fmt(load.accepted)} posts in ${BATCH}-post batches, ${LANES_PER_INSTANCE * n} lanes, ${fmt(load.refused)} refusals retried${load.repeated ? `; the pool ran out and ${fmt(load.repeated)} posts were sent again verbatim` : ''}), analysis, rollups and detection included, ${fmt(CLIENTS)} sockets listening (target ≥ 5,000)`);
    ctx.report(`${key}.posts_per_server_cpu_s`, load.accepted / serverCpu, `${label}: ${fmt(load.accepted / serverCpu)} posts per CPU second of the server process${n > 1 ? 'es' : ''} (${serverCpu.toFixed(1)} CPU s over ${load.seconds.toFixed(0)} s; the machine's 1-minute load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${cpus().length} cores)`);
    // Where the machine's cores went during the load (the bursts and the clients' receipts are in the bench's share).
    ctx.report(
      `${key}.cpu_us_per_post`,
      ((serverCpu + pgCpu + benchCpu) / load.accepted) * 1e6,
      `${label}: CPU per post ${fmt(((serverCpu + pgCpu + benchCpu) / load.accepted) * 1e6)} µs: server ${fmt((serverCpu / load.accepted) * 1e6)}, PostgreSQL ${fmt((pgCpu / load.accepted) * 1e6)}, load generator and sockets ${fmt((benchCpu / load.accepted) * 1e6)} (${serverCpu.toFixed(1)} + ${pgCpu.toFixed(1)} + ${benchCpu.toFixed(1)} CPU s); the machine's cores ${Math.round(busy * 100)} % busy`,
    );
    ctx.report(`${key}.rss_mb`, Math.max(...rss), `${label}: RSS at the end ${rss.map((r) => `${r.toFixed(0)} MB`).join(', ')}`);
    if (latency.length) {
      ctx.report(`${key}.alert_latency_p99_ms`, percentile(latency, 99), `${label}: alert latency under that load, burst sent → first alert:opened at a client: ${latency.length}/${TARGETS} bursts alerted, p50 ${fmt(percentile(latency, 50))} ms, p99 ${fmt(percentile(latency, 99))} ms (target < 1,000)`);
    } else ctx.note(`${label}: no burst raised an alert`);
  } finally {
    await Promise.allSettled(workers.map((w) => w.terminate()));
    await Promise.allSettled(instances.map(stopInstance));
  }
}

/**
 * The host's speed now: the analyzer over 5,000 demo texts, best of five. A shared virtual machine's cores are not
 * equally fast from one hour to the next (the same build measured 31 and 55 µs of load-generator CPU per post on the
 * same host the same evening), so the load's figures are read beside it.
 */
function hostSpeed(ctx: BenchContext): void {
  const texts = new DemoGenerator({ seed: 3, baseRate: 1000, autoCrises: false }).next(5_000).map((p) => p.text);
  const analyzer = createAnalyzer();
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t0 = performance.now();
    for (const t of texts) analyzer.analyze(t, undefined);
    best = Math.min(best, performance.now() - t0);
  }
  const perText = (best / texts.length) * 1000;
  ctx.report('load.host_analysis_us_per_text', perText, `host speed before the load: ${perText.toFixed(1)} µs per text for the analyzer over 5,000 demo texts (best of 5; lower is faster)`);
}

/** `--only load`: issue 14's sustained-load figures, one instance and then two behind Redis. */
export async function benchLoad(ctx: BenchContext): Promise<void> {
  if (!ctx.serverUrl) {
    ctx.note('load: skipped (no PostgreSQL server reachable; set BENCH_DATABASE_URL)');
    return;
  }
  hostSpeed(ctx);
  const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 30);
  await withScratchDatabase(ctx.serverUrl, (url) => run(ctx, url, 1, seconds, undefined));
  const redis = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (await redisAnswers(redis)) await withScratchDatabase(ctx.serverUrl, (url) => run(ctx, url, 2, seconds, redis));
  else ctx.note(`load: two instances skipped (no Redis at ${redis}; set REDIS_URL)`);
}
