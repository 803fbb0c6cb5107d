import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { EMOTICON_RE } from './emoji.js';
import { ROLE_CONTRAST, ROLE_INTENSIFIER, ROLE_NEGATOR, ROLE_NONE } from './id-words.js';
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

describe('Normalizer.squeeze', () => {
  it('keeps known and undoubled words, and squeezes stretched ones to a known form', () => {
    expect(normalizer.squeeze('good')).toEqual({ word: 'good', stretched: false });
    expect(normalizer.squeeze('abc')).toEqual({ word: 'abc', stretched: false });
    // A slang key counts as known: it is left for the slang map.
    expect(normalizer.squeeze('nggak')).toEqual({ word: 'nggak', stretched: false });
    expect(normalizer.squeeze('gooood')).toEqual({ word: 'good', stretched: true });
    expect(normalizer.squeeze('bangeeet')).toEqual({ word: 'banget', stretched: true });
    // One doubled letter too many is a typo, not emphasis.
    expect(normalizer.squeeze('baguss')).toEqual({ word: 'bagus', stretched: false });
  });

  it('squeezes an unknown stretched word all the way, but keeps an unknown double letter', () => {
    expect(normalizer.squeeze('wkwkkkk')).toEqual({ word: 'wkwk', stretched: true });
    expect(normalizer.squeeze('aabb')).toEqual({ word: 'aabb', stretched: false });
    expect(normalizer.squeeze('hahaaa')).toEqual({ word: 'haha', stretched: true });
  });
});

describe('Normalizer word forms', () => {
  const tokens = (text: string) => normalizer.normalize(text).tokens;

  it('gives each token its raw, normalized and written form, role and emphasis', () => {
    const [gak, bangeeet, tapi, mantul1, mantul2] = tokens('Gak BANGEEET tapi mantul');
    expect(gak).toMatchObject({ raw: 'gak', norm: 'tidak', surface: 'gak', role: ROLE_NEGATOR, emph: false, initial: true, clause: 0 });
    expect(bangeeet).toMatchObject({ raw: 'banget', norm: 'banget', surface: 'bangeeet', role: ROLE_INTENSIFIER, emph: true, initial: false });
    expect(tapi).toMatchObject({ raw: 'tapi', norm: 'tapi', role: ROLE_CONTRAST, emph: false });
    expect(mantul1).toMatchObject({ raw: 'mantul', norm: 'mantap', surface: 'mantul', role: ROLE_NONE });
    expect(mantul2).toMatchObject({ raw: 'mantul', norm: 'betul', surface: 'mantul', role: ROLE_NONE });
    expect(mantul1!.lex).not.toBe(mantul2!.lex);
    expect(bangeeet!.lex).toMatchObject({ raw: 'banget', norm: 'banget', surface: 'bangeeet', stretched: true, upper: true, title: false, role: ROLE_INTENSIFIER });
  });

  it('shares one lexeme between the occurrences of a word', () => {
    const [a, b, c] = tokens('bagus x bagus');
    expect(a!.lex).toBe(c!.lex);
    expect(a!.lex).not.toBe(b!.lex);
    expect(tokens('bagus')[0]!.lex).toBe(a!.lex);
  });

  it('treats capitals as emphasis only in a post that is not all capitals, and only from 3 letters', () => {
    expect(tokens('parah BANGET ok OK').map((t) => [t.raw, t.emph])).toEqual([
      ['parah', false],
      ['banget', true],
      ['ok', false],
      ['ok', false],
    ]);
    expect(tokens('PARAH BANGET').map((t) => t.emph)).toEqual([false, false]);
    expect(tokens('PARAH BANGET 😡').map((t) => t.emph)).toEqual([false, false]);
    expect(tokens('PARAH 😡 banget').map((t) => t.emph)).toEqual([true, false]);
    // Digits have no case: "123" is neither shouted nor a title.
    expect(tokens('harga 123').map((t) => [t.lex.upper, t.lex.title])).toEqual([
      [false, false],
      [false, false],
    ]);
    // The URL is gone before the post is judged all capitals.
    expect(tokens('PARAH www.example.com').map((t) => [t.raw, t.emph])).toEqual([['parah', false]]);
    expect(tokens('PARAH https://example.com/x').map((t) => [t.raw, t.emph])).toEqual([['parah', false]]);
  });

  it('marks one capital then small letters as a title, nothing else', () => {
    expect(tokens('Budi BUDI B Bu bUdi').map((t) => t.lex.title)).toEqual([true, false, false, true, false]);
  });

  it('splits at slashes and trims quotes and dashes at the edges', () => {
    expect(tokens("'bagus' -keren- a/b -- '").map((t) => t.raw)).toEqual(['bagus', 'keren', 'a', 'b']);
    expect(tokens("'bagus'")[0]!.surface).toBe('bagus');
  });

  it('splits clitics from 6 letters on, onto a base of at least 3 known letters, mapping slang bases', () => {
    expect(norms('bgtnya')).toEqual(['banget', 'nya']);
    expect(norms('bgtku')).toEqual(['bgtku']);
    expect(norms('programmu kerenkah bagusnya')).toEqual(['program', 'mu', 'keren', 'kah', 'bagus', 'nya']);
    expect(norms('xyzabcnya')).toEqual(['xyzabcnya']);
  });

  it('keeps a slash-joined word one word: both halves start the sentence when it does', () => {
    const tokens = normalizer.normalize('Ya/Tidak jelas').tokens;
    expect(tokens.map((t) => [t.norm, t.initial])).toEqual([['ya', true], ['tidak', true], ['jelas', false]]);
  });

  it('writes reduplication with the slang base and leaves other digits alone', () => {
    expect(norms('org2 a2 2 x22')).toEqual(['orang-orang', 'a2', '2', 'x22']);
  });
});

describe('Normalizer hashtags', () => {
  it('segments by the fewest known words, within 60 letters and words of up to 20', () => {
    const long = new Normalizer(new Set(['abcdefghijklmnopqrst', 'abcdefghijklmnopqrstu', 'xy', 'makan', 'makanan', 'nan', 'ab', 'cd', 'abc']));
    expect(long.splitHashtag('abcdefghijklmnopqrstxy')).toBe('abcdefghijklmnopqrst xy');
    // A known word of 21 letters is longer than the segmenter looks: the tag stays whole.
    expect(long.splitHashtag('abcdefghijklmnopqrstuxy')).toBe('abcdefghijklmnopqrstuxy');
    expect(long.splitHashtag('makananxy')).toBe('makanan xy');
    expect(long.splitHashtag('abcd')).toBe('ab cd');
    const twenty = 'abcdefghijklmnopqrst';
    expect(long.splitHashtag(twenty.repeat(3))).toBe([twenty, twenty, twenty].join(' '));
    expect(long.splitHashtag(`${twenty.repeat(2)}${'makanan'.repeat(3)}`)).toBe(`${twenty.repeat(2)}${'makanan'.repeat(3)}`);
    // Ten known words are too many pieces to trust.
    expect(long.splitHashtag('xy'.repeat(9))).toBe(Array.from({ length: 9 }, () => 'xy').join(' '));
    expect(long.splitHashtag('xy'.repeat(10))).toBe('xy'.repeat(10));
    // One unknown letter anywhere keeps the tag whole.
    expect(long.splitHashtag('makanqxy')).toBe('makanqxy');
    expect(long.splitHashtag('Makan')).toBe('makan');
  });

  it('splits camel case and digit runs, and caches the answer', () => {
    expect(normalizer.splitHashtag('MakanBergiziGratis')).toBe('makan bergizi gratis');
    expect(normalizer.splitHashtag('BPJSKesehatan')).toBe('bpjs kesehatan');
    expect(normalizer.splitHashtag('mbg2025')).toBe('mbg 2025');
    expect(normalizer.splitHashtag('MakanBergiziGratis')).toBe('makan bergizi gratis');
  });

  it('puts a hashtag in a clause of its own', () => {
    const post = normalizer.normalize('bagus #MakanGratis keren');
    expect(post.tokens.map((t) => `${t.clause}:${t.norm}`)).toEqual(['0:bagus', '1:makan', '1:gratis', '2:keren']);
  });
});

describe('Normalizer rewriting', () => {
  it('drops mentions but keeps the character before them, and keeps e-mail addresses as words', () => {
    expect(norms('(@budi)bagus')).toEqual(['bagus']);
    expect(norms('@budi bagus')).toEqual(['bagus']);
    expect(norms('kirim ke budi@mail.id ya')).toEqual(['kirim', 'ke', 'budi', 'mail', 'id', 'ya']);
  });

  it('reads escaped characters and censored swearing', () => {
    expect(normalizer.normalize('Don\\u2019t go').tokens.map((t) => t.raw)).toEqual(["don't", 'go']);
    expect(norms('f*** this s**t, F@#k b*tch sh*tty')).toEqual(['fuck', 'this', 'shit', 'fuck', 'bitch', 'shit']);
    expect(norms('a*b')).toEqual(['a', 'b']);
  });

  it('straightens curly apostrophes and folds full-width letters', () => {
    expect(normalizer.normalize('don’t ｂａｇｕｓ').tokens.map((t) => t.raw)).toEqual(["don't", 'bagus']);
  });

  it('reads emoticons by their longest known prefix, and only as whole words', () => {
    const emoji = (text: string) => normalizer.normalize(text).emoji.map((e) => [e.surface, e.polarity]);
    expect(emoji(':(((( :):) :-/ XD')).toEqual([
      [':((((', -0.7],
      [':):)', 0.5],
      [':-/', -0.3],
      ['XD', 0.3],
    ]);
    expect(emoji('=) <3 ^_^ ;)')).toEqual([
      ['=)', 0.5],
      ['<3', 0.6],
      ['^_^', 0.5],
      [';)', 0.4],
    ]);
    expect(emoji('bagus🍱')).toEqual([]);
    expect(norms('bagus:) keren')).toEqual(['bagus', 'keren']);
    // An emoticon ends a clause like punctuation does.
    expect(normalizer.normalize('bagus :) keren').tokens.map((t) => t.clause)).toEqual([0, 1]);
  });

  it('sends every rewrite hint down the full path', () => {
    expect(norms('xd bagus')).toEqual(['bagus']);
    expect(norms('XD bagus')).toEqual(['bagus']);
    expect(norms('Xd bagus')).toEqual(['bagus']);
    expect(norms('^^ bagus')).toEqual(['bagus']);
    expect(norms('bagus\u0001keren')).toEqual(['bagus', 'keren']);
    expect(normalizer.normalize('a\tb\r\nc').tokens.map((t) => [t.raw, t.clause, t.initial])).toEqual([
      ['a', 0, true],
      ['b', 0, false],
      ['c', 1, true],
    ]);
  });

  it('counts Latin and other letters once per code point', () => {
    const count = (text: string) => {
      const { latinLetters, otherLetters } = normalizer.normalize(text);
      return [latinLetters, otherLetters];
    };
    expect(count('abc')).toEqual([3, 0]);
    expect(count('ABC 123 !?')).toEqual([3, 0]);
    expect(count('abc😡')).toEqual([3, 0]);
    expect(count('øß')).toEqual([2, 0]);
    expect(count('café')).toEqual([4, 0]);
    expect(count('𝐁𝐁 €')).toEqual([0, 2]);
    expect(count('жя')).toEqual([0, 2]);
  });
});

describe('Normalizer clauses and sentences', () => {
  const clauses = (text: string) => normalizer.normalize(text).tokens.map((t) => `${t.clause}:${t.initial ? '^' : ''}${t.raw}`);

  it('starts a sentence after . ! ? and line breaks, a clause after any punctuation', () => {
    expect(clauses('a, b; c? d: e! f. g\nh\ri (j) [k] {l} "m" “n” o|p')).toEqual([
      '0:^a', '1:b', '2:c', '3:^d', '4:e', '5:^f', '6:^g', '7:^h', '8:^i', '9:j', '10:k', '11:l', '12:m', '13:n', '14:o', '15:p',
    ]);
  });

  it('opens no empty clauses for punctuation before the first word or in a row', () => {
    expect(clauses('!! ?? a ... b')).toEqual(['0:^a', '1:^b']);
    expect(clauses('a - - b')).toEqual(['0:^a', '1:b']);
    // A lone dash is a word of no letters: it ends the sentence start all the same.
    expect(clauses('- a')).toEqual(['0:a']);
  });

  it('ends a clause at a run of dashes between spaces, and not at a dash at the end', () => {
    expect(clauses('a -- b – c —— d')).toEqual(['0:^a', '1:b', '2:c', '3:d']);
    expect(clauses('a -')).toEqual(['0:^a']);
    expect(clauses('a\u3000-\u00a0b')).toEqual(['0:^a', '1:b']);
    expect(clauses('a\u2028—\u2029b')).toEqual(['0:^a', '1:b']);
  });

  it('counts exclamation and question marks', () => {
    const post = normalizer.normalize('kenapa??? parah!!! ya.');
    expect([post.exclamations, post.questions]).toEqual([3, 3]);
    expect(normalizer.normalize('ok').exclamations).toBe(0);
  });
});

describe('Normalizer edge cases', () => {
  const clauses = (text: string) => normalizer.normalize(text).tokens.map((t) => `${t.clause}:${t.raw}`);

  it('takes exactly JavaScript whitespace around a clause-ending dash', () => {
    const spaces = [9, 11, 12, 32, 0xa0, 0x1680, 0x2000, 0x2005, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff];
    for (const code of spaces) {
      const sp = String.fromCharCode(code);
      expect([code, clauses(`a${sp}-${sp}b`)]).toEqual([code, ['0:a', '1:b']]);
    }
    // Neighbours of those code points separate words but are no whitespace.
    const others = [8, 14, 0x9f, 0x167f, 0x1681, 0x1fff, 0x200b, 0x2027, 0x202a, 0x202e, 0x2030, 0x205e, 0x2060, 0x2fff, 0x3001, 0xfefe];
    for (const code of others) {
      const ch = String.fromCharCode(code);
      expect([code, clauses(`a${ch}-${ch}b`)]).toEqual([code, ['0:a', '0:b']]);
    }
  });

  it('keeps the word characters a-z, A-Z, 0-9 inside words', () => {
    expect(normalizer.normalize('xAx xZx x0x x9x xax xzx').tokens.map((t) => t.raw)).toEqual(['xax', 'xzx', 'x0x', 'x9x', 'xax', 'xzx']);
    expect(normalizer.normalize('x@x x[x x`x x{x x/x').tokens.map((t) => t.raw)).toEqual(['x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x']);
  });

  it('counts the letters at the ends of the ASCII ranges on every path', () => {
    const count = (text: string) => {
      const { latinLetters, otherLetters } = normalizer.normalize(text);
      return [latinLetters, otherLetters];
    };
    expect(count('azAZ')).toEqual([4, 0]);
    expect(count('azAZ:{}~`@[')).toEqual([4, 0]);
    expect(count('azAZ ø {}~`@[')).toEqual([5, 0]);
  });

  it('flags words written in capitals from three letters on', () => {
    expect(normalizer.normalize('ABC Abc abc OK 123 A1B').tokens.map((t) => t.lex.upper)).toEqual([true, false, false, false, false, true]);
  });

  it('leaves no token for trailing punctuation, and keeps a space where an emoji was', () => {
    expect(norms('bagus!')).toEqual(['bagus']);
    expect(norms('bagus.')).toEqual(['bagus']);
    expect(norms('bagus😡keren')).toEqual(['bagus', 'keren']);
  });

  it('opens no clause for a dash or a run of spaces at the start or after punctuation', () => {
    expect(clauses(' - a')).toEqual(['0:a']);
    expect(normalizer.normalize(' - a').tokens[0]!.initial).toBe(true);
    expect(clauses('a - , b')).toEqual(['0:a', '1:b']);
    expect(clauses('a  b')).toEqual(['0:a', '0:b']);
    // Only whitespace before the dash counts: "+-" is a separator and an empty word.
    expect(clauses('a+- b')).toEqual(['0:a', '0:b']);
    // A carriage return after the dash is its closing space, so it starts no sentence.
    expect(normalizer.normalize('a -\rb').tokens.map((t) => [t.raw, t.clause, t.initial])).toEqual([
      ['a', 0, true],
      ['b', 1, false],
    ]);
  });

  it('squeezes a known doubled word only when it is not known already', () => {
    const withBoth = new Normalizer(new Set(['cool', 'col']));
    expect(withBoth.squeeze('cool')).toEqual({ word: 'cool', stretched: false });
    expect(withBoth.squeeze('cooool')).toEqual({ word: 'cool', stretched: true });
  });

  it('keeps a known word whole even when it ends like a clitic', () => {
    expect(new Normalizer(new Set(['harga', 'harganya'])).normalize('harganya').tokens.map((t) => t.norm)).toEqual(['harganya']);
    expect(norms('kerenpun programku')).toEqual(['keren', 'pun', 'program', 'ku']);
  });

  it('counts a single known letter as unknown in a hashtag, but a known digit as a word', () => {
    const n = new Normalizer(new Set(['yz', 'ab', '2', 'x', 'cde', 'abc', 'de']));
    expect(n.splitHashtag('xyz')).toBe('xyz');
    expect(n.splitHashtag('ab2')).toBe('ab 2');
    // Ties keep the split found first: the shorter first word.
    expect(n.splitHashtag('abcde')).toBe('ab cde');
    // A known single letter counts as unknown anywhere in the tag, not only at its start.
    expect(n.splitHashtag('yzx')).toBe('yzx');
  });

  it('drops http and https links whole, and mentions with digits, "_" and "."', () => {
    expect(norms('cek http://a.id/x?y=1 https://t.co/abc bagus')).toEqual(['cek', 'bagus']);
    expect(norms('@budi_2.0 bagus x_@andi 1@rina')).toEqual(['bagus', 'x', 'andi', '1', 'rina']);
    expect(norms('#Antri2025 #antri_ri')).toEqual(['antre', '2025', 'antre', 'ri']);
    expect(norms('xD bagus')).toEqual(['bagus']);
  });
});
