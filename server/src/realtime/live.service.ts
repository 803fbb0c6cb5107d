import { Inject, Injectable, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { LiveHandshake, SubscribeRequest, type EscalationNotice } from '@siaga/shared';
import jwt from 'jsonwebtoken';
import type { Logger } from 'pino';
import { Gauge } from 'prom-client';
import '../auth/auth.events.js';
import { AuthService, type Authenticated } from '../auth/auth.service.js';
import { LOGGER } from '../common/logger.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EventBus } from '../events/event-bus.js';
import '../programs/programs.events.js';
import '../alerts/alerts.events.js';
import { AlertFeed } from './alert-feed.js';
import { LiveRedis } from './live-redis.js';
import { countBroadcast } from './live.metrics.js';
import { LiveRepository } from './live.repository.js';
import {
  LiveConnectError,
  programRoom,
  roleRoom,
  sessionRoom,
  userRoom,
  type LiveAlertEvent,
  type LiveNamespace,
  type LiveSocket,
  type SubscribeAck,
} from './live.types.js';

const liveClients = new Gauge({ name: 'siaga_live_clients', help: 'Clients connected to /live on this instance' });

const REPLAY_PAGE = 500;
/** setTimeout's limit; access tokens live far shorter. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Per-socket state that never leaves this instance. */
interface SocketState {
  programIds: Set<string>;
  /** Highest alert seq sent: nothing at or below it is sent again. */
  delivered: number;
  /** The handshake's lastAlertSeq, replayed from on the first subscribe only. */
  replayFrom: number | undefined;
  /** Live alert events held back while missed ones are replayed. */
  held: LiveAlertEvent[] | undefined;
  /** Subscribes of one socket run one after the other. */
  queue: Promise<unknown>;
  expiry: NodeJS.Timeout | undefined;
  /** The handshake's access token, checked again on every subscribe. */
  token: string;
}

const issuesOf = (err: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }) =>
  err.issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');

/**
 * The /live namespace: who may connect, what each socket subscribed to, and alert events
 * delivered in seq order, exactly once, including those a reconnecting client missed.
 */
@Injectable()
export class LiveService implements OnModuleInit, BeforeApplicationShutdown {
  private nsp: LiveNamespace | undefined;
  private readonly states = new WeakMap<LiveSocket, SocketState>();
  private readonly feed: AlertFeed;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly auth: AuthService,
    private readonly repo: LiveRepository,
    private readonly bus: EventBus,
    private readonly redis: LiveRedis,
  ) {
    this.feed = new AlertFeed(
      { latest: () => this.repo.latestAlertSeq(), after: (seq, limit) => this.repo.alertEventsAfter(seq, limit) },
      (e) => this.deliverAlert(e),
      (err) => this.logger.warn({ err }, 'live: alert feed could not read alert_events'),
    );
  }

  async onModuleInit(): Promise<void> {
    await this.feed.start();
    this.unsubscribe.push(
      this.bus.on('alert.event', (e) => this.onLocalAlert(e)),
      this.bus.on('alert.escalated', (n) => this.onEscalated(n)),
      // Ended sessions lose their sockets on every instance (through the adapter when clustered).
      this.bus.on('user.changed', (e) => {
        if (e.sessionsEnded) this.nsp?.in(userRoom(e.userId)).disconnectSockets(true);
      }),
      this.bus.on('session.ended', (e) => this.nsp?.in(sessionRoom(e.sessionId)).disconnectSockets(true)),
      // Program edits reach the other instances' detectors at once, not at their next start.
      this.bus.on('program.changed', (e) => {
        if (!e.remote && this.redis.clustered) this.nsp?.serverSideEmit('program.changed', e);
      }),
    );
  }

  /** Before Nest closes the Socket.IO server: nothing is sent through a closing adapter. */
  async beforeApplicationShutdown(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    await this.feed.idle();
  }

  /** Called once by the gateway with its namespace. */
  attach(nsp: LiveNamespace): void {
    this.nsp = nsp;
    // Alert events committed on other instances.
    nsp.on('alert.event', (e) => this.feed.hear(e));
    nsp.on('program.changed', (e) => this.bus.emit('program.changed', { ...e, remote: true }));
  }

  /** Rooms of these programs, for broadcasts (undefined when there is nobody to tell). */
  toPrograms(programIds: readonly string[]): ReturnType<LiveNamespace['to']> | undefined {
    // An empty room list would mean every socket.
    if (!this.nsp || programIds.length === 0) return undefined;
    return this.nsp.to(programIds.map(programRoom));
  }

  /** Handshake check: a valid access token of an active user, and a well-formed lastAlertSeq. */
  async authenticate(socket: LiveSocket): Promise<void> {
    const auth: unknown = socket.handshake.auth;
    const token = typeof auth === 'object' && auth !== null && 'token' in auth ? auth.token : undefined;
    if (typeof token !== 'string' || token.length === 0) throw new LiveConnectError('unauthorized', 'auth.token (an access token) is required');
    const parsed = LiveHandshake.safeParse(auth);
    if (!parsed.success) {
      const tokenIssue = parsed.error.issues.some((i) => i.path[0] === 'token');
      throw new LiveConnectError(tokenIssue ? 'unauthorized' : 'bad_request', issuesOf(parsed.error));
    }
    let who: Authenticated | null;
    try {
      who = await this.auth.authenticate(parsed.data.token);
    } catch (err) {
      this.logger.error({ err }, 'live: could not check a token');
      throw new LiveConnectError('unavailable', 'could not check the token: try again');
    }
    if (!who) throw new LiveConnectError('unauthorized', 'access token is invalid or expired');
    const exp = (jwt.decode(parsed.data.token) as { exp?: unknown } | null)?.exp;
    socket.data = { user: who.user, sessionId: who.sessionId, expiresAt: typeof exp === 'number' ? exp * 1000 : undefined, lastAlertSeq: parsed.data.lastAlertSeq };
  }

  connected(socket: LiveSocket): void {
    const { user, sessionId, expiresAt, lastAlertSeq } = socket.data;
    const auth = socket.handshake.auth as { token: string };
    const state: SocketState = { programIds: new Set(), delivered: lastAlertSeq ?? 0, replayFrom: lastAlertSeq, held: undefined, queue: Promise.resolve(), expiry: undefined, token: auth.token };
    if (expiresAt !== undefined) {
      // The token was only checked at the handshake: when it expires the client must reconnect with a fresh one.
      state.expiry = setTimeout(() => socket.disconnect(true), Math.min(MAX_TIMER_MS, Math.max(0, expiresAt - Date.now())));
      state.expiry.unref();
    }
    this.states.set(socket, state);
    void socket.join([userRoom(user.id), roleRoom(user.role), sessionRoom(sessionId)]);
    liveClients.inc();
    this.logger.debug({ userId: user.id, socketId: socket.id }, 'live: connected');
  }

  disconnected(socket: LiveSocket): void {
    const state = this.states.get(socket);
    if (!state) return;
    clearTimeout(state.expiry);
    this.states.delete(socket);
    liveClients.dec();
    this.logger.debug({ userId: socket.data.user.id, socketId: socket.id }, 'live: disconnected');
  }

  /** Replaces the socket's program selection; the first one after a reconnect also replays what was missed. */
  subscribe(socket: LiveSocket, body: unknown): Promise<SubscribeAck> {
    const parsed = SubscribeRequest.safeParse(body);
    if (!parsed.success) return Promise.resolve({ ok: false, error: `validation_failed: ${issuesOf(parsed.error)}` });
    const state = this.states.get(socket);
    if (!state) return Promise.resolve({ ok: false, error: 'unavailable: not connected' });
    const programIds = [...new Set(parsed.data.programIds.map((id) => id.toLowerCase()))];
    const run = state.queue.then(async (): Promise<SubscribeAck> => {
      // The session may have ended since the handshake (on another instance, or by the CLI).
      let who: Authenticated | null;
      try {
        who = await this.auth.authenticate(state.token);
      } catch (err) {
        this.logger.warn({ err }, 'live: could not check a token');
        return { ok: false, error: 'unavailable: could not check the session: try again' };
      }
      if (!who) {
        // After the ack has gone out, so that the client learns why.
        setImmediate(() => socket.disconnect(true));
        return { ok: false, error: 'unauthorized: the session has ended: log in again' };
      }
      return this.select(socket, state, programIds);
    });
    state.queue = run.catch(() => undefined);
    return run;
  }

  private async select(socket: LiveSocket, state: SocketState, programIds: string[]): Promise<SubscribeAck> {
    const rooms = new Set(programIds.map(programRoom));
    for (const room of [...socket.rooms]) if (room.startsWith('program:') && !rooms.has(room)) void socket.leave(room);
    state.programIds = new Set(programIds);
    // An empty selection does not use up the replay: the client may pick its programs later.
    const from = programIds.length ? state.replayFrom : undefined;
    if (from !== undefined) state.replayFrom = undefined;
    if (from === undefined) {
      await socket.join([...rooms]);
      return { ok: true, programIds };
    }
    // Join first and hold live events back, so that nothing falls between the replay and the live stream.
    state.held = [];
    try {
      await socket.join([...rooms]);
      await this.replay(socket, state, from, programIds);
      return { ok: true, programIds };
    } catch (err) {
      this.logger.warn({ err, userId: socket.data.user.id }, 'live: replay failed');
      return { ok: false, error: 'unavailable: missed alert events could not be replayed: reload the alerts' };
    } finally {
      const held = state.held;
      state.held = undefined;
      for (const e of held) if (e.alert.programId === null || state.programIds.has(e.alert.programId)) this.sendAlert(socket, state, e);
    }
  }

  private async replay(socket: LiveSocket, state: SocketState, from: number, programIds: string[]): Promise<void> {
    let cursor = from;
    let replayed = 0;
    for (;;) {
      const page = await this.repo.missedAlertEvents(cursor, programIds, this.config.realtime.replayMinutes, REPLAY_PAGE);
      for (const e of page) this.sendAlert(socket, state, e);
      replayed += page.length;
      const last = page.at(-1);
      if (!last || page.length < REPLAY_PAGE || !socket.connected) break;
      cursor = last.seq;
    }
    this.logger.debug({ userId: socket.data.user.id, from, replayed }, 'live: replayed missed alert events');
  }

  private onLocalAlert(e: LiveAlertEvent): void {
    const event: LiveAlertEvent = { seq: e.seq, type: e.type, alert: e.alert };
    this.feed.hear(event);
    // The other instances learn of it through Redis; alone, there is no one to tell.
    if (this.redis.clustered) this.nsp?.serverSideEmit('alert.event', event);
  }

  /**
   * The feed's ordered events, to this instance's sockets of the alert's program: one local broadcast to
   * the sockets due for it (encoded once, not once per socket), each socket's own seq kept.
   */
  private deliverAlert(e: LiveAlertEvent): void {
    const nsp = this.nsp;
    // A source-health alert concerns every program: every socket hears it.
    const ids = e.alert.programId === null ? (nsp ? new Set(nsp.sockets.keys()) : undefined) : nsp?.adapter.rooms.get(programRoom(e.alert.programId));
    if (!nsp || !ids) return;
    const due: string[] = [];
    for (const id of ids) {
      const socket = nsp.sockets.get(id);
      const state = socket && this.states.get(socket);
      if (!socket || !state) continue;
      if (state.held) state.held.push(e);
      else if (e.seq > state.delivered) {
        state.delivered = e.seq;
        due.push(id);
      }
    }
    if (due.length === 0) return;
    // Each socket is in a room of its own id; local, so that the Redis adapter does not pass it on.
    const event = e.type === 'opened' ? 'alert:opened' : 'alert:updated';
    nsp.local.to(due).emit(event, { seq: e.seq, alert: e.alert });
    countBroadcast(event, due.length);
  }

  private sendAlert(socket: LiveSocket, state: SocketState, e: LiveAlertEvent): void {
    if (e.seq <= state.delivered) return;
    state.delivered = e.seq;
    const event = e.type === 'opened' ? 'alert:opened' : 'alert:updated';
    socket.emit(event, { seq: e.seq, alert: e.alert });
    countBroadcast(event);
  }

  private onEscalated(n: EscalationNotice & { userIds: string[] }): void {
    if (!this.nsp || n.userIds.length === 0) return;
    // Through the adapter: the users' sockets may be on any instance.
    this.nsp.to(n.userIds.map(userRoom)).emit('escalation', { alert: n.alert, level: n.level, reason: n.reason });
    countBroadcast('escalation');
  }
}
