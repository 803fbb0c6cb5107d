import { statSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { Module, type DynamicModule } from '@nestjs/common';
import type { IngestResult } from '@siaga/shared';
import pino from 'pino';
import { CoreModule } from '../app/core.module.js';
import { AuditModule } from '../audit/audit.module.js';
import type { AppConfig } from '../config/config.js';
import { Database } from '../database/database.js';
import { IngestModule } from '../ingest/ingest.module.js';
import { IngestService } from '../ingest/ingest.service.js';
import { formatOf, readImportFile, type ImportRecord } from './import-source.js';
import { Progress } from './progress.js';

export interface ImportOptions {
  file: string;
  format?: string;
  url?: string;
  key?: string;
  batch: number;
}

export interface ImportSummary {
  read: number;
  accepted: number;
  duplicates: number;
  rejected: Array<{ line: number; message: string }>;
}

export type SendBatch = (posts: unknown[]) => Promise<IngestResult>;

@Module({})
class ImportModule {
  static forRoot(config: AppConfig, db: Database): DynamicModule {
    return { module: ImportModule, imports: [CoreModule.forRoot(config, pino({ level: 'silent' }), db), AuditModule, IngestModule] };
  }
}

/** Straight into the database, through the same pipeline as the API. */
async function directSender(config: AppConfig): Promise<{ send: SendBatch; close: () => Promise<void> }> {
  const db = await Database.open(config, { owner: 'siaga import' });
  const ctx = await NestFactory.createApplicationContext(ImportModule.forRoot(config, db), { logger: false });
  const ingest = ctx.get(IngestService);
  return {
    send: (posts) => ingest.ingest(posts),
    close: async () => {
      await ctx.close();
      await db.close();
    },
  };
}

const MAX_ATTEMPTS = 8;
const MAX_WAIT_MS = 30_000;

/** How long to wait before attempt `attempt + 1`: the server's Retry-After when it gives one, else doubling from 1 s. */
export function retryDelay(attempt: number, retryAfter: string | null): number {
  const seconds = retryAfter === null ? NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_WAIT_MS);
  return Math.min(500 * 2 ** attempt, MAX_WAIT_MS);
}

/**
 * Through a running server's API, retrying what a network or a busy server may fail (refused
 * connections, 429 and 5xx), honouring Retry-After. A retried batch is safe: the server drops posts
 * it already holds as duplicates.
 */
export function httpSender(url: string, key: string, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): { send: SendBatch; close: () => Promise<void> } {
  const endpoint = new URL('/api/ingest/posts', url).toString();
  const send: SendBatch = async (posts) => {
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ posts }) });
      } catch (err) {
        if (attempt >= MAX_ATTEMPTS) throw new Error(`cannot reach ${endpoint}: ${(err as Error).message}`, { cause: err });
        await sleep(retryDelay(attempt, null));
        continue;
      }
      const body = (await res.json().catch(() => ({}))) as IngestResult & { error?: { code: string; message: string } };
      if (res.status === 202) return body;
      if ((res.status === 429 || res.status >= 500) && attempt < MAX_ATTEMPTS) {
        await sleep(retryDelay(attempt, res.headers.get('retry-after')));
        continue;
      }
      throw new Error(`server answered ${res.status}: ${body.error?.message ?? 'no error message'}`);
    }
  };
  return { send, close: () => Promise.resolve() };
}

export async function runImport(config: AppConfig, opts: ImportOptions): Promise<ImportSummary> {
  const format = formatOf(opts.file, opts.format);
  const size = statSync(opts.file).size;
  if ((opts.url === undefined) !== (opts.key === undefined)) throw new Error('--url and --key go together (or leave both out to write to the database)');
  const sender = opts.url && opts.key ? httpSender(opts.url, opts.key) : await directSender(config);
  const summary: ImportSummary = { read: 0, accepted: 0, duplicates: 0, rejected: [] };
  const progress = new Progress(size, 'importing');
  let bytes = 0;
  let batch: ImportRecord[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const r = await sender.send(batch.map((b) => b.post));
    summary.accepted += r.accepted;
    summary.duplicates += r.duplicates;
    for (const rej of r.rejected) summary.rejected.push({ line: batch[rej.index]?.line ?? -1, message: rej.message });
    batch = [];
    progress.update(bytes, `${summary.accepted} accepted`);
  };
  try {
    for await (const rec of readImportFile(opts.file, format, (n) => (bytes += n))) {
      summary.read++;
      if (rec.error) {
        summary.rejected.push({ line: rec.line, message: rec.error });
        continue;
      }
      batch.push(rec);
      if (batch.length >= opts.batch) await flush();
    }
    await flush();
  } finally {
    progress.done();
    await sender.close();
  }
  summary.rejected.sort((a, b) => a.line - b.line);
  return summary;
}
