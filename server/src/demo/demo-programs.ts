import type { CreateProgram } from '@siaga/shared';

/**
 * Programs seeded when SIAGA_DEMO=1. The queries exercise most of the query language (phrases, hashtags, mentions,
 * prefix wildcards, NOT, parentheses) so a new user sees realistic examples to copy from.
 */
export const DEMO_PROGRAMS: CreateProgram[] = [
  {
    name: 'BPJS Kesehatan',
    slug: 'bpjs-kesehatan',
    description:
      'Jaminan Kesehatan Nasional (JKN) yang dikelola BPJS Kesehatan: kepesertaan, iuran, antrean faskes, rujukan, klaim dan aplikasi Mobile JKN.',
    sensitivity: 'high',
    // BPJS Ketenagakerjaan is a different agency; excluding it keeps pension (JHT) chatter out of this program.
    query:
      '(bpjs OR "bpjs kesehatan" OR #bpjskesehatan OR jkn OR "mobile jkn" OR "kartu indonesia sehat" OR @bpjskesehatanri) NOT ketenagakerjaan',
    active: true,
  },
  {
    name: 'Kartu Prakerja',
    slug: 'kartu-prakerja',
    description:
      'Program Kartu Prakerja: pendaftaran gelombang, pelatihan daring, sertifikat dan pencairan insentif bagi pencari kerja.',
    sensitivity: 'medium',
    // The wildcard also catches glued forms such as "prakerjanya".
    query: 'prakerja* OR "kartu prakerja" OR #kartuprakerja OR @prakerja_go_id',
    active: true,
  },
  {
    name: 'Makan Bergizi Gratis (MBG)',
    slug: 'makan-bergizi-gratis',
    description:
      'Program Makan Bergizi Gratis untuk siswa, balita dan ibu hamil yang dijalankan Badan Gizi Nasional: menu, distribusi, dapur SPPG dan keamanan pangan.',
    sensitivity: 'high',
    query:
      '"makan bergizi gratis" OR mbg OR #makanbergizigratis OR "makan siang gratis" OR "badan gizi nasional" OR @bgn_ri',
    active: true,
  },
  {
    name: 'Bansos / PKH',
    slug: 'bansos-pkh',
    description:
      'Bantuan sosial Kementerian Sosial, termasuk Program Keluarga Harapan (PKH), BLT dan bantuan sembako: data penerima, jadwal dan penyaluran dana.',
    sensitivity: 'high',
    query:
      'bansos OR #bansos OR pkh OR "program keluarga harapan" OR "bantuan sosial" OR blt OR "bantuan langsung tunai" OR @kemensosri',
    active: true,
  },
  {
    name: 'KIP Kuliah',
    slug: 'kip-kuliah',
    description:
      'Kartu Indonesia Pintar Kuliah: pendaftaran, seleksi, ketepatan sasaran penerima dan pencairan biaya hidup mahasiswa.',
    sensitivity: 'medium',
    query: '"kip kuliah" OR kipk OR #kipkuliah OR "kartu indonesia pintar kuliah"',
    active: true,
  },
  {
    name: 'Ibu Kota Nusantara (IKN)',
    slug: 'ikn',
    description:
      'Pembangunan Ibu Kota Nusantara di Kalimantan Timur: progres konstruksi, anggaran, lahan warga, investasi dan pemindahan ASN.',
    sensitivity: 'medium',
    query: 'ikn OR "ibu kota nusantara" OR "otorita ikn" OR #ikn OR #ibukotanusantara OR @ikn_id',
    active: true,
  },
];

/**
 * For each demo program, literal keywords (folded to lower case) of which every generated post for that program
 * contains at least one as whole words, and no post of another program or of general chatter contains any.
 * Each keyword is a term or phrase of the program's query, so the real matcher must match those posts.
 */
export const DEMO_PROGRAM_KEYWORDS: Record<string, string[]> = {
  'bpjs-kesehatan': ['bpjs', 'bpjs kesehatan', 'jkn', 'mobile jkn', 'kartu indonesia sehat'],
  'kartu-prakerja': ['prakerja', 'kartu prakerja'],
  'makan-bergizi-gratis': ['makan bergizi gratis', 'mbg', 'makan siang gratis', 'badan gizi nasional'],
  'bansos-pkh': ['bansos', 'pkh', 'program keluarga harapan', 'bantuan sosial', 'blt', 'bantuan langsung tunai'],
  'kip-kuliah': ['kip kuliah', 'kipk', 'kartu indonesia pintar kuliah'],
  ikn: ['ikn', 'ibu kota nusantara', 'otorita ikn'],
};
