import type { AlertEvent, ClientToServerEvents, ServerToClientEvents } from '@siaga/shared';
import type { Namespace, Socket } from 'socket.io';
import type { Principal } from '../auth/access.decorators.js';
import type { ProgramChanged } from '../programs/programs.events.js';

export const LIVE_NAMESPACE = '/live';

/** An alert event as the alerts module emits it and the alert_events table keeps it. */
export type LiveAlertEvent = AlertEvent & { type: 'opened' | 'updated' };

/** What instances tell each other through the adapter (Redis): alerts committed and programs edited elsewhere. */
export interface InterServerEvents {
  'alert.event': (e: LiveAlertEvent) => void;
  'program.changed': (e: ProgramChanged) => void;
}

/** Kept serialisable: socket.data travels between instances (fetchSockets). */
export interface LiveSocketData {
  user: Principal;
  /** The session of the handshake's token: its sockets go when it ends. */
  sessionId: string;
  /** The access token's expiry (epoch ms): the socket is dropped then. */
  expiresAt: number | undefined;
  /** From the handshake: the highest alert seq the client saw before reconnecting. */
  lastAlertSeq: number | undefined;
}

export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, LiveSocketData>;
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, LiveSocketData>;

export type SubscribeAck = { ok: true; programIds: string[] } | { ok: false; error: string };

export const programRoom = (programId: string) => `program:${programId}`;
export const roleRoom = (role: string) => `role:${role}`;
export const userRoom = (userId: string) => `user:${userId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/** The connect_error a client sees; `message` is stable, `data.code` repeats it. */
export class LiveConnectError extends Error {
  readonly data: { code: string; message: string };
  constructor(code: 'unauthorized' | 'bad_request' | 'unavailable', detail: string) {
    super(code);
    this.data = { code, message: detail };
  }
}
