import { HyperLogLog } from '../rollups/hll.js';
import { authorKey, type RollupDelta } from '../rollups/rollup-delta.js';
import type { DemoGenerator } from './demo-generator.js';
import type { ToneMix } from './demo-vocab.js';
import { Rng, hash32 } from './prng.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Jakarta (UTC+7): the demo's programs live on its clock. */
const JAKARTA_MS = 7 * 3_600_000;
/** People post less on Saturdays and Sundays. */
const WEEKEND_FACTOR = 0.72;
/** Distinct accounts the history's posts come from (a Zipf-like few post most). */
const AUTHOR_POOL = 40_000;
const INCIDENT_TONES: ToneMix = { positive: 0.05, neutral: 0.2, negative: 0.75 };

/** One program's minute of written history: what the rollups keep of it, for a program named by slug. */
export type HistoryMinute = Omit<RollupDelta, 'programId'> & { slug: string };

/** A past incident in the history: its program's volume rose and turned negative for a while. */
export interface PastIncident {
  slug: string;
  startsAt: Date;
  endsAt: Date;
  /** Volume multiplier at full strength. */
  intensity: number;
}

export interface DemoHistoryOptions {
  /** History covers [to − days, to). */
  to: Date;
  days: number;
  seed: number;
  /** How many past incidents (default: one every three or four days). */
  incidents?: number;
}

function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.normal()));
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rng.next();
  } while (p > l);
  return k - 1;
}

const weekend = (ms: number): boolean => {
  // Epoch day 0 (a Thursday): days 2 and 3 (mod 7) are Saturday and Sunday.
  const day = Math.floor((ms + JAKARTA_MS) / DAY);
  const d = ((day % 7) + 7) % 7;
  return d === 2 || d === 3;
};

/** Incidents spread over the history's days, in busy daytime hours, each for a different program in turn. */
export function pastIncidents(slugs: readonly string[], opts: DemoHistoryOptions): PastIncident[] {
  const count = opts.incidents ?? Math.max(1, Math.round(opts.days / 3.5));
  const from = opts.to.getTime() - opts.days * DAY;
  const out: PastIncident[] = [];
  const rng = new Rng(hash32(opts.seed, 0x1ac));
  const offset = rng.int(slugs.length);
  for (let i = 0; i < count; i++) {
    // One per stretch of days, never in the last day (the live demo scripts its own crises).
    const stretch = (opts.days - 1) / count;
    const day = Math.floor(from / DAY) + Math.floor(i * stretch + rng.next() * Math.max(1, stretch - 1));
    const localHour = 8 + rng.next() * 12;
    const start = Math.floor((day * DAY + localHour * 3_600_000 - JAKARTA_MS) / MINUTE) * MINUTE;
    const minutes = 40 + rng.int(80);
    out.push({ slug: slugs[(offset + i) % slugs.length] as string, startsAt: new Date(start), endsAt: new Date(start + minutes * MINUTE), intensity: Math.round((3 + rng.next() * 4) * 10) / 10 });
  }
  return out.filter((c) => c.startsAt.getTime() >= from && c.endsAt.getTime() <= opts.to.getTime() - DAY);
}

/**
 * The demo's history, one day at a time (oldest first): per program and minute, counts drawn around the
 * generator's usual rates, with the Jakarta daily rhythm, quieter weekends and the past incidents. Only what the
 * rollups keep is made (counts, sentiment, author sketches), so two weeks are written in seconds.
 */
export function* demoHistory(generator: DemoGenerator, opts: DemoHistoryOptions): Generator<HistoryMinute[]> {
  const rng = new Rng(hash32(opts.seed, 0x415));
  const incidents = pastIncidents(generator.programs, opts);
  const to = Math.floor(opts.to.getTime() / MINUTE) * MINUTE;
  const from = to - opts.days * DAY;
  let day: HistoryMinute[] = [];
  let dayEnd = Math.floor(from / DAY) * DAY + DAY;
  for (let t = from; t < to; t += MINUTE) {
    if (t >= dayEnd) {
      yield day;
      day = [];
      dayEnd += DAY;
    }
    const factor = weekend(t) ? WEEKEND_FACTOR : 1;
    for (const { slug, perMinute, tones } of generator.usualRates(new Date(t))) {
      const incident = incidents.find((c) => c.slug === slug && t >= c.startsAt.getTime() && t < c.endsAt.getTime());
      let mean = perMinute * factor;
      let mix = tones;
      if (incident) {
        // Ten minutes to full strength, then held: what a crisis looks like in the rollups afterwards.
        const ramp = Math.min(1, (t - incident.startsAt.getTime()) / (10 * MINUTE));
        mean *= 1 + (incident.intensity - 1) * ramp;
        mix = ramp >= 0.5 ? INCIDENT_TONES : tones;
      }
      const volume = poisson(rng, mean);
      if (volume === 0) continue;
      const row: HistoryMinute = { slug, minute: new Date(t), volume, positive: 0, neutral: 0, negative: 0, sentimentSum: 0, authors: HyperLogLog.empty() };
      for (let i = 0; i < volume; i++) {
        const r = rng.next();
        if (r < mix.positive) {
          row.positive++;
          row.sentimentSum += 0.3 + 0.5 * rng.next();
        } else if (r < mix.positive + mix.neutral) {
          row.neutral++;
        } else {
          row.negative++;
          row.sentimentSum -= 0.3 + 0.5 * rng.next();
        }
        const u = rng.next();
        row.authors.addString(authorKey('x', `warga${Math.floor(AUTHOR_POOL * u * u)}`));
      }
      day.push(row);
    }
  }
  if (day.length) yield day;
}
