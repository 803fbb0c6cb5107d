import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { PairTable } from './id-model.js';
import { hashOf, hashStep, HASH_SEED, WordTable } from './word-table.js';

describe('WordTable', () => {
  it('finds a word by a slice of a longer text, without cutting it out', () => {
    const table = new WordTable<number>();
    table.insert('bagus', hashOf('bagus'), 1);
    table.insert('bag', hashOf('bag'), 2);
    const text = 'sangat bagus!';
    let h = HASH_SEED;
    for (let i = 7; i < 12; i++) h = hashStep(h, text.charCodeAt(i));
    expect(table.lookup(text, 7, 12, h)).toBe(1);
    expect(table.get('bag')).toBe(2);
    expect(table.get('bagu')).toBeUndefined();
    expect(table.get('')).toBeUndefined();
  });

  it('agrees with a Map through growth, and starts over at its limit', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 3000 }), (words) => {
        const table = new WordTable<number>(5000);
        const map = new Map<string, number>();
        words.forEach((w, i) => {
          if (table.get(w) === undefined) table.insert(w, hashOf(w), i);
          if (!map.has(w)) map.set(w, i);
        });
        expect(table.size).toBe(map.size);
        for (const [w, v] of map) expect(table.get(w)).toBe(v);
      }),
      { numRuns: 30 },
    );
    const small = new WordTable<number>(3);
    for (const w of ['a', 'b', 'c', 'd']) small.insert(w, hashOf(w), 0);
    expect(small.size).toBe(1);
    expect(small.get('a')).toBeUndefined();
    expect(small.get('d')).toBe(0);
  });
});

describe('PairTable', () => {
  it('answers the row of each pair and -1 for any other', () => {
    const entries: Array<[number, number, number]> = [];
    for (let a = 0; a < 60; a++) for (let b = 0; b < 60; b += 1 + (a % 3)) entries.push([a, b, entries.length]);
    const table = new PairTable(entries);
    for (const [a, b, row] of entries) expect(table.get(a, b)).toBe(row);
    expect(table.get(1, 1)).toBe(-1);
    expect(table.get(60, 0)).toBe(-1);
    expect(new PairTable([]).get(0, 0)).toBe(-1);
  });
});
