-- Explainable sentiment: the model's confidence and the terms that moved its score are kept
-- with each post (the dashboard highlights them), and analysts' corrections win over the model.

-- migrate:up
ALTER TABLE posts
  ADD COLUMN sentiment_confidence real NOT NULL DEFAULT 0,
  ADD COLUMN sentiment_terms jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- Set when an analyst relabels the post: re-scoring leaves such posts alone.
  ADD COLUMN sentiment_corrected_at timestamptz,
  ADD COLUMN sentiment_corrected_by uuid;

CREATE TABLE sentiment_corrections (
  id uuid NOT NULL,
  post_id uuid NOT NULL,
  label text NOT NULL,
  previous_label text NOT NULL,
  model_label text NOT NULL,
  corrected_by uuid,
  corrected_by_email text,
  corrected_at timestamptz NOT NULL DEFAULT now(),
  note text,
  CONSTRAINT sentiment_corrections_pkey PRIMARY KEY (id),
  CONSTRAINT sentiment_corrections_post_id_fkey FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE,
  CONSTRAINT sentiment_corrections_corrected_by_fkey FOREIGN KEY (corrected_by) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT sentiment_corrections_label_check CHECK (label IN ('positive', 'neutral', 'negative'))
);
CREATE INDEX sentiment_corrections_corrected_at_idx ON sentiment_corrections (corrected_at DESC, id DESC);
CREATE INDEX sentiment_corrections_post_id_idx ON sentiment_corrections (post_id);

-- migrate:down
DROP TABLE sentiment_corrections;
ALTER TABLE posts
  DROP COLUMN sentiment_corrected_by,
  DROP COLUMN sentiment_corrected_at,
  DROP COLUMN sentiment_terms,
  DROP COLUMN sentiment_confidence;
