import { z } from 'zod';
import { IsoDateTime, NoNulText, Uuid } from './common.js';

export const Role = z.enum(['admin', 'supervisor', 'analyst', 'viewer']);
export type Role = z.infer<typeof Role>;

/** Higher rank includes the rights of every lower one. */
export const ROLE_RANK: Record<Role, number> = { viewer: 0, analyst: 1, supervisor: 2, admin: 3 };

export const Email = z.email().max(254).transform((e) => e.toLowerCase());
export const Password = z.string().min(10, 'password must have at least 10 characters').max(200);

export const LoginRequest = z.object({ email: NoNulText.min(1).max(254), password: z.string().min(1).max(200) });
export type LoginRequest = z.infer<typeof LoginRequest>;

export const RefreshRequest = z.object({ refreshToken: z.string().min(1).max(4096) });
export type RefreshRequest = z.infer<typeof RefreshRequest>;

/** Logging out names the session by its refresh token (the newest or any earlier one of it). */
export const LogoutRequest = z.object({ refreshToken: z.string().min(1).max(4096) });
export type LogoutRequest = z.infer<typeof LogoutRequest>;

export const UserSummary = z.object({ id: Uuid, email: z.string(), name: z.string(), role: Role });
export type UserSummary = z.infer<typeof UserSummary>;

export const TokenPair = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int(),
  user: UserSummary,
});
export type TokenPair = z.infer<typeof TokenPair>;

export const User = UserSummary.extend({
  active: z.boolean(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  lastLoginAt: IsoDateTime.nullable(),
});
export type User = z.infer<typeof User>;

export const CreateUser = z.strictObject({
  email: Email,
  name: NoNulText.trim().min(1).max(200),
  role: Role,
  password: Password,
});
export type CreateUser = z.infer<typeof CreateUser>;

export const UpdateUser = z.strictObject({
  name: NoNulText.trim().min(1).max(200).optional(),
  role: Role.optional(),
  active: z.boolean().optional(),
});
export type UpdateUser = z.infer<typeof UpdateUser>;

export const ChangePassword = z.strictObject({ password: Password });
export type ChangePassword = z.infer<typeof ChangePassword>;

export const CreateIngestKey = z.strictObject({ name: NoNulText.trim().min(1).max(200) });
export type CreateIngestKey = z.infer<typeof CreateIngestKey>;

export const IngestKey = z.object({
  id: Uuid,
  name: z.string(),
  prefix: z.string(),
  createdAt: IsoDateTime,
  createdBy: Uuid.nullable(),
  lastUsedAt: IsoDateTime.nullable(),
  revokedAt: IsoDateTime.nullable(),
});
export type IngestKey = z.infer<typeof IngestKey>;

/** Answered once, on creation: the plain key is never shown again. */
export const IngestKeyCreated = IngestKey.extend({ key: z.string() });
export type IngestKeyCreated = z.infer<typeof IngestKeyCreated>;

export const AuditEntry = z.object({
  id: Uuid,
  at: IsoDateTime,
  actorId: Uuid.nullable(),
  actorEmail: z.string().nullable(),
  /** The actor's name as it is now (null for the system, or a user deleted since). */
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  /** What the target is called now (a user's name, a program's, a webhook's…), when it still exists. */
  targetName: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.object({
  action: NoNulText.max(100).optional(),
  actorId: Uuid.optional(),
  targetType: NoNulText.max(100).optional(),
});
