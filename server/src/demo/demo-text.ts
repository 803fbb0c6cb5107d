import type { Rng } from './prng.js';
import {
  CHATTER_EN,
  CHATTER_ID,
  CHATTER_NEWS,
  DURATIONS,
  DURATIONS_EN,
  EMOJI,
  ENDINGS,
  ENDINGS_EN,
  LAUGHS,
  OPEN,
  PLACES,
  WHO,
  WHO_EN,
  type CrisisTheme,
  type ProgramVocab,
  type Tone,
} from './demo-vocab.js';

/**
 * Post text from templates × slots. Slots: {P} program name, {N}/{NN} complaint predicate/noun, {PP}/{PN} praise
 * predicate/noun, {T} topic, {open} opener, {end} closing phrase, {e} tone emoji (or {eNeg}/{ePos}/{eNeu}), {place},
 * {dur}, {who}, {mention}, {site}, {laugh}. Every program template contains {P}, so every program post names it.
 */

export type TextLang = 'id' | 'en' | 'mixed';
export type Register = 'casual' | 'formal';

type Templates = Record<Tone, readonly string[]>;

const CASUAL_ID: Templates = {
  negative: [
    '{open}{P} {N} {end} {e}',
    'kok {P} {N} sih {e}',
    '{P} {N}, {end} {e}',
    '{dur} ngurus {P} di {place}, yang ada cuma {NN} {e}',
    'tolong dong {mention}, {P} {N}. {end}',
    '{who} ngurus {P} {dur}, tetep aja {NN}. {end} {e}',
    'gimana ceritanya {P} {N}?? {e}',
    '{P} tuh {N} mulu, capek gue {e}',
    'ini {P} kenapa sih? {N} {e}',
    'kecewa sama {P}. {NN} di {place} gak ada perbaikan {e}',
    '{P} {N} lagi?? udah gak heran sih {laugh}',
    'rakyat kecil kayak kita cuma bisa sabar, {P} {N} {e}',
    'pengalaman ngurus {P} di {place} 🧵 singkatnya: {NN}. {end}',
    'sumpah ya {P} {N}. udah gitu {NN} juga {e}',
    'baru kemarin {who} cerita {P} {N}, sekarang gue ngalamin sendiri {e}',
    '{P} {N}... {end} {e}',
    'yang bilang {P} udah bagus coba deh ke {place}, {NN} di mana-mana {e}',
    'gak ngerti lagi sama {P}, {N} {e}',
    '{place} juga? {P} {N} {e}',
    'bisa gak sih sehari aja gak ada {NN} di {P}? {end}',
    'anjir {P} {N} {laugh} {e}',
    'dear {P}, {N} itu bukan hal sepele. {end}',
  ],
  positive: [
    '{open}{P} {PP} {end} {e}',
    '{P} {PP}, {end} {e}',
    'makasih {mention}, {P} {PP} {e}',
    '{who} baru aja ngerasain {PN} dari {P}, {end} {e}',
    'gak nyangka {P} sekarang {PP} {e}',
    'salut sama {P}, {PN} beneran kerasa di {place} {e}',
    'jujur awalnya ragu, ternyata {P} {PP} {laugh}',
    '{P} {PP}. {end} {e}',
    'yang nyinyir soal {P} coba liat {place} deh, {PN} beneran ada {e}',
    'alhamdulillah {P} {PP}, semoga makin banyak yang kebagian {e}',
    'ok fix {P} {PP} {e}',
    'terharu liat {who} dapet {PN} dari {P} {e}',
    'kabar baik dari {place}: {P} {PP} {e}',
    'kalau {P} {PP} gini kan enak, {end} {e}',
  ],
  neutral: [
    '{open}{T} {P} gimana ya? {e}',
    'ada yang tau {T} {P} gak? {e}',
    'gimana sih {T} {P}? {end}',
    '{T} {P} tahun ini udah ada info? {e}',
    'info {T} {P} bisa dicek di {site} {e}',
    '{who} nanya soal {T} {P}, ada yang bisa bantu? {e}',
    'baru baca soal {T} {P}, lumayan jelas sih',
    'RT kalau kamu juga lagi nunggu info {T} {P} {e}',
    '{P} hari ini rame dibahas ya {e}',
    'nunggu info {T} {P} sambil ngopi dulu {laugh}',
    'ada yang udah pernah urus {T} {P} di {place}? {e}',
    'catatan buat yang nanya {T} {P}: cek aja {site} 📌',
    'lagi rame {P} di timeline, ada apa nih? {e}',
    'kak {mention}, {T} {P} udah diumumin belum? {e}',
    '{open}{T} {P} kayak gimana sih? {end}',
  ],
};

const FORMAL_ID: Templates = {
  negative: [
    'Mohon perhatian {mention}, layanan {P} di {place} masih banyak keluhan soal {NN}. Kami berharap segera ada perbaikan.',
    'Sangat disayangkan, masih ada {NN} dalam pelaksanaan {P}. Semoga pemerintah segera mengevaluasi.',
    'Assalamualaikum, saya ingin menyampaikan keluhan. {P} di {place} {N}. Mohon ditindaklanjuti. Terima kasih.',
    'Kami sudah lama menunggu, tetapi {P} {N}. Mohon kejelasannya {mention}.',
  ],
  positive: [
    'Terima kasih {P}, {PN} sangat membantu keluarga kami. {e}',
    'Alhamdulillah, {PN} dari {P} sudah kami rasakan di {place}. Terima kasih pemerintah {e}',
    'Apresiasi untuk {P}. Pelayanan di {place} sekarang jauh lebih baik. {e}',
  ],
  neutral: [
    'Mohon info {T} {P} untuk wilayah {place}. Terima kasih. 🙏',
    'Selamat siang, bagaimana {T} {P}? Mohon penjelasannya {mention}.',
    'Berikut informasi {T} {P} yang perlu diketahui: {site}',
  ],
};

const CASUAL_EN: Templates = {
  negative: [
    '{P} {N}. {end} {e}',
    'Why is it that {P} {N}?? {e}',
    'Spent {dur} dealing with {P} in {place} and all I got was {NN}. {end}',
    'Honestly {P} {N} and nobody seems to care {e}',
    'Can someone at {mention} explain why {P} {N}? {e}',
    '{who} just told me {P} {N}. {end}',
    'So {P} {N} again. Not surprised. {e}',
    'Another day, another story about {NN} at {P} {e}',
  ],
  positive: [
    '{P} {PP}, {end} {e}',
    'Really impressed: {P} {PP} {e}',
    'Good news from {place}: {P} {PP} {e}',
    'Thank you {mention}, {P} {PP} {e}',
    '{who} says {P} {PP}. {end}',
    'Not often I say this, but {P} {PP} {e}',
  ],
  neutral: [
    'Does anyone know {T} for {P}? {e}',
    'Quick question about {P}, where do I find info on {T}? {e}',
    'Reading up on {T} for {P} today {e}',
    'Any updates on {T} for {P}? {end}',
    'PSA: info on {T} for {P} is at {site}',
    '{P} is trending again, what happened? {e}',
  ],
};

const MIXED: Templates = {
  negative: [
    '{P} {N}, literally so annoying {e}',
    'honestly {P} {N} sih, kayak why?? {e}',
    'gue literally {dur} nungguin {P}, so frustrating {e}',
    '{P} {N}. like seriously, {end} {e}',
    'no offense tapi {P} {N} {e}',
    'the way {P} {N} tuh bikin emosi {e}',
  ],
  positive: [
    'btw {P} {PP}, worth it banget {e}',
    '{P} {PP}, I mean good job lah {e}',
    'not gonna lie, {P} {PP} {e}',
    '{P} {PP}, so proud {e}',
    'lowkey {P} {PP} sih {e}',
  ],
  neutral: [
    'jadi basically {T} {P} gimana? cmiiw {e}',
    'anyone tau {T} {P}? {e}',
    'btw {T} {P} udah update belum ya? {e}',
    'need info soal {T} {P} dong {e}',
  ],
};

/** Crisis-specific shapes; {N}/{NN} come from the crisis theme. */
const CRISIS_ID: Templates = {
  negative: [
    '{P} {N}!! {end} {e}',
    'viral lagi: {P} {N} {e}',
    'baru liat berita {NN} {P} di {place}, ngeri banget {e}',
    '{NN} lagi?? {P} gimana sih tanggung jawabnya {e}',
    'udah berapa kali {NN} di {P}, masih aja gak ada evaluasi {e}',
    'di {place} juga {NN}, {P} beneran parah {e}',
    'pemerintah harus tanggung jawab soal {NN} {P} {e}',
    'ikut kena juga, {P} {N}. {end} {e}',
    'tolong {mention}!! {P} {N} {e}',
  ],
  neutral: [
    'ada yang tau {P} udah normal belum? katanya lagi ada {NN} {e}',
    'info dong soal {NN} {P}, beneran atau hoaks? {e}',
    'lagi rame {NN} {P} ya? {e}',
    'pantau terus kabar {NN} {P} di {place} {e}',
    '{mention} mohon klarifikasi soal {NN} {P} 🙏',
  ],
  positive: [
    'semoga {NN} di {P} cepet beres, semangat buat petugas {e}',
    'respon {mention} soal {NN} {P} lumayan cepet sih {e}',
    'makasih udah gercep tanggapi {NN}, {P} semoga makin baik {e}',
    'jangan gampang kemakan hoaks soal {NN} {P}, cek dulu ke {site} {e}',
  ],
};

const CRISIS_EN: Templates = {
  negative: ['{P} {N}. {end} {e}', 'Seeing reports of {NN} at {P} in {place}. This is bad. {e}', 'How is {P} still dealing with {NN}? {e}'],
  neutral: ['Is anyone tracking {NN} at {P}? {e}', 'Any official word from {mention} on {NN} at {P}?'],
  positive: ['Glad {P} is responding fast to {NN} {e}', 'Credit to the {P} staff handling {NN} today {e}'],
};

const NEWS: Templates = {
  negative: [
    '{O} Soroti {NNt} dalam Pelaksanaan {P}',
    'Warga {place} Keluhkan {NNt} {P}',
    'Ombudsman Temukan {NNt} pada Layanan {P} di {place}',
    'DPR Minta Pemerintah Evaluasi {P} Usai Keluhan {NNt}',
  ],
  positive: [
    '{O} Klaim {P} Sudah Jangkau Jutaan Warga',
    '{P} Dinilai Berhasil, Warga {place} Rasakan Manfaat {PNt}',
    '{O} Pastikan {P} Berlanjut Tahun Depan',
    'Survei: Mayoritas Warga Puas dengan {P}',
  ],
  neutral: [
    'Begini {Tt} {P}',
    'Simak {Tt} {P} Terbaru',
    '{O} Umumkan {Tt} {P} untuk Wilayah {place}',
    '{O} Jelaskan {Tt} {P}',
    '{P} di {place}: Ini {Tt} yang Perlu Diketahui',
  ],
};

const LEDES: Record<Tone | 'crisis', readonly string[]> = {
  negative: [
    '{O} mengakui masih ada kendala dalam pelaksanaan {P} dan berjanji melakukan perbaikan.',
    'Sejumlah warga mengeluhkan {NN} terkait {P} dalam beberapa pekan terakhir.',
  ],
  positive: [
    '{O} menyebut {P} telah memberikan manfaat nyata bagi masyarakat.',
    'Pemerintah menargetkan cakupan {P} terus bertambah hingga akhir tahun.',
  ],
  neutral: [
    'Masyarakat dapat memperoleh informasi resmi mengenai {P} melalui {site}.',
    '{O} mengimbau warga memastikan data diri sudah benar sebelum mengurus {P}.',
  ],
  crisis: [
    'Keluhan mengenai {NN} terkait {P} ramai di media sosial sejak pagi.',
    '{O} menyatakan tengah menelusuri laporan {NN} terkait {P} tersebut.',
  ],
};

const OFFICIAL: readonly string[] = [
  'Sahabat, info {T} {P} dapat dicek melalui {site} {tag}',
  'Hati-hati penipuan mengatasnamakan {P}. Informasi resmi hanya melalui {site} dan akun ini.',
  'Terima kasih atas masukannya. Keluhan terkait {P} dapat disampaikan melalui kanal resmi {site} 🙏',
  'Jangan lewatkan! Informasi {T} {P} terbaru sudah tersedia di {site} {tag}',
];

const OFFICIAL_CRISIS: readonly string[] = [
  'Mohon maaf atas ketidaknyamanan terkait {NN}. Tim {P} sedang menangani dan akan menyampaikan kabar terbaru.',
  'Kami memantau laporan {NN} terkait {P} dan berkoordinasi dengan pihak terkait. Update resmi: {site}',
];

/** Words that mark a phrase as too casual for headlines and official text. */
const SLANG = /\b(gak|ngawur|jutek|hedon|abal|lemot|nyangkut|nerima|aktifin|dapet|udah|bgt|banget|kayak|gue|mulu|ngebantu)\b/i;
const SMALL_WORDS = new Set(['di', 'ke', 'dari', 'dan', 'yang', 'untuk', 'pada', 'dengan', 'atau', 'dalam']);

export function titleCase(s: string): string {
  return s
    .split(' ')
    .map((w, i) => (i > 0 && SMALL_WORDS.has(w) ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');
}

/** Older Facebook users often close with a second, generic line. */
export const FACEBOOK_TAILS = ['Mohon infonya 🙏', 'Semoga bermanfaat.', 'Share biar yang lain tau.', 'Aamiin.', 'Gimana menurut kalian?', 'Tolong dibantu share.'] as const;

/** Author habits applied to casual Indonesian, so two authors write the same template differently. */
export interface SlangStyle {
  readonly gak: string;
  readonly banget: string;
  readonly udah: string;
  readonly gue: string;
  readonly yang: string;
  readonly lowercase: boolean;
}

export const SLANG_STYLES = {
  gak: ['gak', 'nggak', 'ga', 'gk', 'enggak', 'gak'],
  banget: ['banget', 'bgt', 'banget', 'bngt'],
  udah: ['udah', 'udh', 'dah', 'udah'],
  gue: ['gue', 'gw', 'aku', 'saya', 'gue'],
  yang: ['yang', 'yg', 'yang'],
} as const;

export interface SlotContext {
  readonly rng: Rng;
  readonly vocab: ProgramVocab;
  readonly tone: Tone;
  readonly lang: TextLang;
  readonly crisis: CrisisTheme | null;
  /** The program name used for {P}. */
  readonly alias: string;
}

function emoji(rng: Rng, tone: Tone): string {
  const r = rng.next();
  if (r < 0.18) return '';
  const e = rng.pick(EMOJI[tone]);
  return r < 0.33 ? e.repeat(rng.between(2, 3)) : e;
}

function resolveSlot(name: string, ctx: SlotContext): string {
  const { rng, vocab, tone, crisis } = ctx;
  const en = ctx.lang === 'en';
  switch (name) {
    case 'P':
      return ctx.alias;
    case 'N':
      return rng.pick(crisis ? (en ? crisis.predsEn : crisis.preds) : en ? vocab.negEn : vocab.neg);
    case 'NN':
      return rng.pick(crisis ? (en ? crisis.nounsEn : crisis.nouns) : en ? vocab.negNounsEn : vocab.negNouns);
    case 'NNt':
      return titleCase(rng.pick(formalOnly(crisis ? crisis.nouns : vocab.negNouns)));
    case 'PP':
      return rng.pick(en ? vocab.posEn : vocab.pos);
    case 'PN':
      return rng.pick(en ? vocab.posNounsEn : vocab.posNouns);
    case 'PNt':
      return titleCase(rng.pick(formalOnly(vocab.posNouns)));
    case 'T':
      return rng.pick(en ? vocab.topicsEn : vocab.topics);
    case 'Tt':
      return titleCase(rng.pick(formalOnly(vocab.topics)));
    case 'O':
      return rng.pick(vocab.officials);
    case 'open':
      return rng.chance(0.5) ? `${rng.pick(OPEN[tone])}, ` : '';
    case 'end':
      return rng.pick(en ? ENDINGS_EN[tone] : ENDINGS[tone]);
    case 'e':
      return emoji(rng, tone);
    case 'eNeg':
      return emoji(rng, 'negative');
    case 'ePos':
      return emoji(rng, 'positive');
    case 'eNeu':
      return emoji(rng, 'neutral');
    case 'place':
      return rng.pick(PLACES);
    case 'dur':
      return rng.pick(en ? DURATIONS_EN : DURATIONS);
    case 'who':
      return rng.pick(en ? WHO_EN : WHO);
    case 'mention':
      return rng.pick(vocab.mentions);
    case 'site':
      return vocab.site;
    case 'laugh':
      return rng.pick(LAUGHS);
    case 'tag':
      return rng.pick(vocab.hashtags);
    default:
      throw new Error(`demo template: unknown slot {${name}}`);
  }
}

function formalOnly(items: readonly string[]): readonly string[] {
  const formal = items.filter((s) => !SLANG.test(s));
  return formal.length > 0 ? formal : items;
}

export function fill(template: string, resolve: (slot: string) => string): string {
  return tidy(template.replace(/\{(\w+)\}/g, (_, name: string) => resolve(name)));
}

/** Collapses the gaps left by empty slots. */
export function tidy(s: string): string {
  return s
    .replace(/[ \t]+/g, ' ')
    .replace(/ ([,.!?:])/g, '$1')
    .replace(/,([,.!?])/g, '$1')
    .trim();
}

function applyStyle(text: string, style: SlangStyle): string {
  let out = text
    .replace(/\bgak\b/g, style.gak)
    .replace(/\bbanget\b/g, style.banget)
    .replace(/\budah\b/g, style.udah)
    .replace(/\bgue\b/g, style.gue)
    .replace(/\byang\b/g, style.yang);
  if (style.lowercase) out = out.toLowerCase();
  return out;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A social post about a program. */
export function programText(ctx: SlotContext, register: Register, style: SlangStyle): string {
  const { rng, tone, lang, crisis } = ctx;
  let templates: readonly string[];
  if (crisis && rng.chance(0.45)) templates = (lang === 'en' ? CRISIS_EN : CRISIS_ID)[tone];
  else if (lang === 'en') templates = CASUAL_EN[tone];
  else if (lang === 'mixed') templates = MIXED[tone];
  else templates = (register === 'formal' ? FORMAL_ID : CASUAL_ID)[tone];
  const text = fill(rng.pick(templates), (slot) => resolveSlot(slot, ctx));
  if (lang === 'en' || register === 'formal') return capitalise(text);
  return rng.chance(0.5) && !style.lowercase ? capitalise(applyStyle(text, style)) : applyStyle(text, style);
}

/** Headline plus a lede in the house style of the outlet; both mention the same complaint, topic and official. */
export function newsText(ctx: SlotContext, outlet: 'detik' | 'kompas'): { headline: string; text: string } {
  const { rng, tone, crisis, vocab } = ctx;
  const memo = new Map<string, string>();
  const once = (key: string, make: () => string): string => {
    let value = memo.get(key);
    if (value === undefined) {
      value = make();
      memo.set(key, value);
    }
    return value;
  };
  const noun = (): string => once('NN', () => rng.pick(formalOnly(crisis ? crisis.nouns : vocab.negNouns)));
  const praise = (): string => once('PN', () => rng.pick(formalOnly(vocab.posNouns)));
  const topic = (): string => once('T', () => rng.pick(formalOnly(vocab.topics)));
  const resolve = (headline: boolean) => (slot: string): string => {
    switch (slot) {
      case 'P':
        return headline ? titleCase(ctx.alias) : ctx.alias;
      case 'NN':
      case 'NNt':
        return slot === 'NNt' ? titleCase(noun()) : noun();
      case 'PN':
      case 'PNt':
        return slot === 'PNt' ? titleCase(praise()) : praise();
      case 'T':
      case 'Tt':
        return slot === 'Tt' ? titleCase(topic()) : topic();
      case 'O':
      case 'place':
        return once(slot, () => resolveSlot(slot, ctx));
      default:
        return resolveSlot(slot, ctx);
    }
  };
  const template = crisis && tone === 'negative' && rng.chance(0.7) ? rng.pick(crisis.headlines) : rng.pick(NEWS[tone]);
  const headline = fill(template, resolve(true));
  const lede = fill(rng.pick(crisis ? LEDES.crisis : LEDES[tone]), resolve(false));
  const city = rng.chance(0.6) ? 'Jakarta' : rng.pick(PLACES);
  const dateline = outlet === 'detik' ? `${city} - ` : `${city.toUpperCase()}, KOMPAS.com - `;
  return { headline, text: `${headline}\n\n${dateline}${capitalise(lede)}` };
}

export function officialText(ctx: SlotContext): string {
  const { rng, crisis } = ctx;
  return fill(rng.pick(crisis ? OFFICIAL_CRISIS : OFFICIAL), (slot) => resolveSlot(slot, ctx));
}

/** Near-identical coordinated text: same script, cosmetic differences only. */
export function buzzerText(rng: Rng, crisis: CrisisTheme, alias: string): string {
  let text = crisis.buzzer.replace('{P}', alias);
  if (rng.chance(0.4)) text = text.replace(/!+/g, (m) => `${m}!`);
  if (rng.chance(0.2)) text = text.toUpperCase();
  const tags = [...crisis.hashtags];
  if (tags.length > 1 && rng.chance(0.5)) tags.reverse();
  tags.length = rng.between(1, tags.length);
  const emojis = rng.chance(0.7) ? ` ${rng.pick(EMOJI.negative).repeat(rng.between(1, 3))}` : '';
  return `${text}${emojis} ${tags.join(' ')}`;
}

/** Chatter carries its tone in its emoji slot: {eNeg}, {ePos} or (neutral) {eNeu}/none. */
export function chatterText(rng: Rng, lang: TextLang, news: boolean): { text: string; tone: Tone } {
  const resolve = (slot: string): string => {
    switch (slot) {
      case 'place':
        return rng.pick(PLACES);
      case 'laugh':
        return rng.pick(LAUGHS);
      case 'eNeg':
        return emoji(rng, 'negative');
      case 'ePos':
        return emoji(rng, 'positive');
      case 'eNeu':
        return emoji(rng, 'neutral');
      default:
        throw new Error(`demo template: unknown slot {${slot}}`);
    }
  };
  const template = rng.pick(news ? CHATTER_NEWS : lang === 'en' ? CHATTER_EN : CHATTER_ID);
  const tone: Tone = template.includes('{eNeg}') ? 'negative' : template.includes('{ePos}') ? 'positive' : 'neutral';
  return { text: fill(template, resolve), tone };
}
