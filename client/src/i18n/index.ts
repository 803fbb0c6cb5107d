import { id, type Messages } from './id';

/** The active dictionary. Only Bahasa Indonesia for now; i18next replaces this later. */
export const t: Messages = id;

/** Fills i18next-style `{{name}}` placeholders; unknown placeholders are left as they are. */
export function fmt(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, key: string) => {
    const value = values[key];
    return value === undefined ? match : String(value);
  });
}
