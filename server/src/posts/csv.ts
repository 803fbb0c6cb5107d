/** Excel and LibreOffice open UTF-8 CSV correctly only when it starts with a byte order mark. */
export const UTF8_BOM = '\uFEFF';
export const CSV_EOL = '\r\n';

export type CsvValue = string | number | boolean | null | undefined;

// A spreadsheet evaluates a cell that starts with one of these as a formula (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One RFC 4180 field. Text that a spreadsheet would run as a formula gets a leading `'`;
 * numbers and booleans are ours, never user text, so a negative score stays a number.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One record, CRLF-terminated. */
export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',') + CSV_EOL;
}
