// Indonesian words about how a public program served someone, which SmSA (restaurant and product
// reviews) barely has: what was covered, paid out or helped, and what was cut, refused or stalled.
// Written for Siaga; polarity in [-1, 1]. The analyzer adds them to the learned model with a weight
// the trainer chooses by cross-validation (SentimentRules.lexiconWeight; train/README.md), turned
// around after a negator like the model's own words.
const SRC: Array<[string, number]> = [
  // Served.
  ['ditanggung nanggung menanggung tertanggung gratis lunas terbantu terbantukan membantu dibantu cair dicairkan diterima lolos lulus tepat', 0.6],
  ['lancar mudah gampang cepat sigap tanggap responsif transparan amanah bermanfaat', 0.5],
  ['alhamdulillah syukur bersyukur', 0.7],
  // Failed.
  ['dipotong potongan pungli pungutan dipersulit ditolak ditelantarkan terlantar mangkrak molor telat terlambat macet diundur digantung', -0.7],
  ['korupsi dikorupsi diselewengkan penyelewengan fiktif penipuan hoaks dicoret dihapus', -0.8],
  ['antre antri berdesakan ribet berbelit error gangguan down', -0.4],
];

export const ID_PROGRAM_LEXICON: ReadonlyMap<string, number> = new Map(
  SRC.flatMap(([words, polarity]) => words.split(/\s+/u).filter(Boolean).map((w): [string, number] => [w, polarity])),
);
