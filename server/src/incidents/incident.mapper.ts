import type { Incident, IncidentEntry } from '@siaga/shared';
import type { EntryRow, IncidentRow } from './incidents.repository.js';

const iso = (d: Date | string) => new Date(d).toISOString();

export function toIncident(r: IncidentRow): Incident {
  return {
    id: r.id,
    title: r.title,
    programIds: r.programs.map((p) => p.id),
    programs: r.programs,
    severity: r.severity,
    status: r.status,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    startedAt: iso(r.started_at),
    endedAt: r.ended_at ? iso(r.ended_at) : null,
    summary: r.summary,
    lessons: r.lessons,
    alertCount: r.alert_count,
    createdBy: r.created_by,
    createdByName: r.created_by_name,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export function toEntry(r: EntryRow): IncidentEntry {
  return {
    id: r.id,
    at: iso(r.at),
    recordedAt: iso(r.recorded_at),
    userId: r.user_id,
    userName: r.user_name,
    kind: r.kind,
    text: r.text,
    url: r.url,
    alertId: r.alert_id,
    postId: r.post_id,
    details: r.details,
  };
}
