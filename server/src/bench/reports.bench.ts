import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import pino from 'pino';
import { createApp } from '../app/create-app.js';
import type { Principal } from '../auth/access.decorators.js';
import { loadConfig } from '../config/config.js';
import { Database } from '../database/database.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import { ReportsService } from '../incidents/reports.service.js';
import { ProgramsService } from '../programs/programs.service.js';
import { seedIncidentPosts } from './incident-fixture.js';
import { type BenchContext, fmt, withScratchDatabase } from './support.js';

const POSTS = Number(process.env.BENCH_REPORT_POSTS ?? 100_000);
const HOURS = 12;
const FROM = new Date(Date.now() - (HOURS + 1) * 3_600_000);
const PASSWORD = 'bench-password-1';
const MB = 1024 * 1024;

/** Samples the process's memory every 10 ms while `fn` runs; answers its result, time and peaks. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peakRss: number; peakHeap: number; heapBefore: number }> {
  const heapBefore = process.memoryUsage().heapUsed;
  let peakRss = process.memoryUsage().rss;
  let peakHeap = heapBefore;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 10);
  const t0 = performance.now();
  try {
    const value = await fn();
    return { value, ms: performance.now() - t0, peakRss, peakHeap, heapBefore };
  } finally {
    clearInterval(timer);
  }
}

/** Reads the export as a client would, counting bytes and line ends (the fixture's texts hold no line breaks). */
async function drain(body: Readable): Promise<{ bytes: number; rows: number }> {
  let bytes = 0;
  let rows = 0;
  for await (const chunk of body) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    bytes += b.length;
    for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) rows++;
  }
  return { bytes, rows };
}

async function run(ctx: BenchContext, databaseUrl: string, engine: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'siaga-bench-reports-'));
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: '', LOG_LEVEL: 'silent', SIAGA_DATA_DIR: dataDir, SIAGA_ADMIN_PASSWORD: PASSWORD });
  const siaga = await createApp(config, { logger: pino({ level: 'silent' }), inMemory: !databaseUrl });
  try {
    const db = siaga.app.get(Database);
    const program = await siaga.app.get(ProgramsService).create(null, { name: 'BPJS Kesehatan', slug: 'bpjs', query: 'bpjs' });
    const [admin] = await db.query<Principal>(`SELECT id, email, name, role FROM users WHERE role = 'admin' LIMIT 1`);
    const seeded = await measured(() => seedIncidentPosts(db, program.id, FROM, HOURS, POSTS));
    ctx.note(`${engine}: seeded ${fmt(POSTS)} posts over ${HOURS} h in ${fmt(seeded.ms)} ms`);
    const incidents = siaga.app.get(IncidentsService);
    const created = await incidents.create(admin!, { title: 'Hoaks iuran BPJS naik', programIds: [program.id], startedAt: FROM.toISOString() });
    await incidents.addAction(admin!, created.id, { text: 'Klarifikasi terbit di akun kementerian', at: new Date(FROM.getTime() + 4 * 3_600_000).toISOString() });
    await incidents.update(admin!, created.id, { status: 'closed', endedAt: new Date(FROM.getTime() + HOURS * 3_600_000).toISOString(), summary: 'Ringkasan.', lessons: 'Pelajaran.' });
    const reports = siaga.app.get(ReportsService);

    const times: number[] = [];
    let pdf = await measured(() => reports.render(admin!, created.id, 'pdf', 'id'));
    times.push(pdf.ms);
    for (let i = 0; i < 2; i++) {
      const again = await measured(() => reports.render(admin!, created.id, 'pdf', 'id'));
      times.push(again.ms);
      if (again.peakRss > pdf.peakRss) pdf = again;
    }
    const size = (pdf.value.body as Buffer).length;
    const sorted = [...times].sort((a, b) => a - b);
    ctx.report('report_pdf_ms', sorted[1]!, `PDF report, ${fmt(POSTS)}-post incident (${engine}): ${fmt(sorted[1]!)} ms median of 3 (first ${fmt(times[0]!)} ms; target < 3,000 ms), ${fmt(size / 1024)} KB, peak RSS ${fmt(pdf.peakRss / MB)} MB, heap +${fmt((pdf.peakHeap - pdf.heapBefore) / MB)} MB`);

    const csv = await measured(async () => drain((await reports.csv(admin!, created.id, {})).body as Readable));
    const rows = csv.value.rows - 1;
    const rate = rows / (csv.ms / 1000);
    ctx.report('report_csv_rows_per_s', rate, `CSV export (${engine}): ${fmt(rows)} rows, ${fmt(csv.value.bytes / MB)} MB in ${fmt(csv.ms)} ms = ${fmt(rate)} rows/s (target ≥ 50,000), peak RSS ${fmt(csv.peakRss / MB)} MB, heap +${fmt((csv.peakHeap - csv.heapBefore) / MB)} MB`);
  } finally {
    await siaga.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `--only reports`: the PDF report time and the CSV export rate for a 100,000-post incident, with peak memory. */
export async function benchReports(ctx: BenchContext): Promise<void> {
  if (ctx.serverUrl) await withScratchDatabase(ctx.serverUrl, (url) => run(ctx, url, 'PostgreSQL'));
  else ctx.note('no PostgreSQL server answered: PGlite only');
  if (process.env.BENCH_REPORTS_PGLITE !== '0') await run(ctx, '', 'PGlite');
}
