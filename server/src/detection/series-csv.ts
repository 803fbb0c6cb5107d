/** Reading `timestamp,value` files (the NAB layout) strictly: a bad file is refused whole, naming the line. */
import { parse } from 'csv-parse/sync';

export class SeriesCsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(line > 0 ? `line ${line}: ${message}` : message);
    this.name = 'SeriesCsvError';
  }
}

export interface SeriesCsvRow {
  /** The timestamp exactly as written. */
  timestamp: string;
  /** Parsed time, ms since epoch (a timestamp without a zone is read as UTC). */
  t: number;
  value: number;
  /** The value exactly as written. */
  valueText: string;
  /** 1-based line in the file. */
  line: number;
}

export interface SeriesCsv {
  rows: SeriesCsvRow[];
  /** The sampling interval: the median difference between consecutive timestamps. */
  stepMs: number;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `2015-02-26 21:42:53`, `2015-02-26T21:42:53.000Z`, `2015-02-26T21:42:53+07:00`, `2015-02-26`; else NaN. */
export function parseTimestamp(text: string): number {
  const m = TIMESTAMP.exec(text);
  if (!m) return NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const back = new Date(t);
  // Date.UTC rolls 2015-02-30 over to March: a calendar date that does not exist is an error, not a guess.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return NaN;
  let offset = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (oh > 23 || om > 59) return NaN;
    offset = sign * (oh * 60 + om) * 60_000;
  }
  return t - offset;
}

/** The UTC offset (minutes) a timestamp states, or undefined for a zoneless (wall-clock) one. */
export function statedOffsetMinutes(text: string): number | undefined {
  const m = TIMESTAMP.exec(text);
  const zone = m?.[8];
  if (!zone) return undefined;
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + (digits.length > 2 ? Number(digits.slice(2)) : 0);
  return zone.startsWith('-') ? -minutes : minutes;
}

/** Median of consecutive differences (robust to an occasional gap); 60 s for a single row. */
export function inferStepMs(times: readonly number[]): number {
  const diffs: number[] = [];
  // Repeats and steps back say nothing about the interval.
  for (let i = 1; i < times.length; i++) if ((times[i] as number) > (times[i - 1] as number)) diffs.push((times[i] as number) - (times[i - 1] as number));
  if (diffs.length === 0) return 60_000;
  diffs.sort((a, b) => a - b);
  const mid = diffs.length >> 1;
  return diffs.length % 2 ? (diffs[mid] as number) : ((diffs[mid - 1] as number) + (diffs[mid] as number)) / 2;
}

interface CsvLine {
  fields: string[];
  /** The line as written (without its line end). */
  text: string;
  /** 1-based. */
  line: number;
}

/**
 * The file's lines as fields. Quotes are not CSV quoting here: fields are echoed as written, so a field is split on
 * commas only and its surrounding quotes are dropped when it is read, never in the echo. Blank lines stay (as one
 * empty field) so that they can be refused by line number; one final newline is normal and ends the last line.
 */
function readLines(text: string): CsvLine[] {
  const records = parse(text, { bom: true, quote: false, relax_column_count: true, skip_empty_lines: false, record_delimiter: ['\r\n', '\n'] });
  // Without quoting a record is one line, blank ones included: the n-th record is line n (csv-parse's own line count
  // would also break at a lone carriage return, which here is part of a field).
  return records.map((fields, i) => ({ fields, text: fields.join(','), line: i + 1 }));
}

export interface ParseSeriesOptions {
  /**
   * Accept timestamps that go backwards (kept in file order). Off for `siaga detect`, which refuses them; the
   * benchmark turns it on for the few public files that have a clock step back in them.
   */
  allowBackwards?: boolean;
}

/**
 * Parses and validates the whole file before anything is computed or written. Repeated timestamps are allowed
 * (their values add up, like two reports for one interval); a timestamp earlier than the row before is an error.
 */
export function parseSeriesCsv(text: string, options: ParseSeriesOptions = {}): SeriesCsv {
  const lines = readLines(text);
  const first = lines[0];
  if (first === undefined || (lines.length === 1 && first.text.trim() === '')) {
    throw new SeriesCsvError(0, 'the file is empty: expected a header line "timestamp,value" and data rows');
  }
  const header = first.fields.map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
  if (header.length !== 2 || header[0] !== 'timestamp' || header[1] !== 'value') {
    const looksLikeData = !Number.isNaN(parseTimestamp(first.fields[0]?.trim() ?? ''));
    throw new SeriesCsvError(1, looksLikeData ? 'missing header: the first line must be "timestamp,value"' : `expected the header "timestamp,value", found "${truncate(first.text)}"`);
  }
  if (lines.length === 1) throw new SeriesCsvError(0, 'no data rows after the header');
  const rows: SeriesCsvRow[] = [];
  for (const { fields, text: raw, line: lineNo } of lines.slice(1)) {
    if (fields.length !== 2) {
      throw new SeriesCsvError(lineNo, raw.trim() === '' ? 'empty row' : `expected 2 fields (timestamp,value), found ${fields.length}`);
    }
    const timestamp = (fields[0] as string).trim().replace(/^"(.*)"$/, '$1');
    const valueText = (fields[1] as string).trim().replace(/^"(.*)"$/, '$1');
    const t = parseTimestamp(timestamp);
    if (Number.isNaN(t)) throw new SeriesCsvError(lineNo, `unparseable timestamp "${truncate(timestamp)}" (expected e.g. 2015-02-26 21:42:53 or an ISO time)`);
    if (!NUMBER.test(valueText)) throw new SeriesCsvError(lineNo, `value "${truncate(valueText)}" is not a number`);
    const value = Number(valueText);
    if (!Number.isFinite(value)) throw new SeriesCsvError(lineNo, `value "${truncate(valueText)}" is out of range`);
    const prev = rows[rows.length - 1];
    if (prev && t < prev.t && !options.allowBackwards) {
      throw new SeriesCsvError(lineNo, `timestamp ${timestamp} is earlier than line ${prev.line} (${prev.timestamp.trim()}): rows must be in time order`);
    }
    // Echoed verbatim: the fields as written, surrounding spaces and quotes included.
    rows.push({ timestamp: fields[0] as string, t, value, valueText: fields[1] as string, line: lineNo });
  }
  return { rows, stepMs: inferStepMs(rows.map((r) => r.t)) };
}

const truncate = (s: string): string => (s.length > 40 ? `${s.slice(0, 37)}…` : s);
