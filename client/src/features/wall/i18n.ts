import type { Bilingual, Translation } from '../../i18n/types';

/** Strings of the wall screens (i18next namespace `wall`). */
const id = {
  title: 'TODO',
};

const en: Translation<typeof id> = {
  title: 'TODO',
};

export const wallMessages: Bilingual<typeof id> = { id, en };
