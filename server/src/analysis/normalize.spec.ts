import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { EMOTICON_RE } from './emoji.js';
import { Normalizer } from './normalize.js';
import { ID_SLANG } from './slang-id.js';

const vocab = new Set(['makan', 'bergizi', 'gratis', 'banget', 'harga', 'good', 'cool', 'so', 'keren', 'program', 'bagus', 'pelayanan', 'rasanya', 'hanya', 'lah']);
const normalizer = new Normalizer(vocab);
const norms = (text: string) => normalizer.normalize(text).tokens.map((t) => t.norm);

describe('slang map', () => {
  it('holds a few hundred entries with the common forms', () => {
    expect(ID_SLANG.size).toBeGreaterThan(300);
    const expected: Record<string, string> = {
      gak: 'tidak', ga: 'tidak', nggak: 'tidak', enggak: 'tidak', tdk: 'tidak', bgt: 'banget', udh: 'sudah', udah: 'sudah', yg: 'yang',
      dgn: 'dengan', blm: 'belum', krn: 'karena', gmn: 'bagaimana', bkn: 'bukan', jg: 'juga', aja: 'saja', sy: 'saya', lg: 'lagi',
      bener: 'benar', mantul: 'mantap betul', makasih: 'terima kasih',
    };
    for (const [k, v] of Object.entries(expected)) expect([k, ID_SLANG.get(k)]).toEqual([k, v]);
  });

  it('never maps a word to itself or to an empty string', () => {
    for (const [k, v] of ID_SLANG) {
      expect(v).not.toBe(k);
      expect(v.trim()).toBe(v);
      expect(v.length).toBeGreaterThan(0);
    }
  });
});

describe('Normalizer', () => {
  it('expands slang, keeping the written form for explanations', () => {
    const post = normalizer.normalize('Gak ngerti knp blm cair, mantul deh');
    expect(post.tokens.map((t) => t.norm)).toEqual(['tidak', 'mengerti', 'kenapa', 'belum', 'cair', 'mantap', 'betul', 'deh']);
    expect(post.tokens.find((t) => t.norm === 'betul')?.surface).toBe('mantul');
  });

  it('squeezes stretched letters and marks the emphasis', () => {
    const post = normalizer.normalize('bagus bangeeeet, kereeen, goooood, sooo cool');
    expect(post.tokens.map((t) => t.raw)).toEqual(['bagus', 'banget', 'keren', 'good', 'so', 'cool']);
    expect(post.tokens.map((t) => t.emph)).toEqual([false, true, true, true, true, false]);
    // One doubled letter too many, on a known word.
    expect(norms('kerenn bangett')).toEqual(['keren', 'banget']);
  });

  it('marks the first word of each sentence and words written with one capital', () => {
    const post = normalizer.normalize('Dana Cair hari Senin. Warga senang!\nTerima kasih Pak');
    expect(post.tokens.map((t) => t.initial)).toEqual([true, false, false, false, true, false, true, false, false]);
    expect(post.tokens.map((t) => t.lex.title)).toEqual([true, true, false, true, true, false, true, false, true]);
  });

  it('splits hashtags by case and by known words', () => {
    expect(norms('#MakanBergiziGratis')).toEqual(['makan', 'bergizi', 'gratis']);
    expect(norms('#makanbergizigratis')).toEqual(['makan', 'bergizi', 'gratis']);
    expect(normalizer.splitHashtag('MBG2025')).toBe('mbg 2025');
    // Unknown run of letters: kept whole rather than cut into nonsense.
    expect(norms('#qwzxv')).toEqual(['qwzxv']);
  });

  it('drops URLs and mentions', () => {
    expect(norms('@budi_s cek https://t.co/abc?x=1 dan www.example.com program bagus')).toEqual(['cek', 'dan', 'program', 'bagus']);
  });

  it('collects emoji and emoticons with their polarity', () => {
    const post = normalizer.normalize('bagus 😍👍 tapi lama 😡 :( :))');
    expect(post.emoji.map((e) => e.surface)).toEqual(['😍', '👍', '😡', ':(', ':))']);
    expect(post.emoji.map((e) => Math.sign(e.polarity))).toEqual([1, 1, -1, -1, 1]);
    expect(post.tokens.map((t) => t.norm)).toEqual(['bagus', 'tapi', 'lama']);
    // Times and URLs are not emoticons.
    expect('jam 10:30 ya'.match(EMOTICON_RE)).toBeNull();
  });

  it('splits clitics as the training text does, but keeps words it knows whole', () => {
    expect(norms('harganya pelayanannya rasanya hanya')).toEqual(['harga', 'nya', 'pelayanan', 'nya', 'rasanya', 'hanya']);
    expect(norms('kerenlah')).toEqual(['keren', 'lah']);
  });

  it('writes reduplication with a hyphen', () => {
    expect(norms('anak2 hati2')).toEqual(['anak-anak', 'hati-hati']);
  });

  it('reads a plain ASCII post on its fast path exactly as on the full one', () => {
    // "_" sends a post down the full path (it could start an emoticon) and is itself no word.
    const strip = (text: string) => JSON.stringify(normalizer.normalize(text), (k, v: unknown) => (k === 'lex' ? undefined : v));
    const words = ['bagus', 'BANGET', 'keren', 'tidak', 'gak', 'goooood', 'harga-harga', "don't", 'a/b', '!', '?', ',', ' - ', '.', 'www.x.id', 'KECEWA', '2'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 20 }), (ws) => {
        const text = ws.join(' ');
        expect(strip(`${text} _`)).toBe(strip(text));
      }),
      { numRuns: 300 },
    );
  });

  it('cuts words and clauses as splitting at punctuation and then at non-word characters does', () => {
    const clauses = (text: string) => normalizer.normalize(text).tokens.map((t) => `${t.clause}:${t.raw}`);
    // A dash between spaces ends a clause; one inside or against a word does not.
    expect(clauses('bagus - keren')).toEqual(['0:bagus', '1:keren']);
    expect(clauses('bagus — keren')).toEqual(['0:bagus', '1:keren']);
    expect(clauses('bagus -keren')).toEqual(['0:bagus', '0:keren']);
    expect(clauses('harga-harga naik')).toEqual(['0:harga-harga', '0:naik']);
    // Words are runs of letters, digits and ' - /; anything else separates them.
    expect(clauses("don't_stop+home x2")).toEqual(["0:don't", '0:stop', '0:home', '0:x2']);
    expect(clauses('a.b,c!!d')).toEqual(['0:a', '1:b', '2:c', '3:d']);
    const post = normalizer.normalize('wah!! keren? ya');
    expect([post.exclamations, post.questions]).toEqual([2, 1]);
  });

  it('starts a new clause at punctuation, and strips diacritics', () => {
    const post = normalizer.normalize('Café enak. Tapi mahal!');
    expect(post.tokens.map((t) => [t.norm, t.clause])).toEqual([
      ['cafe', 0],
      ['enak', 0],
      ['tapi', 1],
      ['mahal', 1],
    ]);
    expect(post.exclamations).toBe(1);
  });

  it('counts Latin and other letters', () => {
    const ar = normalizer.normalize('مرحبا كيف حالك');
    expect(ar.latinLetters).toBe(0);
    expect(ar.otherLetters).toBeGreaterThan(5);
    expect(ar.tokens).toEqual([]);
    const zh = normalizer.normalize('这个计划很好 ok');
    expect(zh.otherLetters).toBe(6);
    expect(zh.latinLetters).toBe(2);
  });
});
