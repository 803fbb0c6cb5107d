import { inYearRange } from '@siaga/shared';
import { AppError } from './errors.js';

/** Keyset position: the sort timestamp and the id that breaks ties. */
export interface Keyset {
  at: Date;
  id: string;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(k: { at: Date; id: string }): string {
  return Buffer.from(`${k.at.toISOString()}|${k.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Keyset | undefined {
  if (cursor === undefined) return undefined;
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  const [iso, id] = raw.split('|');
  const at = iso ? new Date(iso) : undefined;
  // A forged year (0000, negative, past 9999) would reach SQL as a timestamp it cannot take.
  if (!at || Number.isNaN(at.getTime()) || !inYearRange(at) || !id || !UUID_RE.test(id)) {
    throw new AppError('bad_request', 'cursor is not valid: pass back the nextCursor of a previous page');
  }
  return { at, id };
}

/** Fetch `limit + 1` rows; the extra one says whether a next page exists. */
export function toPage<R, T>(rows: R[], limit: number, map: (r: R) => T, keyOf: (r: R) => { at: Date; id: string }) {
  const more = rows.length > limit;
  const slice = more ? rows.slice(0, limit) : rows;
  const last = slice[slice.length - 1];
  return { items: slice.map(map), nextCursor: more && last ? encodeCursor(keyOf(last)) : null };
}
