import { useQuery } from '@tanstack/react-query';
import type { Digest, DigestPeriod, DigestSubscription } from '@siaga/shared';
import { apiRequest } from '../../api';

export const settingsKeys = {
  digestSubscription: ['me', 'digest-subscription'] as const,
  digestPreview: (period: DigestPeriod) => ['digests', 'preview', period] as const,
};

export function useDigestSubscription() {
  return useQuery({
    queryKey: settingsKeys.digestSubscription,
    queryFn: ({ signal }) => apiRequest<DigestSubscription>('/api/me/digest-subscription', { signal }),
  });
}

export function saveDigestSubscription(body: DigestSubscription): Promise<DigestSubscription> {
  return apiRequest<DigestSubscription>('/api/me/digest-subscription', { method: 'PUT', body });
}

export function useDigestPreview(period: DigestPeriod) {
  return useQuery({
    queryKey: settingsKeys.digestPreview(period),
    queryFn: ({ signal }) => apiRequest<Digest>('/api/digests/preview', { query: { period }, signal }),
    staleTime: 5 * 60_000,
  });
}
