import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';

@Injectable()
export class SettingsRepository {
  constructor(private readonly db: Database) {}

  /** Stores `value` unless the key exists, and answers whichever value won (several instances may race). */
  async getOrCreate(key: string, value: string): Promise<string> {
    await this.db.query(`INSERT INTO app_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [key, value]);
    const rows = await this.db.query<{ value: string }>(`SELECT value FROM app_settings WHERE key = $1`, [key]);
    return rows[0]!.value;
  }
}
