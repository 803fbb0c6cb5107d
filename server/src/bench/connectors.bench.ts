import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { WebSocketServer } from 'ws';
import { createApp } from '../app/create-app.js';
import { loadConfig } from '../config/config.js';
import { DemoGenerator } from '../demo/demo-generator.js';
import { BackfillService } from '../programs/backfill.service.js';
import { ProgramsService } from '../programs/programs.service.js';
import { SourceRunner } from '../sources/source-runner.service.js';
import { SourcesRepository } from '../sources/sources.repository.js';
import { type BenchContext, fmt, withScratchDatabase } from './support.js';

/** Jetstream commit events (the service's JSON shape) with demo texts, every one naming the program's keyword. */
function jetstreamEvents(n: number): string[] {
  const gen = new DemoGenerator({ seed: 7, baseRate: 1000 });
  const start = (Date.now() - 3_600_000) * 1000;
  const out: string[] = [];
  while (out.length < n) {
    for (const p of gen.next(200, new Date())) {
      const i = out.length;
      if (i >= n) break;
      const timeUs = start + i * 100;
      out.push(
        JSON.stringify({
          did: `did:plc:bench${String(i % 5000).padStart(18, '0')}`,
          time_us: timeUs,
          kind: 'commit',
          commit: { rev: `r${i}`, operation: 'create', collection: 'app.bsky.feed.post', rkey: `3lbench${String(i).padStart(8, '0')}`, record: { $type: 'app.bsky.feed.post', createdAt: new Date(timeUs / 1000).toISOString(), langs: ['id'], text: `banjir ${p.text}` }, cid: `c${i}` },
        }),
      );
    }
  }
  return out;
}

async function measure(ctx: BenchContext, engine: 'postgres' | 'pglite', env: Record<string, string>, events: string[]): Promise<void> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (ws) => {
    for (const e of events) ws.send(e);
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'siaga-bench-'));
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', SIAGA_DATA_DIR: dataDir, SIAGA_ADMIN_PASSWORD: 'bench-password-1', ...env });
  const siaga = await createApp(config, { logger: pino({ level: 'silent' }) });
  try {
    await siaga.app.get(ProgramsService).create(null, { name: 'Banjir', slug: 'banjir', query: 'banjir OR rob' });
    await siaga.app.get(BackfillService).idle();
    const repo = siaga.app.get(SourcesRepository);
    const id = randomUUID();
    const now = new Date();
    await repo.insert({ id, type: 'bluesky', name: 'bench', settings: { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/subscribe`, keywords: [] }, secret_sealed: null, enabled: true, created_by: null, created_at: now, updated_at: now });
    const runner = siaga.app.get(SourceRunner);
    const t0 = performance.now();
    await runner.start((await repo.get(id))!);
    let stored = 0;
    while (stored < events.length) {
      await new Promise((r) => setTimeout(r, 50));
      stored = Number((await repo.get(id))!.items_total);
      if (performance.now() - t0 > 600_000) throw new Error(`only ${stored} of ${events.length} stored after 10 minutes`);
    }
    const seconds = (performance.now() - t0) / 1000;
    await runner.stop(id);
    const rate = stored / seconds;
    ctx.report(`connectors.${engine}.jetstream_items_per_s`, rate, `${fmt(rate)} items/s from the Jetstream fake into stored posts on ${engine} (${fmt(stored)} posts, each matched, analysed and stored through the ingest pipeline, cursor persisted per batch)`);
  } finally {
    await siaga.close();
    rmSync(dataDir, { recursive: true, force: true });
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }
}

/** `npm run bench -- --only connectors`: Jetstream events read, filtered and stored per second. */
export async function benchConnectors(ctx: BenchContext): Promise<void> {
  const n = Number(process.env.BENCH_CONNECTOR_ITEMS ?? 20_000);
  const events = jetstreamEvents(n);
  if (ctx.serverUrl) await withScratchDatabase(ctx.serverUrl, (url) => measure(ctx, 'postgres', { DATABASE_URL: url }, events));
  else ctx.note('connectors.postgres: skipped (no PostgreSQL server reachable; set BENCH_DATABASE_URL)');
  await measure(ctx, 'pglite', { DATABASE_URL: '' }, events);
}
