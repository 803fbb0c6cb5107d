-- Incidents: alerts grouped into one response, with a timeline of notes, actions taken, linked
-- alerts, pinned posts and status changes (who and when), and the summary and lessons a report
-- is written from. The span runs from started_at to ended_at (null while not closed).

-- migrate:up
CREATE TABLE incidents (
  id uuid NOT NULL,
  title text NOT NULL,
  program_ids uuid[] NOT NULL DEFAULT '{}',
  severity text NOT NULL,
  status text NOT NULL DEFAULT 'open',
  owner_id uuid,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  summary text NOT NULL DEFAULT '',
  lessons text NOT NULL DEFAULT '',
  created_by uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT incidents_pkey PRIMARY KEY (id),
  CONSTRAINT incidents_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT incidents_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT incidents_severity_check CHECK (severity IN ('info', 'warning', 'critical')),
  CONSTRAINT incidents_status_check CHECK (status IN ('open', 'monitoring', 'closed')),
  CONSTRAINT incidents_span_check CHECK (ended_at IS NULL OR ended_at > started_at)
);
CREATE INDEX incidents_started_at_idx ON incidents (started_at DESC, id DESC);
CREATE INDEX incidents_status_started_at_idx ON incidents (status, started_at DESC, id DESC);

CREATE TABLE incident_alerts (
  incident_id uuid NOT NULL,
  alert_id uuid NOT NULL,
  linked_at timestamptz NOT NULL,
  CONSTRAINT incident_alerts_pkey PRIMARY KEY (incident_id, alert_id),
  CONSTRAINT incident_alerts_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES incidents (id) ON DELETE CASCADE,
  CONSTRAINT incident_alerts_alert_id_fkey FOREIGN KEY (alert_id) REFERENCES alerts (id) ON DELETE CASCADE
);
CREATE INDEX incident_alerts_alert_id_idx ON incident_alerts (alert_id);

CREATE TABLE incident_pins (
  incident_id uuid NOT NULL,
  post_id uuid NOT NULL,
  pinned_at timestamptz NOT NULL,
  user_id uuid,
  user_name text,
  note text,
  CONSTRAINT incident_pins_pkey PRIMARY KEY (incident_id, post_id),
  CONSTRAINT incident_pins_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES incidents (id) ON DELETE CASCADE,
  CONSTRAINT incident_pins_post_id_fkey FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE
);

CREATE TABLE incident_entries (
  id uuid NOT NULL,
  -- Orders entries of the same instant.
  n bigserial NOT NULL,
  incident_id uuid NOT NULL,
  at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  user_id uuid,
  user_name text,
  kind text NOT NULL,
  text text,
  url text,
  alert_id uuid,
  post_id uuid,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  CONSTRAINT incident_entries_pkey PRIMARY KEY (id),
  CONSTRAINT incident_entries_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES incidents (id) ON DELETE CASCADE,
  CONSTRAINT incident_entries_kind_check CHECK (kind IN ('created', 'note', 'action', 'alert', 'pin', 'status', 'edit'))
);
CREATE INDEX incident_entries_incident_id_at_idx ON incident_entries (incident_id, at, n);

-- migrate:down
DROP TABLE incident_entries;
DROP TABLE incident_pins;
DROP TABLE incident_alerts;
DROP TABLE incidents;
