-- The interaction network's edges, written at ingest so that GET /api/metrics/network aggregates a
-- narrow side table in SQL instead of reading posts (with their text) back and building the graph
-- from them. One row per interaction a post carries:
--   kind 'reply'   the post replies to another post (parentExternalId, same source);
--   kind 'quote'   the post quotes another post (quotedExternalId, same source);
--   kind 'mention' the post names an account with @handle;
--   kind 'copy'    the post's near-duplicate key (md5 of its first 24 normalised words, five words or
--                  more): posts of different accounts with one key are near-copies of each other; ingest
--                  marks a key's rows `shared` when a second account posts it.
-- from_account and target are `source:handle`; for 'copy' the target is the key. A reply or quote
-- whose post is not stored yet keeps target NULL with the post it points at (ref_source,
-- ref_external_id); ingest fills the target in when that post arrives (the partial index finds them).
-- Program membership is not copied here: reads join post_programs, so a backfill or relabel of a
-- program's posts needs no second write. Rows go with their post (foreign key, on delete cascade).
--
-- Backfill: the replies and mentions of the last 31 days (the network's longest window) are written
-- here in SQL; near-duplicate keys need the campaign detector's normalisation (JavaScript), so they
-- start with the posts ingested from now on. Older posts are never read by the network.

-- migrate:up
CREATE TABLE post_interactions (
  post_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  kind text NOT NULL,
  from_account text NOT NULL,
  target text,
  ref_source text,
  ref_external_id text,
  shared boolean NOT NULL DEFAULT false,
  CONSTRAINT post_interactions_post_id_fkey FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE,
  CONSTRAINT post_interactions_kind_check CHECK (kind IN ('reply', 'quote', 'mention', 'copy'))
);
-- The window scan: an index-only read of everything the graph needs. Most near-duplicate keys are one
-- post's own and never link anyone: a key's rows enter the index (shared) once a second account posts it.
CREATE INDEX post_interactions_created_at_idx ON post_interactions (created_at) INCLUDE (post_id, kind, from_account, target)
  WHERE target IS NOT NULL AND (kind <> 'copy' OR shared);
CREATE INDEX post_interactions_post_id_idx ON post_interactions (post_id);
CREATE INDEX post_interactions_pending_idx ON post_interactions (ref_source, ref_external_id) WHERE target IS NULL;
-- Ingest's question for each new key: is it shared already, or do two accounts have it unshared?
CREATE INDEX post_interactions_copy_idx ON post_interactions (target, shared, from_account) WHERE kind = 'copy';

INSERT INTO post_interactions (post_id, created_at, kind, from_account, target, ref_source, ref_external_id)
SELECT p.id, p.created_at, 'reply', p.source || ':' || p.author_handle, q.source || ':' || q.author_handle, p.source, p.parent_external_id
FROM posts p LEFT JOIN posts q ON q.source = p.source AND q.external_id = p.parent_external_id
WHERE p.parent_external_id IS NOT NULL AND p.created_at >= now() - interval '31 days';

INSERT INTO post_interactions (post_id, created_at, kind, from_account, target)
SELECT DISTINCT p.id, p.created_at, 'mention', p.source || ':' || p.author_handle, p.source || ':' || rtrim(m.h[1], '.')
FROM posts p, regexp_matches(p.text, '(?:^|[^[:alnum:]_])@([[:alnum:]_.]{1,64})', 'g') AS m(h)
WHERE p.created_at >= now() - interval '31 days' AND position('@' IN p.text) > 0
  AND rtrim(m.h[1], '.') <> '' AND rtrim(m.h[1], '.') <> p.author_handle;

ANALYZE post_interactions;

-- migrate:down
DROP TABLE post_interactions;
