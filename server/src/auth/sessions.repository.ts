import { Injectable } from '@nestjs/common';
import type { Role } from '@siaga/shared';
import { Database } from '../database/database.js';

/** The user behind a session, read in one query for the guard. */
export interface SessionUser {
  userId: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  tokenVersion: number;
  /** The session was logged out, ended for reuse, or has expired. */
  ended: boolean;
}

interface SessionUserRow {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  token_version: number;
  ended: boolean;
}

/**
 * Refresh-token families (`sessions`). Each statement is one atomic step, so two refreshes
 * racing with the same token cannot both rotate: the row lock orders them and the second finds
 * the generation moved on.
 */
@Injectable()
export class SessionsRepository {
  constructor(private readonly db: Database) {}

  /** A new session; the user's expired and ended ones are dropped on the way, so rows stay few. */
  async create(s: { id: string; userId: string; now: Date; expiresAt: Date }): Promise<void> {
    await this.db.query(`DELETE FROM sessions WHERE user_id = $1 AND (expires_at <= $2 OR ended_at IS NOT NULL)`, [s.userId, s.now.toISOString()]);
    await this.db.query(`INSERT INTO sessions (id, user_id, generation, created_at, refreshed_at, expires_at) VALUES ($1, $2, 0, $3, $3, $4)`, [
      s.id,
      s.userId,
      s.now.toISOString(),
      s.expiresAt.toISOString(),
    ]);
  }

  /** Moves a live session from `generation` to the next one; undefined when that is not its current generation. */
  async rotate(id: string, generation: number, now: Date, expiresAt: Date): Promise<{ userId: string; generation: number } | undefined> {
    const rows = await this.db.query<{ user_id: string; generation: number }>(
      `WITH r AS (
         UPDATE sessions SET generation = generation + 1, refreshed_at = $3, expires_at = $4
          WHERE id = $1 AND generation = $2 AND ended_at IS NULL AND expires_at > $3
          RETURNING user_id, generation)
       SELECT user_id, generation FROM r`,
      [id, generation, now.toISOString(), expiresAt.toISOString()],
    );
    const r = rows[0];
    return r ? { userId: r.user_id, generation: r.generation } : undefined;
  }

  /**
   * Ends a live session whose current generation is past `generation`: an older refresh token
   * came back. Answers the user whose session ended, if one did.
   */
  async endIfReused(id: string, generation: number, now: Date): Promise<string | undefined> {
    const rows = await this.db.query<{ user_id: string }>(
      `WITH r AS (
         UPDATE sessions SET ended_at = $3, end_reason = 'reuse'
          WHERE id = $1 AND generation > $2 AND ended_at IS NULL
          RETURNING user_id)
       SELECT user_id FROM r`,
      [id, generation, now.toISOString()],
    );
    return rows[0]?.user_id;
  }

  /** Logs a session out (idempotent); answers its user when it was live. */
  async end(id: string, now: Date): Promise<string | undefined> {
    const rows = await this.db.query<{ user_id: string }>(
      `WITH r AS (UPDATE sessions SET ended_at = $2, end_reason = 'logout' WHERE id = $1 AND ended_at IS NULL RETURNING user_id)
       SELECT user_id FROM r`,
      [id, now.toISOString()],
    );
    return rows[0]?.user_id;
  }

  async user(sessionId: string, now: Date): Promise<SessionUser | undefined> {
    const rows = await this.db.query<SessionUserRow>(
      `SELECT u.id AS user_id, u.email, u.name, u.role, u.active, u.token_version,
              (s.ended_at IS NOT NULL OR s.expires_at <= $2) AS ended
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1`,
      [sessionId, now.toISOString()],
    );
    const r = rows[0];
    return r ? { userId: r.user_id, email: r.email, name: r.name, role: r.role, active: r.active, tokenVersion: r.token_version, ended: r.ended } : undefined;
  }
}
