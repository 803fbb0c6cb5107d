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
--
-- A program's posts with a rare word or from a rare source: post_programs by post lets the planner
-- start from the few matching posts (text or source index) instead of walking the program's posts
-- (1M posts: 484 ms → 161 ms for a rare word, 618 ms → 328 ms for a rare source, on a loaded host).
--
-- Building these on a big table takes a while (about a minute per million posts on the embedded
-- engine): plan the upgrade.

-- migrate:up
CREATE INDEX posts_text_search_idx ON posts USING gin (to_tsvector('simple', text));
CREATE INDEX posts_source_created_at_idx ON posts (lower(source), created_at DESC, id DESC);
CREATE INDEX post_programs_post_id_idx ON post_programs (post_id, program_id);

-- migrate:down
DROP INDEX post_programs_post_id_idx;
DROP INDEX posts_source_created_at_idx;
DROP INDEX posts_text_search_idx;
