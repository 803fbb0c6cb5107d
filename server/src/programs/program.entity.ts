import { Column, Entity, PrimaryColumn } from 'typeorm';
import { registerEntities } from '../database/entity-registry.js';
import type { Lang, Sensitivity } from '@siaga/shared';

@Entity({ name: 'programs' })
export class ProgramEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) slug!: string;
  @Column({ type: 'text' }) query!: string;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ type: 'text', array: true }) languages!: Lang[];
  @Column({ type: 'text' }) sensitivity!: Sensitivity;
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
  @Column({ type: 'timestamptz', name: 'backfill_cutoff', nullable: true }) backfillCutoff!: Date | null;
}

registerEntities(ProgramEntity);
