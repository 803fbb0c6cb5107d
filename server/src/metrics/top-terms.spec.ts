import { describe, expect, it } from '@jest/globals';
import { STOPWORDS, Tally, TopCounter, hashtagsOf, termsOf } from './top-terms.js';

const sorted = (s: Set<string>) => [...s].sort();

describe('termsOf', () => {
  it('keeps lowercased words of three letters or more, once each', () => {
    expect(sorted(termsOf('Banjir BANJIR banjir di Jakarta, air naik'))).toEqual(['air', 'banjir', 'jakarta', 'naik']);
  });

  it('drops stopwords of both languages', () => {
    expect(sorted(termsOf('Yang ini untuk dengan gak the and with harga beras'))).toEqual(['beras', 'harga']);
  });

  it('drops URLs, mentions, hashtags and numbers', () => {
    expect(sorted(termsOf('cek https://t.co/AbcDef123 www.example.com/banjir @bpbd_dki #banjir 2024 12.500 jalan'))).toEqual(['cek', 'jalan']);
  });

  it('counts letters, not characters: digits do not make a short word long enough', () => {
    expect(sorted(termsOf('ab1 abc covid19 3km'))).toEqual(['abc', 'covid19']);
  });

  it("reads an apostrophe inside a word as part of it (\"don't\" is the stopword dont)", () => {
    expect(sorted(termsOf("don't panic, it’s fine"))).toEqual(['fine', 'panic']);
  });

  it('keeps letters of any script', () => {
    expect(sorted(termsOf('Ünïcode Straße'))).toEqual(['straße', 'ünïcode']);
  });

  it('has a stopword list of common function words only', () => {
    expect(STOPWORDS.size).toBeGreaterThan(150);
    for (const w of ['yang', 'dan', 'ini', 'itu', 'untuk', 'dengan', 'gak', 'the', 'and']) expect(STOPWORDS.has(w)).toBe(true);
    for (const w of ['banjir', 'bpjs', 'harga', 'macet']) expect(STOPWORDS.has(w)).toBe(false);
  });
});

describe('hashtagsOf', () => {
  it('lowercases tags and keeps their #, once each', () => {
    expect(sorted(hashtagsOf('#Banjir #BANJIR #banjir_jkt #Jakarta2024'))).toEqual(['#banjir', '#banjir_jkt', '#jakarta2024']);
  });

  it('ignores mentions, number-only tags, URL fragments and a # inside a word', () => {
    expect(sorted(hashtagsOf('@banjir #1 https://x.com/a#frag a#b #ok'))).toEqual(['#ok']);
  });
});

describe('Tally', () => {
  it('ranks by count, ties by value ascending, whatever the insertion order', () => {
    const a = new Tally();
    for (const v of ['b', 'c', 'a', 'c', 'b', 'd']) a.add([v]);
    const b = new Tally();
    for (const v of ['d', 'b', 'c', 'a', 'b', 'c']) b.add([v]);
    expect(a.top(3)).toEqual([
      { value: 'b', count: 2 },
      { value: 'c', count: 2 },
      { value: 'a', count: 1 },
    ]);
    expect(b.top(3)).toEqual(a.top(3));
  });
});

describe('TopCounter', () => {
  it('counts posts, not occurrences, for terms, hashtags and authors', () => {
    const c = new TopCounter();
    c.add({ text: 'banjir banjir banjir #banjir #Banjir', authorHandle: 'budi' });
    c.add({ text: 'banjir lagi di kampung', authorHandle: 'budi' });
    c.add({ text: 'kampung aman #aman', authorHandle: 'ani' });
    expect(c.terms.top(10)).toEqual([
      { value: 'banjir', count: 2 },
      { value: 'kampung', count: 2 },
      { value: 'aman', count: 1 },
    ]);
    expect(c.hashtags.top(10)).toEqual([
      { value: '#aman', count: 1 },
      { value: '#banjir', count: 1 },
    ]);
    expect(c.authors.top(10)).toEqual([
      { value: 'budi', count: 2 },
      { value: 'ani', count: 1 },
    ]);
  });
});
