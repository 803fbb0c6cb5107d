-- Harm reports: a second signal beside sentiment. Each post keeps whether it reports harm to people
-- (poisoning, deaths, injuries, outbreaks, disasters, violence, people stranded or missing, care
-- refused) and the words that decided it; the posts explorer filters on it and the harm_reports
-- alert kind counts it per program. Posts stored before this migration read as not flagged until
-- they are rescored.

-- migrate:up
ALTER TABLE posts
  ADD COLUMN harm_flag boolean NOT NULL DEFAULT false,
  ADD COLUMN harm_terms jsonb NOT NULL DEFAULT '[]'::jsonb;
-- Harm posts are few: a partial index serves the explorer's filter and the detector's warm-up.
CREATE INDEX posts_harm_created_at_idx ON posts (created_at DESC, id DESC) WHERE harm_flag;

ALTER TABLE alerts DROP CONSTRAINT alerts_kind_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_kind_check
  CHECK (kind IN ('volume_spike', 'negative_spike', 'negative_share_shift', 'coordinated_campaign', 'harm_reports'));

-- migrate:down
DELETE FROM alerts WHERE kind = 'harm_reports';
ALTER TABLE alerts DROP CONSTRAINT alerts_kind_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_kind_check
  CHECK (kind IN ('volume_spike', 'negative_spike', 'negative_share_shift', 'coordinated_campaign'));
DROP INDEX posts_harm_created_at_idx;
ALTER TABLE posts
  DROP COLUMN harm_terms,
  DROP COLUMN harm_flag;
