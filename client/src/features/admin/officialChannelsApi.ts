import type { CreateOfficialChannel, OfficialChannel } from '@siaga/shared';
import { apiRequest } from '../../api';

/** The registry is small (tens of accounts): one list, no pages. */
export const OFFICIAL_CHANNELS_KEY = ['official-channels'] as const;

export const officialChannelsApi = {
  list: (signal?: AbortSignal) => apiRequest<OfficialChannel[]>('/api/official-channels', signal ? { signal } : {}),
  create: (body: CreateOfficialChannel) => apiRequest<OfficialChannel>('/api/official-channels', { method: 'POST', body }),
  remove: (channelId: string) => apiRequest<OfficialChannel>(`/api/official-channels/${encodeURIComponent(channelId)}`, { method: 'DELETE' }),
};
