import type { NormalizedPost, Token } from './normalize.js';

// The harm signal: does a post report harm to people (poisoning, deaths, injuries, outbreaks,
// disasters, violence, people stranded or missing, care refused at a hospital)? Independent of
// sentiment: "alhamdulillah semua korban keracunan sudah pulang" is a harm report and not a
// negative post. A word list written for Siaga, in Indonesian (with slang, matched on the
// normalizer's forms) and English, because a crisis center must see why a post was flagged:
// the words that decided it are the explanation. How the settings were chosen, and what it
// scores on labelled data, is in train/README.md.

/** A strong term flags a post alone; a weak one (fire, damage, hilang) needs a second term. */
const STRONG = 1;
const WEAK = 0.5;

// One phrase a line group: words separated by spaces, phrases by commas.
const ID_STRONG = `
keracunan, keracunan massal, diracun, tewas, meninggal, meninggal dunia, wafat, korban jiwa, korban tewas, korban meninggal,
luka-luka, luka berat, terluka, cedera, dilarikan ke rumah sakit, dilarikan ke puskesmas, dilarikan ke rs, dilarikan ke igd,
dirawat di rumah sakit, dirawat di puskesmas, dirawat inap, pingsan, kejang, muntah-muntah, diare massal, wabah, klb,
kejadian luar biasa, demam berdarah, dbd, kolera, campak, difteri, polio, gizi buruk, busung lapar, kelaparan,
banjir, banjir bandang, longsor, tanah longsor, gempa, gempa bumi, tsunami, erupsi, kebakaran, terbakar, puting beliung,
hanyut, tenggelam, terseret arus, tertimbun, tertimpa, ambruk, roboh, jembatan putus,
terjebak, terisolasi, terdampar, mengungsi, pengungsi, dievakuasi, orang hilang, dinyatakan hilang, belum ditemukan,
dianiaya, penganiayaan, dipukuli, dikeroyok, pengeroyokan, ditusuk, dibacok, dibunuh, pembunuhan, ditembak, penembakan,
diperkosa, pemerkosaan, pelecehan seksual, kekerasan, kdrt, bom, ledakan, meledak, kecelakaan, tabrakan, ditabrak,
ditolak rumah sakit, ditolak rs, ditolak puskesmas, ditolak igd, ditolak berobat, tidak dilayani rumah sakit,
overdosis, bunuh diri, jenazah, mayat, sesak napas, sesak nafas, luka bakar, tersengat listrik, kesetrum, hangus, dihanyutkan,
kebanjiran, ngungsi, keracunan makanan, tertabrak, terseret, ilang
`;

const ID_WEAK = `
sakit perut, sakit, mual, pusing, demam, diare, muntah, luka, korban, darurat, evakuasi, ambulans, igd, hilang, api,
rusak parah, kerusakan, lumpuh, mati lampu, gagal panen, kekeringan, krisis air, ricuh, bentrok, demo ricuh, rawat inap,
dirawat, kritis, gatal-gatal, terserang, sakit kepala
`;

const EN_STRONG = `
killed, kills, dead, deaths, death toll, died, dies, dying, injured, injuries, injury, wounded, hospitalized, hospitalised,
casualties, fatalities, fatality, victims, bodies, body found, missing, trapped, stranded, evacuated, evacuees, displaced,
homeless, flood, floods, flooded, flooding, flash flood, earthquake, quake, tsunami, landslide, mudslide, wildfire, wildfires,
bushfire, bushfires, typhoon, hurricane, tornado, explosion, explosions, exploded, blast, bomb, bombs, bombing, bombings,
shooting, shootings, shot, gunman, gunfire, stabbed, stabbing, murdered, poisoning, poisoned, food poisoning, outbreak,
epidemic, cholera, collapsed, collapse, crash, crashed, burned, burning, destroyed, drowned, rescued, survivors, survivor,
refused treatment, turned away from hospital
`;

const EN_WEAK = `
fire, fires, damage, damaged, hurt, rescue, rescuers, emergency, evacuation, evacuate, power outage, without power, outage,
ambulance, sick, ill, devastation, devastated, disaster, aftershock, aftershocks, debris, rubble, shelter, shelters
`;

/**
 * Words that make a post sympathy, a prayer, a warning or a drill rather than a report of harm
 * ("praying for the victims", "simulasi evakuasi gempa", "flood warning"): with the `discount`
 * option its terms count for less.
 */
const NOT_A_REPORT = new Set(
  `pray praying prayers prayer thoughts condolences rip sympathy sympathies doa mendoakan berdoa berduka semoga amin aamiin
   alfatihah simulasi pencegahan penanggulangan sosialisasi latihan vaksinasi antisipasi mencegah cegah waspada imbauan siaga
   warning warnings watch drill prepare preparing preparedness prevention tips advice hoaks hoax`.split(/\s+/u).filter(Boolean),
);
const DISCOUNT = 0.5;

/**
 * Figurative uses of harm words ("kebakaran jenggot": panicking; "banjir diskon": a flood of
 * discounts): the harm word followed by one of these is not a term.
 */
const FIGURATIVE_NEXT: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['kebakaran', new Set(['jenggot'])],
  ['banjir', new Set(['diskon', 'promo', 'pujian', 'order', 'pesanan', 'hadiah', 'penonton', 'like', 'komentar', 'air'])],
  ['bom', new Set(['like', 'waktu', 'komentar'])],
  ['gempa', new Set(['politik'])],
]);

/**
 * A term shortly after one of these (in its clause) is denied or supposed, not reported: "tidak ada
 * korban jiwa", "no injuries", "kalau terjadi banjir". A post that denies one term also weakens the
 * others ("gempa terasa, tidak ada korban luka"): its sum is halved.
 */
const DENIALS = new Set(['tidak', 'tak', 'bukan', 'belum', 'tanpa', 'no', 'not', 'without', 'zero', 'nobody', 'none', 'kalau', 'jika', 'apabila', 'bila', 'if']);
const DENIAL_REACH = 4;

interface Phrase {
  words: string[];
  weight: number;
}

function build(): Map<string, Phrase[]> {
  const m = new Map<string, Phrase[]>();
  const add = (src: string, weight: number) => {
    for (const p of src.split(',')) {
      const ws = p.trim().split(/\s+/u).filter(Boolean);
      if (ws.length === 0) continue;
      const list = m.get(ws[0]!) ?? [];
      list.push({ words: ws, weight });
      m.set(ws[0]!, list);
    }
  };
  add(ID_STRONG, STRONG);
  add(EN_STRONG, STRONG);
  add(ID_WEAK, WEAK);
  add(EN_WEAK, WEAK);
  // Longest first: "keracunan massal" before "keracunan", "sakit perut" before "sakit".
  for (const list of m.values()) list.sort((a, b) => b.words.length - a.words.length || b.weight - a.weight);
  return m;
}

const LEXICON = build();

/** Every listed phrase (for specs and documentation). */
export const HARM_PHRASES: readonly string[] = [...LEXICON.values()].flat().map((p) => p.words.join(' '));

export interface HarmResult {
  flag: boolean;
  /** The words that decided it, as the post wrote them, strongest first; empty when none matched. */
  terms: string[];
}

export interface HarmOptions {
  /** Least summed term weight that flags a post. */
  threshold: number;
  /** Whether sympathy, prayer, warning and drill words halve the terms' weight. */
  discount: boolean;
}

/**
 * Per language, as the word lists differ: English chosen by leave-one-event-out cross-validation
 * over CrisisLex T26's English 2012 events, Indonesian by leave-one-kind-out cross-validation over
 * fixtures/harm-id.tsv (train/README.md; `npm run bench -- --only analysis` re-derives both and
 * says when the code differs).
 */
export const HARM_OPTIONS: Readonly<Record<'id' | 'en', HarmOptions>> = {
  id: { threshold: 1, discount: true },
  en: { threshold: 1.5, discount: true },
};
export const DEFAULT_HARM_OPTIONS: HarmOptions = HARM_OPTIONS.id;

/** Most terms a harm result lists. */
export const MAX_HARM_TERMS = 8;

const NONE: HarmResult = Object.freeze({ flag: false, terms: Object.freeze([]) as unknown as string[] });

// A clitic glued to an Indonesian term: "keracunannya", "banjirnya".
const CLITICS = ['nya', 'lah', 'pun'];
const CLITIC = /(?:nya|lah|pun)$/u;

/**
 * What one written form tells the harm signal: the list key it starts (a listed word, or one with
 * a clitic glued on) and whether it makes a post sympathy or a warning. One lookup a token: most
 * words are in no list, and this runs on every post.
 */
interface FormInfo {
  key: string | null;
  notReport: boolean;
}

const FORMS: ReadonlyMap<string, FormInfo> = (() => {
  const m = new Map<string, FormInfo>();
  for (const key of LEXICON.keys()) {
    m.set(key, { key, notReport: false });
    if (key.length >= 3 && /^[a-z]+$/u.test(key)) for (const c of CLITICS) if (!m.has(key + c)) m.set(key + c, { key, notReport: false });
  }
  for (const w of NOT_A_REPORT) {
    const info = m.get(w);
    m.set(w, { key: info?.key ?? null, notReport: true });
  }
  return m;
})();

function infoOf(t: Token): FormInfo | undefined {
  return FORMS.get(t.norm) ?? (t.raw !== t.norm ? FORMS.get(t.raw) : undefined);
}

const same = (t: Token, w: string) => t.norm === w || t.raw === w || (t.norm.startsWith(w) && CLITIC.test(t.norm) && t.norm.length - w.length <= 3);

function denied(tokens: readonly Token[], i: number): boolean {
  const clause = tokens[i]!.clause;
  for (let k = i - 1; k >= 0 && k >= i - DENIAL_REACH; k--) {
    const p = tokens[k]!;
    if (p.clause !== clause) return false;
    if (DENIALS.has(p.norm) || DENIALS.has(p.raw)) return true;
  }
  return false;
}

/** The harm signal of one normalised post. Pure; allocates only when a term matches. */
export function detectHarm(post: NormalizedPost, opt: HarmOptions = DEFAULT_HARM_OPTIONS): HarmResult {
  const tokens = post.tokens;
  let sum = 0;
  let hits: Array<{ surface: string; weight: number }> | undefined;
  let discount = false;
  let anyDenied = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const info = infoOf(t);
    if (info === undefined) continue;
    if (info.notReport && opt.discount) discount = true;
    const key = info.key;
    if (key === null) continue;
    const next = tokens[i + 1];
    if (next && next.clause === t.clause && FIGURATIVE_NEXT.get(key)?.has(next.norm)) continue;
    for (const p of LEXICON.get(key)!) {
      const n = p.words.length;
      if (i + n > tokens.length) continue;
      let ok = true;
      for (let k = 1; k < n && ok; k++) ok = same(tokens[i + k]!, p.words[k]!) && tokens[i + k]!.clause === t.clause;
      if (!ok) continue;
      if (denied(tokens, i)) anyDenied = true;
      else {
        const surface = tokens.slice(i, i + n).map((x) => x.surface).filter((s, k, a) => k === 0 || s !== a[k - 1]).join(' ');
        hits ??= [];
        if (!hits.some((h) => h.surface === surface)) {
          hits.push({ surface, weight: p.weight });
          sum += p.weight;
        }
      }
      i += n - 1;
      break;
    }
  }
  if (!hits) return NONE;
  if (discount) sum *= DISCOUNT;
  if (anyDenied) sum *= DISCOUNT;
  // Below the threshold nothing decided anything: no terms, so a stored post lists only real evidence.
  if (sum < opt.threshold) return NONE;
  hits.sort((a, b) => b.weight - a.weight);
  return { flag: true, terms: hits.slice(0, MAX_HARM_TERMS).map((h) => h.surface) };
}
