-- Official channels: the government's own accounts per program (ministry, agency, regional
-- communication office), by source and handle. Their posts are marked official, kept out of the
-- volume and sentiment rollups that detection reads (a clarification is not the crisis) and
-- counted apart in `official`, from the moment the channel is registered.

-- migrate:up
CREATE TABLE official_channels (
  id uuid NOT NULL,
  program_id uuid NOT NULL,
  source text NOT NULL,
  handle text NOT NULL,
  label text NOT NULL,
  kind text NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT official_channels_pkey PRIMARY KEY (id),
  CONSTRAINT official_channels_program_id_fkey FOREIGN KEY (program_id) REFERENCES programs (id) ON DELETE CASCADE,
  CONSTRAINT official_channels_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT official_channels_kind_check CHECK (kind IN ('ministry', 'agency', 'regional_office')),
  -- Stored as posts name them: lower-case, no leading @.
  CONSTRAINT official_channels_handle_check CHECK (handle = lower(handle) AND handle NOT LIKE '@%' AND handle <> ''),
  CONSTRAINT official_channels_source_check CHECK (source = lower(source) AND source <> '')
);
CREATE UNIQUE INDEX official_channels_program_source_handle_key ON official_channels (program_id, source, handle);
-- Posts look their author up by (source, handle).
CREATE INDEX official_channels_source_handle_idx ON official_channels (source, handle);

ALTER TABLE rollups_minute ADD COLUMN official integer NOT NULL DEFAULT 0;

-- migrate:down
ALTER TABLE rollups_minute DROP COLUMN official;
DROP TABLE official_channels;
