-- Live sources: connectors that collect by themselves (RSS/Atom, Mastodon, Bluesky Jetstream,
-- signed webhooks, Telegram channels). Each source keeps its cursor (written after every
-- committed batch), its health (last success, last error, failures in a row), the gaps it
-- usually leaves between items, and its items per hour. Source health raises alerts through the
-- normal lifecycle: such an alert names a source instead of a program.

-- migrate:up
CREATE TABLE sources (
  id uuid NOT NULL,
  type text NOT NULL,
  name text NOT NULL,
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- AES-256-GCM under SIAGA_SECRET_KEY: base64url of iv, tag and ciphertext.
  secret_sealed text,
  enabled boolean NOT NULL DEFAULT true,
  cursor jsonb,
  last_success_at timestamptz,
  last_item_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  consecutive_failures integer NOT NULL DEFAULT 0,
  items_total bigint NOT NULL DEFAULT 0,
  skipped_total bigint NOT NULL DEFAULT 0,
  -- The newest gaps between batches that brought items, in seconds (the usual gap is learnt from them).
  gaps double precision[] NOT NULL DEFAULT '{}',
  created_by uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT sources_pkey PRIMARY KEY (id),
  CONSTRAINT sources_type_check CHECK (type IN ('rss', 'mastodon', 'bluesky', 'webhook', 'telegram')),
  CONSTRAINT sources_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX sources_name_key ON sources (lower(name));

CREATE TABLE source_hours (
  source_id uuid NOT NULL,
  hour timestamptz NOT NULL,
  items integer NOT NULL,
  CONSTRAINT source_hours_pkey PRIMARY KEY (source_id, hour),
  CONSTRAINT source_hours_source_id_fkey FOREIGN KEY (source_id) REFERENCES sources (id) ON DELETE CASCADE
);

-- A source alert has no program: it names its source.
ALTER TABLE alerts ALTER COLUMN program_id DROP NOT NULL;
ALTER TABLE alerts ADD COLUMN source_id uuid;
ALTER TABLE alerts ADD CONSTRAINT alerts_source_id_fkey FOREIGN KEY (source_id) REFERENCES sources (id) ON DELETE CASCADE;
ALTER TABLE alerts ADD CONSTRAINT alerts_subject_check CHECK ((program_id IS NULL) <> (source_id IS NULL));
CREATE INDEX alerts_source_id_idx ON alerts (source_id) WHERE source_id IS NOT NULL;
ALTER TABLE alerts DROP CONSTRAINT alerts_kind_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_kind_check
  CHECK (kind IN ('volume_spike', 'negative_spike', 'negative_share_shift', 'coordinated_campaign', 'harm_reports', 'source_silent', 'source_failing'));
ALTER TABLE alert_events ALTER COLUMN program_id DROP NOT NULL;

-- migrate:down
DELETE FROM alert_events WHERE program_id IS NULL;
ALTER TABLE alert_events ALTER COLUMN program_id SET NOT NULL;
DELETE FROM alerts WHERE source_id IS NOT NULL;
ALTER TABLE alerts DROP CONSTRAINT alerts_kind_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_kind_check
  CHECK (kind IN ('volume_spike', 'negative_spike', 'negative_share_shift', 'coordinated_campaign', 'harm_reports'));
DROP INDEX alerts_source_id_idx;
ALTER TABLE alerts DROP CONSTRAINT alerts_subject_check;
ALTER TABLE alerts DROP CONSTRAINT alerts_source_id_fkey;
ALTER TABLE alerts DROP COLUMN source_id;
ALTER TABLE alerts ALTER COLUMN program_id SET NOT NULL;
DROP TABLE source_hours;
DROP TABLE sources;
