import type { Bilingual, Translation } from '../../i18n/types';

/** Strings of the alerts screens (i18next namespace `alerts`). */
const id = {
  title: 'TODO',
};

const en: Translation<typeof id> = {
  title: 'TODO',
};

export const alertsMessages: Bilingual<typeof id> = { id, en };
