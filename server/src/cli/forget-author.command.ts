import pino from 'pino';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { systemClock } from '../common/clock.js';
import type { AppConfig } from '../config/config.js';
import { Database } from '../database/database.js';
import { RetentionRepository } from '../retention/retention.repository.js';
import { RetentionService } from '../retention/retention.service.js';

/** `siaga forget-author SOURCE HANDLE`: a data subject's erasure request, done and audited. */
export async function runForgetAuthor(config: AppConfig, source: string, handle: string, requestedBy: string): Promise<number> {
  const db = await Database.open(config, { owner: 'siaga forget-author' });
  try {
    const service = new RetentionService(config, systemClock, pino({ level: 'silent' }), new RetentionRepository(db), new AuditService(new AuditRepository(db), systemClock));
    return await service.forgetAuthor(source, handle, requestedBy);
  } finally {
    await db.close();
  }
}
