import 'i18next';
import type { RESOURCES } from './resources';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: (typeof RESOURCES)['id'];
    returnNull: false;
  }
}
