import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { IngestPost } from '@siaga/shared';
import pino from 'pino';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { createApp } from '../app/create-app.js';
import { DEFAULT_STATIC_DIR } from '../app/http-setup.js';
import { loadConfig } from '../config/config.js';
import { ProgramsService } from '../programs/programs.service.js';
import { type BenchContext, fmt, percentile } from './support.js';

const KEY = 'bench-ingest-key-0123456789abcdef';
const PASSWORD = 'bench-password-1';
const CHROMIUM = process.env.SIAGA_CHROMIUM ?? '/usr/bin/chromium';
const POSTS_PER_SECOND = 200;
/** The run is 5 minutes; BENCH_DASHBOARD_SECONDS shortens it for a quick look. */
const SECONDS = Number(process.env.BENCH_DASHBOARD_SECONDS ?? 300);
const SAMPLE_EVERY_S = 10;
const WARM_UP_S = Number(process.env.BENCH_DASHBOARD_WARM_UP_SECONDS ?? 60);

const PROGRAMS: Array<[string, string, string]> = [
  ['BPJS Kesehatan', 'bpjs', 'bpjs OR "bpjs kesehatan" OR jkn'],
  ['Kartu Prakerja', 'prakerja', 'prakerja OR "kartu prakerja"'],
  ['Makan Bergizi Gratis', 'mbg', 'mbg OR "makan bergizi gratis"'],
  ['Bantuan Sosial', 'bansos', 'bansos'],
  ['Subsidi BBM', 'bbm', 'bbm OR pertalite'],
  ['KIP Kuliah', 'kip', '"kip kuliah"'],
];
const WORDS = ['antrian', 'lama', 'bagus', 'mantap', 'kecewa', 'parah', 'cepat', 'gak', 'jelas', 'banget', 'terima kasih', 'ribet', 'lancar', 'hoaks', 'naik', 'iuran'];
const MENTIONS = ['bpjs', 'prakerja', 'mbg', 'bansos', 'bbm', 'kip kuliah'];

/** The JS a first visit downloads: the entry script and what it preloads (lazy chunks excluded). */
export function firstLoadJs(distDir: string): { files: Array<{ file: string; raw: number; gzip: number }>; css: number } {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const js = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) js.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)) js.add(m[1]!);
  let css = 0;
  for (const m of html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)) css += gzipSync(readFileSync(join(distDir, m[1]!.replace(/^\//, '')))).length;
  const files = [...js].map((href) => {
    const body = readFileSync(join(distDir, href.replace(/^\//, '')));
    return { file: href, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
  });
  return { files, css };
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
}

/** Frame intervals measured in the page with requestAnimationFrame, drained by the bench. */
const FRAME_PROBE = `(() => {
  const frames = [];
  let last = performance.now();
  const tick = (now) => { frames.push(now - last); last = now; if (frames.length > 100000) frames.splice(0, 50000); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  window.__siagaFrames = () => frames.splice(0, frames.length);
})()`;

async function drainFrames(page: Page): Promise<number[]> {
  return page.evaluate<number[]>('window.__siagaFrames()');
}

/**
 * The dashboard's cost: the first-load JS (gzip) of the built client, then the live wall in
 * headless Chromium for 5 minutes of a 200 posts/s stream — frame times from requestAnimationFrame
 * and the JS heap after a forced GC every 10 s (CDP), with the heap's trend over the run.
 */
export async function benchDashboard(ctx: BenchContext): Promise<void> {
  const dist = resolve(process.env.SIAGA_STATIC_DIR ?? DEFAULT_STATIC_DIR);
  if (!existsSync(join(dist, 'index.html'))) {
    ctx.note(`no built dashboard in ${dist}: run "npm run build" first`);
    return;
  }
  const bundle = firstLoadJs(dist);
  const total = bundle.files.reduce((s, f) => s + f.gzip, 0);
  ctx.report(
    'dashboard.first_load_js_gzip_kb',
    total / 1024,
    `first-load JS: ${(total / 1024).toFixed(1)} kB gzip (${(bundle.files.reduce((s, f) => s + f.raw, 0) / 1024).toFixed(0)} kB raw) in ${bundle.files.length} file(s), CSS ${(bundle.css / 1024).toFixed(1)} kB gzip; target < 300 kB`,
  );

  if (!existsSync(CHROMIUM)) {
    ctx.note(`no Chromium at ${CHROMIUM} (apt-get install -y chromium): frame time and heap not measured`);
    return;
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'siaga-bench-dash-'));
  const profile = mkdtempSync(join(tmpdir(), 'siaga-bench-chromium-'));
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: '',
    REDIS_URL: '',
    LOG_LEVEL: 'silent',
    SIAGA_DATA_DIR: dataDir,
    SIAGA_STATIC_DIR: dist,
    SIAGA_INGEST_KEY: KEY,
    SIAGA_ADMIN_PASSWORD: PASSWORD,
  });
  const siaga = await createApp(config, { logger: pino({ level: 'silent' }) });
  let streaming = true;
  let sent = 0;
  try {
    const programs = siaga.app.get(ProgramsService);
    for (const [name, slug, query] of PROGRAMS) await programs.create(null, { name, slug, query });
    const server = await siaga.app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    // The stream: 200 posts/s in batches of 20 every 100 ms, paced by the clock.
    const started = Date.now();
    const stream = (async () => {
      while (streaming) {
        const due = Math.floor(((Date.now() - started) / 1000) * POSTS_PER_SECOND) - sent;
        if (due <= 0) {
          await new Promise((r) => setTimeout(r, 25));
          continue;
        }
        const posts: IngestPost[] = Array.from({ length: Math.min(due, 200) }, () => {
          const i = sent++;
          const words = Array.from({ length: 12 }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' ');
          return { source: 'x', externalId: `s-${i}`, text: `${MENTIONS[i % MENTIONS.length]} ${words} #info${i % 9} ${i}`, createdAt: new Date().toISOString(), author: { handle: `warga${i % 3_000}` } };
        });
        const res = await fetch(`${url}/api/ingest/posts`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: JSON.stringify({ posts }) });
        if (res.status !== 202) throw new Error(`ingest answered ${res.status}`);
      }
    })();

    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1920, height: 1080 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      await page.goto(`${url}/?mode=wall`);
      await page.getByTestId('login-email').fill(config.admin.email);
      await page.getByTestId('login-password').fill(PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('wall-page').waitFor({ timeout: 30_000 });
      const cdp = await browser.newCDPSession(page);
      await cdp.send('Performance.enable');
      await page.evaluate(FRAME_PROBE);
      // First fills, chart creation and the first alerts of a cold start are not the steady state.
      await page.waitForTimeout(WARM_UP_S * 1000);
      await drainFrames(page);

      const heap: Array<[number, number]> = [];
      const frames: number[] = [];
      const t0 = Date.now();
      heap.push([0, await heapAfterGc(cdp)]);
      while (Date.now() - t0 < SECONDS * 1000) {
        await page.waitForTimeout(SAMPLE_EVERY_S * 1000);
        frames.push(...(await drainFrames(page)));
        heap.push([(Date.now() - t0) / 60_000, await heapAfterGc(cdp)]);
      }
      const { metrics } = await cdp.send('Performance.getMetrics');
      const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
      const rendered = await page.getByTestId('post-row').count();

      frames.sort((a, b) => a - b);
      const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
      const perMinute = slope(heap) / 1024 / 1024;
      const third = Math.max(1, Math.floor(heap.length / 3));
      const firstThird = heap.slice(0, third).reduce((s, p) => s + p[1], 0) / third;
      const lastThird = heap.slice(-third).reduce((s, p) => s + p[1], 0) / third;
      const seconds = (Date.now() - t0) / 1000;
      ctx.report('dashboard.stream_posts_per_second', sent / ((Date.now() - started) / 1000), `stream: ${fmt(sent)} posts sent at ${fmt(sent / ((Date.now() - started) / 1000))}/s; wall measured ${fmt(seconds)} s after ${WARM_UP_S} s of warm-up, in wall mode (1920×1080), ${rendered} post cards on screen at the end`);
      ctx.report(
        'dashboard.frame_p95_ms',
        percentile(frames, 95),
        `frame time over ${fmt(frames.length)} frames: p50 ${percentile(frames, 50).toFixed(1)} ms, p95 ${percentile(frames, 95).toFixed(1)} ms, p99 ${percentile(frames, 99).toFixed(1)} ms, max ${(frames[frames.length - 1] ?? 0).toFixed(0)} ms; ${frames.filter((f) => f > 50).length} frames over 50 ms`,
      );
      ctx.report(
        'dashboard.heap_slope_mb_per_min',
        perMinute,
        `JS heap after GC: ${mb(heap[0]![1])} MB at start, ${mb(heap[heap.length - 1]![1])} MB at the end, min ${mb(Math.min(...heap.map((h) => h[1])))} / max ${mb(Math.max(...heap.map((h) => h[1])))} MB over ${heap.length} samples; trend ${perMinute >= 0 ? '+' : ''}${perMinute.toFixed(3)} MB/min; mean of last third vs first third ${lastThird >= firstThird ? '+' : ''}${mb(lastThird - firstThird)} MB`,
      );
      ctx.note(`heap after GC every ${SAMPLE_EVERY_S} s (MB): ${heap.map((h) => mb(h[1])).join(' ')}`);
      ctx.report('dashboard.script_seconds', metric('ScriptDuration'), `main thread since load: script ${metric('ScriptDuration').toFixed(1)} s, layout ${metric('LayoutDuration').toFixed(1)} s, style ${metric('RecalcStyleDuration').toFixed(1)} s, total tasks ${metric('TaskDuration').toFixed(1)} s (${((metric('TaskDuration') / (seconds + WARM_UP_S)) * 100).toFixed(0)}% of wall time)`);
    } finally {
      await browser.close();
    }
    streaming = false;
    await stream;
  } finally {
    streaming = false;
    await siaga.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}
