import { Column, Entity, PrimaryColumn } from 'typeorm';
import { registerEntities } from '../database/entity-registry.js';

@Entity({ name: 'audit_log' })
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'uuid', name: 'actor_id', nullable: true }) actorId!: string | null;
  @Column({ type: 'text', name: 'actor_email', nullable: true }) actorEmail!: string | null;
  @Column({ type: 'text' }) action!: string;
  @Column({ type: 'text', name: 'target_type' }) targetType!: string;
  @Column({ type: 'text', name: 'target_id', nullable: true }) targetId!: string | null;
  @Column({ type: 'jsonb' }) details!: Record<string, unknown>;
}

registerEntities(AuditEntryEntity);
