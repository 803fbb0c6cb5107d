import { Rng, hash32 } from './prng.js';
import { SLANG_STYLES, type SlangStyle } from './demo-text.js';

export type SocialSource = 'x' | 'facebook' | 'tiktok' | 'instagram' | 'youtube';
export const SOCIAL_SOURCES: readonly SocialSource[] = ['x', 'facebook', 'tiktok', 'instagram', 'youtube'];
/** Where Indonesian public conversation about government programs roughly happens. */
const SOURCE_WEIGHTS = [0.4, 0.2, 0.17, 0.14, 0.09];

export interface DemoAuthor {
  readonly handle: string;
  readonly name: string | undefined;
  readonly followers: number;
  /** Most of this author's posts go to this platform. */
  readonly home: SocialSource;
  /** Share of this author's posts written in English. */
  readonly english: number;
  /** Share of this author's Indonesian posts written formally. */
  readonly formal: number;
  readonly style: SlangStyle;
  /** Stable numeric user id for id formats that embed one (Facebook, Instagram). */
  readonly userId: string;
}

const FIRST = [
  'Budi', 'Siti', 'Agus', 'Dewi', 'Rina', 'Andi', 'Sri', 'Joko', 'Wahyu', 'Putri', 'Rizky', 'Fajar', 'Ayu', 'Dian',
  'Eko', 'Indah', 'Hendra', 'Nur', 'Bayu', 'Wulan', 'Yusuf', 'Lestari', 'Dimas', 'Nabila', 'Fitri', 'Arif', 'Ratna',
  'Bambang', 'Yanti', 'Teguh', 'Anisa', 'Reza', 'Intan', 'Ilham', 'Maya', 'Rudi', 'Sari', 'Irfan', 'Mega', 'Adi',
  'Citra', 'Hadi', 'Tari', 'Galih', 'Nadia', 'Kevin', 'Michelle', 'Wayan', 'Made', 'Ketut', 'Ucok', 'Butet', 'Asep',
  'Ujang', 'Neneng', 'Cecep', 'Daeng', 'Andika', 'Ahmad', 'Muhammad', 'Dinda', 'Salsa', 'Tiara', 'Gilang', 'Yoga',
  'Sarah', 'Daniel', 'Jessica', 'Steven', 'Grace', 'Rahmat', 'Syahrul', 'Zulkifli', 'Aisyah', 'Fadli',
];
const LAST = [
  'Santoso', 'Wijaya', 'Saputra', 'Hidayat', 'Pratama', 'Kusuma', 'Lestari', 'Siregar', 'Nasution', 'Harahap',
  'Simanjuntak', 'Sitompul', 'Lubis', 'Gunawan', 'Setiawan', 'Nugroho', 'Susanto', 'Purnomo', 'Wibowo', 'Hakim',
  'Rahman', 'Syahputra', 'Ramadhan', 'Firmansyah', 'Kurniawan', 'Permana', 'Suryadi', 'Halim', 'Tanjung', 'Manurung',
  'Pangaribuan', 'Sinaga', 'Mahendra', 'Anggraini', 'Maharani', 'Utami', 'Puspita', 'Wardana', 'Situmorang', 'Daulay',
  'Tambunan', 'Rangkuti', 'Pohan', 'Latuconsina', 'Pattinama', 'Mandagi', 'Sembiring', 'Ginting', 'Tarigan', 'Matondang',
];
const PREFIX = ['si', 'kang', 'mas', 'mbak', 'bang', 'neng', 'cak', 'uda', 'teh', 'om', 'tante', 'kak', 'abang'];
const SUFFIX = ['_id', 'xx', '_real', 'ajah', 'aja', 'gaming', '_', 'official', 'jkt', 'sby', 'bdg', 'mks', 'mdn'];
const ANON_A = ['kucing', 'anak', 'senja', 'kopi', 'bocah', 'pejuang', 'pecinta', 'warga', 'mamah', 'papah', 'remahan', 'budak'];
const ANON_B = ['oren', 'rantau', 'kala', 'hitam', 'kos', 'rupiah', 'hujan', 'biasa', 'muda', 'receh', 'korporat', 'malam'];
const DECOR = ['🌸', '🌻', '✨', '🦋', '🇮🇩', '☕', '🌙', '⚽'];

const BUZZER_A = ['suara', 'warga', 'rakyat', 'nkri', 'pemuda', 'relawan', 'peduli', 'cinta', 'garda', 'bela'];
const BUZZER_B = ['rakyat', 'peduli', 'jelata', 'bersatu', 'hargamati', 'negeri', 'merdeka', 'bangsa', 'nusa', 'kritis'];

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function makeHandle(rng: Rng, first: string, last: string): string {
  const f = first.toLowerCase();
  const l = last.toLowerCase();
  switch (rng.int(8)) {
    case 0:
      return `${f}${l}${rng.chance(0.5) ? pad(rng.int(100), 2) : ''}`;
    case 1:
      return `${f}_${l}`;
    case 2:
      return `${rng.pick(PREFIX)}${f}`;
    case 3:
      return `${f}${rng.pick(SUFFIX)}`;
    case 4:
      return `${f}${pad(rng.between(75, 106) % 100, 2)}`;
    case 5:
      return `${rng.pick(ANON_A)}${rng.pick(ANON_B)}${rng.chance(0.6) ? rng.int(1000) : ''}`;
    case 6:
      return `${f}${l.charAt(0)}_${rng.int(10_000)}`;
    default:
      return `${f}_${l.slice(0, 4)}${rng.chance(0.5) ? '_' : ''}`;
  }
}

function makeStyle(rng: Rng): SlangStyle {
  return {
    gak: rng.pick(SLANG_STYLES.gak),
    banget: rng.pick(SLANG_STYLES.banget),
    udah: rng.pick(SLANG_STYLES.udah),
    gue: rng.pick(SLANG_STYLES.gue),
    yang: rng.pick(SLANG_STYLES.yang),
    lowercase: rng.chance(0.25),
  };
}

function makeUserId(rng: Rng): string {
  return `1000${pad(rng.int(100_000), 5)}${pad(rng.int(1_000_000), 6)}`;
}

/**
 * A fixed population of authors whose activity follows a Zipf–Mandelbrot law (weight 1/(rank+15)^1.1): the top
 * accounts post daily, the long tail once in a while. Followers are log-normal, with a few influencers.
 */
export class AuthorPool {
  readonly authors: readonly DemoAuthor[];
  private readonly cdf: Float64Array;

  constructor(seed: number, size = 6_000) {
    const rng = new Rng(hash32(seed, 0xa07));
    const taken = new Set<string>();
    const authors: DemoAuthor[] = [];
    for (let rank = 0; rank < size; rank++) {
      const first = rng.pick(FIRST);
      const last = rng.pick(LAST);
      let handle = makeHandle(rng, first, last).slice(0, 15);
      while (taken.has(handle)) handle = `${handle.slice(0, 11)}${rng.int(10_000)}`;
      taken.add(handle);
      const nameRoll = rng.next();
      const name =
        nameRoll < 0.08 ? undefined : nameRoll < 0.35 ? first : nameRoll < 0.45 ? `${first} ${rng.pick(DECOR)}` : `${first} ${last}`;
      // Very active accounts tend to be bigger ones, and 1% are influencers.
      const activity = rank < 100 ? 8 : rank < 1_000 ? 2 : 1;
      const influencer = rng.chance(0.01) ? rng.logNormal(80, 1) : 1;
      const followers = Math.min(25_000_000, Math.floor(rng.logNormal(180, 1.8) * activity * influencer));
      authors.push({
        handle,
        name,
        followers,
        home: SOCIAL_SOURCES[rng.weighted(SOURCE_WEIGHTS)] ?? 'x',
        // About one post in eight in English overall (news and officials write Indonesian): 85–90 % Indonesian.
        english: rng.chance(0.1) ? 0.8 : 0.05,
        formal: rng.chance(0.15) ? 0.6 : 0.08,
        style: makeStyle(rng),
        userId: makeUserId(rng),
      });
    }
    this.authors = authors;
    this.cdf = new Float64Array(size);
    let total = 0;
    for (let rank = 0; rank < size; rank++) {
      total += 1 / (rank + 15) ** 1.1;
      this.cdf[rank] = total;
    }
    for (let rank = 0; rank < size; rank++) this.cdf[rank] = (this.cdf[rank] as number) / total;
  }

  pick(rng: Rng): DemoAuthor {
    const r = rng.next();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cdf[mid] as number) < r) lo = mid + 1;
      else hi = mid;
    }
    return this.authors[lo] as DemoAuthor;
  }
}

/** Throwaway-looking accounts for coordinated bursts: generic patriotic names, digits, few followers. */
export function buzzerPool(seed: number, size = 60): DemoAuthor[] {
  const rng = new Rng(hash32(seed, 0xb022));
  const taken = new Set<string>();
  const out: DemoAuthor[] = [];
  while (out.length < size) {
    const a = rng.pick(BUZZER_A);
    const b = rng.pick(BUZZER_B);
    const handle = `${a}${rng.chance(0.5) ? '_' : ''}${b}${pad(rng.int(10_000), 4)}`;
    if (taken.has(handle)) continue;
    taken.add(handle);
    out.push({
      handle,
      name: rng.chance(0.7) ? `${a.charAt(0).toUpperCase()}${a.slice(1)} ${b.charAt(0).toUpperCase()}${b.slice(1)}` : undefined,
      followers: rng.int(150),
      home: rng.chance(0.8) ? 'x' : 'tiktok',
      english: 0,
      formal: 0,
      style: makeStyle(rng),
      userId: makeUserId(rng),
    });
  }
  return out;
}
