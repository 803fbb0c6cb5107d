import type { NormalizedPost, Token } from './normalize.js';

// Words that say what a post is about or who speaks, never how the writer feels: program names and
// their query terms, the topic nouns of public programs, pronouns, and the particles SmSA's reviews
// load with the reviewer's mood ("biasa saja", "sih"). A crisis center reads posts about programs:
// a program's name must not make its posts look good or bad. They are taken out of the post before
// the Indonesian model and the English rules see it, in training and in scoring alike, so they get
// no weight, join no word pair and do not count in the post's length.

/**
 * Every query term of the demo programs (server/src/demo/demo-programs.ts; a spec checks it stays
 * so), other public programs, and the nouns that name who runs them or what they hand out.
 */
const PROGRAM_TERMS = `
bpjs jkn kis bpjskesehatan bpjskesehatanri mobile-jkn
prakerja kartuprakerja prakerja_go_id
mbg makanbergizigratis bgn bgn_ri sppg
bansos pkh blt kemensos kemensosri bpnt sembako
kip kipk kip-k kipkuliah kjp kjmu
ikn otorita ibukotanusantara ikn_id
program programnya pemerintah pemerintahnya pemda pemkot pemkab pemprov kementerian menteri presiden gubernur bupati walikota
dinas puskesmas kelurahan kecamatan desa negara rakyat warga masyarakat
kartu kartunya pelatihan pelatihannya bantuan bantuannya subsidi beasiswa insentif iuran menu
`;

/** Multi-word program names: the words go only when they stand together. */
const PROGRAM_PHRASES = `
bpjs kesehatan | mobile jkn | kartu indonesia sehat | kartu prakerja | makan bergizi gratis | makan siang gratis
badan gizi nasional | program keluarga harapan | bantuan sosial | bantuan langsung tunai | kip kuliah
kartu indonesia pintar kuliah | kartu indonesia pintar | ibu kota nusantara | otorita ikn | kartu jakarta pintar
`;

const PRONOUNS = `
saya aku gue gua ane kami kita kamu anda lu elu dia ia beliau mereka kalian
i me my mine we us our ours you your yours he him his she her they them their
`;

/** Particles that carry SmSA reviewers' mood rather than meaning. */
const PARTICLES = `saja aja sih deh dong nih tuh`;

/**
 * "Just ordinary": a reviewer's faint praise in SmSA (labelled negative), a plain statement in a
 * post about a program or a street ("zebracross biasa saja").
 */
const MOOD_PHRASES = `biasa saja | biasa biasa saja | biasa-biasa saja`;

const words = (src: string) => src.split(/\s+/u).filter(Boolean);

export const NO_POLARITY_WORDS: ReadonlySet<string> = new Set([...words(PROGRAM_TERMS), ...words(PRONOUNS), ...words(PARTICLES)]);

/** Phrases by their first word, longest first. */
const PHRASES: ReadonlyMap<string, string[][]> = (() => {
  const m = new Map<string, string[][]>();
  for (const p of `${PROGRAM_PHRASES}|${MOOD_PHRASES}`.split(/[|\n]/u)) {
    const ws = words(p);
    if (ws.length < 2) continue;
    const list = m.get(ws[0]!) ?? [];
    list.push(ws);
    m.set(ws[0]!, list);
  }
  for (const list of m.values()) list.sort((a, b) => b.length - a.length);
  return m;
})();

export const NO_POLARITY_PHRASES: readonly string[] = [...PHRASES.values()].flat().map((p) => p.join(' '));

// Indonesian clitics glued to a program name ("prakerjanya", "bansosmu").
const CLITICS = ['nya', 'ku', 'mu', 'lah', 'kah'];

/** Per written form: 1 a no-polarity word (bare or with a clitic), 2 the start of a listed phrase. One lookup a token. */
const CODES: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  for (const w of NO_POLARITY_WORDS) {
    m.set(w, 1);
    if (w.length >= 3) for (const c of CLITICS) m.set(w + c, 1);
  }
  for (const first of PHRASES.keys()) m.set(first, (m.get(first) ?? 0) | 2);
  return m;
})();

const codeOf = (t: Pick<Token, 'norm' | 'raw'>): number => CODES.get(t.norm) ?? (t.raw !== t.norm ? (CODES.get(t.raw) ?? 0) & 1 : 0);

/** The word or its raw form is a program name, topic noun, pronoun or mood particle (with a clitic or not). */
export function isNoPolarityWord(t: Pick<Token, 'norm' | 'raw'>): boolean {
  return (codeOf(t) & 1) !== 0;
}

function phraseAt(tokens: readonly Token[], i: number): number {
  const list = PHRASES.get(tokens[i]!.norm);
  if (!list) return 0;
  for (const p of list) {
    if (i + p.length > tokens.length) continue;
    let ok = true;
    for (let k = 1; k < p.length && ok; k++) {
      const t = tokens[i + k]!;
      ok = t.norm === p[k] && t.clause === tokens[i]!.clause;
    }
    if (ok) return p.length;
  }
  return 0;
}

/**
 * The post without its program names, topic nouns, pronouns and mood particles. The same object
 * when it has none (the common case costs no allocation).
 */
export function withoutNoPolarityWords(post: NormalizedPost): NormalizedPost {
  const tokens = post.tokens;
  let kept: Token[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const code = codeOf(tokens[i]!);
    if (code === 0) {
      if (kept) kept.push(tokens[i]!);
      continue;
    }
    let span = ((code & 2) !== 0 ? phraseAt(tokens, i) : 0) || code & 1;
    if (span > 0) {
      // The rest of the same written word goes too: "bansosnya" is bantuan + sosial + nya.
      const last = tokens[i + span - 1]!;
      while (i + span < tokens.length && tokens[i + span]!.raw === last.raw && tokens[i + span]!.surface === last.surface) span++;
      kept ??= tokens.slice(0, i);
      i += span - 1;
    } else if (kept) kept.push(tokens[i]!);
  }
  // The normalizer's own literal shape, so every consumer still sees one object shape.
  return kept
    ? { tokens: kept, emoji: post.emoji, latinLetters: post.latinLetters, otherLetters: post.otherLetters, exclamations: post.exclamations, questions: post.questions }
    : post;
}
