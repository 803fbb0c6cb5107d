import { PlaceMatcher } from './place-matcher.js';
import { readPlaceCases, scorePlaces } from './place-eval.js';

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

  it('keeps its precision and recall on the held-out half of the labelled sentences', () => {
    const cases = readPlaceCases();
    expect(cases.length).toBeGreaterThanOrEqual(300);
    const heldOut = scorePlaces(m, cases.filter((c) => c.line % 2 === 0));
    expect(heldOut.sentences).toBeGreaterThanOrEqual(150);
    expect(heldOut.precision).toBeGreaterThanOrEqual(0.95);
    expect(heldOut.recall).toBeGreaterThanOrEqual(0.93);
  });
});
