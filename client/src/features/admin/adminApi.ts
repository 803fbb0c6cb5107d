import type {
  AuditEntry,
  ChangePassword,
  CreateIngestKey,
  CreateUser,
  CreateWebhook,
  IngestKey,
  IngestKeyCreated,
  Page,
  UpdateUser,
  UpdateWebhook,
  User,
  Webhook,
  WebhookCreated,
  WebhookTestResult,
} from '@siaga/shared';
import { apiRequest } from '../../api';
import { queryKeys } from '../../api/keys';

export const USERS_PAGE_SIZE = 100;
export const KEYS_PAGE_SIZE = 100;
export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
  action?: string;
  actorId?: string;
  targetType?: string;
}

/** `api/keys.ts` has no key for webhooks yet: this one is only read and written by the admin screen. */
export const WEBHOOKS_KEY = ['webhooks'] as const;

export const adminKeys = {
  users: queryKeys.users.all,
  ingestKeys: queryKeys.ingestKeys.all,
  audit: (filters: AuditFilters) => [...queryKeys.audit.all, filters] as const,
  webhooks: WEBHOOKS_KEY,
};

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});
const id = (value: string) => encodeURIComponent(value);

export const usersApi = {
  list: (cursor: string | null, signal?: AbortSignal) => apiRequest<Page<User>>('/api/users', { query: { limit: USERS_PAGE_SIZE, cursor }, ...withSignal(signal) }),
  create: (body: CreateUser) => apiRequest<User>('/api/users', { method: 'POST', body }),
  update: (userId: string, body: UpdateUser) => apiRequest<User>(`/api/users/${id(userId)}`, { method: 'PATCH', body }),
  setPassword: (userId: string, body: ChangePassword) => apiRequest<void>(`/api/users/${id(userId)}/password`, { method: 'PUT', body }),
  remove: (userId: string) => apiRequest<void>(`/api/users/${id(userId)}`, { method: 'DELETE' }),
};

export const ingestKeysApi = {
  list: (cursor: string | null, signal?: AbortSignal) =>
    apiRequest<Page<IngestKey>>('/api/ingest-keys', { query: { limit: KEYS_PAGE_SIZE, cursor }, ...withSignal(signal) }),
  create: (body: CreateIngestKey) => apiRequest<IngestKeyCreated>('/api/ingest-keys', { method: 'POST', body }),
  revoke: (keyId: string) => apiRequest<IngestKey>(`/api/ingest-keys/${id(keyId)}`, { method: 'DELETE' }),
};

export const webhooksApi = {
  list: (signal?: AbortSignal) => apiRequest<Webhook[]>('/api/webhooks', withSignal(signal)),
  create: (body: CreateWebhook) => apiRequest<WebhookCreated>('/api/webhooks', { method: 'POST', body }),
  update: (webhookId: string, body: UpdateWebhook) => apiRequest<Webhook>(`/api/webhooks/${id(webhookId)}`, { method: 'PATCH', body }),
  test: (webhookId: string) => apiRequest<WebhookTestResult>(`/api/webhooks/${id(webhookId)}/test`, { method: 'POST' }),
  remove: (webhookId: string) => apiRequest<void>(`/api/webhooks/${id(webhookId)}`, { method: 'DELETE' }),
};

export const auditApi = {
  list: (filters: AuditFilters, cursor: string | null, signal?: AbortSignal) =>
    apiRequest<Page<AuditEntry>>('/api/audit', { query: { ...filters, limit: AUDIT_PAGE_SIZE, cursor }, ...withSignal(signal) }),
};
