import { Column, Entity, PrimaryColumn } from 'typeorm';
import { registerEntities } from '../database/entity-registry.js';

@Entity({ name: 'ingest_keys' })
export class IngestKeyEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) prefix!: string;
  @Column({ type: 'text', name: 'key_hash' }) keyHash!: string;
  @Column({ type: 'uuid', name: 'created_by', nullable: true }) createdBy!: string | null;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'last_used_at', nullable: true }) lastUsedAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
}

registerEntities(IngestKeyEntity);
