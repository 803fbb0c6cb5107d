-- The post a share (repost, boost) reshares, kept on the post itself so that the explorer, the live stream and
-- a new detection holder's replay tell a share from an original without a look into post_interactions (where the
-- network reads the share link). Nullable with no default: adding it rewrites no row; the shares stored since
-- migration 20261207130000 get it from their 'share' rows.

-- migrate:up
ALTER TABLE posts ADD COLUMN shared_external_id text;
UPDATE posts p SET shared_external_id = i.ref_external_id
FROM post_interactions i
WHERE i.post_id = p.id AND i.kind = 'share';

-- migrate:down
ALTER TABLE posts DROP COLUMN shared_external_id;
