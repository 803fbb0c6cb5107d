import { io, type Socket } from 'socket.io-client';
import type { AlertEvent, ClientToServerEvents, EscalationNotice, IncidentUpdate, LivePost, MetricsUpdate, ServerToClientEvents } from '@siaga/shared';
import { apiRequest, isApiError, sessionStore } from '../api';

export type LiveStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface LiveHandlers {
  alertOpened(event: AlertEvent): void;
  alertUpdated(event: AlertEvent): void;
  metrics(update: MetricsUpdate): void;
  /** One batch's live sample, in the batch's order. */
  posts(posts: LivePost[]): void;
  escalation(notice: EscalationNotice): void;
  incident(update: IncidentUpdate): void;
  /** After every (re)connect, once the subscription is acknowledged and missed alerts replayed. */
  resynced(): void;
}

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One Socket.IO connection to `/live` for the signed-in user. It sends a fresh token on every
 * (re)connect, re-subscribes, and passes the highest alert `seq` it has seen so that the server
 * replays missed alert events in order; duplicates (seq ≤ last seen) are dropped here.
 */
export class LiveConnection {
  private readonly socket: LiveSocket;
  private lastAlertSeq = 0;
  private programIds: string[] = [];
  private status: LiveStatus = 'connecting';
  private everConnected = false;
  private readonly statusListeners = new Set<() => void>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(private readonly handlers: LiveHandlers, url = '/live') {
    this.socket = io(url, {
      autoConnect: false,
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      // A WebSocket closed cleanly before the Socket.IO handshake (a proxy or server restarting)
      // ends the attempt only at this timeout; socket.io's 20 s default would leave a wall screen
      // stale that long.
      timeout: 5_000,
      auth: (cb) => cb({ token: sessionStore.get()?.accessToken ?? '', ...(this.lastAlertSeq > 0 ? { lastAlertSeq: this.lastAlertSeq } : {}) }),
    });
    this.socket.on('connect', () => {
      this.everConnected = true;
      this.setStatus('connected');
      this.sendSubscription(true);
    });
    this.socket.on('disconnect', (reason) => {
      if (this.closed) return;
      this.setStatus('reconnecting');
      // The server drops the socket when the token expires; Socket.IO does not retry that by itself.
      if (reason === 'io server disconnect') this.retryAfterRefresh();
    });
    this.socket.on('connect_error', (err) => {
      if (this.closed) return;
      this.setStatus(this.everConnected ? 'reconnecting' : 'offline');
      if (err.message === 'unauthorized') this.retryAfterRefresh();
    });
    this.socket.io.on('reconnect_attempt', () => this.setStatus('reconnecting'));
    this.socket.on('alert:opened', (e) => {
      if (this.accept(e)) handlers.alertOpened(e);
    });
    this.socket.on('alert:updated', (e) => {
      if (this.accept(e)) handlers.alertUpdated(e);
    });
    this.socket.on('metrics:updated', (m) => handlers.metrics(m));
    this.socket.on('posts:created', (b) => handlers.posts(b.posts));
    this.socket.on('escalation', (n) => handlers.escalation(n));
    this.socket.on('incident:updated', (u) => handlers.incident(u));
  }

  start(): void {
    this.socket.connect();
  }

  /** Forces a reconnect now (the banner's button). */
  reconnect(): void {
    if (this.socket.connected) return;
    this.socket.disconnect();
    this.setStatus('connecting');
    this.socket.connect();
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket.removeAllListeners();
    this.socket.io.removeAllListeners();
    this.socket.disconnect();
  }

  setPrograms(programIds: readonly string[]): void {
    const next = [...new Set(programIds)].sort();
    if (next.length === this.programIds.length && next.every((id, i) => id === this.programIds[i])) return;
    this.programIds = next;
    if (this.socket.connected) this.sendSubscription(false);
  }

  getStatus = (): LiveStatus => this.status;

  subscribeStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  private accept(event: AlertEvent): boolean {
    if (event.seq <= this.lastAlertSeq) return false;
    this.lastAlertSeq = event.seq;
    return true;
  }

  private sendSubscription(afterConnect: boolean): void {
    this.socket.emit('subscribe', { programIds: this.programIds }, (ack) => {
      // Missed alerts were replayed before this ack: the caches may now be refreshed once.
      if (ack.ok && afterConnect) this.handlers.resynced();
    });
  }

  /** Gets a valid token (the API wrapper refreshes an expired one) and connects again. */
  private retryAfterRefresh(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      apiRequest('/api/auth/me').then(
        () => {
          if (!this.closed && !this.socket.connected) this.socket.connect();
        },
        (error: unknown) => {
          // A refused refresh ends the session (the provider then closes this connection).
          if (this.closed) return;
          if (!isApiError(error) || error.status === 0 || error.status >= 500) this.retryAfterRefresh();
        },
      );
    }, 1_000);
  }

  private setStatus(status: LiveStatus): void {
    if (this.status === status) return;
    this.status = status;
    for (const listener of this.statusListeners) listener();
  }
}
