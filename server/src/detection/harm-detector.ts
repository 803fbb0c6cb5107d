import type { Decision, Sensitivity, SeverityHint } from './types.js';

// Read once per module (see stats.ts): a global read is slow inside Jest's vm context.
const Math = globalThis.Math;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The harm_reports detector: a program's posts that report harm to people (analysis harm.flag),
 * counted over a sliding window and compared with the program's usual rate of such posts. It opens
 * when the window holds more than the usual level allows (a Poisson tail), and never on fewer than
 * a minimum count, which alone decides where the usual is zero: a program with no harm reports
 * all week raises its first alert on the third in half an hour (medium sensitivity). The posts
 * are the evidence (their ids, a sample, the words that decided them).
 */
export interface HarmSettings {
  windowMinutes: number;
  /** Fewest harm posts in the window to open, per sensitivity. */
  minCount: Record<Sensitivity, number>;
  /** −log10 of the Poisson tail the window must pass above a non-zero usual, per sensitivity. */
  surprise: Record<Sensitivity, number>;
  /** The usual rate is learnt over this many days of hourly counts. */
  historyDays: number;
  /** After a decision, the program's next one waits this long (the open alert is bumped, not duplicated). */
  cooldownMinutes: number;
}

export const DEFAULT_HARM_SETTINGS: HarmSettings = {
  windowMinutes: 30,
  minCount: { low: 5, medium: 3, high: 2 },
  surprise: { low: 4, medium: 3, high: 2 },
  historyDays: 7,
  cooldownMinutes: 15,
};

/** The fields of an ingested post the detector reads. */
export interface HarmPost {
  id: string;
  programIds: readonly string[];
  createdAt: Date;
  text: string;
  source: string;
  harm: { flag: boolean; terms: readonly string[] };
}

/** Stored hourly harm counts, for the warm-up. */
export interface HarmHistoryRow {
  programId: string;
  hour: Date;
  harm: number;
}

interface Recent {
  id: string;
  at: number;
  text: string;
  source: string;
  terms: readonly string[];
}

interface ProgramHarm {
  sensitivity: Sensitivity;
  recent: Recent[];
  /** Hour index → harm posts created in it. */
  hours: Map<number, number>;
  lastDecisionAt: number;
}

/** Words that name a death: the alert is critical at once. */
const DEATH = /^(?:tewas|meninggal|meninggal dunia|wafat|korban jiwa|korban tewas|korban meninggal|jenazah|mayat|killed|dead|deaths|death toll|died|fatalities|bodies)$/u;
const MAX_EVIDENCE = 200;

/** Upper tail P(X ≥ k) of a Poisson(mean), summed in log space; 1 for k ≤ 0, 0 for mean 0 and k ≥ 1. */
export function poissonTail(k: number, mean: number): number {
  if (k <= 0) return 1;
  if (mean <= 0) return 0;
  let term = Math.exp(-mean);
  let below = term;
  for (let i = 1; i < k; i++) {
    term *= mean / i;
    below += term;
  }
  return Math.max(0, 1 - below);
}

export class HarmReportsDetector {
  readonly settings: HarmSettings;
  private readonly programs = new Map<string, ProgramHarm>();
  private readonly sensitivities = new Map<string, Sensitivity>();
  /** Since when the counts are known (the warm-up's start, or the first post): the usual is a rate over this. */
  private watchedFrom: number | undefined;

  constructor(settings: Partial<HarmSettings> = {}) {
    this.settings = { ...DEFAULT_HARM_SETTINGS, ...settings };
  }

  configure(programId: string, sensitivity: Sensitivity): void {
    this.sensitivities.set(programId, sensitivity);
    const st = this.programs.get(programId);
    if (st) st.sensitivity = sensitivity;
  }

  forget(programId: string): void {
    this.programs.delete(programId);
    this.sensitivities.delete(programId);
  }

  /** Hourly harm counts of the stored history (raises nothing). `from` is where the history starts. */
  warmUp(rows: readonly HarmHistoryRow[], from: Date): void {
    this.watchedFrom = Math.min(this.watchedFrom ?? Infinity, from.getTime());
    for (const r of rows) {
      const st = this.state(r.programId);
      const h = Math.floor(r.hour.getTime() / HOUR);
      st.hours.set(h, (st.hours.get(h) ?? 0) + r.harm);
    }
  }

  /** One ingest batch: answers the programs whose harm posts rose above their usual level. */
  ingest(posts: readonly HarmPost[], now: Date): Decision[] {
    const nowMs = now.getTime();
    this.watchedFrom ??= nowMs;
    const windowFrom = nowMs - this.settings.windowMinutes * MINUTE;
    const touched = new Set<string>();
    for (const p of posts) {
      if (!p.harm.flag) continue;
      // A skewed source clock: a post from the future counts now.
      const at = Math.min(p.createdAt.getTime(), nowMs);
      for (const programId of p.programIds) {
        const st = this.state(programId);
        const h = Math.floor(at / HOUR);
        st.hours.set(h, (st.hours.get(h) ?? 0) + 1);
        // Late posts teach the usual level but enter no window: no alert about the past.
        if (at < windowFrom) continue;
        st.recent.push({ id: p.id, at, text: p.text, source: p.source, terms: p.harm.terms });
        touched.add(programId);
      }
    }
    const out: Decision[] = [];
    for (const programId of touched) {
      const d = this.judge(programId, this.programs.get(programId)!, nowMs);
      if (d) out.push(d);
    }
    return out;
  }

  /** Drops what fell out of the window and of the history (call on every tick). */
  evict(nowMs: number): void {
    const windowFrom = nowMs - this.settings.windowMinutes * MINUTE;
    const oldestHour = Math.floor(nowMs / HOUR) - this.settings.historyDays * 24;
    for (const st of this.programs.values()) {
      if (st.recent.length && st.recent[0]!.at < windowFrom) st.recent = st.recent.filter((r) => r.at >= windowFrom);
      for (const h of st.hours.keys()) if (h < oldestHour) st.hours.delete(h);
    }
  }

  /** The usual number of harm posts in one window, from the hourly counts before the current window. */
  usual(programId: string, nowMs: number): number {
    const st = this.programs.get(programId);
    if (!st) return 0;
    return this.usualOf(st, nowMs, st.recent.filter((r) => r.at >= nowMs - this.settings.windowMinutes * MINUTE).length);
  }

  private usualOf(st: ProgramHarm, nowMs: number, inWindow: number): number {
    const s = this.settings;
    const oldestHour = Math.floor(nowMs / HOUR) - s.historyDays * 24;
    let total = 0;
    for (const [h, c] of st.hours) if (h >= oldestHour) total += c;
    const watchedMinutes = Math.min(s.historyDays * 24 * 60, (nowMs - (this.watchedFrom ?? nowMs)) / MINUTE);
    // The current window is what is judged: it is not part of the usual.
    const pastMinutes = watchedMinutes - s.windowMinutes;
    if (pastMinutes < s.windowMinutes) return 0;
    return (Math.max(0, total - inWindow) / pastMinutes) * s.windowMinutes;
  }

  private state(programId: string): ProgramHarm {
    let st = this.programs.get(programId);
    if (!st) {
      st = { sensitivity: this.sensitivities.get(programId) ?? 'medium', recent: [], hours: new Map(), lastDecisionAt: -Infinity };
      this.programs.set(programId, st);
    }
    return st;
  }

  private judge(programId: string, st: ProgramHarm, nowMs: number): Decision | null {
    const s = this.settings;
    const windowFrom = nowMs - s.windowMinutes * MINUTE;
    st.recent = st.recent.filter((r) => r.at >= windowFrom);
    const count = st.recent.length;
    const min = s.minCount[st.sensitivity];
    if (count < min || nowMs - st.lastDecisionAt < s.cooldownMinutes * MINUTE) return null;
    const usual = this.usualOf(st, nowMs, count);
    const tail = poissonTail(count, usual);
    if (usual > 0 && tail > 10 ** -s.surprise[st.sensitivity]) return null;
    st.lastDecisionAt = nowMs;
    // The least count that would have opened: the band's upper edge is one below it.
    let needed = min;
    while (usual > 0 && poissonTail(needed, usual) > 10 ** -s.surprise[st.sensitivity]) needed++;
    const sorted = [...st.recent].sort((a, b) => a.at - b.at);
    const termCounts = new Map<string, number>();
    for (const r of sorted) for (const t of r.terms) termCounts.set(t, (termCounts.get(t) ?? 0) + 1);
    const terms = [...termCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([t]) => t);
    const strength = count / needed;
    const deaths = terms.some((t) => DEATH.test(t));
    const severityHint: SeverityHint = deaths || strength >= 3 ? 'critical' : 'warning';
    const sample = sorted[sorted.length - 1]!.text;
    return {
      kind: 'harm_reports',
      programId,
      at: new Date(nowMs).toISOString(),
      expected: Math.round(usual * 100) / 100,
      band: { lower: 0, upper: needed - 1 },
      observed: count,
      score: strength / (1 + strength),
      severityHint,
      facts: { kind: 'harm_reports', posts: count, windowMinutes: s.windowMinutes, usual: Math.round(usual * 10) / 10, terms: terms.slice(0, 6), sampleText: sample },
      details: {
        windowMinutes: s.windowMinutes,
        sensitivity: st.sensitivity,
        surprise: usual > 0 ? Math.round(-Math.log10(Math.max(tail, 1e-300)) * 100) / 100 : 0,
        postIds: sorted.slice(-MAX_EVIDENCE).map((r) => r.id),
        posts: count,
        sampleText: sample,
        firstAt: new Date(sorted[0]!.at).toISOString(),
        lastAt: new Date(sorted[sorted.length - 1]!.at).toISOString(),
        sources: [...new Set(sorted.map((r) => r.source))].sort(),
      },
    };
  }
}
