import { z } from 'zod';
import { IsoDateTime, NoNulText, Uuid } from './common.js';
import { ExplanationFacts, ExplanationLang } from './explanations.js';

export const AlertKind = z.enum(['volume_spike', 'negative_spike', 'negative_share_shift', 'coordinated_campaign', 'harm_reports', 'source_silent', 'source_failing']);
/** The kinds a program's signals raise (detection, backtests); the rest are a source's health. */
export const PROGRAM_ALERT_KINDS = ['volume_spike', 'negative_spike', 'negative_share_shift', 'coordinated_campaign', 'harm_reports'] as const satisfies readonly AlertKind[];
export type AlertKind = z.infer<typeof AlertKind>;

export const Severity = z.enum(['info', 'warning', 'critical']);
export type Severity = z.infer<typeof Severity>;

export const AlertStatus = z.enum(['open', 'acknowledged', 'resolved']);
export type AlertStatus = z.infer<typeof AlertStatus>;

/**
 * Why the detector fired: what it expected, the band it allowed, what it saw. `facts` hold the
 * numbers and words of the sentence; readers render it with `renderExplanation(facts, lang)`.
 */
export const AlertExplanation = z.object({
  facts: ExplanationFacts,
  expected: z.number(),
  band: z.object({ lower: z.number(), upper: z.number() }),
  observed: z.number(),
  score: z.number(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AlertExplanation = z.infer<typeof AlertExplanation>;

export const AlertNote = z.object({ id: Uuid, at: IsoDateTime, userId: Uuid.nullable(), userName: z.string().nullable(), text: z.string() });
export type AlertNote = z.infer<typeof AlertNote>;

export const AlertHistoryEntry = z.object({
  id: Uuid,
  at: IsoDateTime,
  userId: Uuid.nullable(),
  userName: z.string().nullable(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type AlertHistoryEntry = z.infer<typeof AlertHistoryEntry>;

export const Alert = z.object({
  id: Uuid,
  /** The program whose signal fired; null for a source-health alert (`source_silent`, `source_failing`). */
  programId: Uuid.nullable(),
  programName: z.string().nullable(),
  /** The source a source-health alert is about; null for the program alerts. */
  sourceId: Uuid.nullable().optional(),
  sourceName: z.string().nullable().optional(),
  kind: AlertKind,
  severity: Severity,
  status: AlertStatus,
  dedupKey: z.string(),
  /** How many times the detector fired for this alert while it stayed open. */
  count: z.number().int(),
  peakScore: z.number(),
  peakObserved: z.number(),
  explanation: AlertExplanation,
  openedAt: IsoDateTime,
  lastTriggeredAt: IsoDateTime,
  acknowledgedAt: IsoDateTime.nullable(),
  acknowledgedBy: Uuid.nullable(),
  resolvedAt: IsoDateTime.nullable(),
  resolvedBy: Uuid.nullable(),
  /** `auto` when the signal stayed normal long enough; null while unresolved. */
  resolution: z.enum(['manual', 'auto']).nullable(),
  assigneeId: Uuid.nullable(),
  assigneeName: z.string().nullable(),
  escalationLevel: z.number().int(),
  updatedAt: IsoDateTime,
});
export type Alert = z.infer<typeof Alert>;

export const AlertDetail = Alert.extend({ notes: z.array(AlertNote), history: z.array(AlertHistoryEntry) });
export type AlertDetail = z.infer<typeof AlertDetail>;

export const AlertsQuery = z.object({
  status: AlertStatus.optional(),
  programId: Uuid.optional(),
  kind: AlertKind.optional(),
  severity: Severity.optional(),
});
export type AlertsQuery = z.infer<typeof AlertsQuery>;

export const AssignAlert = z.strictObject({ userId: Uuid.nullable() });
export type AssignAlert = z.infer<typeof AssignAlert>;

/** `GET /api/alerts/assignees` (supervisors and admins): active users who may act on alerts. */
export const Assignee = z.object({ id: Uuid, name: z.string(), email: z.string(), role: z.enum(['analyst', 'supervisor', 'admin']) });
export type Assignee = z.infer<typeof Assignee>;

export const AddAlertNote = z.strictObject({ text: NoNulText.trim().min(1).max(5_000) });
export type AddAlertNote = z.infer<typeof AddAlertNote>;

export const AlertAction = z.strictObject({ note: NoNulText.trim().max(5_000).optional() });
export type AlertAction = z.infer<typeof AlertAction>;

export const SnoozeProgram = z.strictObject({ until: IsoDateTime, reason: NoNulText.trim().max(1_000).optional() });
export type SnoozeProgram = z.infer<typeof SnoozeProgram>;

/** `GET|PUT /api/programs/:id/snooze`: `until` and `reason` are null when the program is not snoozed. */
export const ProgramSnooze = z.object({ programId: Uuid, until: IsoDateTime.nullable(), reason: z.string().nullable() });
export type ProgramSnooze = z.infer<typeof ProgramSnooze>;

/** One step of a program's escalation policy: unacknowledged alerts of `minSeverity` or above reach `role` after `afterMinutes`. */
export const EscalationStep = z.strictObject({
  afterMinutes: z.number().int().min(0).max(7 * 24 * 60),
  role: z.enum(['analyst', 'supervisor', 'admin']),
  minSeverity: Severity.default('warning'),
});
export type EscalationStep = z.infer<typeof EscalationStep>;

export const EscalationPolicy = z.strictObject({ steps: z.array(EscalationStep).max(10) });
export type EscalationPolicy = z.infer<typeof EscalationPolicy>;

export const NotificationPreferences = z.strictObject({
  /** Empty means every program. */
  programIds: z.array(Uuid).max(500),
  minSeverity: Severity,
  email: z.boolean(),
  inApp: z.boolean(),
  /** The user's email language: one value for alert emails and digests (the digest subscription's `lang` is the same). */
  language: ExplanationLang,
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

/** `PUT /api/me/notification-preferences`: `language`, when given, sets the user's email language; absent, it stays. */
export const NotificationPreferencesUpdate = NotificationPreferences.extend({ language: ExplanationLang.optional() });
export type NotificationPreferencesUpdate = z.infer<typeof NotificationPreferencesUpdate>;

export const Webhook = z.object({
  id: Uuid,
  name: z.string(),
  url: z.string(),
  programIds: z.array(Uuid),
  minSeverity: Severity,
  active: z.boolean(),
  createdAt: IsoDateTime,
});
export type Webhook = z.infer<typeof Webhook>;

export const CreateWebhook = z.strictObject({
  name: NoNulText.trim().min(1).max(200),
  url: z.url({ protocol: /^https?$/ }).max(2048),
  programIds: z.array(Uuid).max(500).default([]),
  minSeverity: Severity.default('warning'),
});
export type CreateWebhook = z.infer<typeof CreateWebhook>;

/** `PATCH /api/webhooks/:id`: any of the fields; the secret never changes here. */
export const UpdateWebhook = z
  .strictObject({
    name: NoNulText.trim().min(1).max(200),
    url: z.url({ protocol: /^https?$/ }).max(2048),
    programIds: z.array(Uuid).max(500),
    minSeverity: Severity,
    active: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'at least one field to change' });
export type UpdateWebhook = z.infer<typeof UpdateWebhook>;

/** `POST /api/webhooks/:id/test`: a `webhook.test` event, signed like a real delivery, sent once. */
export const WebhookTestResult = z.object({ ok: z.boolean(), status: z.number().int().nullable(), error: z.string().nullable(), deliveryId: Uuid });
export type WebhookTestResult = z.infer<typeof WebhookTestResult>;

/** Answered once: the signing secret for the X-Siaga-Signature HMAC-SHA256 header. */
export const WebhookCreated = Webhook.extend({ secret: z.string() });
export type WebhookCreated = z.infer<typeof WebhookCreated>;

export const Delivery = z.object({
  id: Uuid,
  alertId: Uuid,
  channel: z.enum(['email', 'webhook', 'in_app']),
  /** A user id (in-app), an email address, or a webhook id. */
  target: z.string(),
  /** Who or what that is, by name: the user's name, or the webhook's (null once deleted). */
  targetName: z.string().nullable(),
  reason: z.enum(['opened', 'escalation']),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: IsoDateTime,
  sentAt: IsoDateTime.nullable(),
});
export type Delivery = z.infer<typeof Delivery>;
