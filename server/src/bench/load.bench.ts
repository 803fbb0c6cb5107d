import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { IngestPost } from '@siaga/shared';
import pg from 'pg';
import { createAnalyzer } from '../analysis/sentiment-analyzer.js';
import { readCrisisLex } from '../cli/import-source.js';
import { DemoGenerator } from '../demo/demo-generator.js';
import { DEMO_PROGRAMS } from '../demo/demo-programs.js';
import { type BenchContext, fmt, percentile, sharedDataDir, withScratchDatabase } from './support.js';

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

/** The admin's session on an instance, and program creation through the API. */
async function adminOf(base: string) {
  const login = (await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@siaga.local', password: ADMIN_PASSWORD }) })).json()) as { accessToken: string };
  const create = async (body: object) => {
    const res = await fetch(`${base}/api/programs`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}` }, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`creating a program: ${res.status}`);
    return ((await res.json()) as { id: string }).id;
  };
  return { token: login.accessToken, create };
}

/** Waits until every program's detection has a holder, spread evenly over the `n` instances. */
async function awaitLeasesSpread(dbUrl: string, programs: number, n: number): Promise<void> {
  for (let i = 0; ; i++) {
    const spread = await leaseSpread(dbUrl);
    if (spread.reduce((a, b) => a + b, 0) === programs && spread.length === n && spread[0]! - spread.at(-1)! <= 1) return;
    if (i > 150) throw new Error(`detection leases did not spread: ${spread.join('/')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface FloodResult {
  accepted: number;
  refused: number;
  seconds: number;
  repeated: number;
}

/** The load generator's thread with its posts made; `go()` starts it and answers when its lanes are done. */
async function floodReady(workers: Worker[], data: { urls: string[]; seconds: number; lanes: number; runId: string; poolSize: number; posts?: IngestPost[] }) {
  const flood = new Worker(new URL('./load-flood.worker.js', import.meta.url), { workerData: { key: KEY, batch: BATCH, ...data } });
  workers.push(flood);
  let ready!: () => void;
  const poolMade = new Promise<void>((r) => (ready = r));
  const flooded = new Promise<FloodResult>((resolve, reject) => {
    flood.on('message', (m: { type: string; accepted?: number; refused?: number; seconds?: number; repeated?: number; message?: string }) => {
      if (m.type === 'ready') ready();
      if (m.type === 'done') resolve({ accepted: m.accepted ?? 0, refused: m.refused ?? 0, seconds: m.seconds ?? 1, repeated: m.repeated ?? 0 });
      if (m.type === 'error') reject(new Error(`load failed: ${m.message}`));
    });
    flood.on('error', reject);
  });
  flooded.catch(() => undefined);
  await Promise.race([poolMade, flooded]);
  return {
    go: () => {
      flood.postMessage({ type: 'go' });
      return flooded;
    },
  };
}

/** CPU seconds from now on: the server processes, this host's PostgreSQL, this bench process (generator and clients), and how busy the cores were. */
function cpuMeter(instances: Instance[]) {
  const serverBefore = instances.map((i) => cpuOf(i.child.pid!));
  const pgBefore = postgresCpu();
  const benchBefore = process.cpuUsage();
  const machineBefore = machineCpu();
  return () => {
    const bench = process.cpuUsage(benchBefore);
    const machineAfter = machineCpu();
    return {
      server: instances.reduce((sum, inst, i) => sum + cpuOf(inst.child.pid!) - serverBefore[i]!, 0),
      postgres: postgresCpu() - pgBefore,
      bench: (bench.user + bench.system) / 1e6,
      busy: (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total),
    };
  };
}

/** The report line of where the cores went, per post. */
function cpuLine(label: string, posts: number, cpu: ReturnType<ReturnType<typeof cpuMeter>>): string {
  const per = (s: number) => fmt((s / posts) * 1e6);
  return `${label}: CPU per post ${per(cpu.server + cpu.postgres + cpu.bench)} µs: server ${per(cpu.server)}, PostgreSQL ${per(cpu.postgres)}, load generator and sockets ${per(cpu.bench)} (${cpu.server.toFixed(1)} + ${cpu.postgres.toFixed(1)} + ${cpu.bench.toFixed(1)} CPU s); the machine's cores ${Math.round(cpu.busy * 100)} % busy`;
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
    const admin = await adminOf(instances[0]!.url);
    for (const p of DEMO_PROGRAMS) await admin.create(p);
    const targets: string[] = [];
    for (let t = 0; t < TARGETS; t++) targets.push(await admin.create({ name: `Target ${t}`, slug: `target-${t}`, query: `sasaran${t}` }));
    // Every program's detection has a holder, spread evenly, before the load starts.
    await awaitLeasesSpread(dbUrl, DEMO_PROGRAMS.length + TARGETS, n);
    // Three quiet hours per target, late, through every instance: baselines only.
    const now = Date.now();
    const history: IngestPost[] = [];
    for (let t = 0; t < TARGETS; t++) for (let m = 0; m < 180; m++) for (let k = 0; k < 3; k++) history.push({ source: 'x', externalId: `h-${t}-${m}-${k}`, text: `info sasaran${t} hari ini`, createdAt: new Date(now - (181 - m) * 60_000).toISOString(), author: { handle: `warga${k + m}` } });
    for (let i = 0; i < history.length; i += 1_000) await send(instances[(i / 1_000) % n]!.url, history.slice(i, i + 1_000));

    // The screens, connected before the load, spread over the instances.
    const screens: Array<ReturnType<typeof clients>> = [];
    for (const [i, inst] of instances.entries()) {
      // One instance's screens at a time: 1,000 handshakes at once on two busy cores time out.
      const s = clients(inst.url, admin.token, Math.floor(CLIENTS / n) + (i < CLIENTS % n ? 1 : 0), targets);
      workers.push(s.w);
      screens.push(s);
      await s.next('ready');
    }

    const flood = await floodReady(workers, { urls: instances.map((i) => i.url), seconds, lanes: LANES_PER_INSTANCE * n, runId: `l${n}-${Date.now()}`, poolSize: seconds * POOL_PER_SECOND });
    const flooded = flood.go();
    const meter = cpuMeter(instances);
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
    const cpu = meter();
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
    ctx.report(`${key}.posts_per_server_cpu_s`, load.accepted / cpu.server, `${label}: ${fmt(load.accepted / cpu.server)} posts per CPU second of the server process${n > 1 ? 'es' : ''} (${cpu.server.toFixed(1)} CPU s over ${load.seconds.toFixed(0)} s; the machine's 1-minute load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${cpus().length} cores)`);
    // Where the machine's cores went during the load (the bursts and the clients' receipts are in the bench's share).
    ctx.report(`${key}.cpu_us_per_post`, ((cpu.server + cpu.postgres + cpu.bench) / load.accepted) * 1e6, cpuLine(label, load.accepted, cpu));
    ctx.report(`${key}.rss_mb`, Math.max(...rss), `${label}: RSS at the end ${rss.map((r) => `${r.toFixed(0)} MB`).join(', ')}`);
    if (latency.length) {
      ctx.report(`${key}.alert_latency_p99_ms`, percentile(latency, 99), `${label}: alert latency under that load, burst sent → first alert:opened at a client: ${latency.length}/${TARGETS} bursts alerted, p50 ${fmt(percentile(latency, 50))} ms, p99 ${fmt(percentile(latency, 99))} ms (target < 1,000)`);
    } else ctx.note(`${label}: no burst raised an alert`);
  } finally {
    await Promise.allSettled(workers.map((w) => w.terminate()));
    await Promise.allSettled(instances.map(stopInstance));
  }
}

/** A program per CrisisLex T26 crisis, its query made from the folder's name ("2013_Alberta_floods" → alberta* OR flood*). */
function crisisProgram(folder: string): { name: string; slug: string; query: string } {
  const words = folder.split('_').slice(1).filter((w) => w.length >= 3).map((w) => w.toLowerCase());
  const stems = [...new Set(words.map((w) => (w.length > 4 && w.endsWith('s') ? w.slice(0, -1) : w)))];
  return { name: folder.replace(/_/gu, ' '), slug: `crisis-${folder.toLowerCase().replace(/_/gu, '-')}`, query: stems.map((w) => `${w}*`).join(' OR ') };
}

/**
 * Real crisis text through one instance: the CrisisLex T26 labelled tweets in ../shared/data (26 crises of 2012–2013,
 * mostly English, some in Spanish, Italian or Portuguese, retweets included), in their time order, each sent once and timed now, as fast as the instance takes them,
 * with a program per crisis. No sockets listen. Skipped without the data: the demo's stream above is the sustained figure,
 * since the files hold about five seconds of posts at the target rate.
 */
async function crisisReplay(ctx: BenchContext, dbUrl: string): Promise<void> {
  const dir = join(sharedDataDir(), 'crisislex-t26', 'CrisisLexT26');
  if (!existsSync(dir)) {
    ctx.note(`load: the CrisisLex replay skipped (no ${dir}; set SIAGA_SHARED_DATA)`);
    return;
  }
  const folders = readdirSync(dir).filter((d) => /^\d{4}_/u.test(d)).sort();
  const posts: IngestPost[] = [];
  for (const folder of folders) {
    const file = readdirSync(join(dir, folder)).find((f) => f.endsWith('tweets_labeled.csv'));
    if (!file) continue;
    for (const r of await readCrisisLex(join(dir, folder, file), () => undefined)) if (r.post) posts.push(r.post as IngestPost);
  }
  posts.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const instances: Instance[] = [];
  const workers: Worker[] = [];
  try {
    instances.push(await startInstance({ DATABASE_URL: dbUrl }));
    const admin = await adminOf(instances[0]!.url);
    for (const folder of folders) await admin.create(crisisProgram(folder));
    await awaitLeasesSpread(dbUrl, folders.length, 1);
    const flood = await floodReady(workers, { urls: [instances[0]!.url], seconds: 300, lanes: LANES_PER_INSTANCE, runId: `crisis-${Date.now()}`, poolSize: 0, posts });
    const flooded = flood.go();
    const meter = cpuMeter(instances);
    const load = await flooded;
    const cpu = meter();
    // The detectors' decisions of the last batches are in before the count.
    await new Promise((r) => setTimeout(r, 2_000));
    const c = new pg.Client({ connectionString: dbUrl });
    await c.connect();
    const [linked] = (await c.query<{ n: number }>(`SELECT count(DISTINCT post_id)::int AS n FROM post_programs`)).rows;
    const alerts = (await c.query<{ kind: string; n: number }>(`SELECT kind, count(*)::int AS n FROM alerts GROUP BY kind ORDER BY kind`)).rows;
    await c.end();
    const label = 'CrisisLex T26 replay, one instance';
    ctx.report(
      'load.crisislex.posts_per_s',
      load.accepted / load.seconds,
      `${label}: ${fmt(load.accepted / load.seconds)} posts/s (${fmt(load.accepted)} labelled tweets of ${folders.length} crises, each sent once, in ${load.seconds.toFixed(1)} s; ${fmt(linked?.n ?? 0)} matched a crisis program; alerts opened: ${alerts.map((a) => `${a.kind} ${a.n}`).join(', ') || 'none'}); no sockets listening`,
    );
    ctx.report('load.crisislex.cpu_us_per_post', ((cpu.server + cpu.postgres + cpu.bench) / load.accepted) * 1e6, cpuLine(label, load.accepted, cpu));
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
  await withScratchDatabase(ctx.serverUrl, (url) => crisisReplay(ctx, url));
}
