import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.js';
import { Alert } from './alerts.js';

/** Sent by the client after connecting, and whenever its selection changes. */
export const SubscribeRequest = z.strictObject({ programIds: z.array(Uuid).max(500) });
export type SubscribeRequest = z.infer<typeof SubscribeRequest>;

export const MetricsUpdate = z.object({
  programId: Uuid,
  minute: IsoDateTime,
  volume: z.number().int(),
  positive: z.number().int(),
  neutral: z.number().int(),
  negative: z.number().int(),
});
export type MetricsUpdate = z.infer<typeof MetricsUpdate>;

export const LivePost = z.object({
  id: Uuid,
  programIds: z.array(Uuid),
  source: z.string(),
  authorHandle: z.string(),
  text: z.string(),
  createdAt: IsoDateTime,
  lang: z.string(),
  sentiment: z.object({ label: z.enum(['positive', 'neutral', 'negative']), score: z.number(), terms: z.array(z.object({ term: z.string(), weight: z.number() })) }),
  /** Whether the post reports harm to people (the wall marks it), and the words that decided it. */
  harm: z.object({ flag: z.boolean(), terms: z.array(z.string()) }),
  /** Written by an official channel of one of its programs (the wall marks it); absent means no. */
  official: z.boolean().optional(),
  /** A share (repost, boost) of another post (the wall marks it); absent means an original. */
  shared: z.boolean().optional(),
});
export type LivePost = z.infer<typeof LivePost>;

/**
 * One ingest batch's live sample for one set of program rooms, in the batch's order: one frame per batch
 * rather than one per post, because each frame is a write to every listening socket.
 */
export const LivePosts = z.object({ posts: z.array(LivePost) });
export type LivePosts = z.infer<typeof LivePosts>;

/** Alert events carry a sequence number: a reconnecting client passes the last one it saw. */
export const AlertEvent = z.object({ seq: z.number().int(), alert: Alert });
export type AlertEvent = z.infer<typeof AlertEvent>;

export const EscalationNotice = z.object({ alert: Alert, level: z.number().int(), reason: z.string() });
export type EscalationNotice = z.infer<typeof EscalationNotice>;

export interface ServerToClientEvents {
  'alert:opened': (e: AlertEvent) => void;
  'alert:updated': (e: AlertEvent) => void;
  'metrics:updated': (m: MetricsUpdate) => void;
  'posts:created': (b: LivePosts) => void;
  escalation: (n: EscalationNotice) => void;
}

export interface ClientToServerEvents {
  subscribe: (req: SubscribeRequest, ack?: (res: { ok: true; programIds: string[] } | { ok: false; error: string }) => void) => void;
}

/**
 * Handshake: `io('/live', { auth: { token, lastAlertSeq } })`; pass `auth` as a function so reconnects
 * send a fresh token and the highest alert `seq` seen. Re-send `subscribe` after every (re)connect;
 * the first non-empty one replays missed alert events of those programs (seq > lastAlertSeq, within
 * SIAGA_LIVE_REPLAY_MINUTES) in order before the ack. Drop any alert event with seq ≤ the last seen.
 * Refusals: connect_error message `unauthorized` | `bad_request` | `unavailable`. The server
 * disconnects the socket when the token expires.
 */
export const LiveHandshake = z.object({ token: z.string().min(1).max(4096), lastAlertSeq: z.number().int().min(0).optional() });
export type LiveHandshake = z.infer<typeof LiveHandshake>;
