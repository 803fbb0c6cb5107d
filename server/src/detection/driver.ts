import { CampaignDetector, type CampaignPost, type CampaignSettings } from './campaign.js';
import { CountSpikeDetector, DEFAULT_COUNT_SETTINGS, type CountDetectorSettings, type CountDetectorSnapshot } from './count-detector.js';
import { countDecision, shareDecision } from './explain.js';
import { DEFAULT_SHARE_SETTINGS, NegativeShareDetector, type ShareDetectorSnapshot, type ShareSettings } from './share-detector.js';
import type { Decision, Sensitivity } from './types.js';

const MINUTE = 60_000;

/**
 * What a batch adds to one program's minute (the ingest rollup delta). Extra fields (positive, neutral,
 * sentimentSum, authors) are accepted and ignored.
 */
export interface MinuteDelta {
  programId: string;
  /** Start of the minute (UTC). */
  minute: Date;
  volume: number;
  negative: number;
}

/** A post for the campaign detector (the prepared post has these fields). */
export type DetectionPost = CampaignPost;

export interface ProgramDetectionSettings {
  sensitivity?: Sensitivity;
  /** Fewest posts in a window for a volume alert (negative spikes need half of it). */
  minVolume?: number;
}

export interface DetectionDriverOptions {
  /** The clock (a fake one in tests). Default: the system clock. */
  now?: () => Date;
  /** Count model and alert settings shared by volume and negative detectors (default: DEFAULT_COUNT_SETTINGS). */
  count?: Partial<CountDetectorSettings>;
  share?: Partial<ShareSettings>;
  campaign?: Partial<CampaignSettings>;
  /** A minute is folded into the baselines this long after it ends (posts arrive a little late). */
  graceMinutes?: number;
  /**
   * Deltas for minutes older than this when they arrive are late: they teach the baselines but enter no window
   * and trigger no evaluation, so they never raise a decision about the past.
   */
  liveMinutes?: number;
  /**
   * Minutes are known to be quiet (zero posts) only while data or ticks keep arriving; after this long with
   * neither (an ingestion outage), the minutes are gaps, not zeros, so the return of data is not a spike.
   */
  gapMinutes?: number;
}

interface ProgramState {
  settings: ProgramDetectionSettings;
  /**
   * Live data has reached this program (or its state was restored or warmed up to now). Until then it hears only
   * history (a new program's backfill, chunk by chunk, oldest first), which is folded only as far as it goes, so the
   * next chunk still lands in order instead of arriving "late".
   */
  live: boolean;
  volume: CountSpikeDetector;
  negative: CountSpikeDetector;
  share: NegativeShareDetector;
}

export interface DriverSnapshot {
  version: 1;
  savedAt: string;
  activity: Array<[number, number]>;
  programs: Array<{
    programId: string;
    settings: ProgramDetectionSettings;
    volume: CountDetectorSnapshot;
    negative: CountDetectorSnapshot;
    share: ShareDetectorSnapshot;
  }>;
}

const minuteIndex = (d: Date): number => Math.floor(d.getTime() / MINUTE);

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Streaming detection for all programs: feed it each ingest batch's rollup deltas and posts, get typed decisions.
 * Pure and synchronous; the caller persists `snapshot()` and restores it (or `warmUp` from stored rollups) at
 * start-up.
 */
export class DetectionDriver {
  private readonly clock: () => Date;
  private readonly count: Partial<CountDetectorSettings>;
  private readonly shareSettings: Partial<ShareSettings>;
  private readonly grace: number;
  private readonly live: number;
  private readonly gap: number;
  private readonly programs = new Map<string, ProgramState>();
  private readonly configured = new Map<string, ProgramDetectionSettings>();
  private readonly campaign: CampaignDetector;
  /** Minutes watched (data or ticks arrived), as merged [from, to] intervals of minute indices. */
  private activity: Array<[number, number]> = [];

  constructor(options: DetectionDriverOptions = {}) {
    this.clock = options.now ?? (() => new Date());
    this.count = options.count ?? {};
    this.shareSettings = options.share ?? {};
    this.grace = options.graceMinutes ?? 2;
    this.live = Math.max(options.liveMinutes ?? 15, this.grace + 1);
    this.gap = options.gapMinutes ?? 30;
    this.campaign = new CampaignDetector(options.campaign);
  }

  /** Sets a program's sensitivity and minimum volume; what it has learnt is kept. */
  configure(programId: string, settings: ProgramDetectionSettings): void {
    this.configured.set(programId, { ...settings });
    const st = this.programs.get(programId);
    if (!st) return;
    const fresh = this.build(settings, { volume: st.volume.snapshot(), negative: st.negative.snapshot(), share: st.share.snapshot() });
    this.programs.set(programId, { ...fresh, live: st.live });
  }

  /** Drops a program's state (deleted or deactivated). */
  forget(programId: string): void {
    this.programs.delete(programId);
    this.configured.delete(programId);
  }

  /**
   * One ingest batch: its rollup deltas and its posts. Evaluates, at `now`, every program that received data for
   * a recent minute, the current partial minute included; answers the new decisions.
   */
  ingest(batch: { deltas?: readonly MinuteDelta[]; posts?: readonly DetectionPost[] }, now: Date = this.clock()): Decision[] {
    const nowMs = now.getTime();
    const nowMinute = Math.floor(nowMs / MINUTE);
    this.mark(nowMinute);
    const foldThrough = Math.floor((nowMs - this.grace * MINUTE) / MINUTE) - 1;
    const liveFrom = nowMinute - this.live;
    const byProgram = new Map<string, MinuteDelta[]>();
    for (const raw of batch.deltas ?? []) {
      // Posts a little in the future (a skewed source clock) count for the current minute.
      const d = minuteIndex(raw.minute) > nowMinute ? { ...raw, minute: new Date(nowMinute * MINUTE) } : raw;
      const minute = minuteIndex(d.minute);
      let list = byProgram.get(d.programId);
      if (!list) byProgram.set(d.programId, (list = []));
      list.push(d);
      if (minute >= liveFrom) this.mark(minute);
    }
    const decisions: Decision[] = [];
    for (const [programId, deltas] of byProgram) {
      const st = this.state(programId);
      deltas.sort((a, b) => a.minute.getTime() - b.minute.getTime());
      let fresh = false;
      let lastMinute = -Infinity;
      for (const d of deltas) {
        lastMinute = Math.max(lastMinute, minuteIndex(d.minute));
        const minute = minuteIndex(d.minute);
        const folded = st.volume.lastFolded;
        if (folded !== null && minute <= folded) {
          if (minute >= liveFrom) {
            fresh = true;
            st.volume.add(minute, d.volume);
            st.negative.add(minute, d.negative);
            st.share.add(minute, d.volume, d.negative);
          } else {
            st.volume.learnLate(minute, d.volume);
            st.negative.learnLate(minute, d.negative);
            st.share.learnLate(d.volume, d.negative);
          }
          continue;
        }
        // An open minute: close what came before it first, so the ring only ever holds recent minutes.
        this.foldProgram(st, Math.min(minute - 1, foldThrough));
        st.volume.add(minute, d.volume);
        st.negative.add(minute, d.negative);
        st.share.add(minute, d.volume, d.negative);
        if (minute >= liveFrom) fresh = true;
      }
      if (fresh) st.live = true;
      this.foldProgram(st, st.live ? foldThrough : Math.min(foldThrough, lastMinute));
      if (fresh) decisions.push(...this.evaluate(programId, st, nowMs));
    }
    if (batch.posts?.length) decisions.push(...this.campaign.ingest(batch.posts, now));
    else this.campaign.evict(nowMs);
    return decisions;
  }

  /** Marks time as watched and closes finished minutes (call every 15–60 s: quiet minutes then count as zeros). */
  tick(now: Date = this.clock()): void {
    const nowMs = now.getTime();
    this.mark(Math.floor(nowMs / MINUTE));
    const foldThrough = Math.floor((nowMs - this.grace * MINUTE) / MINUTE) - 1;
    for (const st of this.programs.values()) if (st.live) this.foldProgram(st, foldThrough);
    this.campaign.evict(nowMs);
  }

  /**
   * Restores the baselines from stored per-minute rollups (any order; two weeks give the full seasonal
   * baseline). Raises nothing: alerts the history would have raised only set the cooldowns, so an episode going
   * on at a restart is not announced twice.
   */
  warmUp(history: readonly MinuteDelta[], until: Date = this.clock()): void {
    const untilMs = until.getTime();
    const sorted = [...history].filter((d) => d.minute.getTime() < untilMs).sort((a, b) => a.minute.getTime() - b.minute.getTime());
    for (const d of sorted) this.mark(minuteIndex(d.minute));
    const lastMinute = Math.floor(untilMs / MINUTE) - 1;
    const byProgram = new Map<string, MinuteDelta[]>();
    for (const d of sorted) {
      let list = byProgram.get(d.programId);
      if (!list) byProgram.set(d.programId, (list = []));
      list.push(d);
    }
    // The last stretch is evaluated (silently) so cooldowns know about an episode in progress.
    const cooldown = Math.max(this.count.cooldownMinutes ?? DEFAULT_COUNT_SETTINGS.cooldownMinutes, this.shareSettings.cooldownMinutes ?? DEFAULT_SHARE_SETTINGS.cooldownMinutes);
    const evaluateFrom = lastMinute - cooldown - 60;
    for (const [programId, deltas] of byProgram) {
      const st = this.state(programId);
      let i = 0;
      const first = minuteIndex((deltas[0] as MinuteDelta).minute);
      const start = Math.max(first, (st.volume.lastFolded ?? first - 1) + 1);
      for (let m = start; m <= lastMinute; m++) {
        while (i < deltas.length && minuteIndex((deltas[i] as MinuteDelta).minute) < m) i++;
        while (i < deltas.length && minuteIndex((deltas[i] as MinuteDelta).minute) === m) {
          const d = deltas[i] as MinuteDelta;
          st.volume.add(m, d.volume);
          st.negative.add(m, d.negative);
          st.share.add(m, d.volume, d.negative);
          i++;
        }
        if (m >= evaluateFrom && st.volume.has(m)) {
          const at = (m + 1) * MINUTE;
          st.volume.evaluate(at);
          st.negative.evaluate(at);
          st.share.evaluate(at);
        }
        this.foldProgram(st, m);
      }
      st.live = true;
    }
  }

  /** Every program's learnt state, JSON-safe. */
  snapshot(now: Date = this.clock()): DriverSnapshot {
    return {
      version: 1,
      savedAt: now.toISOString(),
      activity: this.activity.map(([a, b]) => [a, b]),
      programs: [...this.programs.entries()].map(([programId, st]) => ({
        programId,
        settings: { ...st.settings },
        volume: st.volume.snapshot(),
        negative: st.negative.snapshot(),
        share: st.share.snapshot(),
      })),
    };
  }

  static restore(snapshot: DriverSnapshot, options: DetectionDriverOptions = {}): DetectionDriver {
    if (snapshot.version !== 1) throw new Error(`unknown driver snapshot version ${String(snapshot.version)}`);
    const driver = new DetectionDriver(options);
    driver.activity = snapshot.activity.map(([a, b]) => [a, b]);
    for (const p of snapshot.programs) {
      driver.configured.set(p.programId, { ...p.settings });
      driver.programs.set(p.programId, driver.build(p.settings, p));
    }
    return driver;
  }

  /** Deltas of minutes older than this many minutes are late: they teach, but raise nothing. */
  /** Minutes of posts the campaign detector remembers: what a new holder of a program replays to it. */
  get campaignMinutes(): number {
    return this.campaign.settings.windowMinutes;
  }

  get liveMinutes(): number {
    return this.live;
  }

  /** Programs with state. */
  get programIds(): string[] {
    return [...this.programs.keys()];
  }

  // ---- internals ----

  private state(programId: string): ProgramState {
    let st = this.programs.get(programId);
    if (!st) {
      st = this.build(this.configured.get(programId) ?? {});
      this.programs.set(programId, st);
    }
    return st;
  }

  /**
   * What the programs that have finished learning agree on, for a new program's first hours: per window the median
   * of their learnt dispersions, and the median of their time-of-day profiles. Its level is its own (scaled to its
   * first observed rate); with no such program the settings' priors stand.
   */
  private crossProgramPrior(metric: 'volume' | 'negative'): { dispersion: Array<number | undefined>; profile: number[] } | undefined {
    const learnt: Array<Array<number | undefined>> = [];
    const profiles: number[][] = [];
    for (const st of this.programs.values()) {
      const d = st[metric];
      if (d.observedBuckets * (d.stepMs / MINUTE) < d.settings.learningMinutes) continue;
      learnt.push(d.learntDispersion());
      profiles.push(d.profile());
    }
    if (learnt.length === 0) return undefined;
    const windows = Math.max(...learnt.map((l) => l.length));
    const dispersion = Array.from({ length: windows }, (_, k) => median(learnt.map((l) => l[k]).filter((v): v is number => v !== undefined)));
    const profile = Array.from({ length: 24 }, (_, h) => median(profiles.map((p) => p[h] ?? 1)) ?? 1);
    return { dispersion, profile };
  }

  private build(settings: ProgramDetectionSettings, from?: { volume: CountDetectorSnapshot; negative: CountDetectorSnapshot; share: ShareDetectorSnapshot }): ProgramState {
    const sensitivity = settings.sensitivity ?? this.count.sensitivity ?? DEFAULT_COUNT_SETTINGS.sensitivity;
    const minVolume = settings.minVolume ?? this.count.minVolume ?? DEFAULT_COUNT_SETTINGS.minVolume;
    const volumeSettings = { ...this.count, sensitivity, minVolume };
    // Negative posts are a part of the whole: half the floor.
    const negativeSettings = { ...this.count, sensitivity, minVolume: Math.max(1, Math.ceil(minVolume / 2)) };
    const shareSettings = { ...this.shareSettings, sensitivity, minVolume };
    if (from) {
      return {
        settings: { ...settings },
        live: true,
        volume: CountSpikeDetector.restore(from.volume, volumeSettings),
        negative: CountSpikeDetector.restore(from.negative, negativeSettings),
        share: NegativeShareDetector.restore(from.share, shareSettings),
      };
    }
    const volume = new CountSpikeDetector(MINUTE, volumeSettings);
    const negative = new CountSpikeDetector(MINUTE, negativeSettings);
    const volumePrior = this.crossProgramPrior('volume');
    if (volumePrior) volume.prime(volumePrior);
    const negativePrior = this.crossProgramPrior('negative');
    if (negativePrior) negative.prime(negativePrior);
    return { settings: { ...settings }, live: false, volume, negative, share: new NegativeShareDetector(MINUTE, shareSettings) };
  }

  private foldProgram(st: ProgramState, through: number): void {
    const observed = (m: number): boolean => this.watched(m);
    st.volume.fold(through, observed);
    st.negative.fold(through, observed);
    st.share.fold(through, observed);
  }

  private evaluate(programId: string, st: ProgramState, nowMs: number): Decision[] {
    const out: Decision[] = [];
    const sensitivity = st.volume.settings.sensitivity;
    const v = st.volume.evaluate(nowMs);
    if (v.alert) out.push(countDecision('volume_spike', programId, v, st.volume.band(v.best), sensitivity));
    const n = st.negative.evaluate(nowMs);
    if (n.alert) out.push(countDecision('negative_spike', programId, n, st.negative.band(n.best), sensitivity));
    const s = st.share.evaluate(nowMs);
    if (s.alert) out.push(shareDecision(programId, s, s.windowMinutes, sensitivity, s.score / (1 - s.score)));
    return out;
  }

  /** Records that minute `m` was watched, merging intervals closer than the gap tolerance. */
  private mark(m: number): void {
    const a = this.activity;
    // Usually the newest interval: extend it.
    const last = a[a.length - 1];
    if (last && m >= last[0] - this.gap && m <= last[1] + this.gap) {
      last[0] = Math.min(last[0], m);
      last[1] = Math.max(last[1], m);
    } else {
      a.push([m, m]);
      a.sort((x, y) => x[0] - y[0]);
    }
    // Merge neighbours that now touch, and forget intervals no fold will ask about (a week back).
    const merged: Array<[number, number]> = [];
    for (const iv of a) {
      const prev = merged[merged.length - 1];
      if (prev && iv[0] <= prev[1] + this.gap) prev[1] = Math.max(prev[1], iv[1]);
      else merged.push([iv[0], iv[1]]);
    }
    const horizon = (merged[merged.length - 1]?.[1] ?? m) - 7 * 24 * 60;
    this.activity = merged.filter((iv) => iv[1] >= horizon);
  }

  private watched(m: number): boolean {
    for (let i = this.activity.length - 1; i >= 0; i--) {
      const iv = this.activity[i] as [number, number];
      if (m > iv[1]) return false;
      if (m >= iv[0]) return true;
    }
    return false;
  }
}
