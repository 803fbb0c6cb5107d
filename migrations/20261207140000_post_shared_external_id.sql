-- The post a share (repost, boost) reshares, kept on the post itself so that the explorer, the live stream
-- and the exports can tell a share from an original (the network reads the share link in post_interactions).
-- Nullable with no default: adding it rewrites no row. Shares stored before it read as originals there, as
-- they are only links in post_interactions.

-- migrate:up
ALTER TABLE posts ADD COLUMN shared_external_id text;

-- migrate:down
ALTER TABLE posts DROP COLUMN shared_external_id;
