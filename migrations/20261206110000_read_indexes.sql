-- Indexes for the dashboard's reads at millions of posts, chosen from EXPLAIN (ANALYZE, BUFFERS) of
-- the real queries (docs/queries.md has the plans).
--
-- `q` in the posts explorer (and exports) matches `to_tsvector('simple', text) @@
-- websearch_to_tsquery('simple', q)`: the GIN index is over exactly that expression, so the
-- matching rules stay the same (the `simple` configuration keeps Indonesian and English words as
-- written, lower-cased, without stemming or stop words; "#BPJS" is the word "bpjs"). Built-in on
-- both engines: no extension.
--
-- A source filter (matched whatever its case) without a program used to walk the whole time index
-- when the source is rare.
-- Building these on a big table takes a while (about a minute per million posts on the embedded
-- engine): plan the upgrade.

-- migrate:up
CREATE INDEX posts_text_search_idx ON posts USING gin (to_tsvector('simple', text));
CREATE INDEX posts_source_created_at_idx ON posts (lower(source), created_at DESC, id DESC);

-- migrate:down
DROP INDEX posts_source_created_at_idx;
DROP INDEX posts_text_search_idx;
