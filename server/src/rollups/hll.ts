/**
 * HyperLogLog distinct counter (precision 11, 2048 registers) for "distinct authors per program per bucket".
 *
 * Two in-memory modes, in the spirit of HyperLogLog++:
 * - sparse: a map from a 25-bit index to the rank of the remaining 28 bits. At 2^25 buckets collisions are so rare
 *   that linear counting over them is exact for the small sets that dominate (a minute with a handful of authors).
 * - dense: the classic 2048 six-bit registers, estimated with Ertl's improved estimator (no empirical bias tables,
 *   unbiased from tiny to huge cardinalities).
 * A sparse entry folds losslessly into a dense register, so merging sparse and dense sketches in any order gives
 * the same registers as adding every item to one sketch: merge is commutative, associative and idempotent.
 *
 * Wire format (first byte is the version):
 * - 0x01 sparse:   varint count, then count varint deltas of the sorted (index25 << 5 | rank) entries.
 * - 0x02 dense:    varint count, then varint deltas of the sorted (index11 << 6 | register) non-zero registers.
 * - 0x03 dense:    2048 registers packed 6 bits each (1536 bytes).
 * Sparse sketches always use 0x01 (the only lossless choice); dense ones use the smaller of 0x02 and 0x03.
 */

import { fmix32 } from '../common/random.js';

// Read once per module (see detection/stats.ts): a global read is slow inside Jest's vm context.
const Math = globalThis.Math;

export const HLL_PRECISION = 11;

const M = 1 << HLL_PRECISION; // 2048 registers
/** Hashes carry 53 bits (the safe-integer range), so a dense register keeps 53 - 11 = 42 bits: ranks 0..43. */
const HASH_BITS = 53;
const Q = HASH_BITS - HLL_PRECISION; // 42
const MAX_RANK = Q + 1; // 43
const SPARSE_PRECISION = 25;
const SPARSE_Q = HASH_BITS - SPARSE_PRECISION; // 28
const SPARSE_M = 2 ** SPARSE_PRECISION;
/** 2^28: splits a hash into its 25-bit index and 28-bit remainder. */
const SPARSE_SPLIT = 2 ** SPARSE_Q;
/**
 * Beyond this many entries the sketch turns dense. A varint delta entry costs at most 5 bytes, so 300 entries stay
 * under the 1537-byte packed dense encoding even in the worst case.
 */
const SPARSE_MAX_ENTRIES = 300;
/** Fold shift from a 25-bit sparse index down to an 11-bit register index. */
const FOLD_BITS = SPARSE_PRECISION - HLL_PRECISION; // 14

const VERSION_SPARSE = 0x01;
const VERSION_DENSE_PAIRS = 0x02;
const VERSION_DENSE_PACKED = 0x03;
const PACKED_BYTES = (M * 6) / 8; // 1536

/**
 * A fast 53-bit non-cryptographic string hash: two 32-bit multiply-xor lanes (cyrb53 style) finished with murmur3's
 * fmix32 and cross-mixed, so every output bit depends on every input bit. Deterministic across processes and
 * platforms (it hashes UTF-16 code units, not memory).
 */
export function hashString(s: string): number {
  let h1 = 0xdeadbeef ^ s.length;
  let h2 = 0x41c6ce57 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 0x9e3779b1);
    h2 = Math.imul(h2 ^ ch, 0x5f356495);
  }
  h1 = fmix32(h1 ^ Math.imul(h2 ^ (h2 >>> 15), 0x2c1b3c6d));
  h2 = fmix32(h2 ^ Math.imul(h1 ^ (h1 >>> 13), 0x297a2d39));
  h1 = fmix32(h1 ^ (h2 >>> 7));
  return (h2 & 0x1fffff) * 0x1_0000_0000 + (h1 >>> 0);
}

/** A sparse entry packs the 25-bit index and a 5-bit rank (1..29) into one 30-bit integer. */
function sparseEntry(hash: number): number {
  const index25 = Math.floor(hash / SPARSE_SPLIT);
  const rest = hash - index25 * SPARSE_SPLIT; // 28 bits
  const rank = rest === 0 ? SPARSE_Q + 1 : Math.clz32(rest) - (32 - SPARSE_Q) + 1;
  return index25 * 32 + rank;
}

/** Folds a sparse entry into (register, rank) exactly as adding the original hash to a dense sketch would. */
function foldEntry(entry: number): { register: number; rank: number } {
  const index25 = entry >>> 5;
  const rank25 = entry & 31;
  const register = index25 >>> FOLD_BITS;
  const low = index25 & ((1 << FOLD_BITS) - 1);
  // The dense remainder is the low 14 index bits followed by the 28 sparse bits: its leading zeros start in `low`.
  const rank = low === 0 ? FOLD_BITS + rank25 : Math.clz32(low) - (32 - FOLD_BITS) + 1;
  return { register, rank };
}

export class HyperLogLog {
  /** Sparse mode: index25 → rank. Null once dense. */
  private sparse: Map<number, number> | null;
  private registers: Uint8Array | null;

  private constructor(sparse: Map<number, number> | null, registers: Uint8Array | null) {
    this.sparse = sparse;
    this.registers = registers;
  }

  static empty(): HyperLogLog {
    return new HyperLogLog(new Map(), null);
  }

  /** Decodes `toBytes` output; null or zero bytes give an empty sketch; anything malformed throws an Error. */
  static fromBytes(buf: Uint8Array | null | undefined): HyperLogLog {
    if (buf == null || buf.length === 0) return HyperLogLog.empty();
    const version = buf[0];
    if (version === VERSION_SPARSE) return new HyperLogLog(decodeSparse(buf), null);
    if (version === VERSION_DENSE_PAIRS) return new HyperLogLog(null, decodeDensePairs(buf));
    if (version === VERSION_DENSE_PACKED) return new HyperLogLog(null, decodeDensePacked(buf));
    throw new Error(`HyperLogLog: unknown encoding version ${String(version)}`);
  }

  get isEmpty(): boolean {
    if (this.sparse) return this.sparse.size === 0;
    return (this.registers as Uint8Array).every((r) => r === 0);
  }

  /** Adds a hash from `hashString` (an integer in [0, 2^53)). */
  add(hash: number): void {
    if (!Number.isSafeInteger(hash) || hash < 0) throw new RangeError(`HyperLogLog: hash must be a 53-bit unsigned integer, got ${hash}`);
    this.addEntry(sparseEntry(hash));
  }

  addString(s: string): void {
    this.addEntry(sparseEntry(hashString(s)));
  }

  /** Register-wise max, in place. */
  merge(other: HyperLogLog): void {
    if (other === this) return;
    if (other.sparse) {
      for (const [index25, rank] of other.sparse) this.addEntry(index25 * 32 + rank);
      return;
    }
    this.toDense();
    const mine = this.registers as Uint8Array;
    const theirs = other.registers as Uint8Array;
    for (let i = 0; i < M; i++) if ((theirs[i] as number) > (mine[i] as number)) mine[i] = theirs[i] as number;
  }

  /** Estimated distinct count, rounded to an integer. */
  estimate(): number {
    if (this.sparse) {
      const used = this.sparse.size;
      if (used === 0) return 0;
      // Linear counting over 2^25 buckets: indistinguishable from the exact count while sparse.
      return Math.round(SPARSE_M * Math.log(SPARSE_M / (SPARSE_M - used)));
    }
    return Math.round(ertlEstimate(this.registers as Uint8Array));
  }

  toBytes(): Uint8Array {
    if (this.sparse) {
      const entries = [...this.sparse].map(([index25, rank]) => index25 * 32 + rank).sort((a, b) => a - b);
      return encodeDeltas(VERSION_SPARSE, entries);
    }
    const registers = this.registers as Uint8Array;
    const pairs: number[] = [];
    for (let i = 0; i < M; i++) {
      const r = registers[i] as number;
      if (r !== 0) pairs.push(i * 64 + r);
    }
    // A pair costs at least one byte, so past PACKED_BYTES pairs the packed form always wins.
    if (pairs.length < PACKED_BYTES) {
      const listed = encodeDeltas(VERSION_DENSE_PAIRS, pairs);
      if (listed.length <= PACKED_BYTES) return listed;
    }
    return encodePacked(registers);
  }

  private addEntry(entry: number): void {
    if (this.sparse) {
      const index25 = entry >>> 5;
      const rank = entry & 31;
      const current = this.sparse.get(index25);
      if (current !== undefined) {
        if (rank > current) this.sparse.set(index25, rank);
        return;
      }
      if (this.sparse.size < SPARSE_MAX_ENTRIES) {
        this.sparse.set(index25, rank);
        return;
      }
      this.toDense();
    }
    const { register, rank } = foldEntry(entry);
    const registers = this.registers as Uint8Array;
    if (rank > (registers[register] as number)) registers[register] = rank;
  }

  private toDense(): void {
    if (!this.sparse) return;
    const registers = new Uint8Array(M);
    for (const [index25, rank25] of this.sparse) {
      const { register, rank } = foldEntry(index25 * 32 + rank25);
      if (rank > (registers[register] as number)) registers[register] = rank;
    }
    this.sparse = null;
    this.registers = registers;
  }
}

/** Distinct items across stored sketches (null meaning "none yet"): the union's estimate. */
export function unionEstimate(sketches: Iterable<Uint8Array | null>): number {
  const acc = HyperLogLog.empty();
  for (const s of sketches) acc.merge(HyperLogLog.fromBytes(s));
  return acc.estimate();
}

/**
 * Ertl, "New cardinality estimation algorithms for HyperLogLog sketches" (2017), improved raw estimator: corrects
 * both the small-range and the saturation bias analytically, so no linear-counting switch-over or bias table.
 */
function ertlEstimate(registers: Uint8Array): number {
  const counts = new Array<number>(MAX_RANK + 1).fill(0);
  for (let i = 0; i < M; i++) {
    const r = registers[i] as number;
    counts[r] = (counts[r] as number) + 1;
  }
  const zeros = counts[0] as number;
  if (zeros === M) return 0;
  let z = M * tau(1 - (counts[MAX_RANK] as number) / M);
  for (let k = Q; k >= 1; k--) z = 0.5 * (z + (counts[k] as number));
  z += M * sigma(zeros / M);
  return (M * M) / (2 * Math.LN2 * z);
}

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  for (;;) {
    x *= x;
    const before = z;
    z += x * y;
    y += y;
    if (z === before) return z;
  }
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  for (;;) {
    x = Math.sqrt(x);
    const before = z;
    y *= 0.5;
    z -= (1 - x) ** 2 * y;
    if (z === before) return z / 3;
  }
}

// ---- encoding ----

function encodeDeltas(version: number, sorted: number[]): Uint8Array {
  const out: number[] = [version];
  writeVarint(out, sorted.length);
  let previous = -1;
  for (const value of sorted) {
    // Entries are distinct, so deltas from -1 are >= 1; storing delta - 1 keeps the first zero index at one byte.
    writeVarint(out, value - previous - 1);
    previous = value;
  }
  return Uint8Array.from(out);
}

function writeVarint(out: number[], value: number): void {
  while (value >= 0x80) {
    out.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  out.push(value);
}

class Reader {
  offset = 1;
  constructor(private readonly buf: Uint8Array) {}

  /** Canonical LEB128 up to 32 bits; rejects truncation and over-long forms so garbage cannot alias a valid sketch. */
  varint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.buf[this.offset++];
      if (byte === undefined) throw new Error('HyperLogLog: truncated varint');
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        if (byte === 0 && shift > 0) throw new Error('HyperLogLog: non-canonical varint');
        if (value > 0xffffffff) throw new Error('HyperLogLog: varint out of range');
        return value;
      }
    }
    throw new Error('HyperLogLog: varint too long');
  }

  end(): void {
    if (this.offset !== this.buf.length) throw new Error('HyperLogLog: trailing bytes');
  }
}

function readDeltas(buf: Uint8Array, maxCount: number, maxValue: number): number[] {
  const reader = new Reader(buf);
  const count = reader.varint();
  if (count > maxCount) throw new Error(`HyperLogLog: ${count} entries exceed the limit of ${maxCount}`);
  // Each entry needs at least one byte: reject before allocating for an absurd count.
  if (count > buf.length) throw new Error('HyperLogLog: truncated entries');
  const values: number[] = [];
  let previous = -1;
  for (let i = 0; i < count; i++) {
    const value = previous + reader.varint() + 1;
    if (value > maxValue) throw new Error('HyperLogLog: entry out of range');
    values.push(value);
    previous = value;
  }
  reader.end();
  return values;
}

function decodeSparse(buf: Uint8Array): Map<number, number> {
  const entries = readDeltas(buf, SPARSE_MAX_ENTRIES, SPARSE_M * 32 - 1);
  const sparse = new Map<number, number>();
  for (const entry of entries) {
    const rank = entry & 31;
    if (rank < 1 || rank > SPARSE_Q + 1) throw new Error('HyperLogLog: invalid sparse rank');
    // Sorted and strictly increasing entries with the same index would mean a duplicate register.
    const index25 = entry >>> 5;
    if (sparse.has(index25)) throw new Error('HyperLogLog: duplicate sparse index');
    sparse.set(index25, rank);
  }
  return sparse;
}

function decodeDensePairs(buf: Uint8Array): Uint8Array {
  const pairs = readDeltas(buf, M, M * 64 - 1);
  const registers = new Uint8Array(M);
  for (const pair of pairs) {
    const rank = pair & 63;
    const register = pair >>> 6;
    if (rank < 1 || rank > MAX_RANK) throw new Error('HyperLogLog: invalid register value');
    if ((registers[register] as number) !== 0) throw new Error('HyperLogLog: duplicate register');
    registers[register] = rank;
  }
  return registers;
}

function encodePacked(registers: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + PACKED_BYTES);
  out[0] = VERSION_DENSE_PACKED;
  // Four 6-bit registers fill three bytes exactly.
  for (let i = 0, o = 1; i < M; i += 4, o += 3) {
    const a = registers[i] as number;
    const b = registers[i + 1] as number;
    const c = registers[i + 2] as number;
    const d = registers[i + 3] as number;
    out[o] = (a << 2) | (b >>> 4);
    out[o + 1] = ((b & 15) << 4) | (c >>> 2);
    out[o + 2] = ((c & 3) << 6) | d;
  }
  return out;
}

function decodeDensePacked(buf: Uint8Array): Uint8Array {
  if (buf.length !== 1 + PACKED_BYTES) throw new Error(`HyperLogLog: dense sketch must be ${1 + PACKED_BYTES} bytes, got ${buf.length}`);
  const registers = new Uint8Array(M);
  for (let i = 0, o = 1; i < M; i += 4, o += 3) {
    const x = buf[o] as number;
    const y = buf[o + 1] as number;
    const w = buf[o + 2] as number;
    registers[i] = x >>> 2;
    registers[i + 1] = ((x & 3) << 4) | (y >>> 4);
    registers[i + 2] = ((y & 15) << 2) | (w >>> 6);
    registers[i + 3] = w & 63;
  }
  for (let i = 0; i < M; i++) if ((registers[i] as number) > MAX_RANK) throw new Error('HyperLogLog: invalid register value');
  return registers;
}
