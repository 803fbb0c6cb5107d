import { renderExplanation, type Alert, type IncidentEntry, type IncidentReport, type ReportLang } from '@siaga/shared';
import { formatNumber, formatPercent, formatTime, reportStrings, type ReportStrings } from './report-strings.js';

/**
 * What every rendering of a report says, as plain strings: the PDF and the Markdown lay these
 * out, so they cannot disagree on a figure.
 */
export interface ReportContent {
  s: ReportStrings;
  lang: ReportLang;
  title: string;
  cover: Array<[string, string]>;
  summary: string;
  metrics: Array<[string, string, string]>;
  shares: Array<{ heading: string; rows: Array<[string, string, string]> }>;
  topAuthors: Array<[string, string, string]>;
  effects: Array<[string, string, string, string]>;
  timeline: Array<[string, string, string, string]>;
  alerts: string[];
  lessons: string;
  time: (iso: string) => string;
  num: (n: number) => string;
}

function entryText(e: IncidentEntry, s: ReportStrings): string {
  const d = e.details;
  switch (e.kind) {
    case 'status':
      return `${s.statuses[d.from as keyof ReportStrings['statuses']] ?? String(d.from)} → ${s.statuses[d.to as keyof ReportStrings['statuses']] ?? String(d.to)}`;
    case 'alert':
      return e.alertId ?? '';
    case 'pin':
      return [e.postId, e.text].filter(Boolean).join(' — ');
    case 'edit':
      return Array.isArray(d.fields) ? d.fields.join(', ') : '';
    case 'created':
    case 'note':
    case 'action':
      return e.text ?? '';
  }
}

function alertLine(a: Alert, time: (iso: string) => string, lang: ReportLang): string {
  return `${time(a.openedAt)} · ${a.programName} · ${a.kind} · ${a.severity} · ${renderExplanation(a.explanation.facts, lang)}`;
}

/** The official channels' response as metric rows (none from a server that did not measure it). */
function officialRows(
  o: IncidentReport['impact']['official'],
  s: ReportStrings,
  time: (iso: string) => string,
  num: (n: number) => string,
  pct: (x: number | null) => string,
): Array<[string, string, string]> {
  if (!o) return [];
  const first = o.firstPostAt
    ? [time(o.firstPostAt), o.firstPostHandle ? `@${o.firstPostHandle}` : '', o.minutesToFirstPost === null ? '' : `${num(o.minutesToFirstPost)} ${s.minutesAfter}`].filter(Boolean).join(' · ')
    : s.none;
  const negative =
    o.before && o.after ? `${pct(o.before.negativeShare)} → ${pct(o.after.negativeShare)} (${o.negativeShareFell === null ? s.noData : o.negativeShareFell ? s.fell : s.rose})` : s.none;
  return [
    [s.officialPosts, `${num(o.posts)} (${num(o.channels)} ${s.officialChannels})`, ''],
    [s.officialFirst, first, ''],
    [s.officialReach, `${num(o.reach)} (${pct(o.reachShare)})`, ''],
    [s.officialNegative, negative, ''],
  ];
}

export function reportContent(r: IncidentReport): ReportContent {
  const s = reportStrings(r.lang);
  const time = (iso: string) => formatTime(iso, r.lang);
  const num = (n: number) => formatNumber(n, r.lang);
  const pct = (x: number | null) => formatPercent(x, r.lang);
  const i = r.incident;
  const m = r.impact;
  const base = m.baselineWeeks > 0;
  const cover: Array<[string, string]> = [
    [s.programs, i.programs.map((p) => p.name).join(', ') || s.none],
    [s.span, `${time(i.startedAt)} – ${i.endedAt ? time(i.endedAt) : s.ongoing}`],
    [s.status, s.statuses[i.status]],
    [s.severity, s.severities[i.severity]],
    [s.owner, i.ownerName ?? s.none],
    [s.openedBy, i.createdByName ?? s.none],
    [s.author, r.generatedBy],
    [s.generated, time(r.generatedAt)],
  ];
  const metrics: Array<[string, string, string]> = [
    [s.volume, num(m.volume), base ? num(m.baselineVolume) : s.none],
    [s.negative, num(m.negative), base ? num(m.baselineNegative) : s.none],
    [s.negativeShare, pct(m.negativeShare), base ? pct(m.baselineVolume > 0 ? m.baselineNegative / m.baselineVolume : null) : s.none],
    [s.volumeRatio, m.volumeRatio === null ? s.none : `${num(m.volumeRatio)}×`, ''],
    [s.peak, m.peak ? `${time(m.peak.at)} (${num(m.peak.volume)})` : s.none, ''],
    [s.uniqueAuthors, num(m.uniqueAuthors), ''],
    [s.reach, num(m.reach), ''],
    [s.engagement, num(m.engagement.total), ''],
    [s.views, num(m.engagement.views), ''],
    [s.baselineWeeks, num(m.baselineWeeks), ''],
    ...officialRows(m.official, s, time, num, pct),
  ];
  const counted = (xs: Array<{ value: string; count: number; share: number }>) => xs.map((x): [string, string, string] => [x.value, num(x.count), pct(x.share)]);
  const sampled = m.termsSampled ? ` (${s.sampled})` : '';
  return {
    s,
    lang: r.lang,
    title: i.title,
    cover,
    summary: i.summary,
    metrics,
    shares: [
      { heading: s.bySource, rows: counted(m.bySource) },
      { heading: s.byLanguage, rows: counted(m.byLanguage) },
      { heading: s.topTerms + sampled, rows: counted(m.topTerms) },
      { heading: s.topHashtags + sampled, rows: counted(m.topHashtags) },
    ],
    topAuthors: m.topAuthors.map((a) => [a.name ? `${a.handle} (${a.name})` : a.handle, `${num(a.followers)} ${s.followers}`, `${num(a.posts)} ${s.posts}`]),
    effects: m.actions.map((e) => [
      `${time(e.at)} · ${e.text}`,
      `${pct(e.before.negativeShare)} (${num(e.before.negative)}/${num(e.before.volume)})`,
      `${pct(e.after.negativeShare)} (${num(e.after.negative)}/${num(e.after.volume)})`,
      e.negativeShareFell === null ? s.noData : e.negativeShareFell ? s.fell : s.rose,
    ]),
    timeline: r.timeline.map((e) => [time(e.at), e.userName ?? s.none, s.kinds[e.kind], entryText(e, s)]),
    alerts: r.alerts.map((a) => alertLine(a, time, r.lang)),
    lessons: i.lessons,
    time,
    num,
  };
}
