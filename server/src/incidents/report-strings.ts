import type { IncidentEntryKind, IncidentStatus, ReportLang, Severity } from '@siaga/shared';

/** A report's words in Indonesian (the source) and English; the same keys in both. */
const ID = {
  reportTitle: 'Laporan Insiden',
  programs: 'Program',
  span: 'Rentang waktu',
  ongoing: 'masih berlangsung',
  status: 'Status',
  severity: 'Tingkat',
  owner: 'Penanggung jawab',
  openedBy: 'Dibuka oleh',
  author: 'Disusun oleh',
  generated: 'Dibuat',
  none: '—',
  summary: 'Ringkasan eksekutif',
  noSummary: 'Belum ada ringkasan.',
  impact: 'Metrik dampak',
  metric: 'Metrik',
  value: 'Nilai',
  baseline: 'Acuan (minggu-minggu sebelumnya)',
  volume: 'Volume unggahan',
  negative: 'Unggahan negatif',
  negativeShare: 'Porsi negatif',
  volumeRatio: 'Volume dibanding acuan',
  peak: 'Puncak',
  uniqueAuthors: 'Penulis unik',
  reach: 'Jangkauan (jumlah pengikut)',
  officialPosts: 'Unggahan kanal resmi',
  officialChannels: 'kanal terdaftar',
  officialFirst: 'Unggahan resmi pertama sejak peringatan pertama',
  officialReach: 'Jangkauan kanal resmi (porsi dari percakapan)',
  officialNegative: 'Porsi negatif sebelum → sesudah unggahan resmi pertama',
  minutesAfter: 'menit setelah peringatan',
  engagement: 'Keterlibatan (suka, bagikan, balasan)',
  views: 'Tayangan',
  baselineWeeks: 'Minggu acuan',
  bySource: 'Sebaran per sumber',
  byLanguage: 'Sebaran per bahasa',
  topTerms: 'Kata teratas',
  topHashtags: 'Tagar teratas',
  topAuthors: 'Penulis teratas menurut jangkauan',
  followers: 'pengikut',
  posts: 'unggahan',
  sampled: 'dihitung dari unggahan terbaru saja',
  charts: 'Grafik',
  chartVolume: 'Volume dan volume negatif terhadap pita acuan',
  chartSentiment: 'Komposisi sentimen',
  legendVolume: 'Volume',
  legendNegative: 'Negatif',
  legendBand: 'Pita acuan',
  legendAction: 'Tindakan',
  positive: 'Positif',
  neutral: 'Netral',
  negativeLabel: 'Negatif',
  actionEffects: 'Efek tindakan terhadap porsi negatif',
  before: 'Sebelum',
  after: 'Sesudah',
  fell: 'turun',
  rose: 'tidak turun',
  noData: 'data kurang',
  timeline: 'Linimasa',
  pinnedPosts: 'Unggahan yang disematkan',
  topPosts: 'Unggahan paling ramai',
  noPosts: 'Tidak ada.',
  actions: 'Tindakan yang diambil',
  noActions: 'Belum ada tindakan yang dicatat.',
  lessons: 'Pelajaran dan tindak lanjut',
  noLessons: 'Belum ada catatan pelajaran.',
  alerts: 'Peringatan terkait',
  link: 'Tautan',
  page: 'Halaman',
  note: 'Catatan',
  kinds: {
    created: 'Insiden dibuka',
    note: 'Catatan',
    action: 'Tindakan',
    alert: 'Peringatan ditautkan',
    pin: 'Unggahan disematkan',
    status: 'Status diubah',
    edit: 'Diperbarui',
  } satisfies Record<IncidentEntryKind, string>,
  statuses: { open: 'Terbuka', monitoring: 'Dipantau', closed: 'Ditutup' } satisfies Record<IncidentStatus, string>,
  severities: { info: 'Info', warning: 'Waspada', critical: 'Kritis' } satisfies Record<Severity, string>,
};

export type ReportStrings = typeof ID;

const EN: ReportStrings = {
  reportTitle: 'Incident Report',
  programs: 'Programs',
  span: 'Span',
  ongoing: 'ongoing',
  status: 'Status',
  severity: 'Severity',
  owner: 'Owner',
  openedBy: 'Opened by',
  author: 'Prepared by',
  generated: 'Generated',
  none: '—',
  summary: 'Executive summary',
  noSummary: 'No summary yet.',
  impact: 'Impact metrics',
  metric: 'Metric',
  value: 'Value',
  baseline: 'Baseline (previous weeks)',
  volume: 'Post volume',
  negative: 'Negative posts',
  negativeShare: 'Negative share',
  volumeRatio: 'Volume against baseline',
  peak: 'Peak',
  uniqueAuthors: 'Unique authors',
  reach: 'Reach (sum of followers)',
  officialPosts: 'Official channel posts',
  officialChannels: 'channels registered',
  officialFirst: 'First official post after the first alert',
  officialReach: 'Official channels\' reach (share of the conversation)',
  officialNegative: 'Negative share before → after the first official post',
  minutesAfter: 'minutes after the alert',
  engagement: 'Engagement (likes, shares, replies)',
  views: 'Views',
  baselineWeeks: 'Baseline weeks',
  bySource: 'Share by source',
  byLanguage: 'Share by language',
  topTerms: 'Top terms',
  topHashtags: 'Top hashtags',
  topAuthors: 'Top authors by reach',
  followers: 'followers',
  posts: 'posts',
  sampled: 'counted over the newest posts only',
  charts: 'Charts',
  chartVolume: 'Volume and negative volume against the baseline band',
  chartSentiment: 'Sentiment mix',
  legendVolume: 'Volume',
  legendNegative: 'Negative',
  legendBand: 'Baseline band',
  legendAction: 'Action',
  positive: 'Positive',
  neutral: 'Neutral',
  negativeLabel: 'Negative',
  actionEffects: 'Effect of actions on the negative share',
  before: 'Before',
  after: 'After',
  fell: 'fell',
  rose: 'did not fall',
  noData: 'not enough data',
  timeline: 'Timeline',
  pinnedPosts: 'Pinned posts',
  topPosts: 'Most engaging posts',
  noPosts: 'None.',
  actions: 'Actions taken',
  noActions: 'No action recorded yet.',
  lessons: 'Lessons and follow-ups',
  noLessons: 'No lessons recorded yet.',
  alerts: 'Linked alerts',
  link: 'Link',
  page: 'Page',
  note: 'Note',
  kinds: { created: 'Incident opened', note: 'Note', action: 'Action', alert: 'Alert linked', pin: 'Post pinned', status: 'Status changed', edit: 'Updated' },
  statuses: { open: 'Open', monitoring: 'Monitoring', closed: 'Closed' },
  severities: { info: 'Info', warning: 'Warning', critical: 'Critical' },
};

export function reportStrings(lang: ReportLang): ReportStrings {
  return lang === 'en' ? EN : ID;
}

/** Reports show times in WIB (Asia/Jakarta), where the crisis center works, with the zone named. */
// Building an Intl formatter costs far more than using one: one of each per language.
const TIME = {
  id: new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Jakarta', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }),
};
const NUMBER = { id: new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 }), en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }) };
const PERCENT = {
  id: new Intl.NumberFormat('id-ID', { style: 'percent', maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }),
};

export function formatTime(iso: string, lang: ReportLang): string {
  return `${TIME[lang].format(new Date(iso))} WIB`;
}

export function formatNumber(n: number, lang: ReportLang): string {
  return NUMBER[lang].format(n);
}

export function formatPercent(share: number | null, lang: ReportLang): string {
  if (share === null) return '—';
  return PERCENT[lang].format(share);
}

/**
 * The report's language: `?lang` when given, else the first of Indonesian or English the
 * Accept-Language header prefers, else Indonesian.
 */
export function pickLang(explicit: ReportLang | undefined, acceptLanguage: string | undefined): ReportLang {
  if (explicit) return explicit;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const q = qParam ? Number(qParam.slice(2)) : 1;
      return { base: (tag ?? '').split('-')[0] ?? '', q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.q > 0 && (x.base === 'id' || x.base === 'en'))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.base === 'en' ? 'en' : 'id';
}
