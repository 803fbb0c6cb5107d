import { Injectable } from '@nestjs/common';
import type { Alert, Delivery } from '@siaga/shared';
import { Database } from '../database/database.js';

export interface DeliveryRow {
  id: string;
  alert_id: string;
  channel: Delivery['channel'];
  target: string;
  reason: Delivery['reason'];
  status: Delivery['status'];
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
  created_at: Date;
  sent_at: Date | null;
}

@Injectable()
export class DeliveriesRepository {
  constructor(private readonly db: Database) {}

  async insert(rows: Array<Pick<DeliveryRow, 'id' | 'alert_id' | 'channel' | 'target' | 'reason' | 'status'> & { at: Date }>): Promise<void> {
    if (!rows.length) return;
    await this.db.query(
      `INSERT INTO deliveries (id, alert_id, channel, target, reason, status, next_attempt_at, created_at, sent_at)
       SELECT u.id, u.alert_id, u.channel, u.target, u.reason, u.status,
              CASE WHEN u.status = 'pending' THEN u.at END, u.at, CASE WHEN u.status = 'sent' THEN u.at END
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) AS u(id, alert_id, channel, target, reason, status, at)`,
      [rows.map((r) => r.id), rows.map((r) => r.alert_id), rows.map((r) => r.channel), rows.map((r) => r.target), rows.map((r) => r.reason), rows.map((r) => r.status), rows.map((r) => r.at.toISOString())],
    );
  }

  /**
   * Takes due deliveries and pushes their next attempt out (a lease), so another instance's
   * worker does not send them at the same time; SKIP LOCKED lets workers pass each other.
   */
  async claimDue(now: Date, leaseMs: number, limit = 20): Promise<DeliveryRow[]> {
    // TypeORM answers an UPDATE … RETURNING as [rows, rowCount].
    const [rows] = await this.db.transaction((em) =>
      em.query<[DeliveryRow[], number]>(
        `UPDATE deliveries SET attempts = attempts + 1, next_attempt_at = $2
         WHERE id IN (SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [now.toISOString(), new Date(now.getTime() + leaseMs).toISOString()],
      ),
    );
    return rows;
  }

  async markSent(id: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE deliveries SET status = 'sent', sent_at = $2, next_attempt_at = NULL, last_error = NULL WHERE id = $1`, [id, at.toISOString()]);
  }

  async markFailed(id: string, error: string, retryAt: Date | null): Promise<void> {
    await this.db.query(`UPDATE deliveries SET status = $2, last_error = $3, next_attempt_at = $4 WHERE id = $1`, [id, retryAt ? 'pending' : 'failed', error.slice(0, 1000), retryAt?.toISOString() ?? null]);
  }

  /** The alert as the live events last described it (rebuilding a payload after a restart). */
  async alertPayload(alertId: string): Promise<Alert | undefined> {
    const rows = await this.db.query<{ payload: Alert }>(`SELECT payload FROM alert_events WHERE alert_id = $1 ORDER BY seq DESC LIMIT 1`, [alertId]);
    return rows[0]?.payload;
  }

  /**
   * The alert's deliveries, oldest first, each with its target's name as it is now (a user's for
   * in-app and email, a webhook's); undefined when there is no such alert.
   */
  async forAlert(alertId: string): Promise<Array<DeliveryRow & { target_name: string | null }> | undefined> {
    const [alert] = await this.db.query<{ found: boolean }>(`SELECT EXISTS (SELECT 1 FROM alerts WHERE id = $1) AS found`, [alertId]);
    if (!alert?.found) return undefined;
    return this.db.query<DeliveryRow & { target_name: string | null }>(
      `SELECT d.*,
              CASE d.channel
                WHEN 'in_app' THEN (SELECT COALESCE(NULLIF(u.name, ''), u.email) FROM users u WHERE u.id::text = d.target)
                WHEN 'email' THEN (SELECT NULLIF(u.name, '') FROM users u WHERE lower(u.email) = lower(d.target))
                WHEN 'webhook' THEN (SELECT w.name FROM webhooks w WHERE w.id::text = d.target)
              END AS target_name
       FROM deliveries d WHERE d.alert_id = $1 ORDER BY d.created_at, d.id`,
      [alertId],
    );
  }
}
