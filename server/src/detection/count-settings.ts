import type { Sensitivity } from './types.js';

/**
 * How the count baselines learn. Durations are wall-clock, so one setting means the same on one-minute rollups
 * (the product) and on five-minute rows (`siaga detect` on NAB files).
 */
export interface CountModelSettings {
  /** Offset of local time from UTC (minutes), for time-of-day and weekday slots. Jakarta: 420. */
  tzOffsetMinutes: number;
  /** Spike windows (minutes), each compared with the recent baseline; the most surprising one speaks. */
  windowsMinutes: readonly number[];
  /** Recent level (an EWMA of deseasonalised counts): how fast it follows the conversation. */
  levelHalfLifeMinutes: number;
  /** Time-of-day profile of the EWMA models: half-life in days of observations. */
  seasonHalfLifeDays: number;
  /** Slow level of the fallback seasonal model (used until two days of history exist): half-life in hours. */
  slowLevelHalfLifeHours: number;
  /**
   * "The usual for this hour": the mean rate of the same local hour over the last this-many days, the busiest
   * day left out (one crisis day does not become the norm).
   */
  seasonDays: number;
  /** Compare weekdays with weekdays and weekends with weekends (off by default: it lost on NAB realTweets). */
  weekTypes: boolean;
  /**
   * Sustained shift: an EWMA (this half-life; 0 turns it off) of log(observed / usual for the hour), judged
   * against its own median and MAD. Catches hours of elevated conversation that no single window makes
   * surprising, and shrugs off one-off blips (one bucket barely moves it).
   */
  shiftHalfLifeMinutes: number;
  /** Days of hourly shift samples its median and MAD are taken over. */
  shiftMemoryDays: number;
  /**
   * Pseudo-count added to observed and usual (per minute of bucket) before taking logs: a started log that
   * stabilises the variance of the ratio at low counts. Without it a quiet series' night-time Poisson noise
   * dominates the spread the shift is judged against, and a many-fold rise of its busy hours stays within "usual"
   * (NAB realTweets CRM, 2015-03-09: four times the usual for eight hours reached only z ≈ 2 at 0.1). At a few
   * posts a minute the ratio of a busy series is barely touched, while a series of a post or two a minute is
   * judged on its excess posts rather than on the ratio of near-zero counts.
   */
  shiftOffsetPerMinute: number;
  /** The window (minutes) whose totals describe a shift in explanations and must pass the volume floors. */
  shiftWindowMinutes: number;
  /** Dispersion (negative binomial 1/size) per window: half-life in hours of observations. */
  dispersionHalfLifeHours: number;
  /**
   * Dispersion before this series has its own, worth an hour of its updates. The driver replaces it with the median
   * of what programs that finished learning have learnt; this value stands only on a fresh install.
   */
  dispersionPrior: number;
  /** Counts are never assumed tighter than this dispersion. */
  dispersionFloor: number;
  /** Observations are clipped this many standard deviations above expectation before they teach a baseline. */
  clipSigmas: number;
  /** Errors are winsorised at this many standard deviations before they teach the dispersion. */
  dispersionClipSigmas: number;
  /** Background rate (per minute) below which expectations never fall. */
  floorPerMinute: number;
  /** No alert before this much data has been seen. */
  warmupMinutes: number;
  /**
   * Until this much data has been seen the series is still learning (its level is young, its dispersion and
   * profile lean on priors): its bands say so, and charts draw them as such.
   */
  learningMinutes: number;
}

export interface AlertSettings {
  sensitivity: Sensitivity;
  /** Spike surprise (−log10 tail probability, after the multi-window correction) needed to alert. */
  thresholds: Readonly<Record<Sensitivity, number>>;
  /** Sustained-shift z needed to alert. */
  shiftThresholds: Readonly<Record<Sensitivity, number>>;
  /** Fewest posts in the window for an alert. */
  minVolume: number;
  /** Observed must be at least this multiple of expected. */
  minRatio: number;
  /**
   * One episode, one decision: after an alert, no new alert until the alert condition has been absent this long
   * (an episode that keeps going stays one episode).
   */
  cooldownMinutes: number;
}

export type CountDetectorSettings = CountModelSettings & AlertSettings;

/**
 * The one default, used by the product, `siaga detect` and the benchmark. Its shift offset and medium thresholds are
 * what leave-one-series-out cross-validation over the four NAB realTweets series and realKnownCause chooses on all
 * five folds (`npm run bench -- --only detection` prints each held-out score and the choice; the protocol is in
 * server/src/analysis/train/README.md), the spike threshold bounded by the first-hour requirement; never per series.
 * Low and high sensitivity keep their distance from medium.
 */
export const DEFAULT_COUNT_SETTINGS: Readonly<CountDetectorSettings> = Object.freeze<CountDetectorSettings>({
  tzOffsetMinutes: 420,
  // One minute for "know first" on the product's minute rollups; on coarser data it folds into the five-minute one.
  windowsMinutes: Object.freeze([1, 5, 15, 60]),
  levelHalfLifeMinutes: 180,
  seasonHalfLifeDays: 2,
  slowLevelHalfLifeHours: 48,
  seasonDays: 14,
  weekTypes: false,
  shiftHalfLifeMinutes: 120,
  shiftMemoryDays: 14,
  shiftOffsetPerMinute: 3,
  shiftWindowMinutes: 60,
  dispersionHalfLifeHours: 48,
  // About what a program's minute counts learn for 5–60 minute windows when they are near Poisson (the demo's learn
  // 0.004–0.013 in a day); a burstier program corrects it within the hour, and other programs' own values replace it.
  dispersionPrior: 0.02,
  dispersionFloor: 0.01,
  clipSigmas: 5,
  dispersionClipSigmas: 5,
  floorPerMinute: 0.01,
  // A young level is a running mean and bands carry its uncertainty, so a quarter hour is enough to judge a crisis.
  warmupMinutes: 15,
  learningMinutes: 24 * 60,
  sensitivity: 'medium',
  thresholds: Object.freeze({ low: 25, medium: 18, high: 12.5 }),
  shiftThresholds: Object.freeze({ low: 5, medium: 4.25, high: 3.5 }),
  minVolume: 20,
  minRatio: 1.5,
  cooldownMinutes: 360,
});
