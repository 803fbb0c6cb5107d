/**
 * `<input type="datetime-local">` speaks wall-clock time without a zone ("2026-11-26T15:00"), and
 * the browser would read it in its own zone. Siaga shows every time in the zone the user chose
 * (WIB, WITA, WIT… see `format.ts`), so a team spread over Indonesia reads the same instants: these
 * convert between that zone's wall clock and instants, with Intl rather than `new Date(value)`.
 *
 * - `toWallTime`: instant → input value ("YYYY-MM-DDTHH:mm"), also for `min`/`max`.
 * - `fromWallTime`: input value → instant; null unless the value is a time that happens in the zone.
 * - `zonedInputToIso`: input value → ISO string with the zone's offset, for the API.
 * - `zoneOffsetMinutes`: the zone's offset from UTC at an instant.
 */

/** `YYYY-MM-DDTHH:mm`, optionally `:ss`: what a datetime-local input holds. */
const INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

function wallClockAt(epochMs: number, timeZone: string): WallClock {
  const values: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return {
    year: values.year ?? 1970,
    month: values.month ?? 1,
    day: values.day ?? 1,
    // Some engines still say 24 for midnight even with h23.
    hour: (values.hour ?? 0) % 24,
    minute: values.minute ?? 0,
    second: values.second ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in minutes (WIB: +420; New York in July: -240). */
export function zoneOffsetMinutes(epochMs: number, timeZone: string): number {
  const w = wallClockAt(epochMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const wholeSeconds = Math.floor(epochMs / 1000) * 1000;
  return Math.round((asUtc - wholeSeconds) / 60_000);
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

function formatOffset(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes > 0 ? '+' : '-';
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/** The fields of a well-formed input value naming a real calendar date and time; null otherwise. */
function parseInput(value: string): WallClock | null {
  const match = INPUT.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((v) => (v === undefined ? 0 : Number(v))) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null; // 31 February
  return { year, month, day, hour, minute, second };
}

/**
 * The instant at which the clock in `timeZone` shows `wall`. The offset at the naive guess is right
 * except near a daylight-saving change: then the offset at the corrected instant is taken. A wall
 * time skipped by the change resolves to a neighbouring instant (the caller decides whether to
 * accept that); a repeated one to one of its two occurrences.
 */
function instantOf(wall: WallClock, timeZone: string): number {
  const guess = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const guessOffset = zoneOffsetMinutes(guess, timeZone);
  const epoch = guess - guessOffset * 60_000;
  const correctedOffset = zoneOffsetMinutes(epoch, timeZone);
  return correctedOffset === guessOffset ? epoch : guess - correctedOffset * 60_000;
}

/**
 * The "YYYY-MM-DDTHH:mm" a datetime-local input shows for an instant (epoch ms or an ISO string)
 * in `timeZone`; '' when the instant is unreadable.
 */
export function toWallTime(instant: number | string, timeZone: string): string {
  const epoch = typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(epoch)) return '';
  const w = wallClockAt(epoch, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * The instant (epoch ms) a datetime-local value means in `timeZone`; null when it is malformed, not
 * a real date (31 February, 24:00) or a time that does not happen there (skipped by daylight saving).
 */
export function fromWallTime(value: string, timeZone: string): number | null {
  const wall = parseInput(value);
  if (!wall) return null;
  const epoch = instantOf(wall, timeZone);
  const back = wallClockAt(epoch, timeZone);
  const sameWallClock =
    back.year === wall.year && back.month === wall.month && back.day === wall.day && back.hour === wall.hour && back.minute === wall.minute && back.second === wall.second;
  return sameWallClock ? epoch : null;
}

/**
 * "2026-11-26T15:00" read in `timeZone` → "2026-11-26T15:00:00+07:00" ("…Z" for UTC); null when
 * the value is not a complete, real date and time. Unlike `fromWallTime` it accepts an hour skipped
 * by daylight saving (none in Indonesia): that resolves to a neighbouring instant, and the returned
 * string says which, so a filter bound is never silently dropped.
 */
export function zonedInputToIso(value: string, timeZone: string): string | null {
  const wall = parseInput(value);
  if (!wall) return null;
  const epoch = instantOf(wall, timeZone);
  const w = wallClockAt(epoch, timeZone);
  const offset = zoneOffsetMinutes(epoch, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${formatOffset(offset)}`;
}
