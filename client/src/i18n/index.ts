import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { RESOURCES } from './resources';

export const LANGUAGES = ['id', 'en'] as const;
export type UiLanguage = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'siaga.lang';

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): UiLanguage {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    if (isUiLanguage(value)) return value;
  } catch {
    // storage disabled: default language
  }
  return 'id';
}

/** Bahasa Indonesia unless the user chose English on this browser. */
export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: RESOURCES,
  lng: typeof window === 'undefined' ? 'id' : storedLanguage(),
  fallbackLng: 'id',
  supportedLngs: [...LANGUAGES],
  defaultNS: 'common',
  ns: Object.keys(RESOURCES.id),
  // React escapes text itself; i18next escaping would double-encode post text in messages.
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

function syncDocumentLanguage(lng: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
}
syncDocumentLanguage(i18n.language);
i18n.on('languageChanged', syncDocumentLanguage);

export async function setLanguage(lng: UiLanguage): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // the choice then lasts for this page only
  }
  await i18n.changeLanguage(lng);
}
