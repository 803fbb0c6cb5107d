-- When each post's author created the account, where the source gives it (Mastodon's account.created_at,
-- an API client's author.createdAt): the interaction network counts a young account as a coordination
-- reason. Kept per post, as the source gave it with that post, like the author's name and followers.
-- Nullable with no default, so adding it rewrites no row; posts stored before it have no creation time
-- and their accounts get no such reason until the source sends one again.

-- migrate:up
ALTER TABLE posts ADD COLUMN author_created_at timestamptz;

-- migrate:down
ALTER TABLE posts DROP COLUMN author_created_at;
