-- Scheduled digests: who receives which digest in which language, and the runs and per-recipient
-- deliveries that make each period's digest go out once across restarts and instances. A run is
-- claimed by inserting its (period, from) row: the unique key lets one instance win; the same
-- transaction writes one delivery row per subscriber, and each delivery is claimed before it is sent.

-- migrate:up
CREATE TABLE digest_subscriptions (
  user_id uuid NOT NULL,
  frequency text NOT NULL,
  lang text NOT NULL DEFAULT 'id',
  updated_at timestamptz NOT NULL,
  CONSTRAINT digest_subscriptions_pkey PRIMARY KEY (user_id),
  CONSTRAINT digest_subscriptions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT digest_subscriptions_frequency_check CHECK (frequency IN ('daily', 'weekly', 'none')),
  CONSTRAINT digest_subscriptions_lang_check CHECK (lang IN ('id', 'en'))
);

CREATE TABLE digest_runs (
  id uuid NOT NULL,
  period text NOT NULL,
  period_start timestamptz NOT NULL,
  period_end timestamptz NOT NULL,
  content jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT digest_runs_pkey PRIMARY KEY (id),
  CONSTRAINT digest_runs_period_start_key UNIQUE (period, period_start),
  CONSTRAINT digest_runs_period_check CHECK (period IN ('day', 'week'))
);

CREATE TABLE digest_deliveries (
  run_id uuid NOT NULL,
  user_id uuid NOT NULL,
  email text NOT NULL,
  lang text NOT NULL,
  -- pending → sending (claimed by one worker) → sent, or failed after the last attempt.
  status text NOT NULL DEFAULT 'pending',
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  sent_at timestamptz,
  CONSTRAINT digest_deliveries_pkey PRIMARY KEY (run_id, user_id),
  CONSTRAINT digest_deliveries_run_id_fkey FOREIGN KEY (run_id) REFERENCES digest_runs (id) ON DELETE CASCADE,
  CONSTRAINT digest_deliveries_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT digest_deliveries_status_check CHECK (status IN ('pending', 'sending', 'sent', 'failed'))
);
CREATE INDEX digest_deliveries_pending_idx ON digest_deliveries (next_attempt_at) WHERE status = 'pending';

-- migrate:down
DROP TABLE digest_deliveries;
DROP TABLE digest_runs;
DROP TABLE digest_subscriptions;
