import { PROVINCES } from '@siaga/shared';
import { ALL_PLACE_RULES, DEFAULT_PLACE_RULES, type PlaceRule } from './gazetteer.js';
import { PlaceMatcher } from './place-matcher.js';
import { PLACES_HELDOUT_URL, readPlaceCases, scorePlaces, selectRules } from './place-eval.js';

describe('PlaceMatcher', () => {
  const m = new PlaceMatcher();

  it('finds official names, short forms and hashtags, a regency with its province', () => {
    expect(m.match('Banjir setinggi lutut di Sidoarjo')).toEqual(['35', '35.15']);
    expect(m.match('Macet total di Jakbar')).toEqual(['31', '31.73']);
    expect(m.match('Jogja hujan deras dari siang')).toEqual(['34']);
    expect(m.match('#BanjirMakassar makin parah')).toEqual(['73', '73.71']);
    expect(m.match('#gempapalu semoga aman')).toEqual(['72', '72.71']);
    expect(m.match('Kabut asap di Kalbar dan Kaltim')).toEqual(['61', '64']);
  });

  it('reads everyday words as words and place names as places by their context', () => {
    expect(m.match('Hidup ini terasa malang sekali')).toEqual([]);
    expect(m.match('Warga Malang mengeluhkan air mati')).toEqual(['35', '35.73']);
    expect(m.match('Anak saya terbentur batu di halaman')).toEqual([]);
    expect(m.match('Longsor menutup jalan menuju Kota Batu')).toEqual(['35', '35.79']);
    expect(m.match('Medan yang berat menyulitkan tim SAR')).toEqual([]);
    expect(m.match('Serang balik kalau dia mulai duluan')).toEqual([]);
    expect(m.match('Roh Kudus menyertai kita')).toEqual([]);
    expect(m.match('Batang dilanda banjir rob')).toEqual(['33', '33.25']);
  });

  it('does not take a dish or the whole country for a place', () => {
    expect(m.match('Nasi Padang dekat kantor naik harga')).toEqual([]);
    expect(m.match('Bakso Malang langganan saya tutup')).toEqual([]);
    expect(m.match('Dari Sabang sampai Merauke rakyat menunggu')).toEqual([]);
  });

  it('needs the qualifier for a name two provinces share', () => {
    expect(m.match('Kota Banjar diguyur hujan es')).toEqual(['32', '32.79']);
    expect(m.match('Kabupaten Banjar banjir lagi')).toEqual(['63', '63.03']);
    expect(m.match('Kursi disusun berbanjar, banjar demi banjar')).toEqual([]);
  });

  it('falls back to the profile location only when the text names no place', () => {
    expect(m.match('Listrik padam lagi', 'Makassar')).toEqual(['73', '73.71']);
    expect(m.match('Akhirnya sampai di Semarang', 'Surabaya')).toEqual(['33', '33.74']);
    expect(m.match('Harga beras naik', 'di hatimu')).toEqual([]);
  });

  it('ignores links and mentions, and survives hostile text', () => {
    expect(m.match('lihat https://makassar.example/banjir dan @pemkotmakassar')).toEqual([]);
    expect(m.match('')).toEqual([]);
    expect(m.match('#'.repeat(5000) + 'a'.repeat(20_000))).toEqual([]);
    expect(m.match('\u0000\uFFFF\uD800 di Sidoarjo')).toEqual(['35', '35.15']);
  });

  it('turns each rule off when asked: short forms and context rules', () => {
    const off = (rule: PlaceRule) => PlaceMatcher.withRules({ ...ALL_PLACE_RULES, [rule]: false });
    expect(m.match('Tidore kekurangan stok LPG')).toEqual(['82', '82.72']);
    expect(off('later_short_forms').match('Tidore kekurangan stok LPG')).toEqual([]);
    expect(off('dish_words').match('Nasi Padang dekat kantor naik harga')).toEqual(['13', '13.71']);
    expect(off('profile_location').match('Listrik padam lagi', 'Makassar')).toEqual([]);
    expect(off('lowercase_hashtags').match('#gempapalu semoga aman')).toEqual([]);
    expect(off('everyday_word_care').match('Hidup ini terasa malang sekali')).toEqual(['35', '35.73']);
  });

  it('runs the rules that cross-validation chose on the training sentences, and holds its training score', () => {
    const training = readPlaceCases();
    expect(training.length).toBeGreaterThanOrEqual(300);
    const { rules } = selectRules(training);
    expect(rules).toEqual(DEFAULT_PLACE_RULES);
    const s = scorePlaces(m, training);
    expect(s.precision).toBeGreaterThanOrEqual(0.95);
    expect(s.recall).toBeGreaterThanOrEqual(0.93);
  });

  it('has a held-out set of 150 sentences or more with valid labels (scored by the bench, never here)', () => {
    const codes = new Set(PROVINCES.map((p) => p.code));
    const held = readPlaceCases(PLACES_HELDOUT_URL);
    expect(held.length).toBeGreaterThanOrEqual(150);
    for (const c of held) for (const p of c.provinces) expect(codes.has(p)).toBe(true);
    const training = new Set(readPlaceCases().map((c) => c.text));
    expect(held.filter((c) => training.has(c.text))).toEqual([]);
  });
});
