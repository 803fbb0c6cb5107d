import type { Bilingual, Translation } from '../../i18n/types';

/** Strings of the posts screens (i18next namespace `posts`). */
const id = {
  title: 'TODO',
};

const en: Translation<typeof id> = {
  title: 'TODO',
};

export const postsMessages: Bilingual<typeof id> = { id, en };
