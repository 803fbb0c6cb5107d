import { useQuery } from '@tanstack/react-query';
import type { Digest, DigestPeriod, DigestSubscription, DigestSubscriptionUpdate, ReportLang } from '@siaga/shared';
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

/** What is given changes, the rest stays: the frequency and the email language are saved apart. */
export function saveDigestSubscription(body: DigestSubscriptionUpdate): Promise<DigestSubscription> {
  return apiRequest<DigestSubscription>('/api/me/digest-subscription', { method: 'PUT', body });
}

export function useDigestPreview(period: DigestPeriod) {
  return useQuery({
    queryKey: settingsKeys.digestPreview(period),
    queryFn: ({ signal }) => apiRequest<Digest>('/api/digests/preview', { query: { period }, signal }),
    staleTime: 5 * 60_000,
  });
}

/**
 * The user's one email language (alert emails and digests). The server keeps it once; the digest
 * subscription's `lang` reads and writes it (as does the notification preferences' `language`).
 */
export function saveEmailLanguage(lang: ReportLang): Promise<DigestSubscription> {
  return saveDigestSubscription({ lang });
}
