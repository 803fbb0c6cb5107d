import { DEFAULT_PLACE_RULES, defaultGazetteer, type Gazetteer, type GazetteerEntry, type PlaceRules, type PlaceTarget } from './gazetteer.js';

/**
 * Finds Indonesian provinces, regencies and cities in a post: its text, its hashtags and (when the text
 * names none) its author's profile location. Answers place codes, provinces ("73") and regencies or cities
 * ("73.71"), sorted; a regency always brings its province. Pure: no database, no NestJS.
 *
 * Names that are also everyday words need context (see `Care` in gazetteer.ts); a name right after a dish
 * or product word ("nasi Padang", "bakso Malang", "Mie Aceh") is a cuisine, not a place; "dari Sabang
 * sampai Merauke" is the whole country, no place.
 */

interface Token {
  /** Lowercased. */
  w: string;
  /** Starts with a capital in the post (and the post is not all capitals). */
  cap: boolean;
  /** First word of a sentence. */
  initial: boolean;
  /** Part of a hashtag. */
  tag: boolean;
}

/** Words after which a name reads as a place even in lower case. */
const CUES = new Set([
  'di', 'ke', 'dari', 'warga', 'wilayah', 'daerah', 'kawasan', 'sekitar', 'asal', 'menuju', 'arah', 'sepanjang', 'pemkot',
  'pemkab', 'pemprov', 'bpbd', 'polres', 'polda', 'kapolres', 'bupati', 'walikota', 'wali', 'gubernur', 'in', 'at', 'from',
  'seluruh', 'pelosok', 'kecamatan', 'desa', 'kampung', 'pesisir', 'pantai', 'pulau', 'dprd', 'rsud', 'kepada', 'untuk',
]);
/** A name after one of these is a dish or a product ("nasi Padang", "Apel Malang", "Tahu Sumedang"). */
const FOOD = new Set([
  'nasi', 'masakan', 'sate', 'soto', 'bakso', 'rendang', 'warung', 'rm', 'apel', 'keripik', 'kripik', 'batik', 'kopi', 'jeruk',
  'tahu', 'lumpia', 'dodol', 'gudeg', 'bika', 'pempek', 'empek', 'mie', 'mi', 'kerupuk', 'bandeng', 'brem', 'ayam', 'bebek',
  'rawon', 'coto', 'konro', 'pisang', 'roti', 'martabak', 'gado', 'tengkleng', 'serabi', 'wingko', 'salak', 'bolu', 'kue',
  'lontong', 'pecel', 'sambal', 'tenun', 'ulos', 'songket', 'kain', 'klub', 'tim', 'persib', 'rumah makan', 'restoran', 'resto',
]);
/** Words after a name at the start of a sentence that say it is a place ("Pati diterjang banjir", "Batang dilanda rob"). */
const AFTER_CUES = new Set([
  'dilanda', 'diguncang', 'diterjang', 'diguyur', 'diselimuti', 'dikepung', 'banjir', 'kebanjiran', 'tenggelam', 'terendam',
  'kekeringan', 'kekurangan', 'krisis', 'macet', 'siaga', 'terbakar', 'terisolasi', 'diserbu', 'mencekam', 'longsor', 'gempa',
  'erupsi', 'mati', 'padam', 'membara', 'rusuh', 'ricuh', 'lumpuh',
]);
/** Not a place after these: "Roh Kudus". */
const NOT_AFTER = new Set(['roh']);
const QUALIFIERS = new Set(['kota', 'kabupaten', 'kab', 'provinsi', 'prov']);
/** Hashtag words around a place: "#BanjirMakassar", "#prayforpalu", "#gempamalang". */
const TAG_WORDS = [
  'prayfor', 'pray', 'save', 'banjir', 'gempa', 'longsor', 'kebakaran', 'karhutla', 'tsunami', 'erupsi', 'macet', 'polusi',
  'demo', 'info', 'update', 'darurat', 'bencana', 'siaga', 'warga', 'asap', 'kabut', 'hujan', 'angin', 'puting', 'banjirbandang',
  'keracunan', 'diare', 'dbd', 'pilkada', 'lalin', 'cuaca', 'peduli', 'bantu', 'untuk', 'hari', 'ini', 'kota', 'kab', 'gempabumi',
];
const WHOLE_COUNTRY = /\bsabang\s+(sampai|hingga|sampe|ke)\s+merauke\b/gi;

export class PlaceMatcher {
  private readonly tagNames: Array<{ key: string; entry: GazetteerEntry }>;
  /** The first word of every name, with the most words a name starting with it has: most words start none. */
  private readonly firstWords = new Map<string, number>();

  constructor(
    private readonly gz: Gazetteer = defaultGazetteer(),
    private readonly rules: PlaceRules = DEFAULT_PLACE_RULES,
  ) {
    this.tagNames = [...gz.names].map(([name, entry]) => ({ key: name.replace(/ /g, ''), entry })).sort((a, b) => b.key.length - a.key.length);
    for (const name of gz.names.keys()) {
      const parts = name.split(' ');
      this.firstWords.set(parts[0]!, Math.max(this.firstWords.get(parts[0]!) ?? 0, parts.length));
    }
  }

  /** A matcher with some rules on and others off (its gazetteer built for them). */
  static withRules(rules: PlaceRules): PlaceMatcher {
    return new PlaceMatcher(defaultGazetteer(rules), rules);
  }

  /** Place codes of a post, sorted: provinces and regencies, from the text, else from the profile location. */
  match(text: string, profileLocation?: string | null): string[] {
    const found = new Map<string, PlaceTarget>();
    this.scan(tokenize(text, this.rules.whole_country), found, false);
    if (found.size === 0 && profileLocation && this.rules.profile_location) this.scan(tokenize(profileLocation, this.rules.whole_country), found, true);
    const codes = new Set<string>();
    for (const t of found.values()) {
      codes.add(t.province);
      if (t.regency) codes.add(t.regency);
    }
    return [...codes].sort();
  }

  private scan(tokens: Token[], found: Map<string, PlaceTarget>, profile: boolean): void {
    for (let i = 0; i < tokens.length; ) {
      const used = this.matchAt(tokens, i, found, profile);
      i += Math.max(1, used);
    }
    // Hashtags written as one lowercase word: "#banjirmakassar".
    if (this.rules.lowercase_hashtags) for (const t of tokens) if (t.tag && t.w.length > 3 && t.initial) this.matchTag(t.w, found);
  }

  /** Tries the longest name at token i; answers the tokens it used (0: none). */
  private matchAt(tokens: Token[], i: number, found: Map<string, PlaceTarget>, profile: boolean): number {
    const here = tokens[i]!;
    if (QUALIFIERS.has(here.w)) {
      for (let n = Math.min(this.gz.maxWords, tokens.length - i - 1); n >= 1; n--) {
        const name = words(tokens, i + 1, n);
        const target = this.gz.qualified.get(`${here.w === 'prov' ? 'provinsi' : here.w} ${name}`) ?? this.qualifiedAnyKind(here.w, name);
        if (target) {
          found.set(target.regency ?? target.province, target);
          return n + 1;
        }
      }
    }
    for (let n = Math.min(this.firstWords.get(here.w) ?? 0, tokens.length - i); n >= 1; n--) {
      const entry = this.gz.names.get(words(tokens, i, n));
      if (!entry) continue;
      if (profile ? entry.care !== 'qualified' : this.accepts(entry, tokens, i, n)) {
        found.set(entry.target.regency ?? entry.target.province, entry.target);
        return n;
      }
      return 0;
    }
    return 0;
  }

  /** "Kota Jambi", "Kabupaten Bandung": the qualifier picks the kind; "kota" before a province name is its capital. */
  private qualifiedAnyKind(qualifier: string, name: string): PlaceTarget | undefined {
    if (qualifier !== 'kota' && qualifier !== 'kab' && qualifier !== 'kabupaten') return undefined;
    return this.gz.qualified.get(`kota ${name}`) ?? this.gz.qualified.get(`kabupaten ${name}`);
  }

  private accepts(entry: GazetteerEntry, tokens: Token[], i: number, n: number): boolean {
    const t = tokens[i]!;
    const prev = i > 0 && !t.initial ? tokens[i - 1] : undefined;
    const prev2 = i > 1 && prev && !prev.initial ? tokens[i - 2] : undefined;
    const r = this.rules;
    if (prev && r.dish_words && (FOOD.has(prev.w) || (prev2 && FOOD.has(`${prev2.w} ${prev.w}`)))) return false;
    if (prev && r.not_after && NOT_AFTER.has(prev.w)) return false;
    if (t.tag) return entry.care !== 'qualified';
    const next = tokens[i + n];
    const cue = (prev !== undefined && CUES.has(prev.w)) || (r.crisis_word_after && next !== undefined && !next.initial && !next.tag && AFTER_CUES.has(next.w));
    switch (entry.care) {
      case 'plain':
        return true;
      case 'cue':
        return cue || (r.capital_mid_sentence && t.cap && !t.initial) || (t.cap && n > 1);
      case 'word':
        return t.cap && (!t.initial || cue);
      case 'qualified':
        return false;
    }
  }

  private matchTag(tag: string, found: Map<string, PlaceTarget>): void {
    for (const { key, entry } of this.tagNames) {
      if (entry.care === 'qualified' || key.length < 4) continue;
      const at = tag.indexOf(key);
      if (at < 0) continue;
      const rest = tag.slice(0, at) + ' ' + tag.slice(at + key.length);
      const others = rest.trim();
      const framed = others === '' || TAG_WORDS.some((w) => tag.slice(0, at) === w || tag.slice(at + key.length) === w);
      if (framed || (entry.care === 'plain' && key.length >= 6 && (at === 0 || at + key.length === tag.length))) {
        found.set(entry.target.regency ?? entry.target.province, entry.target);
        return;
      }
    }
  }
}

function words(tokens: Token[], i: number, n: number): string {
  let s = '';
  for (let k = i; k < i + n; k++) {
    const t = tokens[k]!;
    // A name does not run across a sentence end or out of a hashtag.
    if (k > i && (t.initial || t.tag !== tokens[i]!.tag)) return '';
    s += (k > i ? ' ' : '') + t.w;
  }
  return s;
}

const TOKEN = /#[\p{L}\p{N}_]+|[\p{L}\p{N}]+|[.!?\n]|[,;:()"“”]/gu;
const SENTENCE_END = '.!?\n';
const PUNCTUATION = ',;:()"“”';

/**
 * Words of a text with their case and position. Links and @mentions are dropped; a CamelCase hashtag
 * is read as its words ("#BanjirMakassar" → banjir, Makassar), a lowercase one is kept whole for
 * `matchTag` (flagged `initial`).
 */
export function tokenize(text: string, wholeCountry = true): Token[] {
  const unlinked = text.replace(/https?:\/\/\S+|www\.\S+|@[\p{L}\p{N}_.]+/gu, ' ');
  const clean = wholeCountry ? unlinked.replace(WHOLE_COUNTRY, ' . ') : unlinked;
  // Any ASCII lower-case letter already says it is not shouting: the Unicode pass is for the rest.
  const letters = /[a-z]/.test(clean) ? '' : clean.replace(/[^\p{L}]/gu, '');
  const shouting = letters.length >= 8 && letters === letters.toUpperCase();
  const out: Token[] = [];
  let sentenceStart = true;
  // match, not matchAll: the tokens' strings are all it needs, and a match object per token was a twentieth of what the
  // server allocated under load.
  for (const s of clean.match(TOKEN) ?? []) {
    // TOKEN's one-character alternatives: a sentence end, or punctuation.
    if (s.length === 1 && SENTENCE_END.includes(s)) {
      sentenceStart = true;
      continue;
    }
    if (s.length === 1 && PUNCTUATION.includes(s)) continue;
    if (s.startsWith('#')) {
      const body = s.slice(1).replace(/_/g, ' ');
      const parts = body.match(/\p{Lu}?\p{Ll}+|\p{Lu}+(?!\p{Ll})|\p{N}+/gu) ?? [];
      if (parts.length > 1 && /\p{Ll}/u.test(body) && /\p{Lu}/u.test(body.slice(1))) {
        for (const p of parts) out.push({ w: p.toLowerCase(), cap: true, initial: false, tag: true });
      } else {
        const w = body.toLowerCase().replace(/ /g, '');
        // Whole: a single name ("#Makassar") is looked up as a word, and the lowercase form by matchTag.
        out.push({ w, cap: true, initial: true, tag: true });
      }
      continue;
    }
    // A run of letters and digits: normalizeName would only lower-case it.
    out.push({ w: s.toLowerCase(), cap: !shouting && /^\p{Lu}/u.test(s), initial: sentenceStart, tag: false });
    sentenceStart = false;
  }
  return out;
}

let shared: PlaceMatcher | undefined;

/** One matcher per process over the installed gazetteer (building it reads 514 rows). */
export function defaultPlaceMatcher(): PlaceMatcher {
  return (shared ??= new PlaceMatcher());
}
