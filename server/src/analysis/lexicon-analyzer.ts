import type { Lang } from '@siaga/shared';
import type { Analysis, PostAnalyzer } from './analyzer.js';

// A small first scorer: stop-word language guess and a hand-written polarity lexicon with
// negation. The analysis issue replaces it with trained models behind the same interface.
const ID_WORDS = new Set(
  'yang dan di ke dari ini itu tidak gak nggak ga enggak sudah udah belum ada untuk dengan saya aku kami kita mereka jadi karena tapi juga bisa akan harus lagi masih banget bgt sih dong kok ya aja saja kalau kalo gimana bagaimana kenapa mau sama pak bu program pemerintah warga rakyat'.split(' '),
);
const EN_WORDS = new Set(
  'the and is are was were to of in on for with this that it not no be have has had will would can could should but about from they we you i my our their government program people very really just'.split(' '),
);
const POSITIVE = new Set(
  'bagus baik mantap mantul keren puas senang terima kasih makasih membantu bermanfaat lancar cepat mudah hebat sukses berhasil alhamdulillah syukur top juara good great excellent helpful happy thanks thank love fast easy success awesome nice appreciate'.split(' '),
);
const NEGATIVE = new Set(
  'buruk jelek parah kecewa kesal marah lambat lelet ribet susah sulit gagal error rusak bohong korupsi mahal telat antri antre ditolak tolak hilang kacau payah zonk basi keracunan tipu penipuan anjir bad terrible awful slow broken fail failed failure angry disappointed scam corrupt expensive late worst hate problem useless'.split(' '),
);
const NEGATORS = new Set('tidak tak bukan gak nggak ga enggak belum jangan not no never dont don\'t isn\'t wasn\'t'.split(' '));
const POSITIVE_EMOJI = /[\u{1F600}-\u{1F60D}\u{1F44D}\u{2764}\u{1F64F}\u{1F389}]/gu;
const NEGATIVE_EMOJI = /[\u{1F620}-\u{1F62D}\u{1F44E}\u{1F621}\u{1F92C}\u{1F4A9}]/gu;

const tokenize = (text: string) =>
  text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[@#]\S+/g, ' ')
    .split(/[^\p{L}\p{N}']+/u)
    .filter(Boolean);

export class LexiconAnalyzer implements PostAnalyzer {
  analyze(text: string, givenLang: string | undefined): Analysis {
    const tokens = tokenize(text);
    let id = 0;
    let en = 0;
    let raw = 0;
    let negate = 0;
    for (const t of tokens) {
      if (ID_WORDS.has(t)) id++;
      if (EN_WORDS.has(t)) en++;
      if (NEGATORS.has(t)) {
        negate = 3;
        continue;
      }
      const polarity = POSITIVE.has(t) ? 1 : NEGATIVE.has(t) ? -1 : 0;
      raw += negate > 0 ? -polarity : polarity;
      if (negate > 0) negate--;
    }
    raw += (text.match(POSITIVE_EMOJI)?.length ?? 0) - (text.match(NEGATIVE_EMOJI)?.length ?? 0);
    const guessed: Lang = id === 0 && en === 0 ? 'other' : id >= en ? 'id' : 'en';
    const given = givenLang?.toLowerCase().slice(0, 2);
    // The source's claim wins unless the words clearly say otherwise.
    const lang: Lang = given === 'id' || given === 'en' ? (guessed !== 'other' && guessed !== given && Math.abs(id - en) >= 3 ? guessed : given) : guessed;
    const score = Math.max(-1, Math.min(1, raw / 3));
    return { lang, label: score > 0.1 ? 'positive' : score < -0.1 ? 'negative' : 'neutral', score, confidence: Math.abs(score), terms: [] };
  }
}
