/**
 * Word lists for the demo stream, written for this project. Predicates ("pred") follow the program name as their
 * subject ("BPJS" + "error terus pas mau daftar"); nouns fit after "soal", "ada", "keluhan"; topics fit before the
 * program name ("cara daftar" + "Prakerja"). No entry may contain another program's keyword: the generator's tests
 * check that posts of one program never match another.
 */

export type Tone = 'positive' | 'neutral' | 'negative';

export interface CrisisTheme {
  readonly key: string;
  /** Short label shown in logs and intents, e.g. "sistem error". */
  readonly label: string;
  readonly preds: readonly string[];
  readonly nouns: readonly string[];
  readonly predsEn: readonly string[];
  readonly nounsEn: readonly string[];
  /** Formal news headlines; {P} is the program, {place} a city. */
  readonly headlines: readonly string[];
  /** Coordinated-account script; small variations are added per post. */
  readonly buzzer: string;
  readonly hashtags: readonly string[];
}

export interface ToneMix {
  readonly positive: number;
  readonly neutral: number;
  readonly negative: number;
}

export interface ProgramVocab {
  readonly slug: string;
  /** Share of program traffic outside crises. */
  readonly weight: number;
  readonly tones: ToneMix;
  /** Casual names; each contains one of the program's query keywords as whole words. */
  readonly aliases: readonly string[];
  /** Names for formal text and headlines. */
  readonly formal: readonly string[];
  readonly aliasesEn: readonly string[];
  readonly hashtags: readonly string[];
  readonly mentions: readonly string[];
  readonly official: { readonly handle: string; readonly name: string; readonly followers: number };
  readonly site: string;
  /** News subjects ("Menkes", "Dirut …"). */
  readonly officials: readonly string[];
  readonly neg: readonly string[];
  readonly negNouns: readonly string[];
  readonly pos: readonly string[];
  readonly posNouns: readonly string[];
  readonly topics: readonly string[];
  readonly negEn: readonly string[];
  readonly negNounsEn: readonly string[];
  readonly posEn: readonly string[];
  readonly posNounsEn: readonly string[];
  readonly topicsEn: readonly string[];
  readonly crises: readonly CrisisTheme[];
}

export const PROGRAM_VOCAB: readonly ProgramVocab[] = [
  {
    slug: 'bpjs-kesehatan',
    weight: 0.25,
    tones: { positive: 0.22, neutral: 0.48, negative: 0.3 },
    aliases: ['BPJS', 'BPJS', 'bpjs', 'BPJS Kesehatan', 'JKN', 'aplikasi Mobile JKN', 'kartu BPJS', 'faskes BPJS'],
    formal: ['BPJS Kesehatan', 'program JKN', 'BPJS Kesehatan', 'Kartu Indonesia Sehat'],
    aliasesEn: ['BPJS', 'BPJS Kesehatan', 'the JKN scheme', 'the Mobile JKN app'],
    hashtags: ['#BPJSKesehatan', '#JKN', '#BPJS'],
    mentions: ['@BPJSKesehatanRI', '@KemenkesRI'],
    official: { handle: 'BPJSKesehatanRI', name: 'BPJS Kesehatan', followers: 1_240_000 },
    site: 'https://www.bpjs-kesehatan.go.id',
    officials: ['Menkes', 'Dirut BPJS Kesehatan', 'Komisi IX DPR', 'Ombudsman'],
    neg: [
      'error terus pas mau daftar',
      'antriannya panjang banget',
      'klaimnya ditolak mulu',
      'iurannya naik lagi',
      'susah banget dihubungi',
      'rujukannya ribet parah',
      'pasiennya dibeda-bedain sama pasien umum',
      'obatnya disuruh beli sendiri',
      'kamarnya katanya selalu penuh',
      'statusnya tiba-tiba nonaktif',
      'lemot banget pas jam sibuk',
    ],
    negNouns: [
      'antrian panjang',
      'rujukan berbelit',
      'kamar penuh',
      'obat kosong',
      'status kepesertaan nonaktif',
      'tunggakan iuran',
      'petugas jutek',
      'aplikasi lemot',
      'klaim ditolak',
    ],
    pos: [
      'makin gampang diurus',
      'ngebantu banget pas operasi kemarin',
      'antriannya sekarang online, enak',
      'nanggung semua biaya persalinan',
      'pelayanannya cepet di puskesmas',
      'sekarang cukup pakai KTP',
      'bikin cuci darah bapak gak bayar sepeser pun',
    ],
    posNouns: ['biaya operasi yang ditanggung penuh', 'antrian online', 'layanan cuci darah gratis', 'pelayanan ramah', 'rawat inap tanpa biaya'],
    topics: ['cara pindah faskes', 'syarat daftar', 'cara cek status kepesertaan', 'besaran iuran kelas 3', 'cara aktifin lagi', 'prosedur rujukan', 'daftar obat yang ditanggung'],
    negEn: ['keeps rejecting claims', 'is down again', 'has insane queues today', 'raised the premium again', 'is impossible to reach by phone'],
    negNounsEn: ['endless queues', 'rejected claims', 'a broken app', 'rude staff'],
    posEn: ['covered my mom’s surgery completely', 'has gotten so much easier to use', 'online queueing actually works', 'paid for my dad’s dialysis'],
    posNounsEn: ['free dialysis', 'fully covered surgery', 'friendly staff'],
    topicsEn: ['how to switch clinics', 'the class 3 premium', 'how to reactivate membership', 'the referral process'],
    crises: [
      {
        key: 'sistem-error',
        label: 'sistem error',
        preds: ['sistemnya error dari pagi, pasien numpuk', 'down lagi, gak bisa cek status', 'servernya tumbang, faskes balik ke manual', 'aplikasinya gak bisa dibuka sama sekali', 'sistem error, pendaftaran di RS lumpuh'],
        nouns: ['sistem error', 'server down', 'gangguan sistem', 'aplikasi yang gak bisa dibuka'],
        predsEn: ['has been down all morning', 'app won’t even open', 'system crashed and hospitals went back to paper'],
        nounsEn: ['the system outage', 'the app crash'],
        headlines: ['Sistem {P} Alami Gangguan, Antrean Pasien di {place} Menumpuk', 'Gangguan Sistem {P}, Rumah Sakit di {place} Kembali Gunakan Cara Manual', 'Server {P} Down, Warga {place} Tak Bisa Berobat'],
        buzzer: '{P} ERROR LAGI!! rakyat disuruh bayar iuran tapi sistemnya gak pernah beres. Mau sampai kapan?',
        hashtags: ['#BPJSError', '#BPJSDown'],
      },
      {
        key: 'antrian-rs',
        label: 'antrian rumah sakit',
        preds: ['bikin antrian rumah sakit sampai ke parkiran', 'pasiennya disuruh balik besok padahal udah antri dari subuh', 'antrian di RS sampai 6 jam', 'pasien ditolak dengan alasan kamar penuh'],
        nouns: ['antrian rumah sakit', 'pasien ditolak', 'antrian 6 jam', 'pasien telantar di IGD'],
        predsEn: ['patients are queueing for six hours at hospitals', 'patients are being turned away'],
        nounsEn: ['hospital queues', 'patients turned away'],
        headlines: ['Antrean Pasien {P} di RS {place} Mengular hingga Malam', 'DPR Soroti Panjangnya Antrean Pasien {P}', 'Pasien {P} di {place} Mengaku Ditolak Rumah Sakit'],
        buzzer: 'Pasien {P} dibiarin antri berjam-jam di rumah sakit. Ini negara atau apa??',
        hashtags: ['#AntriBPJS', '#BPJSTolakPasien'],
      },
      {
        key: 'iuran-naik',
        label: 'iuran naik',
        preds: ['iurannya naik lagi, gaji gak naik-naik', 'naikin iuran tanpa perbaikan layanan', 'iuran naik tapi pelayanan tetep gitu-gitu aja', 'iuran kelas 3 naik, rakyat kecil makin susah'],
        nouns: ['kenaikan iuran', 'iuran naik', 'iuran mahal'],
        predsEn: ['is hiking premiums again', 'raised fees with no better service'],
        nounsEn: ['the premium hike', 'higher fees'],
        headlines: ['Iuran {P} Direncanakan Naik, Warga {place} Keberatan', 'Pemerintah Kaji Kenaikan Iuran {P}', 'Kenaikan Iuran {P} Tuai Protes Buruh di {place}'],
        buzzer: 'Iuran {P} naik lagi, rakyat kecil makin tercekik! Tolak kenaikan iuran sekarang juga!',
        hashtags: ['#TolakIuranNaik', '#IuranBPJSNaik'],
      },
    ],
  },
  {
    slug: 'kartu-prakerja',
    weight: 0.11,
    tones: { positive: 0.3, neutral: 0.5, negative: 0.2 },
    aliases: ['Prakerja', 'Kartu Prakerja', 'program Prakerja', 'prakerja', 'pelatihan Prakerja'],
    formal: ['Kartu Prakerja', 'Program Kartu Prakerja'],
    aliasesEn: ['Kartu Prakerja', 'the Prakerja program', 'Prakerja'],
    hashtags: ['#KartuPrakerja', '#Prakerja'],
    mentions: ['@prakerja_go_id', '@KemnakerRI'],
    official: { handle: 'prakerja_go_id', name: 'Kartu Prakerja', followers: 410_000 },
    site: 'https://www.prakerja.go.id',
    officials: ['Menko Perekonomian', 'Manajemen Pelaksana Prakerja', 'Direktur Eksekutif Prakerja'],
    neg: [
      'insentifnya belum cair juga',
      'pelatihannya gak jelas',
      'susah lolos terus dari gelombang awal',
      'kode OTP-nya gak masuk-masuk',
      'videonya itu-itu aja',
      'akunnya tiba-tiba diblokir',
      'tesnya error pas lagi dikerjain',
    ],
    negNouns: ['insentif telat', 'pelatihan abal-abal', 'OTP gak masuk', 'gagal verifikasi', 'akun diblokir', 'sertifikat gak keluar'],
    pos: [
      'insentifnya udah masuk',
      'pelatihannya kepake buat kerja',
      'akhirnya lolos gelombang ini',
      'bikin gue dapet sertifikat',
      'ngebantu banget buat cari kerja',
      'materinya daging semua',
    ],
    posNouns: ['insentif', 'sertifikat pelatihan', 'pelatihan digital marketing', 'skill baru', 'kelas barista'],
    topics: ['jadwal gelombang berikutnya', 'syarat daftar', 'cara pilih pelatihan', 'besaran insentif', 'cara cek status', 'batas umur'],
    negEn: ['still hasn’t paid my incentive', 'training is pretty useless', 'blocked my account for no reason'],
    negNounsEn: ['delayed incentives', 'useless courses', 'OTP problems'],
    posEn: ['actually helped me land a job', 'paid the incentive today', 'courses are surprisingly good'],
    posNounsEn: ['the incentive', 'a new certificate', 'a digital marketing course'],
    topicsEn: ['the next batch schedule', 'eligibility rules', 'how to pick a course'],
    crises: [
      {
        key: 'pelatihan-gak-cair',
        label: 'pelatihan gak cair',
        preds: ['udah selesai pelatihan tapi dananya gak cair', 'pelatihan gak cair-cair, katanya tunggu aja', 'saldo pelatihan tiba-tiba hangus', 'pelatihan gak cair padahal udah lolos'],
        nouns: ['dana pelatihan gak cair', 'pencairan macet', 'saldo pelatihan hangus'],
        predsEn: ['training funds never arrived', 'training balance just vanished'],
        nounsEn: ['missing training funds', 'the payout freeze'],
        headlines: ['Peserta {P} di {place} Keluhkan Dana Pelatihan Tak Kunjung Cair', 'Manajemen Pelaksana {P} Jelaskan Kendala Pencairan Dana Pelatihan'],
        buzzer: 'Dana pelatihan {P} gak cair, peserta cuma di-PHP! Pemerintah jangan diam aja!',
        hashtags: ['#PrakerjaGakCair', '#PrakerjaPHP'],
      },
      {
        key: 'insentif-belum-masuk',
        label: 'insentif belum masuk',
        preds: ['insentif belum masuk padahal udah 2 bulan', 'insentifnya belum masuk sama sekali', 'status insentif nyangkut di "diproses"', 'insentif belum masuk, CS cuma balas template'],
        nouns: ['insentif belum masuk', 'status insentif nyangkut', 'pencairan insentif telat'],
        predsEn: ['incentive still hasn’t arrived after two months', 'incentive stuck at “processing”'],
        nounsEn: ['the missing incentive', 'late incentive payments'],
        headlines: ['Ribuan Peserta {P} Keluhkan Insentif Belum Cair', 'Insentif {P} Terlambat, Peserta di {place} Menunggu Kepastian'],
        buzzer: 'Insentif {P} BELUM MASUK juga! Udah 2 bulan digantung. Di mana tanggung jawabnya??',
        hashtags: ['#InsentifPrakerja', '#PrakerjaPHP'],
      },
    ],
  },
  {
    slug: 'makan-bergizi-gratis',
    weight: 0.23,
    tones: { positive: 0.3, neutral: 0.45, negative: 0.25 },
    aliases: ['MBG', 'program MBG', 'Makan Bergizi Gratis', 'program Makan Bergizi Gratis', 'makan siang gratis', 'mbg', 'menu MBG'],
    formal: ['Makan Bergizi Gratis', 'Program Makan Bergizi Gratis (MBG)', 'MBG'],
    aliasesEn: ['the free meals program (MBG)', 'MBG', 'Makan Bergizi Gratis'],
    hashtags: ['#MakanBergiziGratis', '#MBG'],
    mentions: ['@BGN_RI'],
    official: { handle: 'BGN_RI', name: 'Badan Gizi Nasional', followers: 185_000 },
    site: 'https://www.bgn.go.id',
    officials: ['Kepala Badan Gizi Nasional', 'Wakil Kepala BGN', 'Menko PMK'],
    neg: [
      'menunya itu-itu aja',
      'porsinya dikit banget',
      'telat dateng terus ke sekolah',
      'anggarannya gak jelas ke mana',
      'rasanya hambar parah',
      'dapurnya gak higienis',
      'nasinya keras kayak batu',
    ],
    negNouns: ['menu yang gak layak', 'porsi kecil', 'distribusi telat', 'dapur kotor', 'ompreng gak dicuci bersih'],
    pos: [
      'bikin anak semangat sekolah',
      'menunya ada lauk sama buah, lengkap',
      'ngebantu banget buat keluarga kecil',
      'bikin katering lokal hidup',
      'porsinya pas dan bergizi',
      'bikin anak gue doyan sayur',
    ],
    posNouns: ['menu sehat', 'lauk bergizi', 'susu dan buah', 'lapangan kerja di dapur umum'],
    topics: ['jadwal pembagian', 'menu minggu ini', 'cara daftar jadi mitra dapur', 'daftar sekolah penerima', 'standar gizi'],
    negEn: ['portions are tiny', 'serves the same menu every day', 'arrives late every day'],
    negNounsEn: ['tiny portions', 'late deliveries', 'bland food'],
    posEn: ['is something my kids actually love', 'is helping local caterers', 'made lunch one less worry for us'],
    posNounsEn: ['healthy school lunches', 'fresh fruit and milk'],
    topicsEn: ['which schools are covered', 'this week’s menu', 'how kitchens are selected'],
    crises: [
      {
        key: 'keracunan',
        label: 'keracunan makanan',
        preds: ['bikin puluhan siswa keracunan makanan', 'bikin anak-anak mual dan muntah abis makan', 'jadi penyebab keracunan massal di sekolah', 'bikin siswa dilarikan ke puskesmas'],
        nouns: ['keracunan makanan', 'keracunan massal', 'siswa dilarikan ke puskesmas'],
        predsEn: ['left dozens of students with food poisoning', 'sent kids to the clinic after lunch'],
        nounsEn: ['the food poisoning', 'the mass poisoning case'],
        headlines: ['Puluhan Siswa di {place} Diduga Keracunan Usai Santap Menu {P}', 'Badan Gizi Nasional Investigasi Dugaan Keracunan {P} di {place}', 'Kasus Keracunan {P} Terulang, DPR Minta Evaluasi Total'],
        buzzer: 'Anak-anak keracunan {P} LAGI! Stop dulu programnya sebelum jatuh korban!',
        hashtags: ['#MBGKeracunan', '#EvaluasiMBG'],
      },
      {
        key: 'menu-basi',
        label: 'menu basi',
        preds: ['menunya basi, nasinya udah bau', 'ngasih lauk basi ke anak sekolah', 'menu basi lagi hari ini', 'sayurnya udah asem pas dibagiin'],
        nouns: ['menu basi', 'lauk basi', 'nasi bau'],
        predsEn: ['served spoiled food again', 'meals arrived already rotten'],
        nounsEn: ['spoiled meals', 'rotten food'],
        headlines: ['Orang Tua di {place} Keluhkan Menu {P} Basi', 'Menu {P} Diduga Basi, Sekolah di {place} Hentikan Sementara Pembagian'],
        buzzer: 'Menu {P} BASI dikasih ke anak-anak kita! Anggaran triliunan tapi makanannya kayak gini??',
        hashtags: ['#MBGBasi', '#EvaluasiMBG'],
      },
    ],
  },
  {
    slug: 'bansos-pkh',
    weight: 0.18,
    tones: { positive: 0.24, neutral: 0.48, negative: 0.28 },
    aliases: ['bansos', 'Bansos', 'PKH', 'bansos PKH', 'Program Keluarga Harapan', 'BLT', 'bantuan sosial', 'dana PKH'],
    formal: ['bantuan sosial', 'Program Keluarga Harapan (PKH)', 'bansos'],
    aliasesEn: ['the bansos aid', 'PKH cash transfers', 'BLT cash aid'],
    hashtags: ['#Bansos', '#PKH'],
    mentions: ['@KemensosRI'],
    official: { handle: 'KemensosRI', name: 'Kementerian Sosial RI', followers: 690_000 },
    site: 'https://cekbansos.kemensos.go.id',
    officials: ['Mensos', 'Kemensos', 'Dirjen Perlindungan dan Jaminan Sosial'],
    neg: [
      'salah sasaran lagi',
      'dipotong sama oknum',
      'gak cair-cair',
      'datanya gak pernah di-update',
      'cuma dapet yang deket sama pak RT',
      'pencairannya ribet',
      'namanya tiba-tiba ilang dari daftar',
    ],
    negNouns: ['data penerima ngawur', 'pungli', 'potongan dana', 'antrian di kantor pos', 'nama dicoret tanpa alasan'],
    pos: [
      'udah cair, alhamdulillah',
      'ngebantu banget buat beli beras',
      'sekarang bisa dicek online',
      'tepat sasaran di kampung kami',
      'cair tepat waktu bulan ini',
    ],
    posNouns: ['beras 10 kilo', 'bantuan tunai', 'paket sembako', 'biaya sekolah anak'],
    topics: ['jadwal pencairan', 'cara cek penerima', 'syarat masuk DTKS', 'tahap berikutnya', 'besaran bantuan', 'cara sanggah data'],
    negEn: ['went to the wrong people again', 'payout is still delayed', 'got skimmed by local officials'],
    negNounsEn: ['mistargeted aid', 'illegal deductions', 'delayed payouts'],
    posEn: ['finally paid out this month', 'really helps families here', 'is easy to check online now'],
    posNounsEn: ['rice and groceries', 'cash support'],
    topicsEn: ['the payout schedule', 'how to check recipients', 'how to appeal the data'],
    crises: [
      {
        key: 'salah-sasaran',
        label: 'bansos salah sasaran',
        preds: ['salah sasaran, yang kaya malah dapet', 'dikasih ke yang punya mobil, yang miskin gak dapet', 'penerimanya ternyata keluarga perangkat desa', 'datanya kacau, orang meninggal masih terdaftar'],
        nouns: ['data penerima salah sasaran', 'penerima fiktif', 'penerima yang gak layak'],
        predsEn: ['is going to families with cars while the poor get nothing', 'lists dead people as recipients'],
        nounsEn: ['the mistargeting scandal', 'ghost recipients'],
        headlines: ['Penyaluran {P} di {place} Diduga Salah Sasaran', 'Ombudsman Temukan Penerima {P} Tidak Layak di {place}'],
        buzzer: '{P} SALAH SASARAN! Yang kaya dapet, rakyat miskin gigit jari. Usut tuntas!',
        hashtags: ['#BansosSalahSasaran', '#UsutBansos'],
      },
      {
        key: 'pungli',
        label: 'pungli bansos',
        preds: ['dipotong 50 ribu sama oknum pendamping', 'ada pungli pas pencairan di kantor pos', 'diminta uang administrasi sama oknum', 'dipotong buat "uang rokok" petugas'],
        nouns: ['pungli', 'pemotongan dana', 'oknum pendamping'],
        predsEn: ['is being skimmed by local officials', 'is skimmed at the payout counter'],
        nounsEn: ['the skimming', 'illegal fees'],
        headlines: ['Dugaan Pungli {P} di {place}, Polisi Periksa Pendamping', 'Warga {place} Laporkan Pemotongan Dana {P}'],
        buzzer: 'Dana {P} dipotong oknum! Rakyat kecil diperas. Tangkap pelakunya sekarang!',
        hashtags: ['#PungliBansos', '#UsutBansos'],
      },
    ],
  },
  {
    slug: 'kip-kuliah',
    weight: 0.09,
    tones: { positive: 0.3, neutral: 0.5, negative: 0.2 },
    aliases: ['KIP Kuliah', 'KIPK', 'kip kuliah', 'beasiswa KIP Kuliah', 'KIP Kuliah'],
    formal: ['KIP Kuliah', 'Kartu Indonesia Pintar Kuliah'],
    aliasesEn: ['KIP Kuliah', 'the KIP Kuliah scholarship', 'KIPK'],
    hashtags: ['#KIPKuliah'],
    mentions: ['@kemdiktisaintek', '@puslapdik'],
    official: { handle: 'puslapdik', name: 'Puslapdik', followers: 96_000 },
    site: 'https://kip-kuliah.kemdikbud.go.id',
    officials: ['Mendiktisaintek', 'Puslapdik', 'Rektor'],
    neg: [
      'salah sasaran, yang hedon malah dapet',
      'pencairannya telat lagi',
      'kuotanya dikit banget',
      'dipake beli iPhone sama penerimanya',
      'verifikasinya gak transparan',
    ],
    negNouns: ['penerima hedon', 'pencairan telat', 'kuota terbatas', 'seleksi gak transparan'],
    pos: ['bikin gue bisa kuliah', 'udah cair buat semester ini', 'ngebantu banget anak petani kayak gue', 'biaya hidupnya cukup buat ngekos', 'bikin adek gue jadi sarjana pertama di keluarga'],
    posNouns: ['biaya kuliah', 'uang saku bulanan', 'kesempatan kuliah', 'biaya hidup'],
    topics: ['jadwal pendaftaran', 'syarat daftar', 'cara cek pengumuman', 'besaran biaya hidup', 'kampus yang nerima', 'kuota tahun ini'],
    negEn: ['is going to students who don’t need it', 'payments are late again'],
    negNounsEn: ['mistargeted scholarships', 'late stipends'],
    posEn: ['made it possible for me to go to college', 'stipend arrived on time', 'changed my family’s life'],
    posNounsEn: ['the stipend', 'a real chance at college'],
    topicsEn: ['the registration deadline', 'which campuses accept it', 'this year’s quota'],
    crises: [
      {
        key: 'salah-sasaran',
        label: 'penerima salah sasaran',
        preds: ['dapet sama mahasiswa yang flexing iPhone', 'salah sasaran, viral penerima pamer barang mewah', 'dinikmatin anak orang kaya'],
        nouns: ['penerima flexing', 'penerima salah sasaran', 'mahasiswa pamer barang mewah'],
        predsEn: ['went to a student flexing luxury goods', 'is benefiting rich kids'],
        nounsEn: ['the flexing scandal', 'mistargeted recipients'],
        headlines: ['Viral Penerima {P} Pamer Barang Mewah, Kampus Lakukan Evaluasi', 'Penerima {P} di {place} Diduga Tak Layak'],
        buzzer: '{P} dinikmati anak orang kaya yang flexing! Yang miskin gak kebagian. Cabut sekarang!',
        hashtags: ['#KIPKuliahSalahSasaran', '#EvaluasiKIPK'],
      },
      {
        key: 'pencairan-telat',
        label: 'pencairan telat',
        preds: ['biaya hidupnya telat 3 bulan', 'belum cair padahal UKT udah jatuh tempo', 'pencairannya molor, anak kos makan mie tiap hari'],
        nouns: ['pencairan telat', 'biaya hidup belum cair', 'UKT jatuh tempo'],
        predsEn: ['stipend is three months late', 'hasn’t paid out while tuition is due'],
        nounsEn: ['the late stipend'],
        headlines: ['Biaya Hidup {P} Terlambat, Mahasiswa di {place} Mengeluh', 'Puslapdik Jelaskan Keterlambatan Pencairan {P}'],
        buzzer: 'Biaya hidup {P} telat 3 bulan! Mahasiswa disuruh makan apa?? Bayar sekarang!',
        hashtags: ['#KIPKuliahTelat'],
      },
    ],
  },
  {
    slug: 'ikn',
    weight: 0.14,
    tones: { positive: 0.25, neutral: 0.45, negative: 0.3 },
    aliases: ['IKN', 'Ibu Kota Nusantara', 'proyek IKN', 'Otorita IKN', 'ikn', 'pembangunan IKN'],
    formal: ['Ibu Kota Nusantara (IKN)', 'IKN', 'Otorita IKN'],
    aliasesEn: ['IKN', 'the new capital IKN', 'Ibu Kota Nusantara'],
    hashtags: ['#IKN', '#IbuKotaNusantara'],
    mentions: ['@ikn_id'],
    official: { handle: 'ikn_id', name: 'Otorita IKN', followers: 270_000 },
    site: 'https://www.ikn.go.id',
    officials: ['Kepala Otorita IKN', 'Menteri PUPR', 'Komisi II DPR'],
    neg: [
      'cuma buang-buang anggaran',
      'sepi kayak kota mati',
      'investornya mana?',
      'bikin warga lokal kehilangan lahan',
      'pembangunannya molor terus',
      'kebanjiran pas hujan deres',
    ],
    negNouns: ['sengketa lahan', 'anggaran bengkak', 'investor kabur', 'gedung kosong', 'proyek mangkrak'],
    pos: ['makin keren progresnya', 'bikin Kalimantan makin maju', 'infrastrukturnya udah bagus banget', 'bikin lapangan kerja buat warga sekitar', 'tamannya cakep buat jalan sore'],
    posNouns: ['jalan tol baru', 'lapangan kerja', 'pemerataan pembangunan', 'taman kota'],
    topics: ['progres pembangunan', 'jadwal pemindahan ASN', 'akses ke lokasi', 'rencana upacara 17 Agustus', 'aturan kunjungan wisata'],
    negEn: ['is a massive waste of money', 'looks like a ghost town', 'keeps missing deadlines'],
    negNounsEn: ['land disputes', 'budget overruns', 'empty buildings'],
    posEn: ['looks amazing now', 'is bringing jobs to East Kalimantan', 'has great new roads'],
    posNounsEn: ['new toll roads', 'local jobs'],
    topicsEn: ['the civil servant relocation schedule', 'how to visit', 'construction progress'],
    crises: [
      {
        key: 'lahan',
        label: 'sengketa lahan',
        preds: ['gusur lahan warga adat tanpa ganti rugi jelas', 'ngambil lahan warga Sepaku seenaknya', 'bikin warga diusir dari tanah leluhur'],
        nouns: ['sengketa lahan', 'penggusuran warga', 'ganti rugi lahan'],
        predsEn: ['is evicting indigenous families without fair compensation', 'took villagers’ land'],
        nounsEn: ['the land grab', 'evictions'],
        headlines: ['Warga Sepaku Tolak Penggusuran Lahan untuk {P}', 'Komnas HAM Terima Aduan Sengketa Lahan {P}'],
        buzzer: '{P} rampas tanah rakyat! Warga adat digusur tanpa ganti rugi. Hentikan sekarang!',
        hashtags: ['#IKNGusurWarga', '#SaveSepaku'],
      },
      {
        key: 'anggaran',
        label: 'anggaran bengkak',
        preds: ['anggarannya bengkak lagi triliunan', 'nyedot anggaran padahal rakyat lagi susah', 'minta tambahan anggaran lagi'],
        nouns: ['pembengkakan anggaran', 'anggaran triliunan', 'tambahan anggaran'],
        predsEn: ['needs trillions more in budget', 'budget ballooned again'],
        nounsEn: ['the budget blowout', 'cost overruns'],
        headlines: ['Anggaran {P} Membengkak, DPR Minta Audit', 'Pemerintah Ajukan Tambahan Anggaran {P} Rp 20 Triliun'],
        buzzer: 'Anggaran {P} bengkak TRILIUNAN, rakyat disuruh hemat. Audit sekarang!',
        hashtags: ['#AuditIKN', '#IKNBorosAnggaran'],
      },
    ],
  },
];

/** Filler vocabulary shared by every program. */
export const PLACES = [
  'Jakarta', 'Bekasi', 'Depok', 'Bogor', 'Tangerang', 'Bandung', 'Surabaya', 'Semarang', 'Medan', 'Makassar',
  'Palembang', 'Yogyakarta', 'Solo', 'Malang', 'Denpasar', 'Balikpapan', 'Samarinda', 'Pontianak', 'Padang',
  'Pekanbaru', 'Manado', 'Kupang', 'Ambon', 'Jayapura', 'Banjarmasin', 'Bandar Lampung', 'Cirebon', 'Garut',
  'Sidoarjo', 'Kediri', 'Mataram', 'Jambi', 'Serang', 'Tasikmalaya', 'Purwokerto',
] as const;

export const DURATIONS = ['dari pagi', 'dari subuh', 'udah 3 jam', 'seharian', 'dari kemarin', 'udah 2 minggu', 'sebulan lebih', 'dari jam 6'] as const;
export const DURATIONS_EN = ['all morning', 'three hours', 'two weeks', 'a whole month', 'since dawn'] as const;
export const WHO = ['nyokap gue', 'bapak saya', 'ibu saya', 'tetangga', 'temen kantor', 'adek gue', 'mertua', 'pakde', 'bude', 'sepupu gue', 'suami saya', 'istri saya', 'anak saya', 'nenek'] as const;
export const WHO_EN = ['my mom', 'my dad', 'my neighbour', 'a friend of mine', 'my grandma', 'my cousin'] as const;

export const OPEN: Record<Tone, readonly string[]> = {
  negative: ['Jujur', 'Asli', 'Gila sih', 'Duh', 'Astaga', 'Ya ampun', 'Anjir', 'Hadeh', 'Serius deh', 'Sumpah', 'Lagi-lagi', 'Hmm'],
  positive: ['Alhamdulillah', 'Wah', 'Akhirnya', 'Mantap', 'Seneng banget', 'Puji Tuhan', 'Asik', 'Gokil'],
  neutral: ['Min', 'Kak', 'Guys', 'Mau tanya', 'Numpang tanya', 'Info dong', 'Halo', 'Permisi'],
};

export const ENDINGS: Record<Tone, readonly string[]> = {
  negative: ['gimana sih', 'kecewa bgt', 'capek deh', 'ribet bgt', 'parah sih', 'gak habis pikir', 'tolong dong diperbaiki', 'udah gak ngerti lagi', 'anjir lah', 'kzl', 'nyebelin parah', 'kok gini terus'],
  positive: ['mantul', 'mantap', 'makasih banyak', 'keren sih', 'top', 'josss', 'sukses terus', 'semoga makin baik', 'mantap jiwa', 'salut'],
  neutral: ['makasih', 'mohon infonya', 'ada yang tau?', 'gimana ya', 'thx', 'cmiiw', 'makasih sebelumnya', 'tolong dibantu ya'],
};

export const ENDINGS_EN: Record<Tone, readonly string[]> = {
  negative: ['unbelievable.', 'so frustrating.', 'this is a joke.', 'fix it please.', 'ridiculous.'],
  positive: ['good job!', 'credit where it’s due.', 'love to see it.', 'more of this please.'],
  neutral: ['thanks in advance.', 'any info appreciated.', 'anyone?', 'cheers.'],
};

export const EMOJI: Record<Tone, readonly string[]> = {
  negative: ['😡', '😤', '😭', '🙄', '😩', '💢', '🤦‍♂️', '🤦‍♀️', '😒', '😞', '🥲', '😑'],
  positive: ['🙏', '😍', '👍', '🔥', '💯', '🥰', '😊', '👏', '✨', '🇮🇩', '❤️', '🤩'],
  neutral: ['🤔', '🙏', '👀', '😅', '📌', 'ℹ️', '🧐'],
};

export const LAUGHS = ['wkwk', 'wkwkwk', 'awokawok', 'haha', 'xixixi', 'wkwkwkwk'] as const;

/** General chatter: mentions no program at all, so matching has something to reject. */
export const CHATTER_ID = [
  'macet parah di {place} pagi ini {eNeg}',
  'hujan deres banget di {place}, jemuran belum diangkat {laugh}',
  'harga cabe naik lagi, emak-emak pusing {eNeg}',
  'timnas menang!! bangga banget {ePos}',
  'ada yang tau rekomendasi bakso enak di {place}? {eNeu}',
  'kerjaan numpuk, pengen resign aja {laugh}',
  'KRL telat lagi, udah biasa sih {eNeg}',
  'listrik padam di {place} udah 2 jam {eNeg}',
  'gempa kerasa gak di {place}? {eNeu}',
  'weekend ini enaknya ke mana ya di {place}? {eNeu}',
  'kopi susu gula aren tetep juara {ePos}',
  'mau mudik tapi tiket kereta udah abis {eNeg}',
  'akhirnya gajian juga {ePos} {laugh}',
  'ojol susah banget dapet jam segini di {place}',
  'nonton bola bareng di pos ronda rame banget {ePos}',
  'sinyal di {place} kok lemot banget ya hari ini {eNeu}',
  'Selamat pagi warga {place}, jangan lupa sarapan {ePos}',
  'drakor baru bagus gak sih? {eNeu}',
] as const;

export const CHATTER_EN = [
  'Traffic in {place} is brutal today {eNeg}',
  'Anyone tried the new coffee place in {place}? {eNeu}',
  'Rainy season in {place} is no joke {eNeg}',
  'What a match last night {ePos}',
  'Working from a café in {place} today, wifi is surprisingly good',
  'Flights to {place} are so expensive this month {eNeg}',
] as const;

export const CHATTER_NEWS = [
  'Cuaca Ekstrem Diprediksi Landa {place} Sepekan ke Depan',
  'Harga Cabai Rawit di {place} Naik Jelang Akhir Pekan',
  'Kemacetan Panjang Terjadi di Tol Menuju {place}',
  'Gempa Magnitudo 5,1 Guncang {place}, Tidak Berpotensi Tsunami',
  'Pemkot {place} Siapkan Rekayasa Lalu Lintas Jelang Libur Panjang',
  'Timnas Indonesia Menang, Ribuan Suporter Rayakan di {place}',
] as const;
