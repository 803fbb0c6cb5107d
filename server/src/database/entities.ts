import { AuditEntryEntity } from '../audit/audit-entry.entity.js';
import { IngestKeyEntity } from '../auth/ingest-key.entity.js';
import { UserEntity } from '../auth/user.entity.js';
import { ProgramEntity } from '../programs/program.entity.js';
import { AppSettingEntity } from './app-setting.entity.js';

export const ENTITIES = [AppSettingEntity, UserEntity, IngestKeyEntity, AuditEntryEntity, ProgramEntity];
