/**
 * A bounded map from words to values, looked up by a slice of a text without cutting the slice out:
 * the caller hashes the characters as it scans them (hashStep from HASH_SEED), and a hit costs no
 * string allocation and no second hash. Open addressing over typed arrays; when full it starts over,
 * like the other caches here.
 */
export const HASH_SEED = 0x811c9dc5 | 0;

/** FNV-1a over UTF-16 code units. */
export const hashStep = (h: number, c: number): number => Math.imul(h ^ c, 0x01000193);

export function hashOf(word: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < word.length; i++) h = hashStep(h, word.charCodeAt(i));
  return h;
}

export class WordTable<T> {
  // Slot i holds at 2i the entry's number + 1 (0: empty) and at 2i+1 its hash: one cache line per probe.
  private slots = new Int32Array(2 * 1024);
  private mask = 1023;
  private words: string[] = [];
  private values: T[] = [];

  /** Holds up to `limit` words; the table grows with them, so a small vocabulary stays in cache. */
  constructor(private readonly limit = 100_000) {}

  get size(): number {
    return this.words.length;
  }

  /** The value of text[start, end), whose hash is `hash`, or undefined. */
  lookup(text: string, start: number, end: number, hash: number): T | undefined {
    const len = end - start;
    const slots = this.slots;
    for (let at = mix(hash) & this.mask; ; at = (at + 1) & this.mask) {
      const e = slots[2 * at]!;
      if (e === 0) return undefined;
      if (slots[2 * at + 1] !== hash) continue;
      const w = this.words[e - 1]!;
      if (w.length !== len) continue;
      let k = 0;
      while (k < len && w.charCodeAt(k) === text.charCodeAt(start + k)) k++;
      if (k === len) return this.values[e - 1];
    }
  }

  get(word: string): T | undefined {
    return this.lookup(word, 0, word.length, hashOf(word));
  }

  /** Adds a word that is not in the table yet (`hash` must be hashOf(word)). */
  insert(word: string, hash: number, value: T): void {
    if (this.words.length >= this.limit) this.clear();
    this.words.push(word);
    this.values.push(value);
    if (this.words.length * 2 > this.mask + 1) this.rehash(2 * (this.mask + 1));
    else this.place(this.words.length, hash);
  }

  clear(): void {
    this.slots = new Int32Array(2 * 1024);
    this.mask = 1023;
    this.words = [];
    this.values = [];
  }

  private place(entry: number, hash: number): void {
    let at = mix(hash) & this.mask;
    while (this.slots[2 * at] !== 0) at = (at + 1) & this.mask;
    this.slots[2 * at] = entry;
    this.slots[2 * at + 1] = hash;
  }

  private rehash(capacity: number): void {
    this.slots = new Int32Array(2 * capacity);
    this.mask = capacity - 1;
    for (let e = 0; e < this.words.length; e++) this.place(e + 1, hashOf(this.words[e]!));
  }
}

const mix = (h: number): number => h ^ (h >>> 15);
