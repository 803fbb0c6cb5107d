import { Injectable } from '@nestjs/common';
import type { Health } from '@siaga/shared';
import { collectDefaultMetrics, Gauge } from 'prom-client';
import { Database } from '../database/database.js';
import { VERSION } from '../version.js';

/** Longest wait for the database's answer before health says 503. */
export const HEALTH_TIMEOUT_MS = 1_000;

let defaultsRegistered = false;
const dbUp = new Gauge({ name: 'siaga_database_up', help: '1 when the last health check reached the database' });

@Injectable()
export class HealthService {
  private readonly started = Date.now();

  constructor(private readonly db: Database) {
    if (!defaultsRegistered) {
      collectDefaultMetrics({ prefix: 'siaga_' });
      defaultsRegistered = true;
    }
  }

  /**
   * The database is "down" when `SELECT 1` takes longer than HEALTH_TIMEOUT_MS. The timer can fire
   * on the embedded engine too: long reads there run in short slices that give the thread back.
   */
  async check(): Promise<Health> {
    const t0 = performance.now();
    let up: boolean;
    // The embedded engine runs one statement at a time: a `SELECT 1` would wait behind an ingest batch's transaction
    // and measure that batch, not whether the engine answers. Work that took the connection less than the timeout ago
    // shows it answering (the previous holder finished then); work holding it longer is waited for as usual.
    const busy = this.db.embeddedBusyForMs();
    if (busy !== undefined && busy < HEALTH_TIMEOUT_MS) {
      up = this.db.isOpen;
    } else {
      try {
        await Promise.race([this.db.query('SELECT 1'), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), HEALTH_TIMEOUT_MS).unref())]);
        up = this.db.isOpen;
      } catch {
        up = false;
      }
    }
    dbUp.set(up ? 1 : 0);
    return {
      status: up ? 'ok' : 'degraded',
      version: VERSION,
      uptimeSeconds: Math.round((Date.now() - this.started) / 1000),
      database: { engine: this.db.engine, status: up ? 'up' : 'down', latencyMs: up ? Math.round((performance.now() - t0) * 100) / 100 : null },
    };
  }
}
