import { Injectable } from '@nestjs/common';
import type { Digest, DigestFrequency, DigestPeriod, ReportLang } from '@siaga/shared';
import { Database } from '../database/database.js';

const iso = (d: Date) => d.toISOString();

export interface ProgramCountsRow {
  program_id: string;
  name: string;
  slug: string;
  volume: number;
  negative: number;
  previous_volume: number;
  previous_negative: number;
  alerts: number;
  previous_alerts: number;
  incidents: number;
}

export interface AuthorRow {
  program_id: string;
  handle: string;
  name: string | null;
  followers: number;
  posts: number;
}

export interface DeliveryRow {
  run_id: string;
  user_id: string;
  email: string;
  lang: ReportLang;
  attempts: number;
  content: Digest;
}

export interface SubscriptionRow {
  frequency: DigestFrequency;
  /** The user's email language (users.email_language), shared with alert emails. */
  lang: ReportLang;
}

/** The subscribers of a period's digest. */
const FREQUENCY: Record<DigestPeriod, DigestFrequency> = { day: 'daily', week: 'weekly' };

@Injectable()
export class DigestsRepository {
  constructor(private readonly db: Database) {}

  /** The user's digest (`none` without a subscription) and email language; undefined for an id that is no user. */
  async subscription(userId: string): Promise<SubscriptionRow | undefined> {
    const rows = await this.db.query<SubscriptionRow>(
      `SELECT coalesce(s.frequency, 'none') AS frequency, u.email_language AS lang FROM users u LEFT JOIN digest_subscriptions s ON s.user_id = u.id WHERE u.id = $1`,
      [userId],
    );
    return rows[0];
  }

  /** Writes what is given: the frequency, the user's email language, or both, in one transaction. */
  async setSubscription(userId: string, s: { frequency?: DigestFrequency | undefined; lang?: ReportLang | undefined }, at: Date): Promise<void> {
    await this.db.transaction(async (em) => {
      if (s.frequency !== undefined) {
        await em.query(
          `INSERT INTO digest_subscriptions (user_id, frequency, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (user_id) DO UPDATE SET frequency = excluded.frequency, updated_at = excluded.updated_at`,
          [userId, s.frequency, iso(at)],
        );
      }
      if (s.lang !== undefined) await em.query(`UPDATE users SET email_language = $2 WHERE id = $1`, [userId, s.lang]);
    });
  }

  /**
   * Every active program (the busiest first) with its volume and negative volume (rollups), alerts opened, in the period and
   * the previous one, and its incidents open at any time in the period.
   */
  programCounts(from: Date, to: Date, previousFrom: Date): Promise<ProgramCountsRow[]> {
    return this.db.query<ProgramCountsRow>(
      `SELECT p.id AS program_id, p.name, p.slug,
              coalesce(r.volume, 0)::int AS volume, coalesce(r.negative, 0)::int AS negative,
              coalesce(r.previous_volume, 0)::int AS previous_volume, coalesce(r.previous_negative, 0)::int AS previous_negative,
              coalesce(a.alerts, 0)::int AS alerts, coalesce(a.previous_alerts, 0)::int AS previous_alerts,
              (SELECT count(*)::int FROM incidents i
                WHERE p.id = ANY(i.program_ids) AND i.started_at < $2 AND (i.ended_at IS NULL OR i.ended_at > $1)) AS incidents
       FROM programs p
       LEFT JOIN (SELECT program_id,
                         sum(volume) FILTER (WHERE minute >= $1) AS volume, sum(negative) FILTER (WHERE minute >= $1) AS negative,
                         sum(volume) FILTER (WHERE minute < $1) AS previous_volume, sum(negative) FILTER (WHERE minute < $1) AS previous_negative
                  FROM rollups_minute WHERE minute >= $3 AND minute < $2 GROUP BY program_id) r ON r.program_id = p.id
       LEFT JOIN (SELECT program_id, count(*) FILTER (WHERE opened_at >= $1) AS alerts, count(*) FILTER (WHERE opened_at < $1) AS previous_alerts
                  FROM alerts WHERE opened_at >= $3 AND opened_at < $2 GROUP BY program_id) a ON a.program_id = p.id
       WHERE p.active
       ORDER BY volume DESC, p.slug COLLATE "C"`,
      [iso(from), iso(to), iso(previousFrom)],
    );
  }

  /** Incidents open at any time in `[from, to)`, whatever their programs. */
  async incidentCount(from: Date, to: Date): Promise<number> {
    const [r] = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM incidents WHERE started_at < $2 AND (ended_at IS NULL OR ended_at > $1)`, [iso(from), iso(to)]);
    return r?.n ?? 0;
  }

  /** The newest texts of one program's period, for its top terms. */
  texts(programId: string, from: Date, to: Date, limit: number): Promise<Array<{ text: string }>> {
    return this.db.query(
      `SELECT p.text FROM post_programs pp JOIN posts p ON p.id = pp.post_id
       WHERE pp.program_id = $1 AND pp.created_at >= $2 AND pp.created_at < $3
       ORDER BY pp.created_at DESC, pp.post_id DESC LIMIT $4`,
      [programId, iso(from), iso(to), limit],
    );
  }

  /** The authors with the largest reach (followers) in one program's period. */
  topAuthors(programId: string, from: Date, to: Date, limit: number): Promise<AuthorRow[]> {
    return this.db.query<AuthorRow>(
      `SELECT $1::uuid AS program_id, p.author_handle AS handle, max(p.author_name) AS name,
              max(coalesce(p.author_followers, 0))::float8 AS followers, count(*)::int AS posts
       FROM post_programs pp JOIN posts p ON p.id = pp.post_id
       WHERE pp.program_id = $1 AND pp.created_at >= $2 AND pp.created_at < $3
       GROUP BY p.author_handle ORDER BY followers DESC, posts DESC, handle LIMIT $4`,
      [programId, iso(from), iso(to), limit],
    );
  }

  /**
   * Claims a period's run: in one transaction, the run row (its unique key lets one caller win,
   * whichever instance or restart it is) and one pending delivery per active subscriber. Answers
   * false when the run was claimed before. `build` is called only by the winner.
   */
  async claimRun(period: DigestPeriod, from: Date, to: Date, now: Date, runId: string, build: () => Promise<Digest>): Promise<boolean> {
    // The content is built before the transaction (reads outside it): on PGlite a transaction holds the only connection.
    const taken = await this.db.query<{ one: number }>(`SELECT 1 AS one FROM digest_runs WHERE period = $1 AND period_start = $2`, [period, iso(from)]);
    if (taken.length) return false;
    const content = await build();
    return this.db.transaction(async (em) => {
      const won = await em.query<Array<{ id: string }>>(
        `WITH ins AS (INSERT INTO digest_runs (id, period, period_start, period_end, content, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)
                      ON CONFLICT ON CONSTRAINT digest_runs_period_start_key DO NOTHING RETURNING id)
         SELECT id FROM ins`,
        [runId, period, iso(from), iso(to), JSON.stringify(content), iso(now)],
      );
      if (!won.length) return false;
      await em.query(
        `INSERT INTO digest_deliveries (run_id, user_id, email, lang, next_attempt_at)
         SELECT $1, u.id, u.email, u.email_language, $3 FROM digest_subscriptions s JOIN users u ON u.id = s.user_id
         WHERE u.active AND s.frequency = $2`,
        [runId, FREQUENCY[period], iso(now)],
      );
      return true;
    });
  }

  /**
   * Takes due deliveries (pending, next attempt passed) and marks them `sending`, so that no other
   * worker sends them too; SKIP LOCKED lets workers pass each other.
   */
  async claimDeliveries(now: Date, limit = 20): Promise<DeliveryRow[]> {
    return this.db.query<DeliveryRow>(
      `WITH claimed AS (
         UPDATE digest_deliveries SET status = 'sending', attempts = attempts + 1
         WHERE (run_id, user_id) IN (SELECT run_id, user_id FROM digest_deliveries WHERE status = 'pending' AND next_attempt_at <= $1
                                     ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
         RETURNING run_id, user_id, email, lang, attempts)
       SELECT c.run_id, c.user_id, c.email, c.lang, c.attempts, r.content FROM claimed c JOIN digest_runs r ON r.id = c.run_id`,
      [iso(now)],
    );
  }

  async markSent(d: Pick<DeliveryRow, 'run_id' | 'user_id'>, at: Date): Promise<void> {
    await this.db.query(`UPDATE digest_deliveries SET status = 'sent', sent_at = $3, last_error = NULL WHERE run_id = $1 AND user_id = $2`, [d.run_id, d.user_id, iso(at)]);
  }

  /** A refused send goes back to pending for a later attempt, or fails for good (`retryAt` null). */
  async markFailed(d: Pick<DeliveryRow, 'run_id' | 'user_id'>, error: string, retryAt: Date | null): Promise<void> {
    await this.db.query(
      `UPDATE digest_deliveries SET status = $3, last_error = $4, next_attempt_at = coalesce($5, next_attempt_at) WHERE run_id = $1 AND user_id = $2`,
      [d.run_id, d.user_id, retryAt ? 'pending' : 'failed', error.slice(0, 1000), retryAt ? iso(retryAt) : null],
    );
  }
}
