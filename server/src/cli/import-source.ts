import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';

export type ImportFormat = 'jsonl' | 'csv';

export interface ImportRecord {
  /** 1-based line (JSONL) or record number (CSV, the header not counted) in the file. */
  line: number;
  post?: unknown;
  error?: string;
}

export function formatOf(file: string, given: string | undefined): ImportFormat {
  if (given === 'jsonl' || given === 'ndjson' || given === 'json') return 'jsonl';
  if (given === 'csv') return 'csv';
  if (given) throw new Error(`--format must be jsonl or csv (got ${given})`);
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(jsonl|ndjson|json)$/i.test(file)) return 'jsonl';
  throw new Error(`cannot tell the format of ${file} from its name: pass --format jsonl or --format csv`);
}

const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
const str = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

/** A CSV row with flat columns (author_handle or author.handle, …) as an ingest post. */
export function postFromCsv(row: Record<string, string>): unknown {
  const get = (...names: string[]) => {
    for (const n of names) if (row[n] !== undefined) return row[n];
    return undefined;
  };
  const engagement = {
    likes: num(get('likes', 'engagement.likes')),
    shares: num(get('shares', 'engagement.shares')),
    replies: num(get('replies', 'engagement.replies')),
    views: num(get('views', 'engagement.views')),
  };
  const hasEngagement = Object.values(engagement).some((v) => v !== undefined);
  const post: Record<string, unknown> = {
    source: get('source'),
    externalId: get('externalId', 'external_id', 'id'),
    text: get('text'),
    createdAt: get('createdAt', 'created_at', 'timestamp'),
    author: {
      handle: get('author_handle', 'author.handle', 'handle', 'author'),
      ...(str(get('author_name', 'author.name')) ? { name: get('author_name', 'author.name') } : {}),
      ...(num(get('author_followers', 'author.followers', 'followers')) !== undefined ? { followers: num(get('author_followers', 'author.followers', 'followers')) } : {}),
    },
  };
  const url = str(get('url'));
  if (url) post.url = url;
  const lang = str(get('lang'));
  if (lang) post.lang = lang;
  const parent = str(get('parentExternalId', 'parent_external_id'));
  if (parent) post.parentExternalId = parent;
  if (hasEngagement) post.engagement = Object.fromEntries(Object.entries(engagement).filter(([, v]) => v !== undefined));
  return post;
}

/** Streams the file's records; a malformed one becomes an error record, never an exception. */
export async function* readImportFile(file: string, format: ImportFormat, onBytes: (n: number) => void): AsyncGenerator<ImportRecord> {
  const input = createReadStream(file);
  input.on('data', (chunk) => onBytes(chunk.length));
  if (format === 'jsonl') {
    let line = 0;
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      line++;
      if (text.trim() === '') continue;
      try {
        yield { line, post: JSON.parse(text) as unknown };
      } catch (err) {
        yield { line, error: `not valid JSON: ${(err as Error).message}` };
      }
    }
    return;
  }
  const parser = input.pipe(parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: false }));
  let record = 0;
  try {
    for await (const row of parser as AsyncIterable<Record<string, string>>) {
      record++;
      yield { line: record, post: postFromCsv(row) };
    }
  } catch (err) {
    yield { line: record + 1, error: `CSV is malformed: ${(err as Error).message}` };
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', amp: '&' };

/** ms since the epoch that a tweet id (a Snowflake id) holds. */
export function tweetIdTime(id: string): number | undefined {
  if (!/^\d{1,20}$/u.test(id)) return undefined;
  return Number((BigInt(id) >> 22n) + 1288834974657n);
}

/**
 * A CrisisLex T26 "tweets_labeled.csv" file as posts, in time order (the tweet id holds the time).
 * The files carry no author: each post gets a handle of its own, so no author seems to repeat.
 */
export async function readCrisisLex(file: string, onBytes: (n: number) => void): Promise<ImportRecord[]> {
  const records: Array<ImportRecord & { at: number }> = [];
  const input = createReadStream(file);
  input.on('data', (chunk) => onBytes(chunk.length));
  const parser = input.pipe(parse({ columns: (header: string[]) => header.map((h) => h.trim()), bom: true, skip_empty_lines: true, relax_column_count: true }));
  let record = 0;
  try {
    for await (const row of parser as AsyncIterable<Record<string, string>>) {
      record++;
      const id = (row['Tweet ID'] ?? '').trim();
      const at = tweetIdTime(id);
      // The files keep Twitter's escaping of <, > and &.
      const text = row['Tweet Text']?.replace(/&(lt|gt|quot|amp);/gu, (_m, e: string) => ENTITIES[e] ?? _m);
      if (at === undefined || !text) {
        records.push({ line: record, error: at === undefined ? `not a tweet id: ${id.slice(0, 40)}` : 'no tweet text', at: -Infinity });
        continue;
      }
      records.push({ line: record, at, post: { source: 'twitter', externalId: id, text, createdAt: new Date(at).toISOString(), lang: 'en', author: { handle: `t26_${id}` } } });
    }
  } catch (err) {
    records.push({ line: record + 1, error: `CSV is malformed: ${(err as Error).message}`, at: -Infinity });
  }
  return records.sort((a, b) => a.at - b.at || a.line - b.line);
}
