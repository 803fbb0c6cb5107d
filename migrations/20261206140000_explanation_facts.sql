-- Alert explanations as facts: the numbers and words of the sentence (kind, observed, expected,
-- band, window, shares, sample text, deciding words) instead of one English sentence, so the
-- dashboard, emails, reports and webhooks render them in the reader's language. Existing alerts
-- (and the replay log's copies of them) are converted from what they stored; where the numbers
-- cannot be read back, the old sentence is kept as a `legacy` fact and shown as written.
-- Users choose the language of their emails (Indonesian unless they say otherwise).

-- migrate:up
ALTER TABLE notification_preferences
  ADD COLUMN language text NOT NULL DEFAULT 'id',
  ADD CONSTRAINT notification_preferences_language_check CHECK (language IN ('id', 'en'));

CREATE FUNCTION siaga_explanation_facts(kind text, e jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN kind IN ('volume_spike', 'negative_spike') AND jsonb_typeof(d -> 'windowMinutes') = 'number' THEN jsonb_build_object(
      'kind', kind,
      'signal', CASE WHEN d ->> 'signal' = 'shift' THEN 'shift' ELSE 'spike' END,
      'observed', e -> 'observed', 'expected', e -> 'expected', 'band', e -> 'band',
      'windowMinutes', d -> 'windowMinutes')
    WHEN kind = 'negative_share_shift' AND jsonb_typeof(d -> 'windowMinutes') = 'number' AND jsonb_typeof(d -> 'totalPosts') = 'number' THEN jsonb_build_object(
      'kind', kind,
      'observedShare', e -> 'observed', 'expectedShare', e -> 'expected', 'band', e -> 'band',
      'totalPosts', d -> 'totalPosts', 'windowMinutes', d -> 'windowMinutes')
    WHEN kind = 'coordinated_campaign' AND jsonb_typeof(d -> 'posts') = 'number' AND jsonb_typeof(d -> 'sampleText') = 'string'
         AND jsonb_typeof(d -> 'firstAt') = 'string' AND jsonb_typeof(d -> 'lastAt') = 'string' THEN jsonb_build_object(
      'kind', kind,
      'accounts', e -> 'observed',
      'posts', d -> 'posts',
      'minutes', greatest(1, round(extract(epoch FROM (d ->> 'lastAt')::timestamptz - (d ->> 'firstAt')::timestamptz) / 60)),
      'share', (substring(e ->> 'text' FROM ', (\d+)% of this program''s posts'))::numeric / 100,
      'usualShare', (substring(e ->> 'text' FROM 'organic group is usually (\d+)%'))::numeric / 100,
      'sampleText', d -> 'sampleText')
    WHEN kind = 'harm_reports' AND jsonb_typeof(d -> 'posts') = 'number' AND jsonb_typeof(d -> 'windowMinutes') = 'number'
         AND jsonb_typeof(d -> 'sampleText') = 'string' AND (e ->> 'text') ~ 'deciding words: .*; latest: ' THEN jsonb_build_object(
      'kind', kind,
      'posts', d -> 'posts',
      'windowMinutes', d -> 'windowMinutes',
      'usual', e -> 'expected',
      'terms', to_jsonb(array_remove(string_to_array(substring(e ->> 'text' FROM 'deciding words: (.*?); latest: '), ', '), '')),
      'sampleText', d -> 'sampleText')
    ELSE jsonb_build_object('kind', 'legacy', 'text', coalesce(e ->> 'text', ''))
  END
  FROM (SELECT coalesce(e -> 'details', '{}'::jsonb) AS d) AS x
$$;

UPDATE alerts SET explanation = (explanation - 'text') || jsonb_build_object('facts', siaga_explanation_facts(kind, explanation))
  WHERE NOT explanation ? 'facts';
UPDATE alert_events SET payload = jsonb_set(payload, '{explanation}',
    ((payload -> 'explanation') - 'text') || jsonb_build_object('facts', siaga_explanation_facts(payload ->> 'kind', payload -> 'explanation')))
  WHERE jsonb_typeof(payload -> 'explanation') = 'object' AND NOT (payload -> 'explanation') ? 'facts';

DROP FUNCTION siaga_explanation_facts(text, jsonb);

-- migrate:down
-- The facts back into one English sentence (the renderer's wording, without its number grouping).
CREATE FUNCTION siaga_explanation_text(f jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE f ->> 'kind'
    WHEN 'legacy' THEN f ->> 'text'
    WHEN 'negative_share_shift' THEN format('%s%% of %s posts in the last %s minutes are negative, against a usual %s%% (band %s%%–%s%%).',
      round((f ->> 'observedShare')::numeric * 100), f ->> 'totalPosts', f ->> 'windowMinutes', round((f ->> 'expectedShare')::numeric * 100),
      round((f -> 'band' ->> 'lower')::numeric * 100), round((f -> 'band' ->> 'upper')::numeric * 100))
    WHEN 'coordinated_campaign' THEN format('%s accounts posted %s near-identical posts within %s minutes: "%s"',
      f ->> 'accounts', f ->> 'posts', f ->> 'minutes', f ->> 'sampleText')
    WHEN 'harm_reports' THEN format('%s posts reported harm to people within %s minutes; deciding words: %s; latest: "%s"',
      f ->> 'posts', f ->> 'windowMinutes', array_to_string(ARRAY(SELECT jsonb_array_elements_text(f -> 'terms')), ', '), f ->> 'sampleText')
    ELSE format('%s %s in the last %s minutes, expected about %s (band %s–%s) at this hour.',
      round((f ->> 'observed')::numeric), CASE WHEN f ->> 'kind' = 'negative_spike' THEN 'negative posts' ELSE 'posts' END, f ->> 'windowMinutes',
      round((f ->> 'expected')::numeric), round((f -> 'band' ->> 'lower')::numeric), round((f -> 'band' ->> 'upper')::numeric))
  END
$$;

UPDATE alerts SET explanation = (explanation - 'facts') || jsonb_build_object('text', siaga_explanation_text(explanation -> 'facts'))
  WHERE explanation ? 'facts';
UPDATE alert_events SET payload = jsonb_set(payload, '{explanation}',
    ((payload -> 'explanation') - 'facts') || jsonb_build_object('text', siaga_explanation_text(payload -> 'explanation' -> 'facts')))
  WHERE jsonb_typeof(payload -> 'explanation') = 'object' AND (payload -> 'explanation') ? 'facts';

DROP FUNCTION siaga_explanation_text(jsonb);

ALTER TABLE notification_preferences DROP COLUMN language;
