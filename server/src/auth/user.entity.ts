import { Column, Entity, PrimaryColumn } from 'typeorm';
import { registerEntities } from '../database/entity-registry.js';
import type { Role } from '@siaga/shared';

@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) email!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) role!: Role;
  @Column({ type: 'text', name: 'password_hash' }) passwordHash!: string;
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ type: 'integer', name: 'token_version' }) tokenVersion!: number;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
  @Column({ type: 'timestamptz', name: 'last_login_at', nullable: true }) lastLoginAt!: Date | null;
}

registerEntities(UserEntity);
