-- Alerts: lifecycle, notes, history, escalation policies, notification preferences, webhooks,
-- deliveries, and the alert event log that live clients replay after a reconnect.

-- migrate:up
CREATE TABLE alerts (
  id uuid NOT NULL,
  program_id uuid NOT NULL,
  kind text NOT NULL,
  severity text NOT NULL,
  status text NOT NULL DEFAULT 'open',
  dedup_key text NOT NULL,
  count integer NOT NULL DEFAULT 1,
  peak_score real NOT NULL,
  peak_observed double precision NOT NULL,
  explanation jsonb NOT NULL,
  opened_at timestamptz NOT NULL,
  last_triggered_at timestamptz NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by uuid,
  resolved_at timestamptz,
  resolved_by uuid,
  resolution text,
  assignee_id uuid,
  escalation_level integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL,
  CONSTRAINT alerts_pkey PRIMARY KEY (id),
  CONSTRAINT alerts_program_id_fkey FOREIGN KEY (program_id) REFERENCES programs (id) ON DELETE CASCADE,
  CONSTRAINT alerts_assignee_id_fkey FOREIGN KEY (assignee_id) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT alerts_kind_check CHECK (kind IN ('volume_spike', 'negative_spike', 'negative_share_shift', 'coordinated_campaign')),
  CONSTRAINT alerts_severity_check CHECK (severity IN ('info', 'warning', 'critical')),
  CONSTRAINT alerts_status_check CHECK (status IN ('open', 'acknowledged', 'resolved')),
  CONSTRAINT alerts_resolution_check CHECK (resolution IS NULL OR resolution IN ('manual', 'auto'))
);
-- One unresolved alert per dedup key: a new trigger bumps it instead of opening another.
CREATE UNIQUE INDEX alerts_unresolved_dedup_key ON alerts (dedup_key) WHERE status <> 'resolved';
CREATE INDEX alerts_status_opened_at_idx ON alerts (status, opened_at DESC, id DESC);
CREATE INDEX alerts_program_id_opened_at_idx ON alerts (program_id, opened_at DESC, id DESC);
CREATE INDEX alerts_opened_at_idx ON alerts (opened_at DESC, id DESC);

CREATE TABLE alert_notes (
  id uuid NOT NULL,
  alert_id uuid NOT NULL,
  at timestamptz NOT NULL,
  user_id uuid,
  user_name text,
  text text NOT NULL,
  CONSTRAINT alert_notes_pkey PRIMARY KEY (id),
  CONSTRAINT alert_notes_alert_id_fkey FOREIGN KEY (alert_id) REFERENCES alerts (id) ON DELETE CASCADE
);
CREATE INDEX alert_notes_alert_id_idx ON alert_notes (alert_id, at);

CREATE TABLE alert_history (
  id uuid NOT NULL,
  -- Orders entries written within the same instant.
  n bigserial NOT NULL,
  alert_id uuid NOT NULL,
  at timestamptz NOT NULL,
  user_id uuid,
  user_name text,
  action text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  CONSTRAINT alert_history_pkey PRIMARY KEY (id),
  CONSTRAINT alert_history_alert_id_fkey FOREIGN KEY (alert_id) REFERENCES alerts (id) ON DELETE CASCADE
);
CREATE INDEX alert_history_alert_id_idx ON alert_history (alert_id, at, n);

-- Every alert change, in commit order (writers take a transaction-level advisory lock), so a
-- reconnecting client can be sent exactly what it missed.
CREATE TABLE alert_events (
  seq bigserial NOT NULL,
  alert_id uuid NOT NULL,
  program_id uuid NOT NULL,
  type text NOT NULL,
  payload jsonb NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT alert_events_pkey PRIMARY KEY (seq),
  CONSTRAINT alert_events_type_check CHECK (type IN ('opened', 'updated'))
);
CREATE INDEX alert_events_at_idx ON alert_events (at);

CREATE TABLE program_snoozes (
  program_id uuid NOT NULL,
  until timestamptz NOT NULL,
  reason text,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT program_snoozes_pkey PRIMARY KEY (program_id),
  CONSTRAINT program_snoozes_program_id_fkey FOREIGN KEY (program_id) REFERENCES programs (id) ON DELETE CASCADE
);

CREATE TABLE escalation_policies (
  program_id uuid NOT NULL,
  steps jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT escalation_policies_pkey PRIMARY KEY (program_id),
  CONSTRAINT escalation_policies_program_id_fkey FOREIGN KEY (program_id) REFERENCES programs (id) ON DELETE CASCADE
);

CREATE TABLE notification_preferences (
  user_id uuid NOT NULL,
  program_ids uuid[] NOT NULL DEFAULT '{}',
  min_severity text NOT NULL DEFAULT 'warning',
  email boolean NOT NULL DEFAULT true,
  in_app boolean NOT NULL DEFAULT true,
  CONSTRAINT notification_preferences_pkey PRIMARY KEY (user_id),
  CONSTRAINT notification_preferences_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE TABLE webhooks (
  id uuid NOT NULL,
  name text NOT NULL,
  url text NOT NULL,
  secret text NOT NULL,
  program_ids uuid[] NOT NULL DEFAULT '{}',
  min_severity text NOT NULL DEFAULT 'warning',
  active boolean NOT NULL DEFAULT true,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT webhooks_pkey PRIMARY KEY (id)
);

CREATE TABLE deliveries (
  id uuid NOT NULL,
  alert_id uuid NOT NULL,
  channel text NOT NULL,
  target text NOT NULL,
  reason text NOT NULL,
  status text NOT NULL DEFAULT 'pending',
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  next_attempt_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  CONSTRAINT deliveries_pkey PRIMARY KEY (id),
  CONSTRAINT deliveries_alert_id_fkey FOREIGN KEY (alert_id) REFERENCES alerts (id) ON DELETE CASCADE,
  CONSTRAINT deliveries_channel_check CHECK (channel IN ('email', 'webhook', 'in_app')),
  CONSTRAINT deliveries_status_check CHECK (status IN ('pending', 'sent', 'failed'))
);
CREATE INDEX deliveries_alert_id_idx ON deliveries (alert_id, created_at);
CREATE INDEX deliveries_pending_idx ON deliveries (next_attempt_at) WHERE status = 'pending';

-- migrate:down
DROP TABLE deliveries;
DROP TABLE webhooks;
DROP TABLE notification_preferences;
DROP TABLE escalation_policies;
DROP TABLE program_snoozes;
DROP TABLE alert_events;
DROP TABLE alert_history;
DROP TABLE alert_notes;
DROP TABLE alerts;
