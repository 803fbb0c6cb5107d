import * as S from '@siaga/shared';
import { z } from 'zod';
import { VERSION } from '../version.js';

type Access = 'public' | 'ingest-key' | S.Role;
interface RouteDoc {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  summary: string;
  access: Access;
  query?: z.ZodObject;
  body?: z.ZodType;
  response?: z.ZodType;
  status?: number;
}

const list = (q: z.ZodObject = z.object({})) => S.ListQuery.extend(q.shape);
const ROUTES: RouteDoc[] = [
  { method: 'get', path: '/api/health', summary: 'Health, with the database state', access: 'public', response: S.Health },
  { method: 'get', path: '/metrics', summary: 'Prometheus metrics (text format)', access: 'public' },
  { method: 'post', path: '/api/auth/login', summary: 'Log in (rate-limited)', access: 'public', body: S.LoginRequest, response: S.TokenPair, status: 200 },
  { method: 'post', path: '/api/auth/refresh', summary: 'New tokens for a refresh token', access: 'public', body: S.RefreshRequest, response: S.TokenPair, status: 200 },
  { method: 'get', path: '/api/auth/me', summary: 'The logged-in user', access: 'viewer', response: S.UserSummary },
  { method: 'get', path: '/api/users', summary: 'List users', access: 'admin', query: list(), response: S.page(S.User) },
  { method: 'post', path: '/api/users', summary: 'Create a user', access: 'admin', body: S.CreateUser, response: S.User, status: 201 },
  { method: 'get', path: '/api/users/{id}', summary: 'One user', access: 'admin', response: S.User },
  { method: 'patch', path: '/api/users/{id}', summary: 'Change name, role or status', access: 'admin', body: S.UpdateUser, response: S.User },
  { method: 'put', path: '/api/users/{id}/password', summary: 'Set a password (ends the user\'s sessions)', access: 'admin', body: S.ChangePassword, status: 204 },
  { method: 'delete', path: '/api/users/{id}', summary: 'Delete a user', access: 'admin', status: 204 },
  { method: 'get', path: '/api/ingest-keys', summary: 'List ingest keys (never the keys themselves)', access: 'admin', query: list(), response: S.page(S.IngestKey) },
  { method: 'post', path: '/api/ingest-keys', summary: 'Create an ingest key: the key is in this answer only', access: 'admin', body: S.CreateIngestKey, response: S.IngestKeyCreated, status: 201 },
  { method: 'delete', path: '/api/ingest-keys/{id}', summary: 'Revoke an ingest key', access: 'admin', response: S.IngestKey },
  { method: 'get', path: '/api/audit', summary: 'The audit log, newest first', access: 'admin', query: list(S.AuditQuery), response: S.page(S.AuditEntry) },
  { method: 'get', path: '/api/programs', summary: 'List programs', access: 'viewer', query: list(), response: S.page(S.Program) },
  { method: 'post', path: '/api/programs', summary: 'Create a program (its query is matched against the stored posts of the last 30 days in the background)', access: 'supervisor', body: S.CreateProgram, response: S.Program, status: 201 },
  { method: 'post', path: '/api/programs/validate-query', summary: 'Check a query; a syntax error answers 400 with its position', access: 'viewer', body: S.ValidateQueryRequest, status: 200 },
  { method: 'post', path: '/api/programs/preview', summary: 'How a draft query (and languages) would match the stored posts of the last 24 h: count and the newest matching posts (at most 50,000 scanned); a syntax error answers 400 like validate-query', access: 'analyst', body: S.ProgramPreviewRequest, response: S.ProgramPreviewResponse, status: 200 },
  { method: 'get', path: '/api/programs/{id}', summary: 'One program', access: 'viewer', response: S.Program },
  { method: 'patch', path: '/api/programs/{id}', summary: 'Edit a program', access: 'supervisor', body: S.UpdateProgram, response: S.Program },
  { method: 'delete', path: '/api/programs/{id}', summary: 'Delete a program with its links and rollups', access: 'supervisor', status: 204 },
  { method: 'post', path: '/api/ingest/posts', summary: 'Ingest posts: JSON {posts:[…]} (≤ 5,000, 16 MB) or NDJSON (streamed); idempotent on (source, externalId)', access: 'ingest-key', body: z.object({ posts: z.array(S.IngestPost) }), response: S.IngestResult, status: 202 },
  { method: 'get', path: '/api/posts', summary: 'Posts, newest first', access: 'viewer', query: list(S.PostsQuery), response: S.page(S.Post) },
  { method: 'get', path: '/api/posts/export', summary: 'Posts of the same filters as CSV (UTF-8 with BOM, newest first, at most `max` rows), streamed; audited', access: 'analyst', query: S.PostsExportQuery },
  { method: 'get', path: '/api/posts/{id}', summary: 'One post', access: 'viewer', response: S.Post },
  { method: 'post', path: '/api/analyze', summary: 'Language and explainable sentiment of up to 1,000 texts (nothing is stored)', access: 'viewer', body: S.AnalyzeRequest, response: S.AnalyzeResponse, status: 200 },
  { method: 'post', path: '/api/posts/{id}/sentiment', summary: "Relabel a post's sentiment: the analyst's label wins over the model for the post and its rollups", access: 'analyst', body: S.RelabelRequest, response: S.Post, status: 200 },
  { method: 'get', path: '/api/sentiment/corrections', summary: 'Analysts\' sentiment corrections, newest first', access: 'analyst', query: list(z.object({ postId: S.Uuid.optional() })), response: S.page(S.SentimentCorrection) },
  { method: 'get', path: '/api/sentiment/corrections/export', summary: 'Corrected posts as JSONL training data ({text, lang, label}); audited', access: 'analyst' },
  { method: 'get', path: '/api/alerts', summary: 'Alerts, newest first, filtered by status, program, kind and severity', access: 'viewer', query: list(S.AlertsQuery), response: S.page(S.Alert) },
  { method: 'get', path: '/api/alerts/counts', summary: 'Open and acknowledged alerts, and open ones by severity', access: 'viewer', response: S.AlertCounts },
  { method: 'get', path: '/api/alerts/{id}', summary: 'One alert with its notes and full history', access: 'viewer', response: S.AlertDetail },
  { method: 'post', path: '/api/alerts/{id}/acknowledge', summary: 'Acknowledge an open alert (stops its escalation)', access: 'analyst', body: S.AlertAction, response: S.Alert, status: 200 },
  { method: 'post', path: '/api/alerts/{id}/resolve', summary: 'Resolve an alert', access: 'analyst', body: S.AlertAction, response: S.Alert, status: 200 },
  { method: 'post', path: '/api/alerts/{id}/assign', summary: 'Assign an alert to a user (or null to unassign)', access: 'analyst', body: S.AssignAlert, response: S.Alert, status: 200 },
  { method: 'post', path: '/api/alerts/{id}/notes', summary: 'Add a note to an alert', access: 'analyst', body: S.AddAlertNote, response: S.Alert, status: 200 },
  { method: 'get', path: '/api/alerts/{id}/deliveries', summary: "The alert's notification deliveries (email, webhook, in-app)", access: 'analyst', response: z.array(S.Delivery) },
  { method: 'get', path: '/api/programs/{id}/escalation-policy', summary: "The program's escalation policy", access: 'viewer', response: S.EscalationPolicy },
  { method: 'put', path: '/api/programs/{id}/escalation-policy', summary: 'Set the escalation policy', access: 'supervisor', body: S.EscalationPolicy, response: S.EscalationPolicy },
  { method: 'get', path: '/api/programs/{id}/snooze', summary: "The program's alert snooze, if any", access: 'viewer' },
  { method: 'put', path: '/api/programs/{id}/snooze', summary: "Snooze a program's new alerts until a time (at most 30 days)", access: 'analyst', body: S.SnoozeProgram },
  { method: 'delete', path: '/api/programs/{id}/snooze', summary: 'End a snooze', access: 'analyst', status: 204 },
  { method: 'get', path: '/api/me/notification-preferences', summary: 'Which programs and severities reach me, and by which channels', access: 'viewer', response: S.NotificationPreferences },
  { method: 'put', path: '/api/me/notification-preferences', summary: 'Set my notification preferences', access: 'viewer', body: S.NotificationPreferences, response: S.NotificationPreferences },
  { method: 'get', path: '/api/webhooks', summary: 'Webhooks (Slack/Telegram/WhatsApp gateways)', access: 'admin', response: z.array(S.Webhook) },
  { method: 'post', path: '/api/webhooks', summary: 'Create a webhook: its signing secret is in this answer only', access: 'admin', body: S.CreateWebhook, response: S.WebhookCreated, status: 201 },
  { method: 'delete', path: '/api/webhooks/{id}', summary: 'Delete a webhook', access: 'admin', status: 204 },
  { method: 'post', path: '/api/detection/backtest', summary: "Run the detector over a program's stored history (default: the last 30 days) at a sensitivity: expected band, score and decisions", access: 'analyst', body: S.BacktestRequest, response: S.BacktestResponse, status: 200 },
  { method: 'get', path: '/api/detection/band', summary: "The detector's expected band at the program's saved sensitivity (default: the last 24 h, at most 7 days)", access: 'viewer', query: S.BandQuery, response: S.BacktestResponse },
  { method: 'get', path: '/api/metrics/series', summary: 'Per-program series from the per-minute rollups', access: 'viewer', query: S.SeriesQuery, response: S.SeriesResponse },
  { method: 'get', path: '/api/metrics/overview', summary: 'Every active program: 5-minute buckets over `hours`, the last hour, the current minute and its unresolved alerts', access: 'viewer', query: S.OverviewQuery, response: S.OverviewResponse },
  { method: 'get', path: '/api/metrics/top', summary: 'Top terms, hashtags and authors of a window (default: the last hour, at most 7 days) over its newest 5,000 posts at most', access: 'viewer', query: S.TopQuery, response: S.TopResponse },
];

const schema = (t: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(t, { io, unrepresentable: 'any', target: 'openapi-3.0' });

/** The OpenAPI document, generated from the same zod schemas the server validates with. */
export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorResponse = { description: 'Error', content: { 'application/json': { schema: schema(S.ErrorBody, 'output') } } };
  for (const r of ROUTES) {
    const parameters: unknown[] = [];
    for (const m of r.path.matchAll(/\{(\w+)\}/g)) parameters.push({ name: m[1], in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
    if (r.query) {
      for (const [name, t] of Object.entries(r.query.shape)) {
        parameters.push({ name, in: 'query', required: !(t as z.ZodType).safeParse(undefined).success, schema: schema(t as z.ZodType, 'input') });
      }
    }
    const status = String(r.status ?? 200);
    const security = r.access === 'public' ? [] : r.access === 'ingest-key' ? [{ apiKey: [] }] : [{ bearer: [] }];
    (paths[r.path] ??= {})[r.method] = {
      summary: r.summary,
      description: r.access === 'public' ? 'Public.' : r.access === 'ingest-key' ? 'Needs an X-Api-Key.' : `Needs the ${r.access} role or higher.`,
      security,
      parameters,
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(r.body, 'input') } } } } : {}),
      responses: {
        [status]: r.response ? { description: 'OK', content: { 'application/json': { schema: schema(r.response, 'output') } } } : { description: 'OK' },
        '4XX': errorResponse,
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Siaga API', version: VERSION, description: 'Conventions: docs/api.md. Errors: {error:{code,message,details?},requestId}.' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      },
    },
    paths,
  };
}

export const DOCUMENTED_ROUTES = ROUTES.map((r) => ({ method: r.method, path: r.path, access: r.access }));
