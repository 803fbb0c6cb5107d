/**
 * The dashboard's calls, typed against the client openapi-typescript generates from the document.
 * test/openapi.spec.ts writes this source beside the generated `openapi-types.ts` (in
 * reports/openapi-client/) and runs `tsc --noEmit` over it with the client's compiler settings:
 * a route the dashboard calls that the document lacks, or an answer whose documented type differs
 * from the one the dashboard's API functions declare, is a compile error naming the route.
 * It lives in a string because tsconfig.check.json (node, no DOM) cannot compile client imports.
 */
export const CLIENT_CHECK_SOURCE = String.raw`
import type * as S from '@siaga/shared';
import type { paths } from './openapi-types';
import type { createProgram, deleteProgram, fetchEscalationPolicy, fetchProgram, previewQuery, runBacktest, saveEscalationPolicy, updateProgram, validateQuery } from '../../client/src/features/programs/api';
import type { auditApi, ingestKeysApi, usersApi, webhooksApi } from '../../client/src/features/admin/adminApi';
import type { officialChannelsApi } from '../../client/src/features/admin/officialChannelsApi';
import type { fetchPostsPage, relabelPost } from '../../client/src/features/posts/postsApi';
import type { AlertActionRequest, fetchAlerts, postAlertAction } from '../../client/src/features/alerts/alertsApi';
import type { endProgramSnooze, fetchProgramSnooze, fetchPrograms, saveProgramSnooze } from '../../client/src/lib/programs';
import type { logout } from '../../client/src/api/client';
import type { IncidentChange, changeIncident, createIncident, fetchIncident, fetchIncidents } from '../../client/src/features/incidents/incidentsApi';
import type { saveDigestSubscription } from '../../client/src/features/settings/settingsApi';
import type { sourcesApi } from '../../client/src/features/sources/sourcesApi';

type Fn = (...args: never[]) => unknown;
/** What a dashboard API function resolves to, and its i-th argument. */
type Answer<F extends Fn> = Awaited<ReturnType<F>>;
type Arg<F extends Fn, I extends number> = Parameters<F>[I];

/** The documented JSON answer of an operation for a status, and its JSON request body. */
type Json<Op, Status extends number = 200> = Op extends { responses: { [K in Status]: { content: { 'application/json': infer B } } } } ? B : never;
type Body<Op> = Op extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;
type Documented<Op, Status extends number, Media extends string> = Op extends { responses: { [K in Status]: { content: { [M in Media]: unknown } } } } ? true : false;

/** The documented answer and the client's type fit both ways (never: the document lacks it). */
type Same<Doc, Client> = [Doc] extends [never] ? false : [Doc] extends [Client] ? ([Client] extends [Doc] ? true : false) : false;
/** What the client sends is a body the document accepts. */
type Sends<Client, Doc> = [Doc] extends [never] ? false : [Client] extends [Doc] ? true : false;
/** A 204 answer, for the calls the dashboard types as void. */
type NoContent<Op, Client> = Op extends { responses: { 204: unknown } } ? ([Client] extends [void] ? true : false) : false;

declare function fits<T extends true>(route: string): void;
type P = paths;
type ActionBody<A extends AlertActionRequest['action']> = Extract<AlertActionRequest, { action: A }>['body'];
type ChangeBody<K extends IncidentChange['kind']> = Extract<IncidentChange, { kind: K }>['body'];

fits<Same<Json<P['/api/auth/login']['post']>, S.TokenPair>>('POST /api/auth/login');
fits<Sends<S.LoginRequest, Body<P['/api/auth/login']['post']>>>('POST /api/auth/login');
fits<Same<Json<P['/api/auth/refresh']['post']>, S.TokenPair>>('POST /api/auth/refresh');
fits<Sends<{ refreshToken: string }, Body<P['/api/auth/refresh']['post']>>>('POST /api/auth/refresh');
fits<Same<Json<P['/api/auth/me']['get']>, S.UserSummary>>('GET /api/auth/me');
fits<NoContent<P['/api/auth/logout']['post'], Answer<typeof logout>>>('POST /api/auth/logout');
fits<Sends<S.LogoutRequest, Body<P['/api/auth/logout']['post']>>>('POST /api/auth/logout');

fits<Same<Json<P['/api/programs']['get']>, Answer<typeof fetchPrograms>>>('GET /api/programs');
fits<Same<Json<P['/api/programs']['post'], 201>, Answer<typeof createProgram>>>('POST /api/programs');
fits<Sends<Arg<typeof createProgram, 0>, Body<P['/api/programs']['post']>>>('POST /api/programs');
fits<Same<Json<P['/api/programs/{id}']['get']>, Answer<typeof fetchProgram>>>('GET /api/programs/{id}');
fits<Same<Json<P['/api/programs/{id}']['patch']>, Answer<typeof updateProgram>>>('PATCH /api/programs/{id}');
fits<Sends<Arg<typeof updateProgram, 1>, Body<P['/api/programs/{id}']['patch']>>>('PATCH /api/programs/{id}');
fits<NoContent<P['/api/programs/{id}']['delete'], Answer<typeof deleteProgram>>>('DELETE /api/programs/{id}');
fits<Same<Json<P['/api/programs/validate-query']['post']>, Answer<typeof validateQuery>>>('POST /api/programs/validate-query');
fits<Sends<{ query: Arg<typeof validateQuery, 0> }, Body<P['/api/programs/validate-query']['post']>>>('POST /api/programs/validate-query');
fits<Same<Json<P['/api/programs/preview']['post']>, Answer<typeof previewQuery>>>('POST /api/programs/preview');
fits<Sends<Arg<typeof previewQuery, 0>, Body<P['/api/programs/preview']['post']>>>('POST /api/programs/preview');
fits<Same<Json<P['/api/detection/backtest']['post']>, Answer<typeof runBacktest>>>('POST /api/detection/backtest');
fits<Sends<Arg<typeof runBacktest, 0>, Body<P['/api/detection/backtest']['post']>>>('POST /api/detection/backtest');
fits<Same<Json<P['/api/programs/{id}/escalation-policy']['get']>, Answer<typeof fetchEscalationPolicy>>>('GET /api/programs/{id}/escalation-policy');
fits<Same<Json<P['/api/programs/{id}/escalation-policy']['put']>, Answer<typeof saveEscalationPolicy>>>('PUT /api/programs/{id}/escalation-policy');
fits<Sends<Arg<typeof saveEscalationPolicy, 1>, Body<P['/api/programs/{id}/escalation-policy']['put']>>>('PUT /api/programs/{id}/escalation-policy');
fits<Same<Json<P['/api/programs/{id}/snooze']['get']>, Answer<typeof fetchProgramSnooze>>>('GET /api/programs/{id}/snooze');
// PUT answers the snooze it set: "until" is never null there, which the client's type allows.
fits<Sends<Json<P['/api/programs/{id}/snooze']['put']>, Answer<typeof saveProgramSnooze>>>('PUT /api/programs/{id}/snooze');
fits<Sends<Arg<typeof saveProgramSnooze, 1>, Body<P['/api/programs/{id}/snooze']['put']>>>('PUT /api/programs/{id}/snooze');
fits<NoContent<P['/api/programs/{id}/snooze']['delete'], Answer<typeof endProgramSnooze>>>('DELETE /api/programs/{id}/snooze');

fits<Same<Json<P['/api/users']['get']>, Answer<typeof usersApi.list>>>('GET /api/users');
fits<Same<Json<P['/api/users']['post'], 201>, Answer<typeof usersApi.create>>>('POST /api/users');
fits<Sends<Arg<typeof usersApi.create, 0>, Body<P['/api/users']['post']>>>('POST /api/users');
fits<Same<Json<P['/api/users/{id}']['patch']>, Answer<typeof usersApi.update>>>('PATCH /api/users/{id}');
fits<Sends<Arg<typeof usersApi.update, 1>, Body<P['/api/users/{id}']['patch']>>>('PATCH /api/users/{id}');
fits<NoContent<P['/api/users/{id}/password']['put'], Answer<typeof usersApi.setPassword>>>('PUT /api/users/{id}/password');
fits<Sends<Arg<typeof usersApi.setPassword, 1>, Body<P['/api/users/{id}/password']['put']>>>('PUT /api/users/{id}/password');
fits<NoContent<P['/api/users/{id}']['delete'], Answer<typeof usersApi.remove>>>('DELETE /api/users/{id}');
fits<Same<Json<P['/api/ingest-keys']['get']>, Answer<typeof ingestKeysApi.list>>>('GET /api/ingest-keys');
fits<Same<Json<P['/api/ingest-keys']['post'], 201>, Answer<typeof ingestKeysApi.create>>>('POST /api/ingest-keys');
fits<Sends<Arg<typeof ingestKeysApi.create, 0>, Body<P['/api/ingest-keys']['post']>>>('POST /api/ingest-keys');
fits<Same<Json<P['/api/ingest-keys/{id}']['delete']>, Answer<typeof ingestKeysApi.revoke>>>('DELETE /api/ingest-keys/{id}');
fits<Same<Json<P['/api/webhooks']['get']>, Answer<typeof webhooksApi.list>>>('GET /api/webhooks');
fits<Same<Json<P['/api/webhooks']['post'], 201>, Answer<typeof webhooksApi.create>>>('POST /api/webhooks');
fits<Sends<Arg<typeof webhooksApi.create, 0>, Body<P['/api/webhooks']['post']>>>('POST /api/webhooks');
fits<NoContent<P['/api/webhooks/{id}']['delete'], Answer<typeof webhooksApi.remove>>>('DELETE /api/webhooks/{id}');
fits<Same<Json<P['/api/webhooks/{id}']['patch']>, Answer<typeof webhooksApi.update>>>('PATCH /api/webhooks/{id}');
fits<Sends<Arg<typeof webhooksApi.update, 1>, Body<P['/api/webhooks/{id}']['patch']>>>('PATCH /api/webhooks/{id}');
fits<Same<Json<P['/api/webhooks/{id}/test']['post']>, Answer<typeof webhooksApi.test>>>('POST /api/webhooks/{id}/test');
fits<Same<Json<P['/api/official-channels']['get']>, Answer<typeof officialChannelsApi.list>>>('GET /api/official-channels');
fits<Same<Json<P['/api/official-channels']['post'], 201>, Answer<typeof officialChannelsApi.create>>>('POST /api/official-channels');
fits<Sends<Arg<typeof officialChannelsApi.create, 0>, Body<P['/api/official-channels']['post']>>>('POST /api/official-channels');
fits<Same<Json<P['/api/official-channels/{id}']['delete']>, Answer<typeof officialChannelsApi.remove>>>('DELETE /api/official-channels/{id}');
fits<Same<Json<P['/api/sources']['get']>, Answer<typeof sourcesApi.list>>>('GET /api/sources');
fits<Same<Json<P['/api/sources/states']['get']>, Answer<typeof sourcesApi.states>>>('GET /api/sources/states');
fits<Same<Json<P['/api/sources']['post'], 201>, Answer<typeof sourcesApi.create>>>('POST /api/sources');
fits<Sends<Arg<typeof sourcesApi.create, 0>, Body<P['/api/sources']['post']>>>('POST /api/sources');
fits<Same<Json<P['/api/sources/{id}']['patch']>, Answer<typeof sourcesApi.update>>>('PATCH /api/sources/{id}');
fits<Sends<Arg<typeof sourcesApi.update, 1>, Body<P['/api/sources/{id}']['patch']>>>('PATCH /api/sources/{id}');
fits<NoContent<P['/api/sources/{id}']['delete'], Answer<typeof sourcesApi.remove>>>('DELETE /api/sources/{id}');
fits<Same<Json<P['/api/sources/{id}/test']['post']>, Answer<typeof sourcesApi.test>>>('POST /api/sources/{id}/test');
fits<Same<Json<P['/api/audit']['get']>, Answer<typeof auditApi.list>>>('GET /api/audit');

fits<Same<Json<P['/api/posts']['get']>, Answer<typeof fetchPostsPage>>>('GET /api/posts');
fits<Same<Json<P['/api/posts/{id}/sentiment']['post']>, Answer<typeof relabelPost>>>('POST /api/posts/{id}/sentiment');
fits<Sends<Arg<typeof relabelPost, 1>, Body<P['/api/posts/{id}/sentiment']['post']>>>('POST /api/posts/{id}/sentiment');
fits<Documented<P['/api/posts/export']['get'], 200, 'text/csv'>>('GET /api/posts/export');

fits<Same<Json<P['/api/alerts']['get']>, Answer<typeof fetchAlerts>>>('GET /api/alerts');
fits<Same<Json<P['/api/alerts/counts']['get']>, S.AlertCounts>>('GET /api/alerts/counts');
fits<Same<Json<P['/api/alerts/{id}']['get']>, S.AlertDetail>>('GET /api/alerts/{id}');
fits<Same<Json<P['/api/alerts/{id}/deliveries']['get']>, S.Delivery[]>>('GET /api/alerts/{id}/deliveries');
fits<Same<Json<P['/api/alerts/{id}/acknowledge']['post']>, Answer<typeof postAlertAction>>>('POST /api/alerts/{id}/acknowledge');
fits<Sends<ActionBody<'acknowledge'>, Body<P['/api/alerts/{id}/acknowledge']['post']>>>('POST /api/alerts/{id}/acknowledge');
fits<Same<Json<P['/api/alerts/{id}/resolve']['post']>, Answer<typeof postAlertAction>>>('POST /api/alerts/{id}/resolve');
fits<Sends<ActionBody<'resolve'>, Body<P['/api/alerts/{id}/resolve']['post']>>>('POST /api/alerts/{id}/resolve');
fits<Same<Json<P['/api/alerts/{id}/assign']['post']>, Answer<typeof postAlertAction>>>('POST /api/alerts/{id}/assign');
fits<Sends<ActionBody<'assign'>, Body<P['/api/alerts/{id}/assign']['post']>>>('POST /api/alerts/{id}/assign');
fits<Same<Json<P['/api/alerts/{id}/notes']['post']>, Answer<typeof postAlertAction>>>('POST /api/alerts/{id}/notes');
fits<Sends<ActionBody<'notes'>, Body<P['/api/alerts/{id}/notes']['post']>>>('POST /api/alerts/{id}/notes');

fits<Same<Json<P['/api/incidents']['get']>, Answer<typeof fetchIncidents>>>('GET /api/incidents');
fits<Same<Json<P['/api/incidents']['post'], 201>, Answer<typeof createIncident>>>('POST /api/incidents');
fits<Sends<Arg<typeof createIncident, 0>, Body<P['/api/incidents']['post']>>>('POST /api/incidents');
fits<Same<Json<P['/api/incidents/{id}']['get']>, Answer<typeof fetchIncident>>>('GET /api/incidents/{id}');
fits<Same<Json<P['/api/incidents/{id}']['patch']>, Answer<typeof changeIncident>>>('PATCH /api/incidents/{id}');
fits<Sends<ChangeBody<'update'>, Body<P['/api/incidents/{id}']['patch']>>>('PATCH /api/incidents/{id}');
fits<Same<Json<P['/api/incidents/{id}/notes']['post']>, Answer<typeof changeIncident>>>('POST /api/incidents/{id}/notes');
fits<Sends<ChangeBody<'notes'>, Body<P['/api/incidents/{id}/notes']['post']>>>('POST /api/incidents/{id}/notes');
fits<Same<Json<P['/api/incidents/{id}/actions']['post']>, Answer<typeof changeIncident>>>('POST /api/incidents/{id}/actions');
fits<Sends<ChangeBody<'actions'>, Body<P['/api/incidents/{id}/actions']['post']>>>('POST /api/incidents/{id}/actions');
fits<Same<Json<P['/api/incidents/{id}/alerts']['post']>, Answer<typeof changeIncident>>>('POST /api/incidents/{id}/alerts');
fits<Sends<ChangeBody<'alerts'>, Body<P['/api/incidents/{id}/alerts']['post']>>>('POST /api/incidents/{id}/alerts');
fits<Same<Json<P['/api/incidents/{id}/pins']['post']>, Answer<typeof changeIncident>>>('POST /api/incidents/{id}/pins');
fits<Sends<ChangeBody<'pins'>, Body<P['/api/incidents/{id}/pins']['post']>>>('POST /api/incidents/{id}/pins');
fits<Documented<P['/api/incidents/{id}/report.pdf']['get'], 200, 'application/pdf'>>('GET /api/incidents/{id}/report.pdf');
fits<Documented<P['/api/incidents/{id}/report.md']['get'], 200, 'text/markdown'>>('GET /api/incidents/{id}/report.md');
fits<Same<Json<P['/api/incidents/{id}/report.json']['get']>, S.IncidentReport>>('GET /api/incidents/{id}/report.json');
fits<Documented<P['/api/incidents/{id}/report.csv']['get'], 200, 'text/csv'>>('GET /api/incidents/{id}/report.csv');

fits<Same<Json<P['/api/metrics/series']['get']>, S.SeriesResponse>>('GET /api/metrics/series');
fits<Same<Json<P['/api/metrics/overview']['get']>, S.OverviewResponse>>('GET /api/metrics/overview');
fits<Same<Json<P['/api/metrics/top']['get']>, S.TopResponse>>('GET /api/metrics/top');
fits<Same<Json<P['/api/metrics/actors']['get']>, S.ActorsResponse>>('GET /api/metrics/actors');
fits<Same<Json<P['/api/metrics/network']['get']>, S.NetworkResponse>>('GET /api/metrics/network');
fits<Same<Json<P['/api/metrics/places']['get']>, S.PlacesResponse>>('GET /api/metrics/places');
fits<Same<Json<P['/api/metrics/platforms']['get']>, S.PlatformsResponse>>('GET /api/metrics/platforms');
fits<Same<Json<P['/api/accounts/{source}/{handle}']['get']>, S.AccountResponse>>('GET /api/accounts/{source}/{handle}');
fits<Same<Json<P['/api/detection/band']['get']>, S.BandResponse>>('GET /api/detection/band');

fits<Same<Json<P['/api/digests/preview']['get']>, S.Digest>>('GET /api/digests/preview');
fits<Same<Json<P['/api/me/notification-preferences']['get']>, S.NotificationPreferences>>('GET /api/me/notification-preferences');
fits<Same<Json<P['/api/me/notification-preferences']['put']>, S.NotificationPreferences>>('PUT /api/me/notification-preferences');
fits<Sends<S.NotificationPreferences, Body<P['/api/me/notification-preferences']['put']>>>('PUT /api/me/notification-preferences');
fits<Same<Json<P['/api/me/digest-subscription']['get']>, S.DigestSubscription>>('GET /api/me/digest-subscription');
fits<Same<Json<P['/api/me/digest-subscription']['put']>, Answer<typeof saveDigestSubscription>>>('PUT /api/me/digest-subscription');
fits<Sends<Arg<typeof saveDigestSubscription, 0>, Body<P['/api/me/digest-subscription']['put']>>>('PUT /api/me/digest-subscription');
`;

/** The routes the check covers, as "METHOD /path/{id}". */
export const CHECKED_ROUTES = [...new Set([...CLIENT_CHECK_SOURCE.matchAll(/fits<.*>\('(\w+ \S+)'\);/g)].map((m) => m[1]!))];
