import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detectHarm, MAX_HARM_TERMS } from './harm.js';
import { createAnalyzer } from './sentiment-analyzer.js';

const analyzer = createAnalyzer();
const harm = (text: string) => detectHarm(analyzer.normalize(text));

interface Row {
  text: string;
  harm: boolean;
  source: string;
}

function fixture(): Row[] {
  const src = readFileSync(fileURLToPath(new URL('./fixtures/harm-id.tsv', import.meta.url)), 'utf8');
  return src
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [text, label, source] = l.split('\t');
      return { text: text!, harm: label === '1', source: source! };
    });
}

describe('harm signal', () => {
  it.each([
    ['Keracunan massal setelah makan MBG, 30 siswa dilarikan ke puskesmas', ['keracunan massal', 'dilarikan ke puskesmas']],
    ['Banjir bandang di Garut, lima orang hilang terseret arus', ['banjir bandang', 'terseret arus']],
    ['Pasien BPJS ditolak rumah sakit, meninggal dalam perjalanan', ['ditolak rumah sakit', 'meninggal']],
    ['Gempa gede bgt td, tembok rumah gw roboh', ['gempa', 'roboh']],
    ['Two people died and dozens were injured after the landslide', ['died', 'injured', 'landslide']],
    ['keracunannya parah, anak-anak dirawat inap', ['keracunannya', 'dirawat inap']],
  ])('flags %s with its words', (text, terms) => {
    const r = harm(text);
    expect(r.flag).toBe(true);
    expect(r.terms).toEqual(expect.arrayContaining(terms));
  });

  it.each([
    'Bansos belum cair sudah tiga bulan, kecewa banget',
    'Kapan jadwal pencairan KIP Kuliah?',
    'Tidak ada korban jiwa dalam kebakaran gudang tadi malam',
    'Gempa terasa di Bandung, tidak ada korban luka',
    'Harga cabai bikin emak-emak kebakaran jenggot',
    'Banjir diskon akhir tahun di mal',
    'Kartu prakerja saya hilang',
    'No injuries were reported',
    'Kalau terjadi banjir, posko pengaduan di mana ya?',
  ])('does not flag %s', (text) => {
    expect(harm(text)).toEqual({ flag: false, terms: [] });
  });

  it('needs a second weak term: one weak word is not a report', () => {
    expect(harm('anak saya sakit').flag).toBe(false);
    expect(harm('anak saya sakit, demam dan diare').flag).toBe(true);
  });

  it('is part of the analysis, independent of the label', () => {
    const r = analyzer.analyze('Alhamdulillah korban keracunan MBG sudah pulang semua', undefined);
    expect(r.harm.flag).toBe(true);
    expect(analyzer.analyze('Pelayanannya bagus sekali', undefined).harm).toEqual({ flag: false, terms: [] });
  });

  it('never throws, and lists terms only when it flags', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const r = harm(text);
        expect(r.terms.length).toBeLessThanOrEqual(MAX_HARM_TERMS);
        if (!r.flag) expect(r.terms).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the Indonesian harm set (fixtures/harm-id.tsv)', () => {
  const rows = fixture();

  it('holds at least 200 labelled sentences of both kinds, each with its source', () => {
    expect(rows.length).toBeGreaterThanOrEqual(200);
    expect(rows.filter((r) => r.harm).length).toBeGreaterThanOrEqual(100);
    expect(rows.filter((r) => !r.harm).length).toBeGreaterThanOrEqual(90);
    for (const r of rows) expect(r.source).toMatch(/^[a-z-]+$/u);
    expect(new Set(rows.map((r) => r.text)).size).toBe(rows.length);
  });

  it('keeps precision and recall where they were measured (a floor against regressions)', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const r of rows) {
      const flag = harm(r.text).flag;
      if (flag && r.harm) tp++;
      else if (flag) fp++;
      else if (r.harm) fn++;
    }
    // Measured 0.94 and 0.99 when written; the set was written by the lexicon's author (optimistic).
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.9);
    expect(tp / (tp + fn)).toBeGreaterThanOrEqual(0.95);
  });
});
