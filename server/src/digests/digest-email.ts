/**
 * A digest as an email in the recipient's language: a plain-text part and an HTML part. Every
 * value from the database (program names, terms, author handles and names) is escaped in the HTML.
 * Plain functions: the service and the specs call them without NestJS.
 */
import type { Digest, DigestProgram, ReportLang } from '@siaga/shared';

const STRINGS = {
  id: {
    subject: { day: 'Ringkasan harian Siaga', week: 'Ringkasan mingguan Siaga' },
    heading: { day: 'Ringkasan harian', week: 'Ringkasan mingguan' },
    period: 'Periode',
    previous: 'dibanding periode sebelumnya',
    totalVolume: 'Total unggahan',
    alerts: 'Peringatan',
    incidents: 'Insiden',
    program: 'Program',
    volume: 'Volume',
    change: 'Perubahan',
    negativeShare: 'Porsi negatif',
    shareOfVoice: 'Pangsa percakapan',
    topTerms: 'Kata teratas',
    topAuthors: 'Penulis teratas menurut jangkauan',
    followers: 'pengikut',
    none: '—',
    noPrograms: 'Belum ada program aktif.',
    points: 'poin',
    open: 'Buka dasbor',
    footer: 'Anda menerima email ini karena berlangganan ringkasan Siaga. Ubah di Pengaturan.',
  },
  en: {
    subject: { day: 'Siaga daily digest', week: 'Siaga weekly digest' },
    heading: { day: 'Daily digest', week: 'Weekly digest' },
    period: 'Period',
    previous: 'against the previous period',
    totalVolume: 'Total posts',
    alerts: 'Alerts',
    incidents: 'Incidents',
    program: 'Program',
    volume: 'Volume',
    change: 'Change',
    negativeShare: 'Negative share',
    shareOfVoice: 'Share of voice',
    topTerms: 'Top terms',
    topAuthors: 'Top authors by reach',
    followers: 'followers',
    none: '—',
    noPrograms: 'No active programs yet.',
    points: 'points',
    open: 'Open the dashboard',
    footer: 'You receive this email because you subscribed to Siaga digests. Change it under Settings.',
  },
} as const;

export interface DigestEmail {
  subject: string;
  text: string;
  html: string;
}

/** `&`, `<`, `>`, `"` and `'` as entities: text from posts and programs never becomes markup. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function formats(lang: ReportLang, timeZone: string) {
  const locale = lang === 'id' ? 'id-ID' : 'en-GB';
  const num = new Intl.NumberFormat(locale);
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const signed = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' });
  const one = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const date = new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'short', year: 'numeric' });
  return {
    num: (n: number) => num.format(n),
    pct: (n: number | null) => (n === null ? STRINGS[lang].none : pct.format(n)),
    change: (n: number | null) => (n === null ? STRINGS[lang].none : signed.format(n)),
    points: (now: number | null, before: number | null) => (now === null || before === null ? STRINGS[lang].none : `${one.format((now - before) * 100)} ${STRINGS[lang].points}`),
    share: (n: number) => `${new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n)} %`,
    // The period is [from, to): its last day is the one before `to`.
    span: (d: Digest) => {
      const last = new Date(Date.parse(d.to) - 1);
      return d.period === 'day' ? date.format(last) : `${date.format(new Date(d.from))} – ${date.format(last)}`;
    },
  };
}

interface ProgramLines {
  name: string;
  volume: string;
  change: string;
  negativeShare: string;
  negativeChange: string;
  alerts: string;
  incidents: string;
  share: string;
  terms: string;
  authors: string;
}

function programLines(p: DigestProgram, f: ReturnType<typeof formats>, lang: ReportLang): ProgramLines {
  const s = STRINGS[lang];
  return {
    name: p.name,
    volume: f.num(p.volume),
    change: f.change(p.volumeChange),
    negativeShare: f.pct(p.negativeShare),
    negativeChange: f.points(p.negativeShare, p.previousNegativeShare),
    alerts: `${f.num(p.alerts)} (${f.num(p.previousAlerts)})`,
    incidents: f.num(p.incidents),
    share: f.share(p.shareOfVoice),
    terms: p.topTerms.length ? p.topTerms.map((t) => t.value).join(', ') : s.none,
    authors: p.topAuthors.length ? p.topAuthors.map((a) => `@${a.handle} (${f.num(a.followers)} ${s.followers})`).join(', ') : s.none,
  };
}

/** The email of one digest in one language; `url` links to the dashboard. */
export function renderDigestEmail(d: Digest, lang: ReportLang, url: string): DigestEmail {
  const s = STRINGS[lang];
  const f = formats(lang, d.timeZone);
  const span = f.span(d);
  const subject = `${s.subject[d.period]}: ${span}`;
  const programs = d.programs.map((p) => programLines(p, f, lang));

  const text: string[] = [`${s.heading[d.period]} — ${span}`, `${s.period}: ${span} (${s.previous})`, ''];
  text.push(`${s.totalVolume}: ${f.num(d.totals.volume)} (${f.change(d.totals.previousVolume ? (d.totals.volume - d.totals.previousVolume) / d.totals.previousVolume : null)})`);
  text.push(`${s.alerts}: ${f.num(d.totals.alerts)} · ${s.incidents}: ${f.num(d.totals.incidents)}`, '');
  if (!programs.length) text.push(s.noPrograms, '');
  for (const p of programs) {
    text.push(
      p.name,
      `  ${s.volume}: ${p.volume} (${s.change}: ${p.change})`,
      `  ${s.negativeShare}: ${p.negativeShare} (${p.negativeChange})`,
      `  ${s.shareOfVoice}: ${p.share}`,
      `  ${s.alerts}: ${p.alerts} · ${s.incidents}: ${p.incidents}`,
      `  ${s.topTerms}: ${p.terms}`,
      `  ${s.topAuthors}: ${p.authors}`,
      '',
    );
  }
  text.push(`${s.open}: ${url}`, '', s.footer, '');

  const e = escapeHtml;
  const cell = (v: string) => `<td style="padding:4px 8px;border-bottom:1px solid #ddd">${e(v)}</td>`;
  const head = (v: string) => `<th style="padding:4px 8px;text-align:left;border-bottom:2px solid #999">${e(v)}</th>`;
  const rows = programs
    .map((p) => `<tr>${[p.name, p.volume, p.change, `${p.negativeShare} (${p.negativeChange})`, p.share, p.alerts, p.incidents].map(cell).join('')}</tr>`)
    .join('\n');
  const details = programs
    .map((p) => `<h3>${e(p.name)}</h3>\n<p><strong>${e(s.topTerms)}:</strong> ${e(p.terms)}<br><strong>${e(s.topAuthors)}:</strong> ${e(p.authors)}</p>`)
    .join('\n');
  const html = [
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${e(subject)}</title></head>`,
    '<body style="font-family:system-ui,sans-serif;color:#1a1a1a">',
    `<h1>${e(s.heading[d.period])}</h1>`,
    `<p>${e(s.period)}: ${e(span)} (${e(s.previous)})</p>`,
    `<p>${e(s.totalVolume)}: ${e(f.num(d.totals.volume))} · ${e(s.alerts)}: ${e(f.num(d.totals.alerts))} · ${e(s.incidents)}: ${e(f.num(d.totals.incidents))}</p>`,
    programs.length
      ? `<table style="border-collapse:collapse"><thead><tr>${[s.program, s.volume, s.change, s.negativeShare, s.shareOfVoice, s.alerts, s.incidents].map(head).join('')}</tr></thead>\n<tbody>\n${rows}\n</tbody></table>\n${details}`
      : `<p>${e(s.noPrograms)}</p>`,
    `<p><a href="${e(url)}">${e(s.open)}</a></p>`,
    `<p style="color:#666;font-size:12px">${e(s.footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text: text.join('\n'), html };
}
