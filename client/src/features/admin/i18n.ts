import type { Bilingual, Translation } from '../../i18n/types';

/** Strings of the admin screens (i18next namespace `admin`). */
const id = {
  title: 'TODO',
};

const en: Translation<typeof id> = {
  title: 'TODO',
};

export const adminMessages: Bilingual<typeof id> = { id, en };
