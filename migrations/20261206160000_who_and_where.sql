-- Who and where: each post keeps the places it names (province codes such as '73' and regency or city
-- codes such as '73.71', official Kemendagri codes from idn-area-data) and, where a source gives it, its
-- author's profile location, which the place matcher reads when the text names no place. Places are
-- computed at ingest; posts stored before this migration have none until they are re-ingested.
--
-- The GIN index answers the explorer's and the wall's place filter (`places @> ARRAY['73']`); the author
-- index answers an account's page (its posts, newest first) and the author filter of the explorer.

-- migrate:up
ALTER TABLE posts
  ADD COLUMN places text[] NOT NULL DEFAULT '{}',
  ADD COLUMN author_location text;
CREATE INDEX posts_places_idx ON posts USING gin (places);
CREATE INDEX posts_author_created_at_idx ON posts (author_handle, created_at DESC, id DESC);

-- migrate:down
DROP INDEX posts_author_created_at_idx;
DROP INDEX posts_places_idx;
ALTER TABLE posts
  DROP COLUMN author_location,
  DROP COLUMN places;
