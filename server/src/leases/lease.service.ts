import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { Gauge } from 'prom-client';
import { LOGGER } from '../common/logger.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { LeaseRepository, type LeaseStore } from './lease.repository.js';

/** A holder that stops renewing loses its leases this long after its last renewal. */
export const LEASE_TTL_MS = 12_000;
/** Held leases are renewed this often (three chances within one TTL). */
export const LEASE_RENEW_MS = 4_000;

export interface LeaseTiming {
  ttlMs: number;
  renewMs: number;
  /** A monotonic clock in ms (tests pass a fake one). */
  now: () => number;
}

/** Overrides of the timing (unit tests). */
export const LEASE_TIMING = Symbol('LEASE_TIMING');
/** The storage of leases (unit tests give an in-memory one). */
export const LEASE_STORE = Symbol('LEASE_STORE');

export type LeaseEvent = 'acquired' | 'lost';
export type LeaseListener = (name: string) => unknown;

const held = new Gauge({ name: 'siaga_leases_held', help: 'Leases this instance holds, by group', labelNames: ['group'] as const });

const MEMBER = 'member:';
/** A lease's group is its name up to the last colon (`detection:<program id>` → `detection`): leases of a group are spread evenly. */
const groupOf = (name: string) => (name.includes(':') ? name.slice(0, name.lastIndexOf(':')) : name);

/**
 * Cluster-wide singletons under leases. A module `want`s a name (or calls `runWhileHeld`), and the
 * lease service competes for it with the other instances through the `leases` table: a holder
 * renews every 4 s for 12 s, a lease not renewed is taken by another instance as soon as it
 * expires, and the leases of each group (`detection:…`) are spread evenly over the live instances
 * (each takes at most its share and hands back what is above it). `acquired` and `lost` tell the
 * holder when to start and when to stop.
 *
 * A lease says who should do the work, not that nobody else is doing it at that instant (a
 * holder may stall past its TTL before it notices): the work itself must stay safe to run twice
 * for a moment (row locks, unique keys), as alerts are.
 *
 * On the embedded database (PGlite) the process is alone by construction (its data directory is
 * locked), so every wanted lease is held at once and nothing is written.
 */
@Injectable()
export class LeaseService implements OnModuleInit, OnApplicationShutdown {
  /** This process's id in the `holder` column. */
  readonly instanceId = randomUUID();
  /** No other instance can exist (the embedded database). */
  readonly alone: boolean;
  private readonly timing: LeaseTiming;
  private readonly wanted = new Set<string>();
  /** Held names → until when (monotonic ms) this instance may believe it holds them. */
  private readonly heldUntil = new Map<string, number>();
  /** The holder of each wanted name at the last cycle (diagnostics, and the relays that route to holders). */
  private holders = new Map<string, string>();
  /** Live instances (this one included) at the last cycle. */
  private members = 1;
  private readonly emitter = new EventEmitter();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private pending: Promise<void> | undefined;
  private stopped = false;
  private abandoned = false;
  private failing = false;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(LEASE_STORE) private readonly store: LeaseStore,
    @Optional() @Inject(LEASE_TIMING) timing?: Partial<LeaseTiming>,
  ) {
    this.alone = config.database.engine === 'pglite';
    this.timing = { ttlMs: LEASE_TTL_MS, renewMs: LEASE_RENEW_MS, now: () => performance.now(), ...timing };
    this.emitter.setMaxListeners(0);
  }

  onModuleInit(): void {
    // Joins the cluster (its member lease) before any module wants anything.
    void this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    for (const name of [...this.heldUntil.keys()]) this.lose(name);
    if (this.alone || this.abandoned) return;
    await this.store.releaseAll(this.instanceId).catch((err: unknown) => this.logger.warn({ err }, 'leases: could not release on shutdown; they expire by themselves'));
  }

  /** Competes for `name` from now on; `acquired` fires when this instance holds it. */
  want(name: string): void {
    if (this.wanted.has(name) || this.stopped) return;
    this.wanted.add(name);
    if (this.alone) this.gain(name, Infinity);
    else void this.kick();
  }

  /** Stops competing for `name`, giving it up if held (`lost` fires first). */
  async unwant(name: string): Promise<void> {
    if (!this.wanted.delete(name)) return;
    if (!this.heldUntil.has(name)) return;
    this.lose(name);
    if (!this.alone) await this.store.release([name], this.instanceId).catch((err: unknown) => this.logger.warn({ err, name }, 'leases: could not release; it expires by itself'));
  }

  /** This instance holds `name` now (and has renewed it recently enough to be sure of it). */
  isHeld(name: string): boolean {
    const until = this.heldUntil.get(name);
    return until !== undefined && until > this.timing.now();
  }

  /** Names this instance holds now. */
  heldNames(prefix = ''): string[] {
    return [...this.heldUntil.keys()].filter((n) => n.startsWith(prefix) && this.isHeld(n));
  }

  /**
   * Runs `fn` if this instance holds `name` (wanting it from the first call on); answers its
   * result, or undefined when another instance holds it. For periodic work: call it on every tick.
   */
  async runWhileHeld<T>(name: string, fn: () => T | Promise<T>): Promise<T | undefined> {
    this.want(name);
    if (!this.isHeld(name)) return undefined;
    return fn();
  }

  /** `acquired` or `lost`, with the lease's name; answers the function that unsubscribes. */
  on(event: LeaseEvent, listener: LeaseListener): () => void {
    const safe = (name: string) => {
      try {
        const r = listener(name);
        if (r instanceof Promise) r.catch((err: unknown) => this.logger.error({ err, event, name }, 'leases: a listener failed'));
      } catch (err) {
        this.logger.error({ err, event, name }, 'leases: a listener failed');
      }
    };
    this.emitter.on(event, safe);
    return () => this.emitter.off(event, safe);
  }

  /** Resolves after a full cycle that saw every name wanted so far (boot, tests). */
  settle(): Promise<void> {
    return this.kick();
  }

  /** The holder of a wanted name as of the last cycle (this instance's id when it holds it). */
  holderOf(name: string): string | undefined {
    if (this.isHeld(name)) return this.instanceId;
    return this.holders.get(name);
  }

  /**
   * Stops renewing and forgets every lease without telling the database, as a process killed
   * with SIGKILL would: the others take the leases when they expire (failover tests).
   */
  abandon(): void {
    this.abandoned = true;
    this.stopped = true;
    clearTimeout(this.timer);
    for (const name of [...this.heldUntil.keys()]) this.lose(name);
  }

  // ---- the cycle ----

  /** How many instances were alive at the last lease cycle, this one included (1 before the first). */
  get liveInstances(): number {
    return this.members;
  }

  private kick(): Promise<void> {
    if (this.alone || this.stopped) return Promise.resolve();
    if (!this.pending) {
      const after = this.running ?? Promise.resolve();
      this.pending = after.then(() => {
        this.pending = undefined;
        return this.run();
      });
    }
    return this.pending;
  }

  private run(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    clearTimeout(this.timer);
    let next = this.timing.renewMs;
    this.running = this.cycle()
      .then((n) => {
        next = n;
        if (this.failing) this.logger.info('leases: the database answers again');
        this.failing = false;
      })
      .catch((err: unknown) => {
        if (!this.failing) this.logger.warn({ err }, 'leases: a renewal failed; leases not renewed in time are given up');
        this.failing = true;
        next = Math.min(next, 1_000);
      })
      .finally(() => {
        this.running = undefined;
        this.expire();
        if (this.stopped) return;
        this.timer = setTimeout(() => void this.kick(), next);
        this.timer.unref();
      });
    return this.running;
  }

  /** Renews, counts the live instances, takes free leases up to this instance's share; answers the delay to the next cycle. */
  private async cycle(): Promise<number> {
    const { ttlMs, renewMs, now } = this.timing;
    const started = now();
    const mine = [...this.heldUntil.keys()];
    const renewed = new Set(await this.store.claim([`${MEMBER}${this.instanceId}`, ...mine], this.instanceId, ttlMs));
    if (this.stopped) return renewMs;
    for (const name of mine) {
      if (!this.heldUntil.has(name)) continue;
      if (renewed.has(name)) this.heldUntil.set(name, started + ttlMs);
      else this.lose(name);
    }
    const wanted = [...this.wanted];
    const rows = await this.store.live(wanted);
    const members = new Set<string>([this.instanceId]);
    const holders = new Map<string, string>();
    let nextExpiry = Infinity;
    for (const r of rows) {
      if (r.name.startsWith(MEMBER)) {
        members.add(r.holder);
        continue;
      }
      holders.set(r.name, r.holder);
      if (r.holder !== this.instanceId) nextExpiry = Math.min(nextExpiry, r.remainingMs);
    }
    this.holders = holders;
    this.members = members.size;
    const groups = new Map<string, string[]>();
    for (const name of wanted) {
      const g = groupOf(name);
      let list = groups.get(g);
      if (!list) groups.set(g, (list = []));
      list.push(name);
    }
    const take: string[] = [];
    const excess: string[] = [];
    for (const names of groups.values()) {
      names.sort();
      const share = Math.ceil(names.length / members.size);
      const ours = names.filter((n) => this.heldUntil.has(n));
      const free = names.filter((n) => !holders.has(n));
      if (ours.length < share) take.push(...free.slice(0, share - ours.length));
      // Above our share while another instance could take some: hand the last ones back.
      else if (ours.length > share && members.size > 1) excess.push(...ours.slice(share));
    }
    if (excess.length) {
      for (const name of excess) this.lose(name);
      await this.store.release(excess, this.instanceId);
    }
    if (take.length) {
      const at = now();
      const got = await this.store.claim(take, this.instanceId, ttlMs);
      if (this.stopped) return renewMs;
      for (const name of got) if (this.wanted.has(name) && !this.heldUntil.has(name)) this.gain(name, at + ttlMs);
      // Wanted no more while we were claiming it: give it back.
      const stale = got.filter((n) => !this.wanted.has(n));
      if (stale.length) await this.store.release(stale, this.instanceId);
    }
    this.gauge();
    // A lease of a silent holder is taken the moment it expires, not up to a renewal later.
    return Math.max(100, Math.min(renewMs, nextExpiry + 50));
  }

  /** Gives up, without a word to the database, leases this instance could not renew in time. */
  private expire(): void {
    const t = this.timing.now();
    for (const [name, until] of this.heldUntil) if (until <= t) this.lose(name);
  }

  private gain(name: string, until: number): void {
    this.heldUntil.set(name, until);
    this.gauge();
    this.emitter.emit('acquired', name);
  }

  private lose(name: string): void {
    if (!this.heldUntil.delete(name)) return;
    this.gauge();
    this.emitter.emit('lost', name);
  }

  private gauge(): void {
    held.reset();
    for (const name of this.heldUntil.keys()) held.inc({ group: groupOf(name) });
  }
}

/** The default store: the `leases` table. */
export const leaseStoreProvider = { provide: LEASE_STORE, useExisting: LeaseRepository };
