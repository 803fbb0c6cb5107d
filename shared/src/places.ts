/**
 * Indonesia's 38 provinces by their official code (Kemendagri, as in idn-area-data), with the short form
 * the press uses and a place in a tile grid laid out roughly west to east, north to south (a tile map needs
 * no boundary data). Regencies and cities are coded `PP.RR` under their province.
 */
export interface Province {
  code: string;
  name: string;
  short: string;
  row: number;
  col: number;
}

export const PROVINCES: readonly Province[] = Object.freeze([
  { code: '11', name: 'Aceh', short: 'Aceh', row: 0, col: 0 },
  { code: '12', name: 'Sumatera Utara', short: 'Sumut', row: 1, col: 1 },
  { code: '13', name: 'Sumatera Barat', short: 'Sumbar', row: 2, col: 1 },
  { code: '14', name: 'Riau', short: 'Riau', row: 1, col: 2 },
  { code: '15', name: 'Jambi', short: 'Jambi', row: 2, col: 2 },
  { code: '16', name: 'Sumatera Selatan', short: 'Sumsel', row: 3, col: 2 },
  { code: '17', name: 'Bengkulu', short: 'Bengkulu', row: 3, col: 1 },
  { code: '18', name: 'Lampung', short: 'Lampung', row: 4, col: 2 },
  { code: '19', name: 'Kepulauan Bangka Belitung', short: 'Babel', row: 2, col: 3 },
  { code: '21', name: 'Kepulauan Riau', short: 'Kepri', row: 1, col: 3 },
  { code: '31', name: 'DKI Jakarta', short: 'DKI', row: 4, col: 4 },
  { code: '32', name: 'Jawa Barat', short: 'Jabar', row: 4, col: 5 },
  { code: '33', name: 'Jawa Tengah', short: 'Jateng', row: 4, col: 6 },
  { code: '34', name: 'DI Yogyakarta', short: 'DIY', row: 5, col: 6 },
  { code: '35', name: 'Jawa Timur', short: 'Jatim', row: 4, col: 7 },
  { code: '36', name: 'Banten', short: 'Banten', row: 4, col: 3 },
  { code: '51', name: 'Bali', short: 'Bali', row: 4, col: 8 },
  { code: '52', name: 'Nusa Tenggara Barat', short: 'NTB', row: 4, col: 9 },
  { code: '53', name: 'Nusa Tenggara Timur', short: 'NTT', row: 4, col: 10 },
  { code: '61', name: 'Kalimantan Barat', short: 'Kalbar', row: 1, col: 5 },
  { code: '62', name: 'Kalimantan Tengah', short: 'Kalteng', row: 2, col: 6 },
  { code: '63', name: 'Kalimantan Selatan', short: 'Kalsel', row: 2, col: 7 },
  { code: '64', name: 'Kalimantan Timur', short: 'Kaltim', row: 1, col: 7 },
  { code: '65', name: 'Kalimantan Utara', short: 'Kaltara', row: 0, col: 7 },
  { code: '71', name: 'Sulawesi Utara', short: 'Sulut', row: 0, col: 10 },
  { code: '72', name: 'Sulawesi Tengah', short: 'Sulteng', row: 2, col: 9 },
  { code: '73', name: 'Sulawesi Selatan', short: 'Sulsel', row: 3, col: 8 },
  { code: '74', name: 'Sulawesi Tenggara', short: 'Sultra', row: 3, col: 9 },
  { code: '75', name: 'Gorontalo', short: 'Gorontalo', row: 1, col: 9 },
  { code: '76', name: 'Sulawesi Barat', short: 'Sulbar', row: 2, col: 8 },
  { code: '81', name: 'Maluku', short: 'Maluku', row: 2, col: 11 },
  { code: '82', name: 'Maluku Utara', short: 'Malut', row: 0, col: 11 },
  { code: '91', name: 'Papua', short: 'Papua', row: 1, col: 14 },
  { code: '92', name: 'Papua Barat', short: 'Pabar', row: 1, col: 13 },
  { code: '93', name: 'Papua Selatan', short: 'Papsel', row: 3, col: 14 },
  { code: '94', name: 'Papua Tengah', short: 'Papteng', row: 2, col: 13 },
  { code: '95', name: 'Papua Pegunungan', short: 'Papeg', row: 2, col: 14 },
  { code: '96', name: 'Papua Barat Daya', short: 'PBD', row: 1, col: 12 },
]);

export const PROVINCE_CODES: readonly string[] = PROVINCES.map((p) => p.code);

/** A province (`73`) or a regency/city (`73.71`) code as stored in a post's `places`. */
export const PLACE_CODE = /^\d{2}(\.\d{2})?$/;
