import type { Bilingual, Translation } from '../../i18n/types';

/** Strings of the programs screens (i18next namespace `programs`). */
const id = {
  title: 'TODO',
};

const en: Translation<typeof id> = {
  title: 'TODO',
};

export const programsMessages: Bilingual<typeof id> = { id, en };
