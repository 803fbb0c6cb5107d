/** The time, injectable so that lifecycle timers can be tested with a fake clock. */
export interface Clock {
  now(): Date;
}
export const CLOCK = Symbol('CLOCK');
export const systemClock: Clock = { now: () => new Date() };
