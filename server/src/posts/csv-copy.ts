/**
 * CSV written by the embedded engine's COPY (`Database.copyCsvEmbedded`): the cell rules of posts/csv.ts in SQL, the
 * values COPY takes as settings, and COPY's output cut into records. Used by the posts export and the incident CSV.
 */

/** One page of a CSV as the embedded engine's COPY wrote it: CRLF records, and the key to go on after it. */
export interface CsvCopyPage {
  csv: string;
  rows: number;
  last: { at: string; id: string } | undefined;
}

/** A value as the text `set_config` takes and `current_setting(…)::type` reads back. */
export function settingText(v: unknown): string {
  if (Array.isArray(v)) return `{${v.map((x) => `"${String(x).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
  return String(v);
}

/**
 * A text cell as the CSV writer in posts/csv.ts makes it: a leading `'` where a spreadsheet would see a formula, and
 * empty text as an empty cell (COPY writes an empty string as `""`, and NULL as nothing).
 */
export const csvText = (x: string) => `NULLIF(CASE WHEN left(${x}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') THEN '''' || ${x} ELSE ${x} END, '')`;

/**
 * Splits COPY's CSV output into records (a line feed outside quotes ends one), strips each record's last two fields
 * (the keyset: a timestamp and a uuid, never quoted) and ends it with CRLF as RFC 4180 and posts/csv.ts do.
 */
export function copyRecords(raw: string): CsvCopyPage {
  let csv = '';
  let rows = 0;
  let last: CsvCopyPage['last'];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 10 && !quoted) {
      const idAt = raw.lastIndexOf(',', i);
      const keyAt = raw.lastIndexOf(',', idAt - 1);
      csv += raw.slice(start, keyAt) + '\r\n';
      last = { at: raw.slice(keyAt + 1, idAt), id: raw.slice(idAt + 1, i) };
      rows++;
      start = i + 1;
    }
  }
  return { csv, rows, last };
}

/**
 * COPY takes no bind parameters: `p(value)` keeps each value as a setting for the one transaction and answers the SQL
 * that reads it back. A subquery is evaluated once (an init plan) and can bound an index scan; a bare
 * `current_setting()` would be called again for every row. Its text is cast where it is used.
 */
export function copySettings(initial: ReadonlyArray<readonly [string, string]> = []): { settings: Array<readonly [string, string]>; p: (v: unknown) => string } {
  const settings: Array<readonly [string, string]> = [...initial];
  const p = (v: unknown) => {
    const name = `siaga.csv_${settings.length + 1}`;
    settings.push([name, settingText(v)]);
    return `(SELECT current_setting('${name}'))`;
  };
  return { settings, p };
}
