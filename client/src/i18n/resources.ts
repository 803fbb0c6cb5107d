import { whoMessages } from '../features/accounts/i18n';
import { adminMessages } from '../features/admin/i18n';
import { officialMessages } from '../features/admin/officialChannelsI18n';
import { alertsMessages } from '../features/alerts/i18n';
import { incidentsMessages } from '../features/incidents/i18n';
import { postsMessages } from '../features/posts/i18n';
import { programsMessages } from '../features/programs/i18n';
import { settingsMessages } from '../features/settings/i18n';
import { sourcesMessages } from '../features/sources/i18n';
import { wallMessages } from '../features/wall/i18n';
import { common } from './common';

/** Every namespace in both languages; Indonesian is the source, English must have the same keys. */
export const RESOURCES = {
  id: {
    common: common.id,
    wall: wallMessages.id,
    alerts: alertsMessages.id,
    programs: programsMessages.id,
    posts: postsMessages.id,
    admin: adminMessages.id,
    incidents: incidentsMessages.id,
    official: officialMessages.id,
    who: whoMessages.id,
    settings: settingsMessages.id,
    sources: sourcesMessages.id,
  },
  en: {
    common: common.en,
    wall: wallMessages.en,
    alerts: alertsMessages.en,
    programs: programsMessages.en,
    posts: postsMessages.en,
    admin: adminMessages.en,
    incidents: incidentsMessages.en,
    official: officialMessages.en,
    who: whoMessages.en,
    settings: settingsMessages.en,
    sources: sourcesMessages.en,
  },
};
