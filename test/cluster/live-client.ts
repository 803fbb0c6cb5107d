// Live (/live) client helpers, shared by test/realtime.spec.ts and the cluster suite.
import { randomUUID } from 'node:crypto';
import type { Alert, ClientToServerEvents, Program, ServerToClientEvents, SubscribeRequest } from '@siaga/shared';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { EventBus } from '../../server/src/events/event-bus.js';
import type { TestApp } from '../support/app.js';

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;
export type SubscribeAck = { ok: true; programIds: string[] } | { ok: false; error: string };

type Payloads = { [K in keyof ServerToClientEvents]: Parameters<ServerToClientEvents[K]>[0] };
export type LiveEvent = keyof Payloads;

export interface Received<K extends LiveEvent = LiveEvent> {
  event: K;
  payload: Payloads[K];
  at: number;
}

export type LiveAuth = Record<string, unknown> | ((cb: (data: object) => void) => void);

/** A socket to `/live` that records every event it receives; it does not reconnect by itself. */
export function liveClient(baseUrl: string, auth: LiveAuth, opts: Partial<ManagerOptions & SocketOptions> = {}): { socket: LiveClient; events: Received[] } {
  const events: Received[] = [];
  const socket: LiveClient = io(`${baseUrl}/live`, { auth, transports: ['websocket'], reconnection: false, forceNew: true, ...opts });
  socket.onAny((event: LiveEvent, payload: Payloads[LiveEvent]) => events.push({ event, payload, at: Date.now() }));
  return { socket, events };
}

/** Resolves on connect; rejects with the connect_error. */
export function connected(socket: LiveClient): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

/** Resolves with the connect_error (fails the test if the socket connects). */
export function refused(socket: LiveClient): Promise<Error & { data?: { code: string; message: string } }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected, expected connect_error')));
    socket.once('connect_error', resolve);
  });
}

export function subscribe(socket: LiveClient, body: unknown): Promise<SubscribeAck> {
  return new Promise((resolve) => socket.emit('subscribe', body as SubscribeRequest, resolve));
}

/** Polls until `fn` answers something truthy; fails after `ms`. */
export async function until<T>(fn: () => T | undefined | null | false, what: string, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The events of one name, typed. */
export const ofType = <K extends LiveEvent>(events: Received[], name: K) => events.filter((e): e is Received<K> => e.event === name);

/** The live sample's posts, across its frames, in the order they arrived. */
export const livePosts = (events: Received[]) => ofType(events, 'posts:created').flatMap((e) => e.payload.posts);

export const alertEvents = (events: Received[]) => events.filter((e): e is Received<'alert:opened' | 'alert:updated'> => e.event === 'alert:opened' || e.event === 'alert:updated');

export function alertOf(program: Pick<Program, 'id' | 'name'>, over: Partial<Alert> = {}): Alert {
  const now = new Date().toISOString();
  const id = randomUUID();
  return {
    id,
    programId: program.id,
    programName: program.name,
    kind: 'volume_spike',
    severity: 'warning',
    status: 'open',
    dedupKey: `test:${id}`,
    count: 1,
    peakScore: 4.2,
    peakObserved: 120,
    explanation: { facts: { kind: 'legacy', text: 'volume far above the usual' }, expected: 20, band: { lower: 5, upper: 40 }, observed: 120, score: 4.2 },
    openedAt: now,
    lastTriggeredAt: now,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
    assigneeId: null,
    assigneeName: null,
    escalationLevel: 0,
    updatedAt: now,
    ...over,
  };
}

/**
 * What the alerts module does after a committed change: a row in alert_events, then the event
 * on the bus. `ageMinutes` back-dates the row (replay window tests).
 */
export async function publishAlert(t: TestApp, alert: Alert, type: 'opened' | 'updated' = 'opened', ageMinutes = 0): Promise<number> {
  const [row] = await t.siaga.db.query<{ seq: number }>(
    `INSERT INTO alert_events (alert_id, program_id, type, payload, at) VALUES ($1, $2, $3, $4::jsonb, now() - make_interval(mins => $5::int)) RETURNING seq`,
    [alert.id, alert.programId, type, JSON.stringify(alert), ageMinutes],
  );
  const seq = Number(row!.seq);
  t.siaga.app.get(EventBus).emit('alert.event', { seq, type, alert });
  return seq;
}
