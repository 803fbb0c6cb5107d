/**
 * The shape every other language must give a dictionary written first in Bahasa Indonesia:
 * the same keys, any strings. A missing or extra key is a compile error.
 */
export type Translation<T> = { [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };

/** One namespace in both UI languages. */
export interface Bilingual<T> {
  id: T;
  en: Translation<T>;
}
