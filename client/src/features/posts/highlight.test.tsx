import { describe, expect, it } from '@jest/globals';
import { render, screen } from '@testing-library/react';
import type { Post } from '@siaga/shared';
import '../../i18n';
import { highlightSegments, significantTerms } from './highlight';
import { livePostView, PostCard, postView } from './PostCard';

const post = (text: string, terms: Post['sentiment']['terms']): Post => ({
  id: '00000000-0000-4000-8000-000000000001',
  source: 'x',
  externalId: '1',
  text,
  createdAt: '2026-11-26T08:00:00.000Z',
  ingestedAt: '2026-11-26T08:00:01.000Z',
  author: { handle: 'warga', name: 'Warga Biasa', followers: 10, createdAt: null },
  url: null,
  lang: 'id',
  langGiven: null,
  sentiment: { label: 'negative', score: -0.6, confidence: 0.8, terms, correctedAt: null, correctedBy: null },
  harm: { flag: false, terms: [] },
  engagement: { likes: 0, shares: 0, replies: 0, views: 0 },
  parentExternalId: null,
  programIds: [],
});

describe('highlightSegments', () => {
  it('marks whole words case-insensitively and leaves the rest as plain text', () => {
    const segments = highlightSegments('Pelayanan BPJS lambat, LAMBAT sekali', [{ term: 'lambat', weight: -1.2 }]);
    expect(segments.map((s) => [s.text, s.term?.weight ?? null])).toEqual([
      ['Pelayanan BPJS ', null],
      ['lambat', -1.2],
      [', ', null],
      ['LAMBAT', -1.2],
      [' sekali', null],
    ]);
  });

  it('does not mark a term inside a longer word', () => {
    expect(highlightSegments('kebaikan', [{ term: 'baik', weight: 1 }]).every((s) => s.term === null)).toBe(true);
  });

  it('prefers a word pair over the word inside it, and matches emoji anywhere', () => {
    const segments = highlightSegments('not good😡', [
      { term: 'good', weight: 0.5 },
      { term: 'not good', weight: -0.8 },
      { term: '😡', weight: -0.4 },
    ]);
    expect(segments.filter((s) => s.term).map((s) => s.text)).toEqual(['not good', '😡']);
  });

  it('treats regex characters in terms literally', () => {
    const segments = highlightSegments('a+b (a+b) ab', [{ term: 'a+b', weight: 1 }]);
    expect(segments.filter((s) => s.term).length).toBe(2);
  });
});

describe('PostCard', () => {
  it('highlights the words that drove the score, with their direction', () => {
    render(<PostCard post={postView(post('Antrian lama tapi petugas ramah', [{ term: 'lama', weight: -0.9 }, { term: 'ramah', weight: 0.7 }]))} programNames={new Map()} />);
    const marks = screen.getAllByTestId('post-term');
    expect(marks.map((m) => [m.textContent?.startsWith('lama') ? 'lama' : 'ramah', m.className])).toEqual([
      ['lama', 'term term--negative'],
      ['ramah', 'term term--positive'],
    ]);
    expect(screen.getByTestId('post-text').textContent).toContain('Antrian lama');
  });

  it('renders markup in post text as text', () => {
    const { container } = render(<PostCard post={postView(post('<img src=x onerror=alert(1)><script>alert(2)</script>', [{ term: 'img', weight: -0.5 }]))} programNames={new Map()} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(screen.getByTestId('post-text').textContent).toBe('<img src=x onerror=alert(1)><script>alert(2)</script>');
    // Screen readers hear which way the marked word pushed, outside the text itself.
    expect(screen.getByText('Kata yang menentukan skor: img (mendorong ke negatif).')).toBeTruthy();
  });

  it('links only plain http(s) URLs, opening them safely in a new tab', () => {
    const withUrl = (url: string | null) => ({ ...post('Banjir di Kemang', []), url });
    const { unmount } = render(<PostCard post={postView(withUrl('javascript:alert(1)'))} programNames={new Map()} />);
    expect(screen.queryByTestId('post-link')).toBeNull();
    unmount();
    render(<PostCard post={postView(withUrl('https://x.com/warga/status/1'))} programNames={new Map()} />);
    const link = screen.getByTestId('post-link');
    expect(link.getAttribute('href')).toBe('https://x.com/warga/status/1');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(link.textContent).toContain('x.com');
  });

  it('says when an analyst corrected the label, and names the matched programs', () => {
    const corrected: Post = { ...post('Air surut', []), programIds: ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'] };
    corrected.sentiment = { ...corrected.sentiment, label: 'positive', correctedAt: '2026-11-26T09:00:00.000Z', correctedBy: '00000000-0000-4000-8000-0000000000aa' };
    render(<PostCard post={postView(corrected)} programNames={new Map([['11111111-1111-4111-8111-111111111111', 'Banjir Jakarta']])} />);
    const chip = screen.getByTestId('post-sentiment');
    expect(chip.getAttribute('data-sentiment')).toBe('positive');
    expect(chip.textContent).toContain('dikoreksi analis');
    expect(screen.getByTestId('post-programs').textContent).toBe('Banjir JakartaProgram tidak dikenal');
  });

  it('marks a harm report with an icon, a text label and the words that decided it, and leaves other posts unmarked', () => {
    const harmed: Post = { ...post('Puluhan siswa keracunan, dilarikan ke puskesmas', []), harm: { flag: true, terms: ['keracunan', 'dilarikan ke puskesmas'] } };
    const { unmount } = render(<PostCard post={postView(harmed)} programNames={new Map()} />);
    const mark = screen.getByTestId('post-harm');
    expect(mark.textContent).toContain('Laporan korban');
    expect(mark.textContent).toContain('keracunan, dilarikan ke puskesmas');
    expect(mark.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
    expect(screen.getByTestId('post-row').getAttribute('data-harm')).toBe('true');
    unmount();
    render(<PostCard post={postView(post('Menu hari ini enak', []))} programNames={new Map()} />);
    expect(screen.queryByTestId('post-harm')).toBeNull();
    expect(screen.getByTestId('post-row').getAttribute('data-harm')).toBe('false');
  });

  it('marks a harm report in the live stream too', () => {
    const live = { id: 'l1', programIds: [], source: 'x', authorHandle: 'warga', text: 'Banjir, warga mengungsi', createdAt: '2026-11-26T08:00:00.000Z', lang: 'id', sentiment: { label: 'negative' as const, score: -0.7, terms: [] }, harm: { flag: true, terms: ['banjir', 'mengungsi'] } };
    render(<PostCard post={livePostView(live)} programNames={new Map()} compact />);
    expect(screen.getByTestId('post-harm').textContent).toContain('banjir, mengungsi');
  });

  it('keeps a bidi override in the author name inside its own isolate', () => {
    const hostile: Post = { ...post('teks', []), author: { handle: '@@\u202Eevil', name: '\u202Egnp.exe', followers: null, createdAt: null } };
    render(<PostCard post={postView(hostile)} programNames={new Map()} />);
    expect(screen.getByTestId('post-author-name').tagName).toBe('BDI');
    expect(screen.getByTestId('post-author-handle').textContent).toBe('@\u202Eevil');
  });
});

describe('highlightSegments edge cases', () => {
  it('leaves text alone when no term matches or terms carry no weight', () => {
    expect(highlightSegments('Jalan ditutup', [{ term: 'banjir', weight: -1 }])).toEqual([{ text: 'Jalan ditutup', term: null }]);
    expect(highlightSegments('banjir lagi', [{ term: 'banjir', weight: 0 }])).toEqual([{ text: 'banjir lagi', term: null }]);
  });

  it('matches a word pair across any run of spaces and keeps the text as written', () => {
    const segments = highlightSegments('Sangat  TIDAK   puas', [{ term: 'tidak puas', weight: -1.5 }]);
    expect(segments.filter((s) => s.term).map((s) => s.text)).toEqual(['TIDAK   puas']);
    expect(segments.map((s) => s.text).join('')).toBe('Sangat  TIDAK   puas');
  });
});

describe('significantTerms', () => {
  it('drops terms far weaker than the strongest, which would only add noise', () => {
    const terms = [
      { term: 'kecewa', weight: -1.5 },
      { term: 'parah', weight: -0.9 },
      { term: '93', weight: -0.05 },
      { term: 'bpjs', weight: 0.2 },
    ];
    expect(significantTerms(terms).map((t) => t.term)).toEqual(['kecewa', 'parah']);
    expect(highlightSegments('bpjs kecewa 93', terms).filter((s) => s.term).map((s) => s.text)).toEqual(['kecewa']);
  });

  it('keeps nothing when no term has weight', () => {
    expect(significantTerms([{ term: 'biasa', weight: 0 }])).toEqual([]);
  });
});
