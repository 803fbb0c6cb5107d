-- Sessions: one row per login, the family of refresh tokens that login hands out. A refresh
-- moves the family to its next generation and answers a token of that generation; presenting an
-- older generation again means the token was copied, so the whole family ends (reuse detection).
-- Access tokens name their session too, so that logging out ends them at once.
-- (users.token_version, bumped by a password, role or status change, ends every session of the
-- user: tokens carry it and are refused once it moved on.)

-- migrate:up
CREATE TABLE sessions (
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  generation integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  refreshed_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  ended_at timestamptz,
  end_reason text,
  CONSTRAINT sessions_pkey PRIMARY KEY (id),
  CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT sessions_end_reason_check CHECK (end_reason IN ('logout', 'reuse')),
  CONSTRAINT sessions_ended_check CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id, expires_at);

-- migrate:down
DROP TABLE sessions;
