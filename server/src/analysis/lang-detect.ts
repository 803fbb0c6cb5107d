import type { Lang } from '@siaga/shared';
import type { NormalizedPost } from './normalize.js';
import { ID_SLANG } from './slang-id.js';

// Word evidence: short, slangy posts rarely hold enough letters for character statistics, but
// nearly always a function word or a slang form. Words written the same in both languages
// (di, a, program, data, pas) count for neither.
const EN_WORDS = `a about above after again against all almost also always am an and another any anyone anything are aren't around
as ask at away back be became because been before being believe best better between big both but by came can can't cannot come
could couldn't day did didn't do does doesn't doing don't done down during each even ever every everyone everything few find first for
found from get gets getting give go goes going gone got great had hadn't has hasn't have haven't having he her here hers herself him
himself his how however i i'm i've i'll i'd if in into is isn't it it's its itself just know last least let like little look made make
many may me might more most much must my myself need never new next no nobody none nor not nothing now of off often old on once one
only or other our ours out over own people please really right said same say says see seem she should shouldn't since so some someone
something still such sure take than thank thanks that that's the their theirs them then there there's these they they're thing
things think this those though through time to today together tomorrow too took toward under until up upon us use used very want was
wasn't way we we're well went were weren't what what's when where whether which while who whom whose why will with within without won't
would wouldn't yes yet you you're your yours yourself year years tonight night morning week lol lmao omg wtf idk btw gonna wanna gotta
u ur im dont cant wont didnt doesnt isnt wasnt thats whats youre ive ill id hes shes theyre`;

const ID_WORDS = `yang dan di ke dari ini itu tidak tak bukan belum sudah akan sedang masih juga saja hanya pun lah kah dengan untuk pada
dalam oleh karena kalau jika agar supaya sehingga tetapi tapi namun atau serta bahwa sangat sekali banget lebih paling kurang terlalu
agak cukup saya aku kamu kami kita mereka dia ia beliau anda kalian gue lu ada adalah ialah merupakan bisa dapat harus mau ingin boleh
perlu tahu lagi terus sudah pernah baru mana apa siapa kapan bagaimana mengapa kenapa berapa begitu begini sini situ sana semua setiap
para banyak sedikit beberapa sama seperti tentang sampai hingga sejak setelah sebelum sambil ketika saat waktu hari tahun bulan minggu
orang rakyat warga pemerintah negara presiden bapak ibu mas mbak kak dong deh sih kok ya yah nih kan loh lho wkwk haha hehe iya enggak
tolong mohon terima kasih makan minum tempat harga enak bagus jelek buruk baik mantap keren parah kecewa senang sedih marah susah mudah
murah mahal lama cepat lambat besar kecil jalan rumah kota desa uang kerja bantuan jadi bikin gimana kayak emang mending belum`;

const toSet = (src: string) => new Set(src.split(/\s+/u).filter(Boolean));
const EN_BASE = toSet(EN_WORDS);
const ID_BASE = toSet(ID_WORDS);

// Word shapes that belong to one language only; weaker evidence than a listed word.
const ID_SHAPE = /^(?:(?:meng|meny|mem|men|me|ber|ter|per|pe[mn]|di|ke)[a-z]{3,}(?:kan|an|i|nya)?|[a-z]{3,}(?:kan|nya|lah|kah))$/u;
const EN_SHAPE = /(?:th|sh|wh|ph|ck|ee|oo|ou|ea|[a-z]'[a-z])|(?:ing|tion|ness|ment|ly|ed|ful|less)$/u;

export interface LanguageEvidence {
  id: number;
  en: number;
}

export class LanguageDetector {
  private readonly id: Set<string>;
  private readonly en: Set<string>;
  private readonly weakId: Set<string>;
  private readonly memo = new Map<string, number>();

  /**
   * `idWords` and `enWords` widen the lists (the model's frequent words, the English lexicon);
   * `weakIdWords` (the model's whole vocabulary) count half, so a lone "jahat" is still Indonesian.
   */
  constructor(idWords: Iterable<string> = [], enWords: Iterable<string> = [], weakIdWords: Iterable<string> = []) {
    const id = new Set([...ID_BASE, ...ID_SLANG.keys(), ...[...idWords].filter((w) => !EN_SHAPE.test(w) || ID_SHAPE.test(w))]);
    const en = new Set([...EN_BASE, ...enWords]);
    // Shared spellings say nothing.
    for (const w of [...id]) {
      if (en.has(w) && !ID_BASE.has(w) && !EN_BASE.has(w)) {
        id.delete(w);
        en.delete(w);
      } else if (en.has(w) && ID_BASE.has(w) && !EN_BASE.has(w)) {
        en.delete(w);
      } else if (en.has(w) && EN_BASE.has(w) && !ID_BASE.has(w)) {
        id.delete(w);
      } else if (en.has(w)) {
        id.delete(w);
        en.delete(w);
      }
    }
    this.id = id;
    this.en = en;
    this.weakId = new Set([...weakIdWords].filter((w) => !en.has(w) && !EN_SHAPE.test(w) && /^[a-z]{3,}$/u.test(w)));
  }

  /**
   * A word that is Indonesian beyond doubt: listed, slang, or a frequent training word with
   * Indonesian affixes (confirmed by `affixed` when given). Frequent training words alone include
   * English borrowings (food, program).
   */
  isClearlyIndonesian(word: string, affixed?: (word: string) => boolean): boolean {
    if (!this.id.has(word)) return false;
    if (ID_BASE.has(word) || ID_SLANG.has(word)) return true;
    // The shape alone also fits English words (media, member, dinner): `affixed` may confirm it.
    return ID_SHAPE.test(word) && (!affixed || affixed(word));
  }

  /** +1 Indonesian, -1 English, ±0.5 for a weak word or by the word's shape alone, 0 neither; memoised. */
  private wordScore(w: string): number {
    let s = this.memo.get(w);
    if (s === undefined) {
      s = this.id.has(w) ? 1 : this.en.has(w) ? -1 : this.weakId.has(w) ? 0.5 : w.length >= 4 && !/\d/u.test(w) ? (ID_SHAPE.test(w) ? 0.5 : EN_SHAPE.test(w) ? -0.5 : 0) : 0;
      if (this.memo.size >= 100_000) this.memo.clear();
      this.memo.set(w, s);
    }
    return s;
  }

  isEnglishWord(word: string): boolean {
    return this.en.has(word);
  }

  evidence(post: NormalizedPost): LanguageEvidence {
    let id = 0;
    let en = 0;
    let last = '';
    for (const t of post.tokens) {
      const w = t.raw;
      // A slang expansion gives several tokens for one written word: count it once.
      if (w === last) continue;
      last = w;
      const lex = t.lex;
      let s: number;
      if (lex.langOf === this) s = lex.lang;
      else {
        s = this.wordScore(w);
        lex.langOf = this;
        lex.lang = s;
      }
      if (s > 0) id += s;
      else en -= s;
    }
    return { id, en };
  }

  /**
   * The post's language. A given `id` or `en` stands unless the words clearly say the other
   * (at least two points and twice the given language's), or the letters are mostly not Latin.
   */
  detect(post: NormalizedPost, givenLang: string | undefined): Lang {
    const given = normalizeGiven(givenLang);
    if (post.latinLetters === 0 || post.otherLetters > post.latinLetters) return 'other';
    const { id, en } = this.evidence(post);
    if (given === 'id' || given === 'en') {
      const mine = given === 'id' ? id : en;
      const theirs = given === 'id' ? en : id;
      if (theirs >= 2 && theirs >= 2 * mine) return given === 'id' ? 'en' : 'id';
      return given;
    }
    if (id === 0 && en === 0) return 'other';
    // A tie goes to Indonesian: it is what these teams mostly read.
    return id >= en ? 'id' : 'en';
  }
}

/** `id`, `ID`, `id-ID`, `in` (the old code) → id; `en`, `en-US` → en; anything else as given. */
export function normalizeGiven(givenLang: string | undefined): string | undefined {
  if (!givenLang) return undefined;
  const g = givenLang.trim().toLowerCase().slice(0, 2);
  return g === 'in' ? 'id' : g;
}
