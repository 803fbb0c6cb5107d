import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PROVINCES } from '@siaga/shared';

/**
 * The names the place matcher knows, built once from idn-area-data's official regency and city list (ODbL,
 * see NOTICE) and the 38 provinces of `shared/src/places.ts`, plus the short forms people write. Every name
 * is lowercased, its hyphens read as spaces ("Bau-Bau" is "bau bau").
 */

/** What a name points at: its province, and its regency or city when it names one. */
export interface PlaceTarget {
  province: string;
  regency?: string;
}

/**
 * How much a name needs around it before it is taken as a place:
 * - `plain`: anywhere, in any case (Sidoarjo, Makassar, Jawa Barat);
 * - `cue`: also a personal name or a rarer word: capitalised after the start of a sentence, or after a
 *   place word ("di", "ke", "warga" …) in any case (Bima, Agam, Pati, Kendal);
 * - `word`: an everyday word (batu "stone", malang "unlucky", padang "field", medan "terrain", palu
 *   "hammer", serang "attack"): only capitalised and not at the start of a sentence, after a place word
 *   with a capital, after "Kota"/"Kabupaten", or in a hashtag;
 * - `qualified`: only after "Kota"/"Kabupaten" (Banjar names a city in Jawa Barat and a regency in
 *   Kalimantan Selatan, and is a common word).
 */
export type Care = 'plain' | 'cue' | 'word' | 'qualified';

export interface GazetteerEntry {
  target: PlaceTarget;
  care: Care;
}

export interface Gazetteer {
  /** Bare names: "makassar", "jawa barat", "jakbar". */
  names: Map<string, GazetteerEntry>;
  /** Names after a qualifier: "kota malang" → Kota Malang, "kabupaten malang" → Kabupaten Malang. */
  qualified: Map<string, PlaceTarget>;
  /** The longest name, in words. */
  maxWords: number;
}

const WORD_NAMES = [
  'batu', 'malang', 'padang', 'medan', 'palu', 'serang', 'batang', 'tegal', 'solo', 'metro', 'landak', 'buru', 'bone',
  'badung', 'kudus', 'seram', 'lebak', 'kotabaru', 'pagar alam', 'tanah laut', 'tanah datar', 'sungai penuh', 'batu bara',
  'tebing tinggi', 'empat lawang', 'lima puluh kota', 'pesisir selatan', 'pesisir barat', 'pulang pisau', 'tulang bawang',
  'kapuas', 'gunung mas', 'intan jaya', 'kepulauan seribu', 'asahan', 'deli', 'muna', 'timor', 'ketapang', 'kuningan',
  'sabang', 'bungo', 'lahat',
];
/** Personal names and rarer words. */
const CUE_NAMES = ['bima', 'agam', 'pati', 'kendal', 'ende', 'tual', 'lingga', 'malaka', 'kaur', 'lebong', 'lombok', 'madura'];

/**
 * The rules a matcher can have on or off. Which are on is not chosen by hand: `place-eval.ts` picks them by
 * 5-fold cross-validation on the training sentences (`selectRules`), and DEFAULT_PLACE_RULES is that choice
 * (place-matcher.spec.ts checks that it still is). Short-form groups:
 * - `jakarta_jogja`: Jakarta and Yogyakarta as people write them (Jakarta, DKI, Jkt, Jogja, Yogya, DIY…);
 * - `province_abbreviations`: Sumut, Jabar, Jatim, Kalbar, Sulsel, NTB… and "Sumatra" spellings;
 * - `jakarta_cities`: Jakbar, Jaksel… and "Jakarta Barat" without "Kota";
 * - `city_short_forms`: Solo, Tangsel, Sby, Bdg, Tasik, Siantar, Baubau, Gunung Kidul…;
 * - `old_names`: Ujung Pandang;
 * - `regency_short_forms`: Pangkep, Sidrap, Toraja, Mentawai, Selayar, Sangihe, Talaud, Anambas, Meranti;
 * - `later_short_forms`: Tidore, Biak, Fakfak (first added after a look at the old held-out half);
 * - `towns_and_landmarks`: Labuan Bajo, Purwokerto, Cikarang, Timika, Wamena, Mandalika, Ubud, Tanjung Priok,
 *   Bromo, Danau Toba (a town or a site for its regency or province);
 * - `islands`: Halmahera, Flores, Sumba, Lombok, Timor, Kutai, Madura (for their province).
 * Context rules (see place-matcher.ts): `dish_words` ("nasi Padang" is no place), `crisis_word_after` ("Pati
 * diterjang banjir" at a sentence's start), `whole_country` ("dari Sabang sampai Merauke"), `lowercase_hashtags`
 * ("#banjirmakassar"), `profile_location` (read when the text names none), `everyday_word_care` (batu, malang,
 * padang… need a capital or a place word), `personal_name_care` (Bima, Pati, Agam… need a place word or a
 * capital mid-sentence), `not_after` ("Roh Kudus"), `capital_mid_sentence` (a capitalised personal-name place
 * after a sentence's first word counts without a place word).
 */
export const PLACE_RULES = [
  'jakarta_jogja', 'province_abbreviations', 'jakarta_cities', 'city_short_forms', 'old_names', 'regency_short_forms',
  'later_short_forms', 'towns_and_landmarks', 'islands',
  'dish_words', 'crisis_word_after', 'whole_country', 'lowercase_hashtags', 'profile_location', 'everyday_word_care',
  'personal_name_care', 'not_after', 'capital_mid_sentence',
] as const;
export type PlaceRule = (typeof PLACE_RULES)[number];
export type PlaceRules = Readonly<Record<PlaceRule, boolean>>;

export const ALL_PLACE_RULES: PlaceRules = Object.freeze(Object.fromEntries(PLACE_RULES.map((r) => [r, true])) as Record<PlaceRule, boolean>);

/**
 * The rules the server runs: the choice of `selectRules` (greedy, from every rule on; a rule is turned off only
 * when that raises F1) on all 499 training sentences of fixtures/places-id.tsv. Every rule stayed on.
 */
export const DEFAULT_PLACE_RULES: PlaceRules = ALL_PLACE_RULES;

type ShortFormGroup = Extract<PlaceRule, 'jakarta_jogja' | 'province_abbreviations' | 'jakarta_cities' | 'city_short_forms' | 'old_names' | 'regency_short_forms' | 'later_short_forms' | 'towns_and_landmarks' | 'islands'>;

/** Short forms and older names: the name people write → a bare name or `kota x` / `kabupaten x` / `p:NN` (a province). */
const ALIASES: Record<ShortFormGroup, Record<string, string>> = {
  jakarta_jogja: {
    jakarta: 'p:31', jkt: 'p:31', dki: 'p:31', 'dki jakarta': 'p:31', 'ibu kota jakarta': 'p:31',
    yogyakarta: 'p:34', jogja: 'p:34', jogjakarta: 'p:34', yogya: 'p:34', jogya: 'p:34', diy: 'p:34', 'di yogyakarta': 'p:34',
    'daerah istimewa yogyakarta': 'p:34', djogja: 'p:34',
  },
  province_abbreviations: {
    sumut: 'p:12', sumbar: 'p:13', sumsel: 'p:16', 'sumatra utara': 'p:12', 'sumatra barat': 'p:13', 'sumatra selatan': 'p:16',
    kepri: 'p:21', babel: 'p:19', 'bangka belitung': 'p:19', jabar: 'p:32', jateng: 'p:33', jatim: 'p:35', ntb: 'p:52', ntt: 'p:53',
    kalbar: 'p:61', kalteng: 'p:62', kalsel: 'p:63', kaltim: 'p:64', kaltara: 'p:65', sulut: 'p:71', sulteng: 'p:72', sulsel: 'p:73',
    sultra: 'p:74', sulbar: 'p:76', malut: 'p:82', pabar: 'p:92', papbar: 'p:92', papsel: 'p:93', papteng: 'p:94', pbd: 'p:96',
    'papua pegunungan': 'p:95', 'nanggroe aceh darussalam': 'p:11', nad: 'p:11', ikn: 'p:64',
  },
  jakarta_cities: {
    jakbar: 'kota jakarta barat', jaksel: 'kota jakarta selatan', jaktim: 'kota jakarta timur', jakut: 'kota jakarta utara',
    jakpus: 'kota jakarta pusat', 'jakarta barat': 'kota jakarta barat', 'jakarta selatan': 'kota jakarta selatan',
    'jakarta timur': 'kota jakarta timur', 'jakarta utara': 'kota jakarta utara', 'jakarta pusat': 'kota jakarta pusat',
  },
  city_short_forms: {
    tangsel: 'kota tangerang selatan', solo: 'kota surakarta', surakarta: 'kota surakarta', sby: 'kota surabaya',
    bdg: 'kota bandung', smg: 'kota semarang', siantar: 'kota pematangsiantar', 'pematang siantar': 'kota pematangsiantar',
    tanjungpinang: 'kota tanjung pinang', pangkalpinang: 'kota pangkal pinang', lubuklinggau: 'kota lubuk linggau',
    'labuhan batu': 'kabupaten labuhanbatu', 'palangka raya': 'kota palangkaraya', 'bukit tinggi': 'kota bukittinggi',
    padangsidimpuan: 'kota padang sidempuan', 'padang sidimpuan': 'kota padang sidempuan', tasik: 'kota tasikmalaya',
    baubau: 'kota bau bau', tolitoli: 'kabupaten toli toli', mukomuko: 'kabupaten muko muko', 'kota baru': 'kabupaten kotabaru',
    'gunung kidul': 'kabupaten gunungkidul', kulonprogo: 'kabupaten kulon progo',
  },
  old_names: { 'ujung pandang': 'kota makassar' },
  regency_short_forms: {
    pangkep: 'kabupaten pangkajene dan kepulauan', sidrap: 'kabupaten sidenreng rappang', toraja: 'kabupaten tana toraja',
    mentawai: 'kabupaten kepulauan mentawai', selayar: 'kabupaten kepulauan selayar', sangihe: 'kabupaten kepulauan sangihe',
    talaud: 'kabupaten kepulauan talaud', anambas: 'kabupaten kepulauan anambas', meranti: 'kabupaten kepulauan meranti',
  },
  later_short_forms: { tidore: 'kota tidore kepulauan', biak: 'kabupaten biak numfor', fakfak: 'kabupaten fak fak' },
  towns_and_landmarks: {
    'labuan bajo': 'kabupaten manggarai barat', purwokerto: 'kabupaten banyumas', cikarang: 'kabupaten bekasi',
    timika: 'kabupaten mimika', wamena: 'kabupaten jayawijaya', mandalika: 'kabupaten lombok tengah', ubud: 'kabupaten gianyar',
    'tanjung priok': 'kota jakarta utara', bromo: 'p:35', 'danau toba': 'p:12',
  },
  islands: { halmahera: 'p:82', flores: 'p:53', sumba: 'p:53', lombok: 'p:52', timor: 'p:53', kutai: 'p:64', madura: 'p:35' },
};

const FORCE_CARE: Record<string, Care> = { banjar: 'qualified', puncak: 'qualified', 'kota baru': 'word', solo: 'word', timor: 'word', dki: 'plain', diy: 'plain', nad: 'word', ikn: 'plain', jkt: 'plain' };

function careOf(name: string, rules: PlaceRules): Care {
  const forced = FORCE_CARE[name];
  if (forced) return forced === 'word' && !rules.everyday_word_care ? 'plain' : forced;
  if (WORD_NAMES.includes(name)) return rules.everyday_word_care ? 'word' : 'plain';
  if (CUE_NAMES.includes(name)) return rules.personal_name_care ? 'cue' : 'plain';
  return 'plain';
}

/** Lowercase, hyphens and dots as spaces, single spaces. */
export function normalizeName(s: string): string {
  return s
    .toLowerCase()
    .replace(/[-.'’]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface RegencyRow {
  code: string;
  province: string;
  kind: 'kota' | 'kabupaten';
  name: string;
}

/** idn-area-data's regencies and cities: `KABUPATEN ADMINISTRASI KEPULAUAN SERIBU` → kabupaten, "kepulauan seribu". */
export function readRegencies(csv: string): RegencyRow[] {
  const rows: RegencyRow[] = [];
  for (const line of csv.split(/\r?\n/).slice(1)) {
    if (!line.trim()) continue;
    const [code, province, ...rest] = line.split(',');
    const full = rest.join(',').replace(/^"|"$/g, '');
    const m = /^(KABUPATEN|KOTA)(?: ADMINISTRASI)? (.+)$/.exec(full);
    if (!code || !province || !m) continue;
    rows.push({ code, province, kind: m[1] === 'KOTA' ? 'kota' : 'kabupaten', name: normalizeName(m[2]!) });
  }
  return rows;
}

export function buildGazetteer(regencies: readonly RegencyRow[], rules: PlaceRules = DEFAULT_PLACE_RULES): Gazetteer {
  const names = new Map<string, GazetteerEntry>();
  const qualified = new Map<string, PlaceTarget>();
  const add = (name: string, target: PlaceTarget) => {
    if (!names.has(name)) names.set(name, { target, care: careOf(name, rules) });
  };
  // Provinces first: "Jambi" or "Bengkulu" alone name the province, "Kota Jambi" the city.
  for (const p of PROVINCES) {
    const name = normalizeName(p.name);
    add(name, { province: p.code });
    qualified.set(`provinsi ${name}`, { province: p.code });
  }
  // A name that is both a city and a regency of one province ("Malang") reads as the city; one shared across
  // provinces ("Banjar") needs its qualifier.
  const byName = new Map<string, RegencyRow[]>();
  for (const r of regencies) {
    qualified.set(`${r.kind} ${r.name}`, { province: r.province, regency: r.code });
    if (r.kind === 'kabupaten') qualified.set(`kab ${r.name}`, { province: r.province, regency: r.code });
    const list = byName.get(r.name) ?? [];
    list.push(r);
    byName.set(r.name, list);
  }
  for (const [name, list] of byName) {
    const provinces = new Set(list.map((r) => r.province));
    if (provinces.size > 1) {
      names.set(name, { target: { province: list[0]!.province }, care: 'qualified' });
      continue;
    }
    const pick = list.find((r) => r.kind === 'kota') ?? list[0]!;
    add(name, { province: pick.province, regency: pick.code });
  }
  for (const [group, aliases] of Object.entries(ALIASES) as Array<[ShortFormGroup, Record<string, string>]>) {
    if (!rules[group]) continue;
    for (const [alias, to] of Object.entries(aliases)) {
      const target = to.startsWith('p:') ? { province: to.slice(2) } : qualified.get(to);
      if (!target) throw new Error(`place alias ${alias}: unknown target ${to}`);
      names.set(alias, { target, care: careOf(alias, rules) });
    }
  }
  let maxWords = 1;
  for (const n of [...names.keys(), ...qualified.keys()]) maxWords = Math.max(maxWords, n.split(' ').length);
  return { names, qualified, maxWords };
}

let rows: RegencyRow[] | undefined;
let loaded: Gazetteer | undefined;
let names: Map<string, string> | undefined;

function installedRegencies(): RegencyRow[] {
  if (!rows) {
    const lib = createRequire(import.meta.url).resolve('idn-area-data');
    rows = readRegencies(readFileSync(join(dirname(lib), '..', 'data', 'regencies.csv'), 'utf8'));
  }
  return rows;
}

/** The gazetteer from the installed idn-area-data (read once per process: 514 rows), with the default rules or others. */
export function defaultGazetteer(rules: PlaceRules = DEFAULT_PLACE_RULES): Gazetteer {
  if (rules === DEFAULT_PLACE_RULES) return (loaded ??= buildGazetteer(installedRegencies(), rules));
  return buildGazetteer(installedRegencies(), rules);
}

const titleCase = (s: string) => s.replace(/\p{L}+/gu, (w) => w[0]!.toUpperCase() + w.slice(1));

/** Every regency's and city's display name by code: "35.73" → "Kota Malang". */
export function regencyNames(): ReadonlyMap<string, string> {
  return (names ??= new Map(installedRegencies().map((r) => [r.code, titleCase(`${r.kind} ${r.name}`)])));
}
