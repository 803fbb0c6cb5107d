-- Shares (reposts, boosts) become links of the interaction network where a source gives them (Mastodon's boost,
-- an API client's sharedExternalId): kind 'share', from the account that shared to the author of the shared post
-- (same source), resolved and filled in later as replies and quotes are. A share has no 'copy' row: it carries the
-- shared post's text, and many accounts sharing one post is amplification, not copy-paste.
-- The window index's predicate (kind <> 'copy' OR shared) already takes share rows.
-- NOT VALID: every row already there passed the narrower check, so validating would only read the whole table
-- while the ALTER holds its exclusive lock (ingest waiting); new and updated rows are checked all the same.

-- migrate:up
ALTER TABLE post_interactions DROP CONSTRAINT post_interactions_kind_check;
ALTER TABLE post_interactions ADD CONSTRAINT post_interactions_kind_check CHECK (kind IN ('reply', 'quote', 'share', 'mention', 'copy')) NOT VALID;

-- migrate:down
DELETE FROM post_interactions WHERE kind = 'share';
ALTER TABLE post_interactions DROP CONSTRAINT post_interactions_kind_check;
ALTER TABLE post_interactions ADD CONSTRAINT post_interactions_kind_check CHECK (kind IN ('reply', 'quote', 'mention', 'copy'));
