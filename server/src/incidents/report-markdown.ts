import type { IncidentReport, ReportPost } from '@siaga/shared';
import { reportContent } from './report-content.js';

/**
 * Text for Markdown: every character Markdown or HTML would read as syntax is escaped, and line
 * breaks become spaces, so hostile post text can neither inject HTML nor break a table or list.
 */
export function mdText(text: string): string {
  return text
    .replace(/\r\n?|\n|\u2028|\u2029/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, '\\$&');
}

/** A paragraph block: line breaks kept (as Markdown hard breaks), everything else escaped. */
function mdBlock(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((line) => mdText(line))
    .join('  \n');
}

/** Only http(s) links, with the characters that would end a Markdown link destination encoded. */
export function mdUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  return u.href.replace(/[()<> \\[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function table(head: string[], rows: string[][]): string {
  if (!rows.length) return '';
  return [`| ${head.map(mdText).join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.map(mdText).join(' | ')} |`)].join('\n');
}

/** The report as Markdown for a wiki: the same sections and figures as the PDF. */
export function renderMarkdown(r: IncidentReport): string {
  const c = reportContent(r);
  const { s } = c;
  const out: string[] = [];
  const section = (title: string, body: string) => out.push(`## ${mdText(title)}`, '', body || mdText(s.noPosts), '');
  const posts = (list: ReportPost[]) =>
    list.length
      ? list
          .map((p) => {
            const link = p.url ? mdUrl(p.url) : null;
            const who = p.authorName ? `${p.authorHandle} (${p.authorName})` : p.authorHandle;
            const meta = `${c.time(p.createdAt)} · ${p.source} · ${who} · ${s[p.sentiment === 'negative' ? 'negativeLabel' : p.sentiment]} · ${c.num(p.engagement)}`;
            const note = p.note ? ` — ${mdText(`${s.note}: ${p.note}`)}` : '';
            return `- ${mdText(meta)}${link ? ` · [${mdText(s.link)}](${link})` : ''}${note}\n  > ${mdText(p.text)}`;
          })
          .join('\n')
      : mdText(s.noPosts);

  out.push(`# ${mdText(`${s.reportTitle}: ${c.title}`)}`, '');
  out.push(...c.cover.map(([k, v]) => `- **${mdText(k)}:** ${mdText(v)}`), '');
  section(s.summary, c.summary.trim() ? mdBlock(c.summary) : mdText(s.noSummary));
  section(s.impact, table([s.metric, s.value, s.baseline], c.metrics));
  for (const sh of c.shares) out.push(`### ${mdText(sh.heading)}`, '', table(['', s.posts, '%'], sh.rows) || mdText(s.noPosts), '');
  out.push(`### ${mdText(s.topAuthors)}`, '', table(['', s.followers, s.posts], c.topAuthors) || mdText(s.noPosts), '');
  section(
    s.charts,
    [
      `### ${mdText(s.chartVolume)}`,
      '',
      table(
        ['', s.legendVolume, s.legendNegative, s.baseline, s.legendBand],
        r.impact.series.map((p) => [c.time(p.at), c.num(p.volume), c.num(p.negative), c.num(p.baseline), `${c.num(p.bandLower)}–${c.num(p.bandUpper)}`]),
      ),
      '',
      `### ${mdText(s.chartSentiment)}`,
      '',
      table(
        ['', s.posts],
        [
          [s.positive, c.num(r.impact.sentiment.positive)],
          [s.neutral, c.num(r.impact.sentiment.neutral)],
          [s.negativeLabel, c.num(r.impact.sentiment.negative)],
        ],
      ),
    ].join('\n'),
  );
  section(s.actionEffects, table(['', s.before, s.after, ''], c.effects) || mdText(s.noActions));
  section(s.timeline, table(['', '', '', ''], c.timeline));
  section(s.alerts, c.alerts.map((a) => `- ${mdText(a)}`).join('\n'));
  section(s.pinnedPosts, posts(r.pinnedPosts));
  section(s.topPosts, posts(r.topPosts));
  section(
    s.actions,
    r.actions.length
      ? r.actions
          .map((a) => {
            const link = a.url ? mdUrl(a.url) : null;
            return `- ${mdText(`${c.time(a.at)} · ${a.userName ?? s.none} · ${a.text ?? ''}`)}${link ? ` · [${mdText(s.link)}](${link})` : ''}`;
          })
          .join('\n')
      : mdText(s.noActions),
  );
  section(s.lessons, c.lessons.trim() ? mdBlock(c.lessons) : mdText(s.noLessons));
  return `${out.join('\n').trimEnd()}\n`;
}
