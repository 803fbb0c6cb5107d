-- One email language per user: alert emails and digests are written in the same language, chosen
-- once (on /settings). Until now alert emails read notification_preferences.language and digests
-- digest_subscriptions.lang, two settings a user could set apart without knowing.
-- Carrying values over: where the two disagree, English wins. Indonesian is the value each side
-- takes by default without the user choosing it (a digest subscription or a preferences save that
-- names no language), while English is only ever there because the user picked it.
-- Deliveries already claimed keep the language they were claimed in (digest_deliveries.lang).

-- migrate:up
ALTER TABLE users
  ADD COLUMN email_language text NOT NULL DEFAULT 'id',
  ADD CONSTRAINT users_email_language_check CHECK (email_language IN ('id', 'en'));

UPDATE users u SET email_language = 'en'
WHERE EXISTS (SELECT 1 FROM notification_preferences n WHERE n.user_id = u.id AND n.language = 'en')
   OR EXISTS (SELECT 1 FROM digest_subscriptions s WHERE s.user_id = u.id AND s.lang = 'en');

ALTER TABLE notification_preferences DROP COLUMN language;
ALTER TABLE digest_subscriptions DROP COLUMN lang;

-- migrate:down
ALTER TABLE digest_subscriptions
  ADD COLUMN lang text NOT NULL DEFAULT 'id',
  ADD CONSTRAINT digest_subscriptions_lang_check CHECK (lang IN ('id', 'en'));
ALTER TABLE notification_preferences
  ADD COLUMN language text NOT NULL DEFAULT 'id',
  ADD CONSTRAINT notification_preferences_language_check CHECK (language IN ('id', 'en'));

UPDATE digest_subscriptions s SET lang = u.email_language FROM users u WHERE u.id = s.user_id;
UPDATE notification_preferences n SET language = u.email_language FROM users u WHERE u.id = n.user_id;

ALTER TABLE users DROP COLUMN email_language;
