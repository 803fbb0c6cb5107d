-- Leases: which instance runs a per-program or cluster-wide singleton (a program's detection,
-- the alert escalation timers, digests, source polling). A holder renews its rows every few
-- seconds; a row whose expires_at has passed is free for any instance to take. Times are the
-- database's, so the instances' clocks never have to agree.

-- migrate:up
CREATE TABLE leases (
  name text NOT NULL,
  holder text NOT NULL,
  expires_at timestamptz NOT NULL,
  acquired_at timestamptz NOT NULL,
  CONSTRAINT leases_pkey PRIMARY KEY (name)
);
CREATE INDEX leases_holder_idx ON leases (holder);

-- migrate:down
DROP TABLE leases;
