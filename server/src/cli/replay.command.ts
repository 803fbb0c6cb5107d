import { statSync } from 'node:fs';
import { formatOf, readImportFile, readCrisisLex, type ImportRecord } from './import-source.js';
import { httpSender, type SendBatch } from './import.command.js';
import { Progress } from './progress.js';

export interface ReplayOptions {
  file: string;
  format?: string;
  url: string;
  key: string;
  /** Stream time passes this many times faster than the file's time (60: an hour a minute). */
  speed: number;
  /** Most posts per request. */
  batch: number;
  /** Keep the file's createdAt instead of moving the posts to the moment they are sent. */
  keepTimes: boolean;
}

export interface ReplaySummary {
  read: number;
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: Array<{ line: number; message: string }>;
  /** File time covered, first to last post (ms). */
  spanMs: number;
  /** Wall time the replay took (ms). */
  elapsedMs: number;
}

export interface ReplayClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: ReplayClock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

// Posts due within this much of each other go in one request: fewer requests, and a pace still
// exact to a tenth of a second.
const GATHER_MS = 100;

/**
 * Sends a file's posts to a running server at the pace of their timestamps × speed, so a recorded
 * crisis plays out live: detection, alerts and the wall see it as it happened, only faster. Posts
 * are moved to the moment they are sent (unless keepTimes), keeping their spacing.
 */
export async function runReplay(opts: ReplayOptions, deps: { clock?: ReplayClock; send?: SendBatch; progress?: (done: number, total: number, extra: string) => void } = {}): Promise<ReplaySummary> {
  if (!(opts.speed > 0) || !Number.isFinite(opts.speed)) throw new Error('--speed must be a positive number');
  const clock = deps.clock ?? realClock;
  const send = deps.send ?? httpSender(opts.url, opts.key).send;
  const crisisLex = opts.format === 'crisislex';
  const format = crisisLex ? 'csv' : formatOf(opts.file, opts.format);
  const size = statSync(opts.file).size;
  const bar = new Progress(size, 'replaying');
  const progress = deps.progress ?? ((done: number, _total: number, extra: string) => bar.update(done, extra));
  const summary: ReplaySummary = { read: 0, sent: 0, accepted: 0, duplicates: 0, rejected: [], spanMs: 0, elapsedMs: 0 };
  let bytes = 0;
  // CrisisLex's labelled files are small and not in time order: read whole and sorted. Other files
  // stream; a post older than one already sent goes out at once.
  const records: AsyncIterable<ImportRecord> | Iterable<ImportRecord> = crisisLex ? await readCrisisLex(opts.file, (n) => (bytes += n)) : readImportFile(opts.file, format, (n) => (bytes += n));

  const start = clock.now();
  let first: number | undefined;
  let latest = -Infinity;
  let batch: Array<{ line: number; post: Record<string, unknown> }> = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const sending = batch;
    batch = [];
    const r = await send(sending.map((b) => b.post));
    summary.sent += sending.length;
    summary.accepted += r.accepted;
    summary.duplicates += r.duplicates;
    for (const rej of r.rejected) summary.rejected.push({ line: sending[rej.index]?.line ?? -1, message: rej.message });
    progress(bytes, size, `${summary.accepted} accepted`);
  };
  try {
    for await (const rec of records) {
      summary.read++;
      const post = rec.post as Record<string, unknown> | undefined;
      const at = typeof post?.createdAt === 'string' ? Date.parse(post.createdAt) : NaN;
      if (rec.error || !post || typeof post !== 'object' || Number.isNaN(at)) {
        // The server would refuse it too; it is reported with its line, not sent.
        summary.rejected.push({ line: rec.line, message: rec.error ?? 'no valid createdAt to pace the replay by' });
        continue;
      }
      first ??= at;
      latest = Math.max(latest, at);
      const due = start + (latest - first) / opts.speed;
      if (due - clock.now() > GATHER_MS) {
        await flush();
        const wait = due - clock.now();
        if (wait > 0) await clock.sleep(wait);
      }
      // Never ahead of the clock: a post gathered a little before its time says when it was sent.
      const sentAt = opts.keepTimes ? post.createdAt : new Date(Math.min(start + (at - first) / opts.speed, clock.now())).toISOString();
      batch.push({ line: rec.line, post: { ...post, createdAt: sentAt } });
      if (batch.length >= opts.batch) await flush();
    }
    await flush();
  } finally {
    bar.done();
  }
  summary.spanMs = first === undefined ? 0 : latest - first;
  summary.elapsedMs = clock.now() - start;
  summary.rejected.sort((a, b) => a.line - b.line);
  return summary;
}
