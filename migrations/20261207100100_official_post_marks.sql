-- Official channels recount the past. Each (post, program) link now says how the post is counted
-- in that program's rollups: `official` (in rollups_minute.official) or public (in volume,
-- sentiment and authors). Ingest sets it from the registry; when a channel is registered, changed
-- or removed, a background recount flips the marks that disagree with the registry, in batches,
-- moving each flipped post between the public counts and `official` of its minute. The mark makes
-- that recount idempotent: a post already counted as the registry says is never moved twice.
-- official_recounts holds each program's last recount, for the admin screen and for resuming a
-- recount an instance did not finish.
--
-- Existing links: a post is marked official when it was ingested after its channel was registered
-- (the only way it was counted official until now). Posts stored before their channel's
-- registration are still counted public: every program with a channel gets a pending recount,
-- which the server runs in the background once started (not here: a slow backfill does not belong
-- in a schema change).

-- migrate:up
ALTER TABLE post_programs ADD COLUMN official boolean NOT NULL DEFAULT false;

UPDATE post_programs pp SET official = true
FROM posts p, official_channels oc
WHERE p.id = pp.post_id AND oc.program_id = pp.program_id
  AND oc.source = lower(p.source) AND oc.handle = ltrim(lower(p.author_handle), '@')
  AND p.ingested_at >= oc.created_at;

CREATE TABLE official_recounts (
  program_id uuid NOT NULL,
  state text NOT NULL,
  -- Links whose mark the last pass changed (posts moved between the public counts and `official`).
  changed integer NOT NULL DEFAULT 0,
  requested_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz,
  error text,
  CONSTRAINT official_recounts_pkey PRIMARY KEY (program_id),
  CONSTRAINT official_recounts_program_id_fkey FOREIGN KEY (program_id) REFERENCES programs (id) ON DELETE CASCADE,
  CONSTRAINT official_recounts_state_check CHECK (state IN ('pending', 'running', 'done', 'failed'))
);

INSERT INTO official_recounts (program_id, state, requested_at)
SELECT DISTINCT program_id, 'pending', now() FROM official_channels;

-- migrate:down
DROP TABLE official_recounts;
ALTER TABLE post_programs DROP COLUMN official;
