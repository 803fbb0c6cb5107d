-- post_interactions loses its foreign key to posts, as post_programs never had one. Every row is written by the
-- ingest transaction that inserted its post, right after it, so the key only ever checked what is true by
-- construction, at a price: a lookup and a row lock on the post per interaction row (in a bench of this statement
-- mix, 3 connections, 500-post batches with two interaction rows each, 105,000 posts: 2.4-2.5 s with this key,
-- 1.8-2.0 s without). The one path that deletes posts, retention and erasure (RetentionRepository), deletes their
-- rows in the same statement.

-- migrate:up
ALTER TABLE post_interactions DROP CONSTRAINT post_interactions_post_id_fkey;

-- migrate:down
DELETE FROM post_interactions pi WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = pi.post_id);
ALTER TABLE post_interactions
  ADD CONSTRAINT post_interactions_post_id_fkey FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE;
