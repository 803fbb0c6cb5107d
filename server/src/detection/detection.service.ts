import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AlertKind, type BacktestRequest, type BacktestResponse } from '@siaga/shared';
import type { Logger } from 'pino';
import { Counter, Histogram } from 'prom-client';
import { CLOCK, type Clock } from '../common/clock.js';
import { notFound } from '../common/errors.js';
import { LOGGER } from '../common/logger.js';
import { DAY_MS } from '../common/time-window.js';
import { EventBus } from '../events/event-bus.js';
import type { PostsIngested } from '../ingest/ingest.events.js';
import { LeaseService } from '../leases/lease.service.js';
import type { ProgramChanged, ProgramState } from '../programs/programs.events.js';
import { ProgramsRepository } from '../programs/programs.repository.js';
import type { RollupsChanged } from '../rollups/rollups.events.js';
import { backtest } from './backtest.js';
import './detection.events.js';
import { DetectionRepository } from './detection.repository.js';
import { DetectionRelay, type RelayedInput, type RelayedPost } from './detection-relay.js';
import { DetectionDriver, type DetectionPost, type DriverSnapshot, type MinuteDelta } from './driver.js';
import { HarmReportsDetector, type HarmPost } from './harm-detector.js';
import type { Decision } from './types.js';

const TICK_MS = 30_000;
const WARM_UP_DAYS = 14;
/** At most this many posts of the campaign and harm windows are replayed on takeover (half an hour of a busy program). */
const TAKEOVER_POSTS = 20_000;
const MAX_BACKTEST_POINTS = 5_000;
const MINUTE = 60_000;
const RELAY_SUBSCRIBE_WAIT_MS = 2_000;

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const decisionsCounter = new Counter({ name: 'siaga_detection_decisions_total', help: 'Detector decisions by kind', labelNames: ['kind'] as const });
for (const kind of AlertKind.options) decisionsCounter.inc({ kind }, 0);
const evalSeconds = new Histogram({ name: 'siaga_detection_batch_seconds', help: 'Detection time per ingest batch', buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1] });

/** A program's detection lease: its holder runs the program's detectors. */
export const detectionLease = (programId: string) => `detection:${programId}`;
const LEASE_PREFIX = 'detection:';

type Input = { deltas?: readonly MinuteDelta[]; posts?: readonly RelayedPost[] };

/**
 * The streaming detection driver in the server: warmed up from the stored rollups at start-up,
 * then fed by events only — every `rollups.changed` (ingest, backfill, relabel, rescore,
 * retention alike, so the detectors' input always equals the stored rollups), the posts of
 * each ingest batch (for the campaign detector) and `program.changed` (settings) — and
 * publishing its decisions on the event bus.
 *
 * Several instances: each program's detectors run on the instance holding its lease
 * (`detection:<id>`, spread over the instances). The others relay what they ingest for it to
 * the holder (DetectionRelay); a new holder rebuilds the program's state from the stored rollups
 * and replays their last minutes live, so an episode the old holder had not yet announced is
 * announced (and one it had is bumped, never opened twice: one unresolved alert per program
 * and kind).
 */
@Injectable()
export class DetectionService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly driver: DetectionDriver;
  /** Harm reports per program (analysis harm.flag): fed the posts of each batch, beside the driver. */
  private readonly harm = new HarmReportsDetector();
  private timer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: Array<() => void> = [];
  /** Active programs and their settings, held or not. */
  private readonly programSettings = new Map<string, ProgramState>();
  /** Programs whose detectors run here, fed as data arrives. */
  private readonly held = new Set<string>();
  /** Programs being rebuilt after their lease was taken: input heard meanwhile waits here. */
  private readonly rebuilding = new Map<string, Input[]>();
  /** Until the boot warm-up has read the history, an acquired lease needs no rebuild of its own. */
  private booted = false;
  private bootReadStarted = false;
  private readonly rebuildAfterBoot = new Set<string>();

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly events: EventBus,
    private readonly programs: ProgramsRepository,
    private readonly repo: DetectionRepository,
    private readonly leases: LeaseService,
    private readonly relay: DetectionRelay,
  ) {
    this.driver = new DetectionDriver({ now: () => this.clock.now() });
  }

  /** Settings are heard from the start, so programs created while the app boots are configured. */
  onModuleInit(): void {
    this.unsubscribe.push(
      this.events.on('program.changed', (e) => this.onProgramChanged(e)),
      this.leases.on('acquired', (name) => (name.startsWith(LEASE_PREFIX) ? this.acquired(name.slice(LEASE_PREFIX.length)) : undefined)),
      this.leases.on('lost', (name) => (name.startsWith(LEASE_PREFIX) ? this.lost(name.slice(LEASE_PREFIX.length)) : undefined)),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.relay.prepare((programId, input) => this.onRelayed(programId, input));
    const programs = await this.programs.all();
    for (const p of programs) this.onProgramChanged({ change: 'updated', program: p, rematch: false });
    // This instance's share of the programs, before the history is read (alone: all of them).
    await this.leases.settle();
    this.bootReadStarted = true;
    const now = this.clock.now();
    const rows = await this.repo.history(new Date(now.getTime() - WARM_UP_DAYS * DAY_MS), now);
    const mine = rows.filter((r) => this.held.has(r.program_id));
    this.driver.warmUp(mine.map((r) => ({ programId: r.program_id, minute: new Date(r.minute), volume: r.volume, negative: r.negative })), now);
    const harmFrom = new Date(now.getTime() - this.harm.settings.historyDays * DAY_MS);
    const harmRows = await this.repo.harmHistory(harmFrom, now);
    this.harm.warmUp(harmRows.filter((r) => this.held.has(r.program_id)).map((r) => ({ programId: r.program_id, hour: new Date(r.hour), harm: Number(r.harm) })), harmFrom);
    // Data events only after the warm-up: the history read above already holds what came before.
    this.unsubscribe.push(
      this.events.on('rollups.changed', (e) => {
        this.onRollupsChanged(e);
      }),
      this.events.on('posts.ingested', (e) => {
        this.onPostsIngested(e);
      }),
    );
    this.booted = true;
    // Leases taken while the history was being read: their share of it may be missing.
    for (const id of this.rebuildAfterBoot) void this.rebuild(id);
    this.rebuildAfterBoot.clear();
    // Quiet minutes count as zeros only while time is watched: a tick closes them.
    this.timer = setInterval(() => {
      const at = this.clock.now();
      this.driver.tick(at);
      this.harm.evict(at.getTime());
    }, TICK_MS);
    this.timer.unref();
    this.logger.info({ programs: programs.length, held: this.held.size, minutes: mine.length }, 'detection warmed up from stored rollups');
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    for (const off of this.unsubscribe.splice(0)) off();
  }

  onProgramChanged({ change, program }: ProgramChanged): void {
    if (change === 'deleted' || !program.active) {
      this.programSettings.delete(program.id);
      this.driver.forget(program.id);
      this.harm.forget(program.id);
      void this.leases.unwant(detectionLease(program.id));
    } else {
      this.programSettings.set(program.id, program);
      this.driver.configure(program.id, { sensitivity: program.sensitivity });
      this.harm.configure(program.id, program.sensitivity);
      this.leases.want(detectionLease(program.id));
    }
  }

  /** Any change to the rollups: new counts, or corrections of counts the detectors saw. */
  onRollupsChanged(e: RollupsChanged): Decision[] {
    // Alone (the usual case, and the hot path): every program is ours, no copy.
    if (this.leases.alone) return this.run(() => this.driver.ingest({ deltas: e.deltas }));
    const mine: MinuteDelta[] = [];
    const elsewhere = new Map<string, MinuteDelta[]>();
    for (const d of e.deltas) {
      if (this.held.has(d.programId)) mine.push(d);
      else if (this.rebuilding.has(d.programId)) this.rebuilding.get(d.programId)!.push({ deltas: [d] });
      else push(elsewhere, d.programId, { programId: d.programId, minute: d.minute, volume: d.volume, negative: d.negative });
    }
    for (const [programId, deltas] of elsewhere) this.relay.publish(programId, { deltas });
    return mine.length ? this.run(() => this.driver.ingest({ deltas: mine })) : [];
  }

  /**
   * The posts of an ingest batch, for the campaign and harm detectors (counts arrive as `rollups.changed`). Harm sees
   * every post; the campaign detector neither an official channel's posts for the programs it speaks for, nor shares
   * (reposts, boosts): many accounts sharing one post is amplification, which the network draws as share links, not
   * a buzzer campaign.
   */
  onPostsIngested(e: PostsIngested): Decision[] {
    const posts: DetectionPost[] = [];
    const harmed: HarmPost[] = [];
    const alone = this.leases.alone;
    const elsewhere = new Map<string, RelayedPost[]>();
    for (const p of e.posts) {
      if (!p.programIds.length) continue;
      const share = Boolean(p.sharedExternalId);
      let programIds = p.programIds;
      if (!alone) {
        programIds = p.programIds.filter((id) => this.held.has(id));
        if (programIds.length !== p.programIds.length) {
          const slim: RelayedPost = { id: p.id, text: p.text, authorHandle: p.authorHandle, source: p.source, createdAt: p.createdAt, harm: p.harm };
          for (const id of p.programIds) {
            if (this.held.has(id)) continue;
            // An official channel's post or a share goes over only for its harm signal, marked so that the holder keeps
            // it out of its campaign detector.
            const harmOnly = share || p.officialProgramIds?.includes(id) === true;
            if (harmOnly && !p.harm.flag) continue;
            const relayed = harmOnly ? { ...slim, harmOnly } : slim;
            const waiting = this.rebuilding.get(id);
            if (waiting) waiting.push({ posts: [relayed] });
            else push(elsewhere, id, relayed);
          }
        }
        if (!programIds.length) continue;
      }
      const post = { id: p.id, programIds, text: p.text, authorHandle: p.authorHandle, source: p.source, createdAt: p.createdAt };
      // An official channel's posts are no campaign of the program they speak for.
      const official = p.officialProgramIds;
      const publicIds = share ? [] : official ? programIds.filter((id) => !official.includes(id)) : programIds;
      if (publicIds.length) posts.push(publicIds === programIds ? post : { ...post, programIds: publicIds });
      if (p.harm.flag) harmed.push({ ...post, harm: p.harm });
    }
    for (const [programId, list] of elsewhere) this.relay.publish(programId, { posts: list });
    if (!posts.length && !harmed.length) return [];
    return this.feedPosts(posts, harmed);
  }

  /** What the detectors have learnt and see now, JSON-safe (diagnostics and tests). */
  snapshot(): DriverSnapshot {
    return this.driver.snapshot(this.clock.now());
  }

  /** Programs whose detectors run on this instance. */
  heldPrograms(): string[] {
    return [...this.held];
  }

  private feedPosts(posts: DetectionPost[], harmed: HarmPost[]): Decision[] {
    return this.run(() => {
      const now = this.clock.now();
      return [...(posts.length ? this.driver.ingest({ posts }, now) : []), ...(harmed.length ? this.harm.ingest(harmed, now) : [])];
    });
  }

  /** Input another instance ingested for a program whose lease we hold. */
  private onRelayed(programId: string, input: RelayedInput): void {
    const waiting = this.rebuilding.get(programId);
    if (waiting) waiting.push(input);
    else if (this.held.has(programId)) this.feed(programId, input);
  }

  private feed(programId: string, input: Input): void {
    if (input.deltas?.length) this.run(() => this.driver.ingest({ deltas: input.deltas }));
    if (input.posts?.length) {
      const posts = input.posts.filter((p) => !p.harmOnly).map((p) => ({ id: p.id, programIds: [programId], text: p.text, authorHandle: p.authorHandle, source: p.source, createdAt: p.createdAt }));
      const harmed = input.posts.filter((p) => p.harm.flag).map((p) => ({ ...p, programIds: [programId] }));
      this.feedPosts(posts, harmed);
    }
  }

  private acquired(programId: string): Promise<void> | undefined {
    if (this.leases.alone || !this.booted) {
      this.held.add(programId);
      // Taken while the boot warm-up was reading the history: its share of it may be missing.
      if (!this.leases.alone && this.bootReadStarted) this.rebuildAfterBoot.add(programId);
      return undefined;
    }
    return this.rebuild(programId);
  }

  private lost(programId: string): void {
    this.held.delete(programId);
    this.rebuilding.delete(programId);
    this.rebuildAfterBoot.delete(programId);
    this.driver.forget(programId);
    this.harm.forget(programId);
    const settings = this.programSettings.get(programId);
    if (settings) {
      this.driver.configure(programId, { sensitivity: settings.sensitivity });
      this.harm.configure(programId, settings.sensitivity);
    }
    void this.relay.unsubscribe(programId);
  }

  /**
   * A lease taken from another instance (or handed over): the program's state is rebuilt from
   * the stored rollups, silently up to the live window, whose minutes are then replayed live so
   * that an episode in progress is announced. Input heard meanwhile is applied afterwards.
   */
  private async rebuild(programId: string): Promise<void> {
    const queue: Input[] = [];
    this.held.delete(programId);
    this.rebuilding.set(programId, queue);
    try {
      // While Redis is away a subscribe waits for it: the rollups are rebuilt meanwhile, and the relay resubscribes on reconnect.
      const subscribed = this.relay.subscribe(programId).catch((err: unknown) => this.logger.warn({ err, programId }, 'detection: could not subscribe to the relay'));
      await Promise.race([subscribed, new Promise((r) => setTimeout(r, RELAY_SUBSCRIBE_WAIT_MS).unref())]);
      const now = this.clock.now();
      const liveFrom = (Math.floor(now.getTime() / MINUTE) - this.driver.liveMinutes + 1) * MINUTE;
      const harmFrom = new Date(now.getTime() - this.harm.settings.historyDays * DAY_MS);
      // The harm window's posts are replayed below, so its hourly history stops where that window starts.
      const harmWindowFrom = new Date(now.getTime() - this.harm.settings.windowMinutes * MINUTE);
      const postsFrom = new Date(now.getTime() - Math.max(this.driver.campaignMinutes, this.harm.settings.windowMinutes) * MINUTE);
      const [rows, harmRows, recentPosts] = await Promise.all([
        this.repo.history(new Date(now.getTime() - WARM_UP_DAYS * DAY_MS), now, programId),
        this.repo.harmHistory(harmFrom, harmWindowFrom),
        this.repo.recentPosts(programId, postsFrom, now, TAKEOVER_POSTS),
      ]);
      if (this.rebuilding.get(programId) !== queue) return; // lost meanwhile
      const settings = this.programSettings.get(programId);
      this.driver.forget(programId);
      this.harm.forget(programId);
      if (settings) {
        this.driver.configure(programId, { sensitivity: settings.sensitivity });
        this.harm.configure(programId, settings.sensitivity);
      }
      const deltas = rows.map((r) => ({ programId, minute: new Date(r.minute), volume: r.volume, negative: r.negative }));
      this.driver.warmUp(
        deltas.filter((d) => d.minute.getTime() < liveFrom),
        new Date(liveFrom),
      );
      this.harm.warmUp(harmRows.filter((r) => r.program_id === programId).map((r) => ({ programId, hour: new Date(r.hour), harm: Number(r.harm) })), harmFrom);
      this.rebuilding.delete(programId);
      this.held.add(programId);
      const recent = deltas.filter((d) => d.minute.getTime() >= liveFrom);
      if (recent.length) this.run(() => this.driver.ingest({ deltas: recent }, now));
      // The campaign and harm windows are posts, not counts: the stored ones of their last minutes are replayed, so a
      // copy-paste burst or a run of harm reports under way when the holder died is still one episode (one it had
      // announced is bumped). An official channel's posts and shares count for harm only, as at ingest.
      if (recentPosts.length) {
        const posts = recentPosts.map((r) => ({ id: r.id, programIds: [programId], text: r.text, authorHandle: r.author_handle, source: r.source, createdAt: new Date(r.created_at) }));
        const campaign = posts.filter((_, i) => !recentPosts[i]!.official && !recentPosts[i]!.share);
        const harmed = recentPosts.flatMap((r, i) => (r.harm_flag && posts[i]!.createdAt >= harmWindowFrom ? [{ ...posts[i]!, harm: { flag: true, terms: r.harm_terms } }] : []));
        this.run(() => [...this.driver.ingest({ posts: campaign }, now), ...(harmed.length ? this.harm.ingest(harmed, now) : [])]);
      }
      // Posts heard while rebuilding may be stored already, and replayed above: the detector takes each post once.
      const replayed = new Set(recentPosts.map((r) => r.id));
      for (const input of queue) this.feed(programId, input.posts?.length ? { ...input, posts: input.posts.filter((p) => !replayed.has(p.id)) } : input);
      this.logger.info({ programId, minutes: rows.length, replayed: recent.length, posts: recentPosts.length }, 'detection: took over a program and rebuilt its state from stored rollups');
    } catch (err) {
      this.logger.error({ err, programId }, 'detection: could not rebuild a program taken over; giving its lease back');
      this.rebuilding.delete(programId);
      await this.leases.unwant(detectionLease(programId));
      if (this.programSettings.has(programId)) this.leases.want(detectionLease(programId));
    }
  }

  private run(evaluate: () => Decision[]): Decision[] {
    const stop = evalSeconds.startTimer();
    try {
      const decisions = evaluate();
      if (!decisions.length) return [];
      for (const d of decisions) decisionsCounter.inc({ kind: d.kind });
      this.events.emit('detection.decisions', { decisions });
      return decisions;
    } catch (err) {
      this.logger.error({ err }, 'detection failed on a batch');
      return [];
    } finally {
      stop();
    }
  }

  /** The detector over a program's stored history, to preview a sensitivity before saving it. */
  async backtest(req: BacktestRequest): Promise<BacktestResponse> {
    const program = await this.programs.findById(req.programId);
    if (!program) throw notFound('program');
    const to = req.to ? new Date(req.to) : this.clock.now();
    const from = req.from ? new Date(req.from) : new Date(to.getTime() - 30 * DAY_MS);
    const rows = await this.repo.history(new Date(from.getTime() - WARM_UP_DAYS * DAY_MS), to, program.id);
    const sensitivity = req.sensitivity ?? program.sensitivity;
    // Long ranges are thinned for the chart; every decision is kept.
    const result = backtest(rows.map((r) => ({ minute: new Date(r.minute), volume: r.volume, negative: r.negative })), {
      programId: program.id,
      sensitivity,
      from,
      to,
      maxPoints: MAX_BACKTEST_POINTS,
    });
    return {
      programId: program.id,
      sensitivity,
      from: from.toISOString(),
      to: to.toISOString(),
      windowMinutes: result.windowMinutes,
      pointStepMinutes: result.pointStep,
      points: result.points,
      decisions: result.decisions,
    };
  }
}
