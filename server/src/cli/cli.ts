import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DataDirLockedError } from '../database/lock-file.js';

// The database, NestJS and config modules take over a second of CPU to load: they are imported
// only by the commands that use them, so analyze and detect start at once.

const HELP = `Usage: siaga <command> [options]

Commands:
  migrate [--down N]          apply pending migrations (or revert the newest N)
  import FILE [options]       load posts from a JSONL or CSV file
      --format jsonl|csv      the file's format (default: from its extension)
      --url URL --key KEY     send through a running server's API (default: straight into the database)
      --batch N               posts per batch (default 500, at most 5000)
      --restart               start from the first line (an interrupted import of an unchanged
                              file otherwise resumes where it stopped)
  rescore --since ISO [--until ISO] [--batch N] [--restart]
                              re-score stored posts with the current model and fix the rollups;
                              an interrupted run continues when started again with the same range
  analyze [--lang auto|id|en] language and explainable sentiment: JSONL {id?, text} on stdin,
                              one JSONL result a line on stdout (opens no database)
  detect --input FILE.csv     run the volume spike detector over a timestamp,value series; CSV
                              timestamp,value,anomaly_score,alert on stdout (opens no database)
  replay FILE --url URL --key KEY [options]
                              send a file's posts to a running server at the pace of their
                              timestamps, so a recorded crisis plays out live
      --speed N               N times faster than recorded (default 60: an hour a minute)
      --format jsonl|csv|crisislex
                              the file's format (crisislex: a CrisisLex T26 tweets_labeled.csv)
      --batch N               most posts per request (default 500, at most 5000)
      --keep-times            keep the file's createdAt (default: the moment each post is sent)
  forget-author SOURCE HANDLE [--requested-by TEXT]
                              delete every post of one author (a data subject's request; audited)
  backup FILE                 the whole embedded database into one file (stop the server first)
  restore FILE                replace the embedded database with a backup; what was there is
                              moved aside to pglite.before-restore-<time>, never deleted
  admin reset-password EMAIL  a new password for a user (who is re-enabled; their sessions end)
  admin create-admin EMAIL [--name NAME]
                              a new admin account, e.g. when no admin is left
      --password-stdin        read the new password from stdin (default: generate and print one)
  help                        this text

The database is the one the server uses: DATABASE_URL, or the embedded one in SIAGA_DATA_DIR
(./data by default), which only one process may open at a time.
`;

class UsageError extends Error {}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** Standard input for the commands that read it (default: process.stdin). */
  stdin?: AsyncIterable<Buffer | string>;
}

const processIo: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), env: process.env };

/** Runs one command; answers the exit code. Errors become a message on stderr and a non-zero code. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (err) {
    if (err instanceof UsageError) io.err(`siaga: ${err.message}\n\n${HELP}`);
    else if (err instanceof DataDirLockedError || (await isConfigError(err))) io.err(`siaga: ${(err as Error).message}\n`);
    else if ((err as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || (err as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') io.err(`siaga: ${(err as Error).message}\n\n${HELP}`);
    else io.err(`siaga: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

/** The first line of a stream (a password piped in), without its line end. */
async function firstLine(input: AsyncIterable<Buffer | string>): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/** Only a command that loaded the config module can have thrown its error. */
async function isConfigError(err: unknown): Promise<boolean> {
  const { ConfigError } = await import('../config/config.js');
  return err instanceof ConfigError;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.out(HELP);
    return command ? 0 : 1;
  }
  if (command === 'analyze') {
    const { values } = parseArgs({ args: rest, strict: true, options: { lang: { type: 'string', default: 'auto' } } });
    const lang = values.lang;
    if (lang !== 'auto' && lang !== 'id' && lang !== 'en') throw new UsageError('--lang must be auto, id or en');
    // Loaded only here: analyze needs neither NestJS nor the database at start-up.
    const { runAnalyze } = await import('./analyze.command.js');
    return runAnalyze({ lang }, { stdin: io.stdin ?? process.stdin, out: (t) => io.out(t), err: (t) => io.err(t), progress: Boolean(process.stderr.isTTY) && io === processIo });
  }
  if (command === 'detect') {
    const { values } = parseArgs({ args: rest, strict: true, options: { input: { type: 'string' } } });
    if (!values.input) throw new UsageError('detect needs --input FILE.csv');
    const { runDetect } = await import('./detect.command.js');
    return runDetect({ input: values.input }, { out: (t) => io.out(t), err: (t) => io.err(t) });
  }
  if (command === 'replay') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: { format: { type: 'string' }, url: { type: 'string' }, key: { type: 'string' }, speed: { type: 'string', default: '60' }, batch: { type: 'string', default: '500' }, 'keep-times': { type: 'boolean', default: false } },
    });
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new UsageError('replay takes exactly one FILE');
    if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
    if (!values.url || !values.key) throw new UsageError('replay needs --url and --key (it sends to a running server)');
    const speed = Number(values.speed);
    if (!Number.isFinite(speed) || speed <= 0 || speed > 1_000_000) throw new UsageError('--speed takes a number above 0 (at most 1000000)');
    const batch = Number(values.batch);
    if (!Number.isInteger(batch) || batch < 1 || batch > 5000) throw new UsageError('--batch takes a whole number from 1 to 5000');
    if (values.format !== undefined && !['jsonl', 'ndjson', 'json', 'csv', 'crisislex'].includes(values.format)) throw new UsageError('--format must be jsonl, csv or crisislex');
    const { runReplay } = await import('./replay.command.js');
    const s = await runReplay({ file, format: values.format, url: values.url, key: values.key, speed, batch, keepTimes: values['keep-times'] });
    io.out(`replayed ${s.sent} of ${s.read} records (${(s.spanMs / 60_000).toFixed(1)} min of posts in ${(s.elapsedMs / 1000).toFixed(1)} s): ${s.accepted} accepted, ${s.duplicates} duplicates, ${s.rejected.length} rejected\n`);
    for (const r of s.rejected.slice(0, 20)) io.out(`  line ${r.line}: ${r.message}\n`);
    if (s.rejected.length > 20) io.out(`  … and ${s.rejected.length - 20} more\n`);
    return s.rejected.length ? 2 : 0;
  }
  await import('reflect-metadata');
  const { loadConfig } = await import('../config/config.js');
  const config = loadConfig(io.env, { LOG_LEVEL: io.env.LOG_LEVEL ?? 'warn' });
  switch (command) {
    case 'migrate': {
      const { values } = parseArgs({ args: rest, options: { down: { type: 'string' } }, strict: true });
      const down = values.down === undefined ? 0 : Number(values.down);
      if (!Number.isInteger(down) || down < 0) throw new UsageError('--down takes a whole number');
      const { Database } = await import('../database/database.js');
      const { migrateDown } = await import('../database/migrator.js');
      const db = await Database.open(config, { owner: 'siaga migrate', migrate: down === 0 });
      try {
        if (down > 0) {
          for (const m of await migrateDown(db.dataSource, down)) io.out(`reverted ${m}\n`);
        } else {
          const r = db.migrations!;
          for (const m of r.applied) io.out(`applied ${m}\n`);
          io.out(r.applied.length ? `database is at ${r.current}\n` : `nothing to apply: database is at ${r.current}\n`);
        }
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'import': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        strict: true,
        options: { format: { type: 'string' }, url: { type: 'string' }, key: { type: 'string' }, batch: { type: 'string', default: '500' }, restart: { type: 'boolean', default: false } },
      });
      const file = positionals[0];
      if (!file || positionals.length > 1) throw new UsageError('import takes exactly one FILE');
      if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
      const batch = Number(values.batch);
      if (!Number.isInteger(batch) || batch < 1 || batch > 5000) throw new UsageError('--batch takes a whole number from 1 to 5000');
      const { runImport } = await import('./import.command.js');
      const s = await runImport(config, { file, format: values.format, url: values.url, key: values.key, batch, restart: values.restart });
      if (s.resumedAfter !== undefined) io.out(`resumed after line ${s.resumedAfter}, where an interrupted run of this file stopped (--restart starts over)\n`);
      io.out(`read ${s.read} records: ${s.accepted} accepted, ${s.duplicates} duplicates, ${s.rejected.length} rejected\n`);
      for (const r of s.rejected.slice(0, 20)) io.out(`  line ${r.line}: ${r.message}\n`);
      if (s.rejected.length > 20) io.out(`  … and ${s.rejected.length - 20} more\n`);
      return s.rejected.length ? 2 : 0;
    }
    case 'rescore': {
      const { values } = parseArgs({
        args: rest,
        strict: true,
        options: { since: { type: 'string' }, until: { type: 'string' }, batch: { type: 'string', default: '1000' }, restart: { type: 'boolean', default: false } },
      });
      if (!values.since) throw new UsageError('rescore needs --since (an ISO 8601 date or time)');
      const since = new Date(values.since);
      const until = values.until ? new Date(values.until) : new Date();
      if (Number.isNaN(since.getTime())) throw new UsageError(`--since is not a date: ${values.since}`);
      if (Number.isNaN(until.getTime())) throw new UsageError(`--until is not a date: ${values.until}`);
      if (since >= until) throw new UsageError('--since must be before --until');
      const batch = Number(values.batch);
      if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) throw new UsageError('--batch takes a whole number from 1 to 10000');
      const { runRescore } = await import('./rescore.command.js');
      const s = await runRescore(config, { since, until, batch, restart: values.restart }, (line) => io.err(`${line}\n`));
      io.out(`re-scored ${s.scanned} posts, ${s.changed} changed${s.resumed ? ' (resumed)' : ''}\n`);
      return 0;
    }
    case 'forget-author': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true, options: { 'requested-by': { type: 'string', default: 'operator (siaga forget-author)' } } });
      const [source, handle, ...extra] = positionals;
      if (!source || !handle || extra.length) throw new UsageError('forget-author takes SOURCE and HANDLE');
      // The same limits the ingest API puts on them, and no NUL (PostgreSQL refuses it).
      for (const [name, value] of [['SOURCE', source], ['HANDLE', handle], ['--requested-by', values['requested-by']]] as const) {
        if (value.length > 500 || value.includes('\u0000')) throw new UsageError(`${name} is too long or holds a NUL character`);
      }
      const { runForgetAuthor } = await import('./forget-author.command.js');
      const n = await runForgetAuthor(config, source, handle.replace(/^@/u, ''), values['requested-by']);
      io.out(`deleted ${n} posts of ${source}/${handle.replace(/^@/u, '')}; the request is in the audit log\n`);
      return 0;
    }
    case 'backup':
    case 'restore': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true, options: {} });
      const file = positionals[0];
      if (!file || positionals.length > 1) throw new UsageError(`${command} takes exactly one FILE`);
      const { runBackup, runRestore, BackupInputError } = await import('./backup.command.js');
      try {
        if (command === 'backup') {
          const r = await runBackup(config, file);
          io.out(`backed up ${r.posts} posts to ${r.file} (${(r.bytes / 1e6).toFixed(1)} MB)\n`);
        } else {
          const r = await runRestore(config, file);
          io.out(`restored ${r.posts} posts from ${r.file}${r.migrated.length ? `, migrated ${r.migrated.length}` : ''}\n`);
          if (r.previous) io.out(`the data that was there is in ${r.previous}\n`);
        }
        return 0;
      } catch (err) {
        if (err instanceof BackupInputError) throw new UsageError(err.message);
        throw err;
      }
    }
    case 'admin': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        strict: true,
        options: { name: { type: 'string', default: 'Administrator' }, 'password-stdin': { type: 'boolean', default: false } },
      });
      const [action, email, ...extra] = positionals;
      if (action !== 'reset-password' && action !== 'create-admin') throw new UsageError('admin takes reset-password EMAIL or create-admin EMAIL');
      if (!email || extra.length) throw new UsageError(`admin ${action} takes exactly one EMAIL`);
      const name = values.name.trim();
      if (name.length < 1 || name.length > 200) throw new UsageError('--name takes 1 to 200 characters');
      const password = values['password-stdin'] ? await firstLine(io.stdin ?? process.stdin) : undefined;
      if (password === '') throw new UsageError('--password-stdin read an empty password');
      const { runAdmin, AdminInputError } = await import('./admin.command.js');
      try {
        const r = await runAdmin(config, { action, email, name, password });
        io.out(action === 'create-admin' ? `created admin ${r.user.email}\n` : `reset the password of ${r.user.email} (${r.user.role}); their sessions are ended\n`);
        // Shown once: the operator passes it on and the user changes it.
        if (r.generated) io.out(`password: ${r.generated}\n`);
        return 0;
      } catch (err) {
        if (err instanceof AdminInputError) throw new UsageError(err.message);
        throw err;
      }
    }
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

