import type { LiveAlertEvent } from './live.types.js';

export interface AlertFeedSource {
  latest(): Promise<number>;
  after(seq: number, limit: number): Promise<LiveAlertEvent[]>;
}

const PAGE = 500;

/**
 * Turns alert events heard in any order (this instance's own, and other instances' through
 * Redis) into one stream in `seq` order, each event once.
 *
 * Writers append to alert_events under a transaction-level advisory lock and announce after
 * the commit, so once seq N is announced every smaller seq is committed or rolled back for
 * good. A gap (N + 2 heard after N) is therefore filled by reading the table, not by waiting:
 * the missing event is either still on its way from another instance or never existed.
 */
export class AlertFeed {
  private last: number | undefined;
  /** Highest seq heard: drain until delivered up to it. */
  private target = 0;
  private readonly heard = new Map<number, LiveAlertEvent>();
  private running: Promise<void> | undefined;

  constructor(
    private readonly source: AlertFeedSource,
    private readonly deliver: (e: LiveAlertEvent) => void,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Starts after the newest event in the table: earlier ones are history, not news. */
  async start(): Promise<void> {
    this.last = await this.source.latest();
    for (const seq of this.heard.keys()) if (seq <= this.last) this.heard.delete(seq);
    this.kick();
  }

  hear(e: LiveAlertEvent): void {
    if (this.last !== undefined && e.seq <= this.last) return;
    if (this.last !== undefined && !this.running && e.seq === this.last + 1) {
      this.take(e);
      return;
    }
    this.heard.set(e.seq, e);
    this.target = Math.max(this.target, e.seq);
    this.kick();
  }

  /** Resolves when everything heard so far has been delivered (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private take(e: LiveAlertEvent): void {
    this.last = e.seq;
    this.heard.delete(e.seq);
    try {
      this.deliver(e);
    } catch (err) {
      this.onError(err);
    }
  }

  private kick(): void {
    if (this.running || this.last === undefined || this.target <= this.last) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      // Something heard while the last read was finishing.
      this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.last !== undefined && this.last < this.target) {
      const next = this.heard.get(this.last + 1);
      if (next) {
        this.take(next);
        continue;
      }
      let rows: LiveAlertEvent[];
      try {
        rows = await this.source.after(this.last, PAGE);
      } catch (err) {
        // The table is out of reach: deliver what was heard, in order, rather than stall.
        this.onError(err);
        rows = [];
      }
      const before = this.last;
      for (const r of rows) if (r.seq > this.last) this.take(r);
      if (this.last === before) {
        // Heard but not readable (never committed, or the read failed): trust the announcements.
        for (const e of [...this.heard.values()].sort((a, b) => a.seq - b.seq)) if (e.seq > this.last) this.take(e);
        this.last = Math.max(this.last, this.target);
      }
    }
    for (const seq of this.heard.keys()) if (this.last === undefined || seq <= this.last) this.heard.delete(seq);
  }
}
