import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
  /** Start from the first line even if an earlier run of this file was interrupted. */
  restart?: boolean;
}

export interface ImportSummary {
  read: number;
  accepted: number;
  duplicates: number;
  rejected: Array<{ line: number; message: string }>;
  /** The line an interrupted earlier run had finished, which this run continued after. */
  resumedAfter?: number;
}

/**
 * Beside the file while an import runs: how far it got. Written after each batch the server (or
 * database) has taken, so a run that stops (a crash, Ctrl-C, a server gone for good) continues
 * after that line when started again on the unchanged file. Removed when the import completes.
 */
interface Checkpoint {
  size: number;
  mtimeMs: number;
  line: number;
  summary: ImportSummary;
}

export const checkpointPath = (file: string) => `${file}.siaga-import.json`;
// Enough rejected lines to report; a file that is all errors must not make the checkpoint huge.
const MAX_KEPT_REJECTIONS = 1_000;

function readCheckpoint(file: string, size: number, mtimeMs: number): Checkpoint | undefined {
  const path = checkpointPath(file);
  if (!existsSync(path)) return undefined;
  try {
    const cp = JSON.parse(readFileSync(path, 'utf8')) as Checkpoint;
    // A changed file starts over: its lines are not the ones counted.
    return cp.size === size && cp.mtimeMs === mtimeMs && Number.isInteger(cp.line) ? cp : undefined;
  } catch {
    return undefined;
  }
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
  const { size, mtimeMs } = statSync(opts.file);
  if ((opts.url === undefined) !== (opts.key === undefined)) throw new Error('--url and --key go together (or leave both out to write to the database)');
  const sender = opts.url && opts.key ? httpSender(opts.url, opts.key) : await directSender(config);
  const resume = opts.restart ? undefined : readCheckpoint(opts.file, size, mtimeMs);
  const summary: ImportSummary = resume ? { ...resume.summary, resumedAfter: resume.line } : { read: 0, accepted: 0, duplicates: 0, rejected: [] };
  const skipThrough = resume?.line ?? 0;
  let lastLine = skipThrough;
  let checkpointWritable = true;
  // The line the checkpoint on disk holds, if this run wrote (or found) one.
  let savedLine: number | undefined = resume?.line;
  const saveCheckpoint = () => {
    if (!checkpointWritable) return;
    try {
      const kept = { ...summary, rejected: summary.rejected.slice(0, MAX_KEPT_REJECTIONS) };
      writeFileSync(checkpointPath(opts.file), JSON.stringify({ size, mtimeMs, line: lastLine, summary: kept } satisfies Checkpoint));
      savedLine = lastLine;
    } catch {
      // A read-only directory: the import goes on, it just cannot resume.
      checkpointWritable = false;
    }
  };
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
    saveCheckpoint();
    progress.update(bytes, `${summary.accepted} accepted`);
  };
  try {
    for await (const rec of readImportFile(opts.file, format, (n) => (bytes += n))) {
      if (rec.line <= skipThrough) continue;
      lastLine = rec.line;
      summary.read++;
      if (rec.error) {
        summary.rejected.push({ line: rec.line, message: rec.error });
        continue;
      }
      batch.push(rec);
      if (batch.length >= opts.batch) await flush();
    }
    await flush();
    rmSync(checkpointPath(opts.file), { force: true });
  } catch (err) {
    if (savedLine === undefined) throw err;
    throw new Error(`${(err as Error).message} (lines up to ${savedLine} are in: run the same command again to continue after it)`, { cause: err });
  } finally {
    progress.done();
    await sender.close();
  }
  summary.rejected.sort((a, b) => a.line - b.line);
  return summary;
}
