-- No read uses posts (ingested_at): the one query that filters on it (a program's backfill, up to its cut-off)
-- walks posts by created_at and filters ingested_at on the rows it reads, and EXPLAIN at 300,000 posts chose
-- posts_created_at_idx for it. Every ingested post still paid an entry in it: one of the nine indexes that make the
-- posts insert the ingest's costliest statement (docs/scaling.md).

-- migrate:up
DROP INDEX IF EXISTS posts_ingested_at_idx;

-- migrate:down
CREATE INDEX posts_ingested_at_idx ON posts (ingested_at);
