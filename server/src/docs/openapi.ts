import * as S from '@siaga/shared';
import { z } from 'zod';
import { VERSION } from '../version.js';

type Access = 'public' | 'ingest-key' | S.Role;

/** One tag per domain, in the order Swagger UI lists them. */
const TAGS = {
  health: 'Liveness, database state and Prometheus metrics (public).',
  auth: 'Log in, refresh tokens, log out and who am I. Login attempts are rate-limited per address (429 with `Retry-After`). A refresh token is spent by its use: sending one again ends its session.',
  users: 'User accounts and their roles (admins).',
  'ingest-keys': 'API keys for the ingestion endpoint (admins); a key is shown once.',
  audit: 'Who did what, newest first (admins).',
  programs: 'Monitoring programs: a boolean query over the posts, its languages and alert sensitivity.',
  ingest: 'Posts in, as JSON batches or streamed NDJSON, with an `X-Api-Key`.',
  posts: 'Stored posts with their sentiment; CSV export.',
  sentiment: 'Explainable sentiment: analyze texts, relabel posts, corrections as training data.',
  alerts: 'Alerts opened by the detectors: triage, notes, assignment, deliveries.',
  notifications: 'Escalation policies, snoozes, personal preferences and webhooks.',
  detection: "The detector's expected band and backtests.",
  metrics: 'Dashboard reads from the per-minute rollups: series, overview of the live wall, top terms.',
  digests: 'Daily and weekly digests per program (volume, negative share, alerts, incidents, top terms and authors, share of voice, change against the previous period), emailed to subscribers at SIAGA_DIGEST_TIME in SIAGA_DIGEST_TZ, once per period.',
  'official-channels': "The government's own accounts per program (ministries, agencies, regional offices): their posts are marked, kept out of the negative-share and campaign signals and counted apart; incidents measure the official response. Everyone signed in reads; analysts keep the registry.",
  sources: 'Live sources Siaga collects by itself (RSS/Atom, Mastodon, Bluesky Jetstream, Telegram channels, signed webhooks), their state and health (admins); secrets are written only.',
  incidents: 'Incidents: alerts grouped into one response, its timeline (notes, actions, linked alerts, pinned posts, status), impact metrics and reports (PDF, CSV, Markdown, JSON). Changes are pushed on /live as `incident:updated`.',
} as const;
type Tag = keyof typeof TAGS;

/** How an answer is encoded: JSON unless said otherwise. */
type Content = 'json' | 'csv' | 'ndjson' | 'prometheus' | 'pdf' | 'markdown';

interface RouteDoc {
  /** Stable camelCase operationId: client generators name their functions after it. */
  id: string;
  tag: Tag;
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  summary: string;
  access: Access;
  query?: z.ZodObject;
  body?: z.ZodType;
  example?: unknown;
  response?: z.ZodType;
  content?: Content;
  status?: number;
  /** Statuses the route answers besides the ones derived from its shape (see `errorStatuses`). */
  errors?: number[];
  /** The route reads no database (and so has no 5XX besides a bug). */
  noDatabase?: true;
}

const list = (q: z.ZodObject = z.object({})) => S.ListQuery.extend(q.shape);
const IngestBody = z.object({ posts: z.array(S.IngestPost).min(1).max(S.MAX_BATCH_POSTS) });
const INGEST_EXAMPLE = {
  source: 'x',
  externalId: '1861234567890123456',
  text: 'Antrian BPJS Kesehatan di puskesmas lama sekali hari ini #bpjs',
  createdAt: '2026-11-26T08:15:00+07:00',
  author: { handle: 'budi_s', name: 'Budi Santoso', followers: 120 },
  url: 'https://x.com/budi_s/status/1861234567890123456',
  lang: 'id',
  engagement: { likes: 12, shares: 3, replies: 1, views: 480 },
};
const ALERT_ACTION_EXAMPLE = { note: 'Checked with the regional office: a queue system outage, statement at 10:00.' };

const ROUTES: RouteDoc[] = [
  { id: 'getHealth', tag: 'health', method: 'get', path: '/api/health', summary: 'Health, with the database state: 503 with the same body when degraded', access: 'public', response: S.Health, errors: [503] },
  { id: 'getPrometheusMetrics', tag: 'health', method: 'get', path: '/metrics', summary: 'Prometheus metrics (text exposition format)', access: 'public', content: 'prometheus', noDatabase: true },
  { id: 'login', tag: 'auth', method: 'post', path: '/api/auth/login', summary: 'Log in (rate-limited)', access: 'public', body: S.LoginRequest, example: { email: 'analyst@example.go.id', password: 'correct-horse-battery' }, response: S.TokenPair, status: 200, errors: [401, 429] },
  { id: 'refreshTokens', tag: 'auth', method: 'post', path: '/api/auth/refresh', summary: 'New tokens for a refresh token, which is spent: a spent one sent again ends its session', access: 'public', body: S.RefreshRequest, response: S.TokenPair, status: 200, errors: [401] },
  { id: 'logout', tag: 'auth', method: 'post', path: '/api/auth/logout', summary: "End the refresh token's session: its refresh and access tokens stop working and its live sockets close (idempotent)", access: 'public', body: S.LogoutRequest, status: 204, errors: [401] },
  { id: 'getMe', tag: 'auth', method: 'get', path: '/api/auth/me', summary: 'The logged-in user', access: 'viewer', response: S.UserSummary },
  { id: 'listUsers', tag: 'users', method: 'get', path: '/api/users', summary: 'List users', access: 'admin', query: list(), response: S.page(S.User) },
  { id: 'createUser', tag: 'users', method: 'post', path: '/api/users', summary: 'Create a user', access: 'admin', body: S.CreateUser, response: S.User, status: 201, errors: [409] },
  { id: 'getUser', tag: 'users', method: 'get', path: '/api/users/{id}', summary: 'One user', access: 'admin', response: S.User },
  { id: 'updateUser', tag: 'users', method: 'patch', path: '/api/users/{id}', summary: 'Change name, role or status', access: 'admin', body: S.UpdateUser, response: S.User, errors: [409] },
  { id: 'setUserPassword', tag: 'users', method: 'put', path: '/api/users/{id}/password', summary: "Set a password (ends the user's sessions)", access: 'admin', body: S.ChangePassword, status: 204 },
  { id: 'deleteUser', tag: 'users', method: 'delete', path: '/api/users/{id}', summary: 'Delete a user', access: 'admin', status: 204, errors: [409] },
  { id: 'listIngestKeys', tag: 'ingest-keys', method: 'get', path: '/api/ingest-keys', summary: 'List ingest keys (never the keys themselves)', access: 'admin', query: list(), response: S.page(S.IngestKey) },
  { id: 'createIngestKey', tag: 'ingest-keys', method: 'post', path: '/api/ingest-keys', summary: 'Create an ingest key: the key is in this answer only', access: 'admin', body: S.CreateIngestKey, response: S.IngestKeyCreated, status: 201 },
  { id: 'revokeIngestKey', tag: 'ingest-keys', method: 'delete', path: '/api/ingest-keys/{id}', summary: 'Revoke an ingest key', access: 'admin', response: S.IngestKey },
  { id: 'listAuditEntries', tag: 'audit', method: 'get', path: '/api/audit', summary: 'The audit log, newest first', access: 'admin', query: list(S.AuditQuery), response: S.page(S.AuditEntry) },
  { id: 'listOfficialChannels', tag: 'official-channels', method: 'get', path: '/api/official-channels', summary: 'The registry, optionally of one program', access: 'viewer', query: S.OfficialChannelsQuery, response: z.array(S.OfficialChannel) },
  { id: 'getOfficialChannel', tag: 'official-channels', method: 'get', path: '/api/official-channels/{id}', summary: 'One official channel', access: 'viewer', response: S.OfficialChannel },
  { id: 'createOfficialChannel', tag: 'official-channels', method: 'post', path: '/api/official-channels', summary: 'Register an account (source and handle) as a program\'s official channel; audited. Answers at once; the program\'s stored posts are recounted in the background (`recount`)', access: 'analyst', body: S.CreateOfficialChannel, response: S.OfficialChannel, status: 201 },
  { id: 'updateOfficialChannel', tag: 'official-channels', method: 'patch', path: '/api/official-channels/{id}', summary: 'Change an official channel; audited. A new program, source or handle recounts the programs\' stored posts in the background', access: 'analyst', body: S.UpdateOfficialChannel, response: S.OfficialChannel },
  { id: 'deleteOfficialChannel', tag: 'official-channels', method: 'delete', path: '/api/official-channels/{id}', summary: 'Remove an official channel (answers what was removed); audited. The program\'s stored posts are recounted in the background', access: 'analyst', response: S.OfficialChannel },
  { id: 'listPrograms', tag: 'programs', method: 'get', path: '/api/programs', summary: 'List programs', access: 'viewer', query: list(), response: S.page(S.Program) },
  {
    id: 'createProgram',
    tag: 'programs',
    method: 'post',
    path: '/api/programs',
    summary: 'Create a program (its query is matched against the stored posts of the last 30 days in the background)',
    access: 'supervisor',
    body: S.CreateProgram,
    example: { name: 'BPJS Kesehatan', slug: 'bpjs-kesehatan', query: 'bpjs OR "jaminan kesehatan" -lowongan', languages: ['id', 'en'], sensitivity: 'medium' },
    response: S.Program,
    status: 201,
    errors: [409],
  },
  { id: 'validateProgramQuery', tag: 'programs', method: 'post', path: '/api/programs/validate-query', summary: 'Check a query; a syntax error answers 400 `query_syntax` with its position', access: 'viewer', body: S.ValidateQueryRequest, example: { query: 'bpjs AND (antri* OR "tidak dilayani")' }, response: S.ValidateQueryResponse, status: 200, noDatabase: true },
  { id: 'previewProgramQuery', tag: 'programs', method: 'post', path: '/api/programs/preview', summary: 'How a draft query (and languages) would match the stored posts of the last 24 h: count and the newest matching posts (at most 100,000 scanned, newest first; `complete: false` and `scannedFrom` say when the count is partial); a syntax error answers 400 like validate-query', access: 'analyst', body: S.ProgramPreviewRequest, response: S.ProgramPreviewResponse, status: 200 },
  { id: 'getProgram', tag: 'programs', method: 'get', path: '/api/programs/{id}', summary: 'One program', access: 'viewer', response: S.Program },
  { id: 'updateProgram', tag: 'programs', method: 'patch', path: '/api/programs/{id}', summary: 'Edit a program', access: 'supervisor', body: S.UpdateProgram, response: S.Program, errors: [409] },
  { id: 'deleteProgram', tag: 'programs', method: 'delete', path: '/api/programs/{id}', summary: 'Delete a program with its links and rollups', access: 'supervisor', status: 204 },
  {
    id: 'ingestPosts',
    tag: 'ingest',
    method: 'post',
    path: '/api/ingest/posts',
    summary: 'Ingest posts: JSON {posts:[…]} (≤ 5,000, 16 MB) or NDJSON (one post a line, streamed); idempotent on (source, externalId); 503 while the server drains for shutdown',
    access: 'ingest-key',
    body: IngestBody,
    example: { posts: [INGEST_EXAMPLE] },
    response: S.IngestResult,
    status: 202,
    errors: [503],
  },
  { id: 'listPosts', tag: 'posts', method: 'get', path: '/api/posts', summary: 'Posts, newest first', access: 'viewer', query: list(S.PostsQuery), response: S.page(S.Post) },
  { id: 'exportPostsCsv', tag: 'posts', method: 'get', path: '/api/posts/export', summary: `Posts of the same filters as CSV (UTF-8 with BOM, newest first, at most \`max\` rows; columns ${S.POSTS_EXPORT_COLUMNS.join(', ')}), streamed; audited`, access: 'analyst', query: S.PostsExportQuery, content: 'csv' },
  { id: 'getPost', tag: 'posts', method: 'get', path: '/api/posts/{id}', summary: 'One post', access: 'viewer', response: S.Post },
  { id: 'analyzeTexts', tag: 'sentiment', method: 'post', path: '/api/analyze', summary: 'Language and explainable sentiment of up to 1,000 texts (nothing is stored)', access: 'viewer', body: S.AnalyzeRequest, example: { texts: ['Pelayanan BPJS makin cepat, terima kasih!'], lang: 'auto' }, response: S.AnalyzeResponse, status: 200, noDatabase: true },
  { id: 'relabelPostSentiment', tag: 'sentiment', method: 'post', path: '/api/posts/{id}/sentiment', summary: "Relabel a post's sentiment: the analyst's label wins over the model for the post and its rollups", access: 'analyst', body: S.RelabelRequest, example: { label: 'negative', note: 'Sarcasm: "mantap, antri 5 jam"' }, response: S.Post, status: 200 },
  { id: 'listSentimentCorrections', tag: 'sentiment', method: 'get', path: '/api/sentiment/corrections', summary: "Analysts' sentiment corrections, newest first", access: 'analyst', query: list(z.object({ postId: S.Uuid.optional() })), response: S.page(S.SentimentCorrection) },
  { id: 'exportSentimentCorrections', tag: 'sentiment', method: 'get', path: '/api/sentiment/corrections/export', summary: 'Corrected posts as JSONL training data, one {text, lang, label, correctedAt} a line; audited', access: 'analyst', response: S.TrainingExample, content: 'ndjson' },
  { id: 'listAlerts', tag: 'alerts', method: 'get', path: '/api/alerts', summary: 'Alerts, newest first, filtered by status, program, kind and severity', access: 'viewer', query: list(S.AlertsQuery), response: S.page(S.Alert) },
  { id: 'getAlertCounts', tag: 'alerts', method: 'get', path: '/api/alerts/counts', summary: 'Open and acknowledged alerts, and open ones by severity', access: 'viewer', response: S.AlertCounts },
  { id: 'listAlertAssignees', tag: 'alerts', method: 'get', path: '/api/alerts/assignees', summary: 'Active users an alert can be assigned to (not viewers), by name', access: 'supervisor', response: z.array(S.Assignee) },
  { id: 'getAlert', tag: 'alerts', method: 'get', path: '/api/alerts/{id}', summary: 'One alert with its notes and full history', access: 'viewer', response: S.AlertDetail },
  { id: 'acknowledgeAlert', tag: 'alerts', method: 'post', path: '/api/alerts/{id}/acknowledge', summary: 'Acknowledge an open alert (stops its escalation); 409 unless it is open', access: 'analyst', body: S.AlertAction, example: ALERT_ACTION_EXAMPLE, response: S.Alert, status: 200, errors: [409] },
  { id: 'resolveAlert', tag: 'alerts', method: 'post', path: '/api/alerts/{id}/resolve', summary: 'Resolve an alert; 409 when it is resolved already', access: 'analyst', body: S.AlertAction, example: ALERT_ACTION_EXAMPLE, response: S.Alert, status: 200, errors: [409] },
  { id: 'assignAlert', tag: 'alerts', method: 'post', path: '/api/alerts/{id}/assign', summary: 'Assign an alert to a user (or null to unassign). Supervisors and admins assign anyone; an analyst only takes a free alert or lets go of their own (403 otherwise)', access: 'analyst', body: S.AssignAlert, example: { userId: '3f0e6a52-8c1d-4b7e-9a2f-5d6c7b8a9e01' }, response: S.Alert, status: 200 },
  { id: 'addAlertNote', tag: 'alerts', method: 'post', path: '/api/alerts/{id}/notes', summary: 'Add a note to an alert', access: 'analyst', body: S.AddAlertNote, example: { text: 'Hoax about a premium rise is circulating: counter-message drafted.' }, response: S.Alert, status: 200 },
  { id: 'listAlertDeliveries', tag: 'alerts', method: 'get', path: '/api/alerts/{id}/deliveries', summary: "The alert's notification deliveries (email, webhook, in-app)", access: 'analyst', response: z.array(S.Delivery) },
  { id: 'getEscalationPolicy', tag: 'notifications', method: 'get', path: '/api/programs/{id}/escalation-policy', summary: "The program's escalation policy", access: 'viewer', response: S.EscalationPolicy },
  { id: 'setEscalationPolicy', tag: 'notifications', method: 'put', path: '/api/programs/{id}/escalation-policy', summary: 'Set the escalation policy', access: 'supervisor', body: S.EscalationPolicy, response: S.EscalationPolicy },
  { id: 'getProgramSnooze', tag: 'notifications', method: 'get', path: '/api/programs/{id}/snooze', summary: "The program's alert snooze: `until` and `reason` are null when it is not snoozed", access: 'viewer', response: S.ProgramSnooze },
  { id: 'snoozeProgram', tag: 'notifications', method: 'put', path: '/api/programs/{id}/snooze', summary: "Snooze a program's new alerts until a time (at most 30 days)", access: 'analyst', body: S.SnoozeProgram, response: S.ProgramSnooze.extend({ until: S.IsoDateTime }) },
  { id: 'endProgramSnooze', tag: 'notifications', method: 'delete', path: '/api/programs/{id}/snooze', summary: 'End a snooze', access: 'analyst', status: 204 },
  { id: 'getNotificationPreferences', tag: 'notifications', method: 'get', path: '/api/me/notification-preferences', summary: 'Which programs and severities reach me, and by which channels', access: 'viewer', response: S.NotificationPreferences },
  { id: 'setNotificationPreferences', tag: 'notifications', method: 'put', path: '/api/me/notification-preferences', summary: 'Set my notification preferences (a language, when given, sets my one email language, digests included)', access: 'viewer', body: S.NotificationPreferencesUpdate, response: S.NotificationPreferences },
  { id: 'listWebhooks', tag: 'notifications', method: 'get', path: '/api/webhooks', summary: 'Webhooks (Slack/Telegram/WhatsApp gateways)', access: 'admin', response: z.array(S.Webhook) },
  { id: 'createWebhook', tag: 'notifications', method: 'post', path: '/api/webhooks', summary: 'Create a webhook: its signing secret is in this answer only. Loopback, private and reserved addresses are refused (400) unless SIAGA_WEBHOOK_ALLOW_PRIVATE is set', access: 'admin', body: S.CreateWebhook, response: S.WebhookCreated, status: 201 },
  { id: 'updateWebhook', tag: 'notifications', method: 'patch', path: '/api/webhooks/{id}', summary: 'Edit a webhook (name, URL, programs, minimum severity, active); the secret is kept. The same address rules as on creation', access: 'admin', body: S.UpdateWebhook, example: { minSeverity: 'critical', active: true }, response: S.Webhook },
  { id: 'testWebhook', tag: 'notifications', method: 'post', path: '/api/webhooks/{id}/test', summary: 'Send one `webhook.test` event now, signed like a real delivery (X-Siaga-Signature), not queued or retried; answers what the receiver said', access: 'admin', response: S.WebhookTestResult, status: 200 },
  { id: 'deleteWebhook', tag: 'notifications', method: 'delete', path: '/api/webhooks/{id}', summary: 'Delete a webhook', access: 'admin', status: 204 },
  { id: 'backtestDetector', tag: 'detection', method: 'post', path: '/api/detection/backtest', summary: "Run the detector over a program's stored history (default: the last 30 days) at a sensitivity: expected band, score and decisions", access: 'analyst', body: S.BacktestRequest, response: S.BacktestResponse, status: 200 },
  { id: 'getDetectionBand', tag: 'detection', method: 'get', path: '/api/detection/band', summary: "The detector's expected band at the program's saved sensitivity, in columns on the chart's buckets (default: the last 24 h, at most 7 days)", access: 'viewer', query: S.BandQuery, response: S.BandResponse },
  { id: 'getMetricsSeries', tag: 'metrics', method: 'get', path: '/api/metrics/series', summary: 'Per-program series from the per-minute rollups', access: 'viewer', query: S.SeriesQuery, response: S.SeriesResponse },
  { id: 'getMetricsOverview', tag: 'metrics', method: 'get', path: '/api/metrics/overview', summary: 'Every active program: 5-minute buckets over `hours`, the last hour, the current minute and its unresolved alerts', access: 'viewer', query: S.OverviewQuery, response: S.OverviewResponse },
  { id: 'listIncidents', tag: 'incidents', method: 'get', path: '/api/incidents', summary: 'Incidents, newest start first, filtered by status and program', access: 'viewer', query: list(S.IncidentsQuery), response: S.page(S.Incident) },
  {
    id: 'createIncident',
    tag: 'incidents',
    method: 'post',
    path: '/api/incidents',
    summary: "Open an incident from alerts (their programs join; the earliest opening is the start unless `startedAt` says otherwise) or by hand (`programIds`); at least one program",
    access: 'analyst',
    body: S.CreateIncident,
    example: { title: 'Hoaks iuran BPJS naik 300%', alertIds: ['3f0e6a52-8c1d-4b7e-9a2f-5d6c7b8a9e01'], severity: 'critical' },
    response: S.Incident,
    status: 201,
  },
  { id: 'getIncident', tag: 'incidents', method: 'get', path: '/api/incidents/{id}', summary: 'One incident with its alerts, pinned posts and timeline', access: 'viewer', response: S.IncidentDetail },
  { id: 'updateIncident', tag: 'incidents', method: 'patch', path: '/api/incidents/{id}', summary: 'Edit title, severity, owner, span, summary and lessons, or move the status (open → monitoring → closed; closing ends the span now unless `endedAt` is given, reopening clears it)', access: 'analyst', body: S.UpdateIncident, example: { status: 'closed', lessons: 'Publish the clarification within the first hour.' }, response: S.Incident },
  { id: 'addIncidentNote', tag: 'incidents', method: 'post', path: '/api/incidents/{id}/notes', summary: 'Add a note to the timeline', access: 'analyst', body: S.AddIncidentNote, example: { text: 'Ministry spokesperson briefed.' }, response: S.Incident, status: 200 },
  { id: 'addIncidentAction', tag: 'incidents', method: 'post', path: '/api/incidents/{id}/actions', summary: 'Record an action taken (when, with a link): reports measure the negative share before and after it', access: 'analyst', body: S.AddIncidentAction, example: { text: 'Clarification published on the ministry account', url: 'https://x.com/kemenkes/status/1', at: '2026-11-26T14:05:00+07:00' }, response: S.Incident, status: 200 },
  { id: 'linkIncidentAlerts', tag: 'incidents', method: 'post', path: '/api/incidents/{id}/alerts', summary: "Link further alerts (their programs join the incident's)", access: 'analyst', body: S.LinkIncidentAlerts, response: S.Incident, status: 200 },
  { id: 'pinIncidentPost', tag: 'incidents', method: 'post', path: '/api/incidents/{id}/pins', summary: 'Pin a key post; 409 when it is pinned already', access: 'analyst', body: S.PinIncidentPost, response: S.Incident, status: 200, errors: [409] },
  { id: 'getIncidentReportPdf', tag: 'incidents', method: 'get', path: '/api/incidents/{id}/report.pdf', summary: 'The report as PDF (cover, summary, impact table, charts, timeline, posts, actions, lessons) in `lang` (default: Accept-Language, else Indonesian); audited', access: 'viewer', query: S.ReportQuery, content: 'pdf' },
  { id: 'getIncidentReportMarkdown', tag: 'incidents', method: 'get', path: '/api/incidents/{id}/report.md', summary: 'The report as Markdown, the same content as the PDF (post text escaped); audited', access: 'viewer', query: S.ReportQuery, content: 'markdown' },
  { id: 'getIncidentReportJson', tag: 'incidents', method: 'get', path: '/api/incidents/{id}/report.json', summary: 'The report as data: what the PDF and the Markdown show; audited', access: 'viewer', query: S.ReportQuery, response: S.IncidentReport },
  { id: 'getIncidentReportCsv', tag: 'incidents', method: 'get', path: '/api/incidents/{id}/report.csv', summary: "Every post of the incident's programs in its span (with the filters) as CSV (UTF-8 with BOM, newest first; the posts export's columns then author_followers, likes, shares, replies, views), streamed; audited", access: 'analyst', query: S.IncidentCsvQuery, content: 'csv' },
  { id: 'previewDigest', tag: 'digests', method: 'get', path: '/api/digests/preview', summary: 'The digest of the latest complete local day or week (Monday to Monday), as the scheduled email carries it', access: 'viewer', query: S.DigestPreviewQuery, response: S.Digest },
  { id: 'getDigestSubscription', tag: 'digests', method: 'get', path: '/api/me/digest-subscription', summary: 'Which digest I receive by email (daily, weekly or none) and my one email language (alert emails too)', access: 'viewer', response: S.DigestSubscription },
  { id: 'setDigestSubscription', tag: 'digests', method: 'put', path: '/api/me/digest-subscription', summary: 'Choose my digest (daily, weekly or none), my one email language (alert emails too), or both; what is absent stays', access: 'viewer', body: S.DigestSubscriptionUpdate, example: { frequency: 'daily', lang: 'en' }, response: S.DigestSubscription },
  { id: 'listSources', tag: 'sources', method: 'get', path: '/api/sources', summary: 'Every source with its state, cursor, last success and error, totals and items per hour over 24 hours', access: 'admin', response: z.array(S.Source) },
  { id: 'createSource', tag: 'sources', method: 'post', path: '/api/sources', summary: "Add a source; it reads at once. `settings` is checked against the type's fields (400 names `settings.<field>`); 409 for a name in use", access: 'admin', body: S.CreateSource, example: { type: 'rss', name: 'Antara terkini', settings: { url: 'https://www.antaranews.com/rss/terkini.xml', pollIntervalSeconds: 300 } }, response: S.Source, status: 201, errors: [409] },
  { id: 'listSourceStates', tag: 'sources', method: 'get', path: '/api/sources/states', summary: "Each source's state and last post, for the wall (any signed-in user; no settings)", access: 'viewer', response: z.array(S.SourceStatus) },
  { id: 'getSource', tag: 'sources', method: 'get', path: '/api/sources/{id}', summary: 'One source with its state', access: 'admin', response: S.Source, errors: [404] },
  { id: 'updateSource', tag: 'sources', method: 'patch', path: '/api/sources/{id}', summary: 'Edit, pause or resume a source (new settings reset its cursor; `secret: null` removes an optional secret)', access: 'admin', body: S.UpdateSource, example: { enabled: false }, response: S.Source, errors: [404, 409] },
  { id: 'deleteSource', tag: 'sources', method: 'delete', path: '/api/sources/{id}', summary: 'Delete a source (its posts stay)', access: 'admin', status: 204, errors: [404] },
  { id: 'testSource', tag: 'sources', method: 'post', path: '/api/sources/{id}/test', summary: 'Fetch once from the current cursor and answer what would be stored; nothing is stored', access: 'admin', response: S.SourceTestResult, status: 200, errors: [404] },
  { id: 'pushToSource', tag: 'sources', method: 'post', path: '/api/sources/{id}/webhook', summary: 'A collector pushes posts to a webhook source, signed with X-Siaga-Timestamp and X-Siaga-Signature (sha256=HMAC of "<timestamp>.<raw body>"); no user or key. 401 for a bad signature, a stale timestamp or an unknown source', access: 'public', body: S.SourceWebhookBody, response: S.IngestResult, status: 202, errors: [400, 401, 503] },
  { id: 'getMetricsTop', tag: 'metrics', method: 'get', path: '/api/metrics/top', summary: 'Top terms, hashtags and authors of a window (default: the last hour, at most 7 days) over its newest 5,000 posts at most', access: 'viewer', query: S.TopQuery, response: S.TopResponse },
  { id: 'getMetricsActors', tag: 'metrics', method: 'get', path: '/api/metrics/actors', summary: 'Accounts of a window (default: the last 24 hours, at most 31 days) by reach: followers plus 10 × likes, shares and replies', access: 'viewer', query: S.ActorsQuery, response: S.ActorsResponse },
  { id: 'getMetricsNetwork', tag: 'metrics', method: 'get', path: '/api/metrics/network', summary: 'The account network of a window (replies, mentions, near-duplicate and campaign co-membership) with Louvain communities and coordination scores; capped and sampled', access: 'viewer', query: S.WhoWhereQuery, response: S.NetworkResponse },
  { id: 'getMetricsPlaces', tag: 'metrics', method: 'get', path: '/api/metrics/places', summary: 'Posts and negative share per province of a window, and the regencies and cities named most', access: 'viewer', query: S.WhoWhereQuery, response: S.PlacesResponse },
  { id: 'getAccount', tag: 'metrics', method: 'get', path: '/api/accounts/{source}/{handle}', summary: "One account (a handle on one source): figures, programs, sentiment by day, places, the campaign alerts that named it and its newest posts (default: the last 30 days, at most 92)", access: 'viewer', query: S.AccountQuery, response: S.AccountResponse },
  { id: 'getMetricsPlatforms', tag: 'metrics', method: 'get', path: '/api/metrics/platforms', summary: 'Posts, negatives and share per source of a window', access: 'viewer', query: S.WhoWhereQuery, response: S.PlatformsResponse },
];

/**
 * OpenAPI 3.0 says `nullable: true` does not widen `enum`: null must be listed (OAS "Clarify
 * nullable" proposal), and strict validators (ajv) reject null otherwise. Zod leaves it out.
 */
function nullableEnums(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(nullableEnums);
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (o.nullable === true && Array.isArray(o.enum) && !o.enum.includes(null)) o.enum = [...(o.enum as unknown[]), null];
  Object.values(o).forEach(nullableEnums);
}

const schema = (t: z.ZodType, io: 'input' | 'output'): Record<string, unknown> => {
  const s = z.toJSONSchema(t, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
  nullableEnums(s);
  return s;
};

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The body, query string or a path parameter does not fit its schema (`validation_failed`, `invalid_json`, `query_syntax`, `bad_request`).',
  401: 'No, an invalid or an expired token or API key (`unauthorized`, `invalid_credentials` on login).',
  403: 'The role is too low (`forbidden`).',
  404: 'No such object (`not_found`).',
  409: 'A unique value exists, or the change conflicts with the current state (`conflict`).',
  413: 'The body is over its limit (`payload_too_large`).',
  415: 'The body is not `application/json` (or uncompressed `application/x-ndjson` for ingestion) (`unsupported_media_type`).',
  429: 'Too many failed logins (`rate_limited`): retry after `Retry-After` seconds.',
  503: 'The database cannot be reached or timed out, or the server is shutting down (`unavailable`): retry after `Retry-After` seconds.',
};
const errorRef = (status: number | '5XX') => ({ $ref: `#/components/responses/Error${status}` });

/** The error answers a route gives: derived from its shape, plus the ones it declares. */
function errorStatuses(r: RouteDoc): number[] {
  const s = new Set<number>(r.errors);
  if (r.query || r.body || r.path.includes('{')) s.add(400);
  if (r.access !== 'public') s.add(401);
  if (r.access !== 'public' && r.access !== 'ingest-key' && r.access !== 'viewer') s.add(403);
  if (r.path.includes('{')) s.add(404);
  if (r.body) [413, 415].forEach((x) => s.add(x));
  // Any route may meet a database outage.
  s.add(503);
  return [...s].sort();
}

const MEDIA: Record<Exclude<Content, 'json'>, string> = {
  csv: 'text/csv',
  ndjson: 'application/x-ndjson',
  prometheus: 'text/plain',
  pdf: 'application/pdf',
  markdown: 'text/markdown',
};
const TEXT_DESCRIPTIONS: Record<Exclude<Content, 'json' | 'ndjson'>, string> = {
  csv: 'RFC 4180 CSV with a header row.',
  prometheus: 'Prometheus text exposition format 0.0.4.',
  pdf: 'A PDF document.',
  markdown: 'CommonMark text.',
};

function successResponse(r: RouteDoc): Record<string, unknown> {
  const content = r.content ?? 'json';
  if (r.status === 204) return { description: 'Done: no content.' };
  if (content === 'json') {
    // A JSON answer without a schema is a gap in the document: refuse to build it.
    if (!r.response) throw new Error(`${r.method.toUpperCase()} ${r.path}: no response schema`);
    return { description: 'OK', content: { 'application/json': { schema: schema(r.response, 'output') } } };
  }
  if (content === 'ndjson') {
    const s = { ...schema(r.response ?? z.unknown(), 'output'), description: 'One line of the answer: each line is one such JSON object.' };
    return { description: 'OK: newline-delimited JSON, one object a line.', headers: { 'Content-Disposition': { description: 'attachment; filename=…', schema: { type: 'string' } } }, content: { [MEDIA.ndjson]: { schema: s } } };
  }
  const text = { type: 'string', ...(content === 'pdf' ? { format: 'binary' } : {}), description: TEXT_DESCRIPTIONS[content] };
  const headers = content !== 'prometheus' ? { headers: { 'Content-Disposition': { description: 'attachment; filename=…', schema: { type: 'string' } } } } : {};
  return { description: 'OK', ...headers, content: { [MEDIA[content]]: { schema: text } } };
}

function requestBody(r: RouteDoc): Record<string, unknown> | undefined {
  if (!r.body) return undefined;
  const json = { schema: schema(r.body, 'input'), ...(r.example === undefined ? {} : { example: r.example }) };
  if (r.tag !== 'ingest') return { required: true, content: { 'application/json': json } };
  const line = schema(S.IngestPost, 'input');
  return {
    required: true,
    description: 'JSON `{posts: [...]}`, or NDJSON: one post a line, streamed, any number of lines (a rejection\'s `index` is the 0-based line number).',
    content: {
      'application/json': json,
      [MEDIA.ndjson]: { schema: { ...line, description: 'One line of the body: each line is one such post.' }, example: INGEST_EXAMPLE },
    },
  };
}

const accessText = (a: Access) => (a === 'public' ? 'Public.' : a === 'ingest-key' ? 'Needs an X-Api-Key.' : `Needs the ${a} role or higher.`);

/** The OpenAPI document, generated from the same zod schemas the server validates with. */
export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTES) {
    const parameters: unknown[] = [];
    for (const m of r.path.matchAll(/\{(\w+)\}/g)) parameters.push({ name: m[1], in: 'path', required: true, schema: m[1] === 'id' ? { type: 'string', format: 'uuid' } : { type: 'string', minLength: 1 } });
    if (r.query) {
      for (const [name, t] of Object.entries(r.query.shape)) {
        parameters.push({ name, in: 'query', required: !(t as z.ZodType).safeParse(undefined).success, schema: schema(t as z.ZodType, 'input') });
      }
    }
    const security = r.access === 'public' ? [] : r.access === 'ingest-key' ? [{ apiKey: [] }] : [{ bearer: [] }];
    const responses: Record<string, unknown> = { [String(r.status ?? 200)]: successResponse(r) };
    for (const status of errorStatuses(r)) {
      // Health answers its own body when degraded, not an error body.
      responses[String(status)] = r.id === 'getHealth' && status === 503 ? { description: 'Degraded: the database is down.', content: { 'application/json': { schema: schema(S.Health, 'output') } } } : errorRef(status);
    }
    if (!r.noDatabase && r.id !== 'getHealth') responses['5XX'] = errorRef('5XX');
    const body = requestBody(r);
    (paths[r.path] ??= {})[r.method] = {
      operationId: r.id,
      tags: [r.tag],
      summary: r.summary,
      description: accessText(r.access),
      security,
      parameters,
      ...(body ? { requestBody: body } : {}),
      responses,
    };
  }
  const error = (description: string, extra: Record<string, unknown> = {}) => ({ description, ...extra, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } });
  const errorResponses: Record<string, unknown> = {};
  for (const [status, description] of Object.entries(ERROR_DESCRIPTIONS)) {
    const retryAfter = status === '429' || status === '503' ? { headers: { 'Retry-After': { description: 'Seconds to wait before the next attempt.', schema: { type: 'integer', minimum: 1 } } } } : {};
    errorResponses[`Error${status}`] = error(description, retryAfter);
  }
  errorResponses.Error5XX = error('`internal`: a bug; the `requestId` finds it in the logs. `unavailable` (503, with `Retry-After`) while the database cannot be reached or the server shuts down.');
  return {
    openapi: '3.0.3',
    info: {
      title: 'Siaga API',
      version: VERSION,
      description: 'Social media crisis monitoring. Conventions: docs/api.md. Every error answers `{error: {code, message, details?}, requestId}`; `requestId` is also the `X-Request-Id` header.',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    // Relative: the API is served on the dashboard's own origin, whatever its public URL.
    servers: [{ url: '/', description: 'This Siaga server' }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The `accessToken` of `POST /api/auth/login`.' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'An ingest key (`POST /api/ingest-keys`).' },
      },
      schemas: { ErrorBody: schema(S.ErrorBody, 'output') },
      responses: errorResponses,
    },
    paths,
  };
}

export const DOCUMENTED_ROUTES = ROUTES.map((r) => ({ method: r.method, path: r.path, access: r.access, operationId: r.id, content: r.content ?? 'json' }));
