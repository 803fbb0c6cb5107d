import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { compileQuery } from './compile.js';
import { foldText } from './fold.js';
import { parseQuery } from './parser.js';
import { prepareText } from './text.js';

function matches(query: string, text: string): boolean {
  return compileQuery(parseQuery(query))(prepareText(text));
}

describe('prepareText', () => {
  it('tokenises words, hashtags and mentions once, folded', () => {
    const text = prepareText('Antrian #BPJS_Kesehatan di @KemenkesRI... parah 😤 bpjs-nya, Café! info@bpjs.go.id');
    expect(text.words).toEqual([
      'antrian', 'bpjs', 'kesehatan', 'di', 'kemenkesri', 'parah', 'bpjs', 'nya', 'cafe', 'info', 'bpjs', 'go', 'id',
    ]);
    expect([...text.hashtags]).toEqual(['bpjs_kesehatan']);
    // The e-mail address is not a mention.
    expect([...text.mentions]).toEqual(['kemenkesri']);
    expect(text.wordPositions.get('bpjs')).toEqual([1, 6, 10]);
  });

  it('folds full-width and compatibility characters', () => {
    const text = prepareText('ＢＰＪＳ ＃ｍｂｇ ﬁnal');
    expect(text.words).toEqual(['bpjs', 'mbg', 'final']);
    expect([...text.hashtags]).toEqual(['mbg']);
  });

  it('treats an empty or symbol-only post as having no tokens', () => {
    expect(prepareText('').words).toEqual([]);
    expect(prepareText('!!! 🍱🍱 # @ #_').hashtags.size).toBe(0);
  });
});

describe('foldText', () => {
  it('is idempotent', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => foldText(foldText(s)) === foldText(s)), {
      numRuns: 500,
    });
  });
});

describe('compiled queries', () => {
  it.each<[string, string, boolean]>([
    // Operators.
    ['bpjs', 'Antrian BPJS panjang sekali!', true],
    ['bpjs', 'antrian rumah sakit', false],
    ['bpjs AND antrian', 'Antrian BPJS', true],
    ['bpjs AND antrian', 'BPJS saja', false],
    ['bpjs antrian', 'antrian di kantor bpjs', true],
    ['bpjs OR kis', 'kartu KIS hilang', true],
    ['bpjs OR kis', 'kartu hilang', false],
    ['bpjs NOT hoaks', 'bpjs naik', true],
    ['bpjs NOT hoaks', 'bpjs naik? hoaks!', false],
    ['bpjs -hoaks', 'HOAKS bpjs', false],
    ['bpjs -"iuran naik"', 'bpjs: iuran tidak naik', true],
    ['bpjs -"iuran naik"', 'bpjs: iuran naik lagi', false],
    ['bpjs -(hoaks OR isu)', 'isu bpjs', false],
    // Precedence: the trailing exclusion binds to the phrase only.
    ['ikn OR "ibu kota nusantara" -"ikan"', 'Pembangunan IKN dan ikan', true],
    ['ikn OR "ibu kota nusantara" -"ikan"', 'Ibu Kota Nusantara', true],
    ['ikn OR "ibu kota nusantara" -"ikan"', 'ibu kota nusantara banyak ikan', false],
    ['(a OR b) AND c', 'b c', true],
    ['a OR b AND c', 'a', true],
    ['a OR b AND c', 'b', false],
    // Lower-case operator words are plain terms.
    ['banjir and longsor', 'banjir and longsor', true],
    ['banjir and longsor', 'banjir dan longsor', false],
    // Word boundaries.
    ['ikn', 'ikna', false],
    ['ikn', 'IKN.', true],
    ['ikn', 'soal-ikn-lagi', true],
    ['ikn', 'IKN2045', false],
    ['bpjs', 'bpjs-nya ga bisa dipakai', true],
    ['bpjs', 'BPJSKesehatan', false],
    // Phrases: consecutive tokens, punctuation in between is fine, order matters.
    ['"makan bergizi gratis"', 'Program MAKAN bergizi, gratis!', true],
    ['"makan bergizi gratis"', 'makan gratis bergizi', false],
    ['"makan bergizi gratis"', 'makan bergizi tidak gratis', false],
    ['"makan bergizi gratis"', 'makan makan bergizi gratis', true],
    ['bpjs-nya', 'BPJS nya', true],
    ['covid-19', 'kasus COVID 19 naik', true],
    ['covid-19', 'covid19', false],
    // Prefixes.
    ['prakerja*', 'prakerjanya sudah cair', true],
    ['prakerja*', 'Prakerja', true],
    ['prakerja*', 'kartuprakerja', false],
    ['vaksin*', 'revaksinasi', false],
    ['vaksin*', '#VaksinasiCovid', true],
    ['(prakerja* OR "kartu prakerja") AND NOT lowongan', 'Pendaftaran Prakerja gelombang 5', true],
    ['(prakerja* OR "kartu prakerja") AND NOT lowongan', 'Info lowongan kartu prakerja', false],
    // Hashtags and mentions versus terms.
    ['#bpjs', '#BPJS down lagi', true],
    ['#bpjs', 'bpjs down lagi', false],
    ['#bpjs', '@bpjs down lagi', false],
    ['#bpjs', 'a#bpjs', false],
    ['bpjs', '#bpjs down lagi', true],
    ['bpjs', 'cc @bpjs', true],
    ['@bpjs', 'cc @BPJS', true],
    ['@bpjs', '#bpjs bpjs', false],
    ['@bpjs', 'info@bpjs.go.id', false],
    ['bpjs', 'info@bpjs.go.id', true],
    ['#MakanBergiziGratis', 'Mantap #makanbergizigratis 🍱', true],
    ['#makan_bergizi', 'Ayo #Makan_Bergizi', true],
    ['#makan_bergizi', 'Ayo #MakanBergizi', false],
    ['"makan bergizi"', 'Ayo #Makan_Bergizi', true],
    ['@BPJSKesehatanRI', 'tolong @bpjskesehatanri 🙏', true],
    ['bpjs OR "bpjs kesehatan" OR #bpjs OR @BPJSKesehatanRI', 'Layanan @BPJSKesehatanRI lambat', true],
    ['bpjs OR "bpjs kesehatan" OR #bpjs OR @BPJSKesehatanRI', 'Saya suka ikan', false],
    ['"makan bergizi gratis" OR mbg OR #MakanBergiziGratis', 'MBG🍱enak', true],
    ['"makan bergizi gratis" OR mbg OR #MakanBergiziGratis', 'mbgnya enak', false],
    // Case and accents, on either side.
    ['Café', 'ngopi di cafe', true],
    ['cafe', 'NGOPI DI CAFÉ', true],
    ['cafe', 'ngopi di cafe\u0301', true],
    ['"crème brûlée"', 'Creme Brulee enak', true],
    ['BPJS', 'bpjs', true],
    ['ＢＰＪＳ', 'bpjs', true],
    // Punctuation, emoji and Indonesian text.
    ['banjir AND (jakarta OR bekasi) -hoaks', 'Banjir lagi di Bekasi 😢, warga mengungsi!!', true],
    ['banjir AND (jakarta OR bekasi) -hoaks', 'HOAKS: banjir di Jakarta', false],
    ['banjir AND (jakarta OR bekasi) -hoaks', 'banjir di bandung', false],
    ['"harga beras" naik*', 'Harga beras naiknya gila-gilaan 😭😭', true],
    ['"harga beras" naik*', 'harga (beras) turun', false],
    ['subsidi AND "bbm"', 'Subsidi BBM!!!', true],
    ['mudik', '', false],
  ])('%j on %j → %s', (query, text, expected) => {
    expect(matches(query, text)).toBe(expected);
  });
});

describe('compiled phrases and prefixes at the edges', () => {
  it('never matches an empty phrase, and matches a one-word phrase as that word', () => {
    expect(compileQuery({ kind: 'phrase', words: [] })(prepareText('anything at all'))).toBe(false);
    expect(compileQuery({ kind: 'phrase', words: [] })(prepareText(''))).toBe(false);
    expect(compileQuery({ kind: 'phrase', words: ['bpjs'] })(prepareText('kantor BPJS'))).toBe(true);
    expect(compileQuery({ kind: 'phrase', words: ['bpjs'] })(prepareText('kantor bpjsnya'))).toBe(false);
  });

  it('tries every occurrence of the first word, and stops at the end of the post', () => {
    expect(matches('"kartu prakerja"', 'kartu kartu prakerja')).toBe(true);
    expect(matches('"kartu prakerja"', 'kartu biru, kartu')).toBe(false);
    expect(matches('"a b c"', 'x a b')).toBe(false);
    expect(matches('"a b c"', 'a b x a b c')).toBe(true);
  });

  it('matches a prefix on any word of the post, including the whole word', () => {
    expect(matches('ab*', 'x y ab')).toBe(true);
    expect(matches('ab*', 'x y a')).toBe(false);
    expect(matches('abc*', 'ab abd')).toBe(false);
  });
});
