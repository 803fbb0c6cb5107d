import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import pino from 'pino';
import { loadConfig } from '../config/config.js';
import type { LeaseRow, LeaseStore } from './lease.repository.js';
import { LeaseService } from './lease.service.js';

const TTL = 12_000;
const RENEW = 4_000;

/** The `leases` table in memory, with the SQL's rules, on a clock the test moves (one clock for the database and the instances). */
class FakeStore implements LeaseStore {
  readonly rows = new Map<string, { holder: string; expiresAt: number }>();
  down = false;
  constructor(private readonly clock: { t: number }) {}

  claim(names: readonly string[], holder: string, ttlMs: number): Promise<string[]> {
    if (this.down) return Promise.reject(new Error('connect ECONNREFUSED'));
    const got: string[] = [];
    for (const name of names) {
      const r = this.rows.get(name);
      if (r && r.holder !== holder && r.expiresAt > this.clock.t) continue;
      this.rows.set(name, { holder, expiresAt: this.clock.t + ttlMs });
      got.push(name);
    }
    return Promise.resolve(got);
  }

  live(names: readonly string[]): Promise<LeaseRow[]> {
    if (this.down) return Promise.reject(new Error('connect ECONNREFUSED'));
    const out: LeaseRow[] = [];
    for (const [name, r] of this.rows) {
      if (r.expiresAt <= this.clock.t || !(names.includes(name) || name.startsWith('member:'))) continue;
      out.push({ name, holder: r.holder, remainingMs: r.expiresAt - this.clock.t });
    }
    return Promise.resolve(out);
  }

  release(names: readonly string[], holder: string): Promise<void> {
    for (const n of names) if (this.rows.get(n)?.holder === holder) this.rows.delete(n);
    return Promise.resolve();
  }

  releaseAll(holder: string): Promise<void> {
    for (const [n, r] of this.rows) if (r.holder === holder) this.rows.delete(n);
    return Promise.resolve();
  }
}

const SERVER = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://siaga@127.0.0.1:5432/siaga' });
const EMBEDDED = loadConfig({ NODE_ENV: 'test', DATABASE_URL: '' });
const PROGRAMS = ['detection:p1', 'detection:p2', 'detection:p3', 'detection:p4'];

describe('LeaseService', () => {
  const clock = { t: 1_000_000 };
  let store: FakeStore;
  const started: LeaseService[] = [];
  const instance = (config = SERVER) => {
    const s = new LeaseService(config, pino({ level: 'silent' }), store, { ttlMs: TTL, renewMs: RENEW, now: () => clock.t });
    const events: string[] = [];
    s.on('acquired', (n) => events.push(`+${n}`));
    s.on('lost', (n) => events.push(`-${n}`));
    started.push(s);
    return { s, events };
  };
  /** Moves the clock; cycles run only when the test settles them. */
  const advance = (ms: number) => (clock.t += ms);

  beforeEach(() => {
    // Only the cycle's own timer is faked: the test runs each cycle by hand.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'performance', 'Date'] });
    store = new FakeStore(clock);
  });
  afterEach(async () => {
    for (const s of started.splice(0)) await s.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('spreads a group of leases evenly over the live instances, handing back what is above a share', async () => {
    const a = instance();
    for (const n of PROGRAMS) a.s.want(n);
    await a.s.settle();
    expect(a.s.heldNames('detection:')).toHaveLength(4);
    expect(a.s.liveInstances).toBe(1);

    const b = instance();
    for (const n of PROGRAMS) b.s.want(n);
    await b.s.settle();
    expect(b.s.heldNames()).toEqual([]); // all taken, and A's are live
    advance(RENEW);
    await a.s.settle(); // A sees two members: keeps two, frees two
    await b.s.settle();
    expect(a.s.heldNames().sort()).toEqual(['detection:p1', 'detection:p2']);
    expect(b.s.heldNames().sort()).toEqual(['detection:p3', 'detection:p4']);
    expect([a.s.liveInstances, b.s.liveInstances]).toEqual([2, 2]);
    expect(a.events).toEqual(['+detection:p1', '+detection:p2', '+detection:p3', '+detection:p4', '-detection:p3', '-detection:p4']);
    expect(b.events).toEqual(['+detection:p3', '+detection:p4']);
  });

  it('takes the leases of an instance that stopped renewing once they expire, not before', async () => {
    const a = instance();
    const b = instance();
    for (const n of PROGRAMS) {
      a.s.want(n);
      b.s.want(n);
    }
    await a.s.settle();
    await b.s.settle();
    advance(RENEW);
    await a.s.settle();
    await b.s.settle();
    const aHeld = a.s.heldNames();
    expect(aHeld).toHaveLength(2);

    a.s.abandon(); // killed: no renewal, no release
    expect(a.s.heldNames()).toEqual([]);
    advance(TTL - 1);
    await b.s.settle();
    expect(b.s.heldNames()).toHaveLength(2);
    advance(2);
    await b.s.settle();
    expect(b.s.heldNames().sort()).toEqual(PROGRAMS);
    expect([...store.rows.values()].filter((r) => r.holder === a.s.instanceId && r.expiresAt > clock.t)).toEqual([]);
  });

  it('runs work only on the holder', async () => {
    const a = instance();
    const b = instance();
    const ran: string[] = [];
    expect(await a.s.runWhileHeld('digests:daily', () => ran.push('a'))).toBeUndefined(); // wanted from now on
    await a.s.settle();
    await b.s.runWhileHeld('digests:daily', () => ran.push('b'));
    await b.s.settle();
    await a.s.runWhileHeld('digests:daily', () => ran.push('a'));
    await b.s.runWhileHeld('digests:daily', () => ran.push('b'));
    expect(ran).toEqual(['a']);
    expect(b.s.holderOf('digests:daily')).toBe(a.s.instanceId);
  });

  it('gives leases up when it cannot renew them within their TTL, and takes them back when the database answers', async () => {
    const a = instance();
    a.s.want('alerts:lifecycle');
    await a.s.settle();
    expect(a.s.isHeld('alerts:lifecycle')).toBe(true);
    store.down = true;
    advance(RENEW);
    await a.s.settle();
    expect(a.s.isHeld('alerts:lifecycle')).toBe(true); // renewed 4 s ago, valid for 8 s more
    advance(TTL - RENEW);
    expect(a.s.isHeld('alerts:lifecycle')).toBe(false); // not believed held past the TTL, cycle or not
    await a.s.settle();
    expect(a.events).toEqual(['+alerts:lifecycle', '-alerts:lifecycle']);
    store.down = false;
    await a.s.settle();
    expect(a.events).toEqual(['+alerts:lifecycle', '-alerts:lifecycle', '+alerts:lifecycle']);
  });

  it('releases its leases on a clean shutdown, so that others need not wait for them to expire', async () => {
    const a = instance();
    a.s.want('alerts:lifecycle');
    await a.s.settle();
    await a.s.onApplicationShutdown();
    expect(a.events).toEqual(['+alerts:lifecycle', '-alerts:lifecycle']);
    const b = instance();
    b.s.want('alerts:lifecycle');
    await b.s.settle();
    expect(b.s.isHeld('alerts:lifecycle')).toBe(true);
  });

  it('holds every lease at once and writes nothing on the embedded database (one process by construction)', async () => {
    const claim = jest.spyOn(store, 'claim');
    const a = instance(EMBEDDED);
    a.s.want('detection:p1');
    expect(a.s.isHeld('detection:p1')).toBe(true);
    expect(await a.s.runWhileHeld('alerts:lifecycle', () => 'ran')).toBe('ran');
    await a.s.settle();
    expect(claim).not.toHaveBeenCalled();
    await a.s.unwant('detection:p1');
    expect(a.events).toEqual(['+detection:p1', '+alerts:lifecycle', '-detection:p1']);
  });
});
