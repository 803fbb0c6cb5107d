import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { emitPostFeatures, featureKey } from './id-features.js';
import { IdModel, MemoStemmer } from './id-model.js';
import { Normalizer } from './normalize.js';
import { loadIdModel } from './sentiment-analyzer.js';

const file = loadIdModel();
const model = new IdModel(file);
const normalizer = new Normalizer(new Set(file.known));
const stem = new MemoStemmer().stem;

/** The training path: every feature by its key string, as buildRows sees it. */
function generic(text: string): { logits: number[]; perToken: number[] } {
  const post = normalizer.normalize(text);
  const logits = [0, 0, 0];
  const perToken = post.tokens.map(() => 0);
  let sq = 0;
  emitPostFeatures(
    post,
    file.features,
    (kind, a, b, token, v) => {
      sq += v * v;
      const row = file.weights[featureKey(kind, a, b)];
      if (!row) return;
      for (let k = 0; k < 3; k++) logits[k]! += v * row[k]!;
      if (token >= 0) perToken[token]! += v * (row[2] - row[0]);
    },
    stem,
  );
  const scale = sq > 0 ? 1 / Math.sqrt(sq) : 0;
  return { logits: logits.map((z, k) => z * scale + file.bias[k]!), perToken: perToken.map((p) => p * scale) };
}

function expectSame(text: string): void {
  const fast = model.score(normalizer.normalize(text));
  const slow = generic(text);
  // Float32 weights in the fast path against float64 here.
  [...fast.logits].forEach((z, k) => expect(z).toBeCloseTo(slow.logits[k]!, 4));
  [...fast.perToken].forEach((p, t) => expect(p).toBeCloseTo(slow.perToken[t]!, 4));
}

describe('IdModel', () => {
  it('scores exactly the features the trainer emits', () => {
    for (const text of [
      'makanan nya tidak enak , tapi pelayanan nya sangat ramah !',
      'gak jelek kok, bagus bangeeet malah',
      'KECEWA bgt sm program #MakanBergiziGratis ?',
      'bukan tidak mau , belum sempat saja',
      'harganya murah tetapi rasanya kurang enak sekali',
      '',
    ]) {
      expectSame(text);
    }
  });

  it('agrees with the trainer on random word soup', () => {
    const words = ['tidak', 'bagus', 'enak', 'tapi', 'sangat', 'banget', 'kurang', 'namun', 'pelayanan', 'nya', 'mengecewakan', ',', '.', '!', '?', 'GAK', 'bangeeet', 'mantul'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 25 }), (ws) => {
        expectSame(ws.join(' '));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps per-word memos apart when two models score the same post', () => {
    // Lexemes carry the model's row numbers: a second model with other rows must not read them.
    const keys = Object.keys(file.weights).filter((k) => !k.startsWith('b')).reverse();
    const other = new IdModel({ ...file, weights: Object.fromEntries(keys.map((k) => [k, file.weights[k]!])) });
    const post = normalizer.normalize('makanan nya tidak enak , tapi pelayanan nya sangat ramah ! bagus banget');
    const fresh = new IdModel(file).score(normalizer.normalize('makanan nya tidak enak , tapi pelayanan nya sangat ramah ! bagus banget'));
    const a = model.score(post);
    const b = other.score(post);
    const again = model.score(post);
    expect([...again.logits]).toEqual([...a.logits]);
    expect([...a.logits]).toEqual([...fresh.logits]);
    // "bagus" and its pairs are gone from the other model: its score differs.
    expect([...b.logits]).not.toEqual([...a.logits]);
  });

  it('refuses a model file that lacks an option', () => {
    const { stems: _dropped, ...features } = file.features;
    expect(() => new IdModel({ ...file, features: features as typeof file.features })).toThrow(/stems/);
  });
});
