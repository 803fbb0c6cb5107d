import { describe, expect, it } from '@jest/globals';
import type { Digest } from '@siaga/shared';
import { escapeHtml, renderDigestEmail } from './digest-email.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

function digest(over: Partial<Digest> = {}): Digest {
  return {
    period: 'day',
    from: '2026-11-28T17:00:00.000Z',
    to: '2026-11-29T17:00:00.000Z',
    previousFrom: '2026-11-27T17:00:00.000Z',
    previousTo: '2026-11-28T17:00:00.000Z',
    timeZone: 'Asia/Jakarta',
    generatedAt: '2026-11-30T00:00:00.000Z',
    totals: { volume: 1500, previousVolume: 1000, alerts: 2, incidents: 1 },
    programs: [
      {
        programId: '11111111-1111-4111-8111-111111111111',
        name: `BPJS ${HOSTILE}`,
        slug: 'bpjs',
        volume: 1500,
        previousVolume: 1000,
        volumeChange: 0.5,
        negative: 300,
        negativeShare: 0.2,
        previousNegativeShare: 0.1,
        alerts: 2,
        previousAlerts: 0,
        incidents: 1,
        shareOfVoice: 100,
        topTerms: [{ value: '"><script>x</script>', count: 9 }],
        topAuthors: [{ handle: 'a&b', name: HOSTILE, followers: 12_000, posts: 3 }],
      },
    ],
    ...over,
  };
}

describe('digest emails', () => {
  it('escape every name and term in the HTML part; the text part keeps them as written', () => {
    const mail = renderDigestEmail(digest(), 'en', 'https://siaga.example/');
    expect(mail.html).not.toMatch(/<img|<script/);
    expect(mail.html).toContain('BPJS &#60;img src=x onerror=alert(1)&#62;');
    expect(mail.html).toContain('&#34;&#62;&#60;script&#62;');
    expect(mail.html).toContain('@a&#38;b');
    expect(mail.text).toContain(`BPJS ${HOSTILE}`);
  });

  it('are written in the recipient language, with the change against the previous period', () => {
    const en = renderDigestEmail(digest(), 'en', 'https://siaga.example/');
    expect(en.subject).toBe('Siaga daily digest: 29 Nov 2026');
    expect(en.text).toContain('Volume: 1,500 (Change: +50%)');
    expect(en.text).toContain('Negative share: 20% (+10 points)');
    expect(en.text).toContain('Share of voice: 100.0 %');
    const id = renderDigestEmail(digest({ period: 'week', from: '2026-11-22T17:00:00.000Z' }), 'id', 'https://siaga.example/');
    expect(id.subject).toBe('Ringkasan mingguan Siaga: 23 Nov 2026 – 29 Nov 2026');
    expect(id.text).toContain('Volume: 1.500 (Perubahan: +50%)');
    expect(id.text).toContain('Porsi negatif: 20% (+10 poin)');
    expect(id.html).toContain('<html lang="id">');
  });

  it('say so when there is no program', () => {
    expect(renderDigestEmail(digest({ programs: [] }), 'id', 'https://siaga.example/').text).toContain('Belum ada program aktif.');
    expect(escapeHtml(`&<>"'`)).toBe('&#38;&#60;&#62;&#34;&#39;');
  });
});
