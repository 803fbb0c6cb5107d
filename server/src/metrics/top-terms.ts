/**
 * What a window of posts talks about: words, hashtags and authors counted over a sample of
 * posts. Plain functions, no database: the service feeds them the posts it scanned.
 */

/** Indonesian and English function words: never a "top term". */
export const STOPWORDS: ReadonlySet<string> = new Set([
  // Indonesian, with common informal spellings (words under three letters never count anyway)
  'yang', 'dan', 'dari', 'ini', 'itu', 'untuk', 'dengan', 'pada', 'dalam', 'oleh', 'atau', 'juga', 'akan', 'sudah',
  'telah', 'sedang', 'masih', 'belum', 'tidak', 'bukan', 'ada', 'adalah', 'ialah', 'karena', 'kalau', 'jika', 'agar',
  'supaya', 'tetapi', 'tapi', 'namun', 'serta', 'bagi', 'sebagai', 'seperti', 'sangat', 'lebih', 'paling', 'saja',
  'hanya', 'lagi', 'pun', 'lah', 'kah', 'nya', 'para', 'saya', 'aku', 'kami', 'kita', 'anda', 'kamu', 'dia',
  'mereka', 'beliau', 'apa', 'siapa', 'mana', 'kapan', 'bagaimana', 'mengapa', 'kenapa', 'berapa', 'bisa', 'dapat',
  'harus', 'mau', 'ingin', 'boleh', 'sini', 'situ', 'sana', 'begitu', 'begini', 'hal', 'antara', 'setelah',
  'sebelum', 'sejak', 'hingga', 'sampai', 'tentang', 'terhadap', 'yaitu', 'yakni', 'tersebut', 'secara', 'bahwa',
  'kepada', 'daripada', 'sama', 'semua', 'setiap', 'banyak', 'sedikit', 'tiap', 'lain', 'gak', 'nggak', 'ngga',
  'enggak', 'engga', 'tak', 'udah', 'dah', 'aja', 'sih', 'deh', 'dong', 'kok', 'nih', 'tuh', 'dgn', 'utk', 'sdh',
  'blm', 'tdk', 'krn', 'gue', 'gua', 'elo', 'kalo', 'klo', 'biar', 'emang', 'memang', 'banget', 'bgt', 'terus',
  'trus', 'jadi', 'buat', 'bikin', 'kayak', 'kaya', 'gitu', 'gini', 'mah', 'loh', 'lho', 'pula', 'bahkan', 'maka',
  'ketika', 'saat', 'sebuah', 'seorang', 'satu', 'dua', 'tiga',
  // English
  'the', 'and', 'for', 'are', 'but', 'not', 'you', 'all', 'any', 'can', 'had', 'her', 'was', 'one', 'our', 'out',
  'has', 'have', 'his', 'how', 'its', 'may', 'now', 'see', 'two', 'who', 'did', 'get', 'him', 'let', 'she', 'too',
  'use', 'that', 'this', 'with', 'from', 'they', 'them', 'then', 'than', 'there', 'their', 'these', 'those', 'what',
  'when', 'where', 'which', 'while', 'will', 'would', 'could', 'should', 'been', 'being', 'were', 'into', 'onto',
  'over', 'under', 'about', 'after', 'before', 'again', 'also', 'just', 'only', 'very', 'more', 'most', 'some',
  'such', 'each', 'other', 'your', 'yours', 'ours', 'does', 'doing', 'done', 'dont', 'doesnt', 'didnt', 'isnt',
  'arent', 'wasnt', 'cant', 'wont', 'because', 'here', 'why', 'whom', 'whose', 'yet', 'off', 'own', 'same', 'both',
  'few', 'nor', 'between', 'through', 'during', 'until', 'upon', 'via', 'per', 'amp',
]);

const URL_RE = /\b(?:https?:\/\/|www\.)\S+/giu;
// As the query language reads them: the sigil must not follow a word character (not in e-mails).
const TAG_RE = /(?<![\p{L}\p{N}_])([#@])([\p{L}\p{N}_]+)/gu;
const APOSTROPHE_IN_WORD = /(?<=\p{L})['’](?=\p{L})/gu;
const WORD_RE = /[\p{L}\p{N}]+/gu;
const LETTER = /\p{L}/gu;
const HAS_LETTER = /\p{L}/u;

const lower = (text: string) => text.normalize('NFKC').toLowerCase();

/**
 * The distinct terms of a text: lowercased words of at least three letters, without stopwords,
 * URLs, @mentions, #hashtags and numbers ("don't" reads as "dont", a stopword).
 */
export function termsOf(text: string): Set<string> {
  const cleaned = lower(text).replace(URL_RE, ' ').replace(TAG_RE, ' ').replace(APOSTROPHE_IN_WORD, '');
  const out = new Set<string>();
  for (const word of cleaned.match(WORD_RE) ?? []) {
    if ((word.match(LETTER)?.length ?? 0) < 3 || STOPWORDS.has(word)) continue;
    out.add(word);
  }
  return out;
}

/** The distinct hashtags of a text, lowercased with their `#` (a tag needs a letter: not `#1`). */
export function hashtagsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of lower(text).replace(URL_RE, ' ').matchAll(TAG_RE)) {
    const body = m[2] ?? '';
    if (m[1] === '#' && HAS_LETTER.test(body)) out.add(`#${body}`);
  }
  return out;
}

export interface Ranked {
  value: string;
  count: number;
}

/** Counts values; `add` takes one post's distinct values, so a count is a number of posts. */
export class Tally {
  private readonly counts = new Map<string, number>();

  add(values: Iterable<string>): void {
    for (const v of values) this.counts.set(v, (this.counts.get(v) ?? 0) + 1);
  }

  /** The `limit` largest counts; ties go to the smaller value (code-unit order), so the answer is deterministic. */
  top(limit: number): Ranked[] {
    return [...this.counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
      .slice(0, limit);
  }
}

/** Words, hashtags and authors of a sample of posts. */
export class TopCounter {
  readonly terms = new Tally();
  readonly hashtags = new Tally();
  readonly authors = new Tally();

  add(post: { text: string; authorHandle: string }): void {
    this.terms.add(termsOf(post.text));
    this.hashtags.add(hashtagsOf(post.text));
    this.authors.add([post.authorHandle]);
  }
}
