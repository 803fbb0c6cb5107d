import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  CreateIncident,
  type AddIncidentAction,
  type AddIncidentNote,
  type Incident,
  type IncidentDetail,
  type IncidentEntryKind,
  type IncidentsQuery,
  type LinkIncidentAlerts,
  type Page,
  type PinIncidentPost,
  type UpdateIncident,
} from '@siaga/shared';
import type { EntityManager } from 'typeorm';
import { toAlert } from '../alerts/alert.mapper.js';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/access.decorators.js';
import { UsersService } from '../auth/users.service.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { decodeCursor, toPage } from '../common/cursor.js';
import { AppError, notFound } from '../common/errors.js';
import { Database } from '../database/database.js';
import { EventBus } from '../events/event-bus.js';
import { toPost } from '../posts/posts.service.js';
import './incidents.events.js';
import { toEntry, toIncident } from './incident.mapper.js';
import { IncidentsRepository, type IncidentPatch } from './incidents.repository.js';

type Locked = NonNullable<Awaited<ReturnType<IncidentsRepository['lock']>>>;

/**
 * Incidents: alerts grouped into one response, and its timeline. Every change writes a timeline
 * entry and an audit entry in the same transaction, and is published as `incident.changed`
 * after the commit.
 */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly db: Database,
    private readonly repo: IncidentsRepository,
    private readonly events: EventBus,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(actor: Principal, input: CreateIncident): Promise<Incident> {
    const body = CreateIncident.parse(input);
    // Checked before the transaction: on PGlite a statement outside it would wait for it.
    if (body.ownerId && !(await this.users.isActive(body.ownerId))) throw new AppError('validation_failed', 'ownerId: no such active user');
    const now = this.clock.now();
    const id = randomUUID();
    await this.db.transaction(async (em) => {
      const alerts = await this.repo.alertsByIds(body.alertIds, em);
      const missing = body.alertIds.filter((a) => !alerts.some((x) => x.id === a.toLowerCase()));
      if (missing.length) throw new AppError('validation_failed', `alertIds: no such alert: ${missing.join(', ')}`);
      const known = await this.repo.existingPrograms(body.programIds, em);
      const unknown = body.programIds.filter((p) => !known.includes(p.toLowerCase()));
      if (unknown.length) throw new AppError('validation_failed', `programIds: no such program: ${unknown.join(', ')}`);
      const programIds = [...new Set([...known, ...alerts.map((a) => a.program_id)])];
      if (!programIds.length) throw new AppError('validation_failed', 'an incident needs a program: give programIds or alertIds');
      const earliest = alerts.reduce<Date | undefined>((min, a) => (!min || new Date(a.opened_at) < min ? new Date(a.opened_at) : min), undefined);
      const startedAt = body.startedAt ? new Date(body.startedAt) : (earliest ?? now);
      if (startedAt > now) throw new AppError('validation_failed', 'startedAt: must not be in the future');
      await this.repo.insert(em, { id, title: body.title, program_ids: programIds, severity: body.severity, owner_id: body.ownerId ?? null, started_at: startedAt, summary: body.summary ?? '', created_by: actor.id, at: now });
      await this.entry(em, id, actor, 'created', { text: body.title, details: { severity: body.severity, programIds } });
      const linked = await this.repo.linkAlerts(em, id, body.alertIds, now);
      for (const alertId of linked) await this.entry(em, id, actor, 'alert', { alertId });
      await this.audit.record(actor, 'incident.created', { type: 'incident', id }, { title: body.title, programIds, alertIds: linked }, em);
    });
    return this.publish(id, 'created');
  }

  async list(q: IncidentsQuery, limit: number, cursor?: string): Promise<Page<Incident>> {
    const rows = await this.repo.list(q, limit, decodeCursor(cursor));
    return toPage(rows, limit, toIncident, (r) => ({ at: new Date(r.started_at), id: r.id }));
  }

  async get(id: string): Promise<IncidentDetail> {
    const row = await this.repo.get(id);
    if (!row) throw notFound('incident');
    const [alerts, pins, entries] = await Promise.all([this.repo.alerts(id), this.repo.pins(id), this.repo.entries(id)]);
    return {
      ...toIncident(row),
      alerts: alerts.map(toAlert),
      pins: pins.map((p) => ({ post: toPost(p), pinnedAt: new Date(p.pinned_at).toISOString(), userName: p.pin_user_name, note: p.pin_note })),
      timeline: entries.map(toEntry),
    };
  }

  async update(actor: Principal, id: string, body: UpdateIncident): Promise<Incident> {
    if (body.ownerId && !(await this.users.isActive(body.ownerId))) throw new AppError('validation_failed', 'ownerId: no such active user');
    let kind: IncidentEntryKind = 'edit';
    await this.change(actor, id, async (em, cur, now) => {
      const patch: IncidentPatch = {};
      const changed: string[] = [];
      for (const k of ['title', 'severity', 'summary', 'lessons'] as const) {
        if (body[k] !== undefined) {
          (patch as Record<string, unknown>)[k] = body[k];
          changed.push(k);
        }
      }
      if (body.ownerId !== undefined) {
        patch.owner_id = body.ownerId;
        changed.push('ownerId');
      }
      let startedAt = new Date(cur.started_at);
      let endedAt = cur.ended_at ? new Date(cur.ended_at) : null;
      if (body.startedAt !== undefined) {
        startedAt = new Date(body.startedAt);
        patch.started_at = startedAt;
        changed.push('startedAt');
      }
      if (body.status !== undefined && body.status !== cur.status) {
        patch.status = body.status;
        kind = 'status';
        // Closing ends the span now (unless given); reopening makes it open-ended again.
        if (body.status === 'closed' && body.endedAt === undefined && !endedAt) endedAt = now;
        if (cur.status === 'closed' && body.endedAt === undefined) endedAt = null;
        patch.ended_at = endedAt;
      }
      if (body.endedAt !== undefined) {
        endedAt = body.endedAt === null ? null : new Date(body.endedAt);
        if (endedAt && (body.status ?? cur.status) !== 'closed') throw new AppError('validation_failed', 'endedAt: only a closed incident has an end');
        patch.ended_at = endedAt;
        changed.push('endedAt');
      }
      if (endedAt && endedAt <= startedAt) throw new AppError('validation_failed', 'endedAt: must be after startedAt');
      if (startedAt > now) throw new AppError('validation_failed', 'startedAt: must not be in the future');
      if (!Object.keys(patch).length) return undefined;
      await this.repo.update(em, id, patch);
      const details: Record<string, unknown> = { fields: changed };
      if (kind === 'status') Object.assign(details, { from: cur.status, to: body.status });
      await this.entry(em, id, actor, kind, { details });
      return kind;
    });
    return this.publish(id, kind);
  }

  async addNote(actor: Principal, id: string, body: AddIncidentNote): Promise<Incident> {
    await this.change(actor, id, async (em) => {
      await this.entry(em, id, actor, 'note', { text: body.text });
      return 'note';
    });
    return this.publish(id, 'note');
  }

  async addAction(actor: Principal, id: string, body: AddIncidentAction): Promise<Incident> {
    await this.change(actor, id, async (em, _cur, now) => {
      const at = body.at ? new Date(body.at) : now;
      if (at > now) throw new AppError('validation_failed', 'at: an action is recorded once taken, not in the future');
      await this.entry(em, id, actor, 'action', { text: body.text, url: body.url ?? null, at });
      return 'action';
    });
    return this.publish(id, 'action');
  }

  async linkAlerts(actor: Principal, id: string, body: LinkIncidentAlerts): Promise<Incident> {
    await this.change(actor, id, async (em, cur, now) => {
      const alerts = await this.repo.alertsByIds(body.alertIds, em);
      const missing = body.alertIds.filter((a) => !alerts.some((x) => x.id === a.toLowerCase()));
      if (missing.length) throw new AppError('validation_failed', `alertIds: no such alert: ${missing.join(', ')}`);
      const linked = await this.repo.linkAlerts(em, id, body.alertIds, now);
      if (!linked.length) return undefined;
      // A linked alert of another program brings its program into the incident.
      const programIds = [...new Set([...cur.program_ids, ...alerts.map((a) => a.program_id)])];
      if (programIds.length !== cur.program_ids.length) await this.repo.update(em, id, { program_ids: programIds });
      for (const alertId of linked) await this.entry(em, id, actor, 'alert', { alertId });
      return 'alert';
    });
    return this.publish(id, 'alert');
  }

  async pin(actor: Principal, id: string, body: PinIncidentPost): Promise<Incident> {
    if (!(await this.repo.postExists(body.postId))) throw new AppError('validation_failed', 'postId: no such post');
    await this.change(actor, id, async (em, _cur, now) => {
      const pinned = await this.repo.pin(em, { incidentId: id, postId: body.postId, at: now, userId: actor.id, userName: actor.name, note: body.note ?? null });
      if (!pinned) throw new AppError('conflict', 'the post is pinned already');
      await this.entry(em, id, actor, 'pin', { postId: body.postId, text: body.note ?? null });
      return 'pin';
    });
    return this.publish(id, 'pin');
  }

  /** Runs a change under the incident's row lock; audits it and bumps `updated_at` when it did something. */
  private async change(actor: Principal, id: string, work: (em: EntityManager, cur: Locked, now: Date) => Promise<IncidentEntryKind | undefined>): Promise<void> {
    await this.db.transaction(async (em) => {
      const cur = await this.repo.lock(em, id);
      if (!cur) throw notFound('incident');
      const now = this.clock.now();
      const kind = await work(em, cur, now);
      if (!kind) return;
      await this.repo.update(em, id, { updated_at: now });
      await this.audit.record(actor, 'incident.updated', { type: 'incident', id }, { change: kind }, em);
    });
  }

  private entry(
    em: EntityManager,
    incidentId: string,
    actor: Principal,
    kind: IncidentEntryKind,
    e: { text?: string | null; url?: string | null; at?: Date; alertId?: string; postId?: string; details?: Record<string, unknown> },
  ): Promise<void> {
    const now = this.clock.now();
    return this.repo.addEntry(em, {
      id: randomUUID(),
      incident_id: incidentId,
      at: e.at ?? now,
      recorded_at: now,
      user_id: actor.id,
      user_name: actor.name,
      kind,
      text: e.text ?? null,
      url: e.url ?? null,
      alert_id: e.alertId ?? null,
      post_id: e.postId ?? null,
      details: e.details ?? {},
    });
  }

  /** Reads the committed incident back and tells listeners (the live relay). */
  private async publish(id: string, change: IncidentEntryKind): Promise<Incident> {
    const row = await this.repo.get(id);
    if (!row) throw notFound('incident');
    const incident = toIncident(row);
    this.events.emit('incident.changed', { incident, change });
    return incident;
  }
}
