import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a webhook's X-Siaga-Timestamp may be from our clock (replays older than this are refused). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, the same scheme as Siaga's own outgoing webhooks. */
export function webhookSignature(secret: string, timestamp: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

export type WebhookCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks a pushed batch: the timestamp is recent and the signature is the HMAC of exactly the
 * bytes received (compared in constant time).
 */
export function verifyWebhook(secret: string, timestamp: string | undefined, signature: string | undefined, body: Buffer, nowMs: number): WebhookCheck {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'X-Siaga-Timestamp is missing or not unix seconds' };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > WEBHOOK_TOLERANCE_SECONDS) return { ok: false, reason: `X-Siaga-Timestamp is more than ${WEBHOOK_TOLERANCE_SECONDS} s from the server's clock` };
  if (!signature) return { ok: false, reason: 'X-Siaga-Signature is missing' };
  const want = Buffer.from(webhookSignature(secret, timestamp, body));
  const got = Buffer.from(signature.trim());
  if (got.length !== want.length || !timingSafeEqual(got, want)) return { ok: false, reason: 'X-Siaga-Signature does not match the body' };
  return { ok: true };
}
