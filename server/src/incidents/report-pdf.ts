import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { IncidentReport, ReportPost } from '@siaga/shared';
import { emojiToNames } from './emoji-names.js';
import { reportContent, type ReportContent } from './report-content.js';

// DejaVu (an npm package, licence in NOTICE) covers Latin, Greek, Cyrillic and many symbols;
// resolved through the package so that it is found from src/ and from dist/ alike.
const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const MARGIN = 50;
const COLORS = { text: '#1f2933', muted: '#52606d', rule: '#cbd2d9', volume: '#1f5fbf', negative: '#c0392b', band: '#d9e2ec', baseline: '#7b8794', action: '#d97706', positive: '#2f855a', neutral: '#9aa5b1' };

type Doc = PDFKit.PDFDocument;

/** Text for the PDF: emoji become their names (the font has none), control characters go. */
// eslint-disable-next-line no-control-regex -- control characters are what it removes
const clean = (s: string) => emojiToNames(s).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');

class Writer {
  constructor(readonly doc: Doc) {}

  get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  get bottom(): number {
    return this.doc.page.height - MARGIN;
  }

  /** Starts a new page when fewer than `h` points are left on this one. */
  room(h: number): void {
    if (this.doc.y + h > this.bottom) this.doc.addPage();
  }

  heading(text: string, size = 15): void {
    this.room(size * 3);
    this.doc.moveDown(0.6).font('bold').fontSize(size).fillColor(COLORS.text).text(clean(text), MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3).font('regular').fontSize(10);
  }

  para(text: string, opts: { color?: string; size?: number } = {}): void {
    this.doc.font('regular').fontSize(opts.size ?? 10).fillColor(opts.color ?? COLORS.text).text(clean(text), MARGIN, this.doc.y, { width: this.width });
  }

  /** A table whose rows break across pages; `widths` are fractions of the text width. */
  table(widths: number[], rows: string[][], head?: string[]): void {
    const doc = this.doc;
    const cols = widths.map((w) => w * this.width);
    const draw = (cells: string[], bold: boolean) => {
      doc.font(bold ? 'bold' : 'regular').fontSize(9);
      const texts = cells.map(clean);
      const h = Math.max(12, ...texts.map((t, i) => doc.heightOfString(t, { width: cols[i]! - 6 }))) + 4;
      this.room(h);
      const y = doc.y;
      let x = MARGIN;
      texts.forEach((t, i) => {
        doc.fillColor(bold ? COLORS.muted : COLORS.text).text(t, x + 3, y + 2, { width: cols[i]! - 6 });
        x += cols[i]!;
      });
      doc.moveTo(MARGIN, y + h).lineTo(MARGIN + this.width, y + h).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
      doc.x = MARGIN;
      doc.y = y + h;
    };
    if (head) draw(head, true);
    for (const r of rows) draw(r, false);
    doc.moveDown(0.5);
  }
}

function volumeChart(w: Writer, r: IncidentReport, c: ReportContent): void {
  const doc = w.doc;
  const series = r.impact.series;
  const H = 170;
  w.room(H + 60);
  doc.font('bold').fontSize(10).fillColor(COLORS.text).text(clean(c.s.chartVolume), MARGIN, doc.y);
  const top = doc.y + 8;
  const left = MARGIN + 40;
  const width = w.width - 40;
  const max = Math.max(1, ...series.map((p) => Math.max(p.volume, p.bandUpper)));
  const x = (i: number) => left + (series.length <= 1 ? width / 2 : (i / (series.length - 1)) * width);
  const y = (v: number) => top + H - (v / max) * H;
  // Axes and the top value.
  doc.lineWidth(0.5).strokeColor(COLORS.rule).moveTo(left, top).lineTo(left, top + H).lineTo(left + width, top + H).stroke();
  doc.font('regular').fontSize(7).fillColor(COLORS.muted);
  doc.text(c.num(max), MARGIN, top - 3, { width: 36, align: 'right' });
  doc.text('0', MARGIN, top + H - 4, { width: 36, align: 'right' });
  if (series.length) {
    // Baseline band: upper edge forward, lower edge back.
    const band = [...series.map((p, i): [number, number] => [x(i), y(p.bandUpper)]), ...series.map((p, i): [number, number] => [x(i), y(p.bandLower)]).reverse()];
    doc.polygon(...band).fillColor(COLORS.band).fill();
    const line = (vals: number[], color: string, dash?: boolean) => {
      vals.forEach((v, i) => (i === 0 ? doc.moveTo(x(i), y(v)) : doc.lineTo(x(i), y(v))));
      if (dash) doc.dash(3, { space: 2 });
      doc.lineWidth(1.2).strokeColor(color).stroke();
      doc.undash();
    };
    line(series.map((p) => p.baseline), COLORS.baseline, true);
    line(series.map((p) => p.volume), COLORS.volume);
    line(series.map((p) => p.negative), COLORS.negative);
    // Actions: a vertical mark at their time.
    const t0 = Date.parse(r.impact.from);
    const t1 = Date.parse(r.impact.to);
    for (const a of r.actions) {
      const t = Date.parse(a.at);
      if (t < t0 || t > t1) continue;
      const ax = left + ((t - t0) / Math.max(1, t1 - t0)) * width;
      doc.lineWidth(1).strokeColor(COLORS.action).moveTo(ax, top).lineTo(ax, top + H).stroke();
    }
    doc.font('regular').fontSize(7).fillColor(COLORS.muted);
    doc.text(c.time(series[0]!.at), left, top + H + 3, { width: width / 2, align: 'left' });
    doc.text(c.time(r.impact.to), left + width / 2, top + H + 3, { width: width / 2, align: 'right' });
  }
  // Legend.
  let lx = left;
  const ly = top + H + 16;
  for (const [label, color] of [
    [c.s.legendVolume, COLORS.volume],
    [c.s.legendNegative, COLORS.negative],
    [c.s.legendBand, COLORS.band],
    [c.s.legendAction, COLORS.action],
  ] as const) {
    doc.rect(lx, ly + 1, 8, 8).fillColor(color).fill();
    doc.font('regular').fontSize(8).fillColor(COLORS.text).text(label, lx + 11, ly, { lineBreak: false });
    lx += 14 + doc.widthOfString(label) + 12;
  }
  doc.x = MARGIN;
  doc.y = ly + 20;
}

function sentimentChart(w: Writer, r: IncidentReport, c: ReportContent): void {
  const doc = w.doc;
  w.room(70);
  doc.font('bold').fontSize(10).fillColor(COLORS.text).text(clean(c.s.chartSentiment), MARGIN, doc.y);
  const top = doc.y + 6;
  const { positive, neutral, negative } = r.impact.sentiment;
  const total = positive + neutral + negative;
  const parts = [
    [c.s.positive, positive, COLORS.positive],
    [c.s.neutral, neutral, COLORS.neutral],
    [c.s.negativeLabel, negative, COLORS.negative],
  ] as const;
  let x = MARGIN;
  doc.rect(MARGIN, top, w.width, 16).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
  for (const [, n, color] of parts) {
    const width = total ? (n / total) * w.width : 0;
    if (width > 0) doc.rect(x, top, width, 16).fillColor(color).fill();
    x += width;
  }
  let lx = MARGIN;
  const ly = top + 22;
  for (const [label, n, color] of parts) {
    const text = `${label} ${c.num(n)} (${total ? Math.round((n / total) * 1000) / 10 : 0}%)`;
    doc.rect(lx, ly + 1, 8, 8).fillColor(color).fill();
    doc.font('regular').fontSize(8).fillColor(COLORS.text).text(text, lx + 11, ly, { lineBreak: false });
    lx += 14 + doc.widthOfString(text) + 14;
  }
  doc.x = MARGIN;
  doc.y = ly + 20;
}

function posts(w: Writer, list: ReportPost[], c: ReportContent): void {
  if (!list.length) return w.para(c.s.noPosts, { color: COLORS.muted });
  for (const p of list) {
    const who = p.authorName ? `${p.authorHandle} (${p.authorName})` : p.authorHandle;
    const sentiment = p.sentiment === 'negative' ? c.s.negativeLabel : c.s[p.sentiment];
    const meta = `${c.time(p.createdAt)} · ${p.source} · ${who} · ${sentiment} · ${c.num(p.engagement)}`;
    w.room(40);
    w.para(meta, { color: COLORS.muted, size: 8 });
    w.para(p.text, { size: 9 });
    if (p.note) w.para(`${c.s.note}: ${p.note}`, { size: 8, color: COLORS.muted });
    if (p.url) w.para(p.url, { size: 8, color: COLORS.volume });
    w.doc.moveDown(0.4);
  }
}

/** The report as a PDF (A4, vector charts, the DejaVu font embedded), in the report's language. */
export function renderPdf(r: IncidentReport): Promise<Buffer> {
  const c = reportContent(r);
  const { s } = c;
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: clean(`${s.reportTitle}: ${c.title}`), Author: clean(r.generatedBy), Creator: 'Siaga' }, lang: r.lang });
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (b: Buffer) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const w = new Writer(doc);

  // Cover.
  doc.font('regular').fontSize(12).fillColor(COLORS.muted).text(s.reportTitle, MARGIN, 140);
  doc.moveDown(0.5).font('bold').fontSize(24).fillColor(COLORS.text).text(clean(c.title), { width: w.width });
  doc.moveDown(1.5);
  w.table([0.3, 0.7], c.cover);

  doc.addPage();
  w.heading(s.summary);
  w.para(c.summary.trim() || s.noSummary, { color: c.summary.trim() ? COLORS.text : COLORS.muted });
  w.heading(s.impact);
  w.table([0.45, 0.3, 0.25], c.metrics, [s.metric, s.value, s.baseline]);
  for (const sh of c.shares) {
    w.heading(sh.heading, 11);
    if (sh.rows.length) w.table([0.6, 0.2, 0.2], sh.rows);
    else w.para(s.noPosts, { color: COLORS.muted });
  }
  w.heading(s.topAuthors, 11);
  if (c.topAuthors.length) w.table([0.5, 0.3, 0.2], c.topAuthors);
  else w.para(s.noPosts, { color: COLORS.muted });
  w.heading(s.charts);
  volumeChart(w, r, c);
  sentimentChart(w, r, c);
  w.heading(s.actionEffects, 11);
  if (c.effects.length) w.table([0.4, 0.2, 0.2, 0.2], c.effects, ['', s.before, s.after, '']);
  else w.para(s.noActions, { color: COLORS.muted });
  w.heading(s.timeline);
  w.table([0.22, 0.18, 0.2, 0.4], c.timeline);
  w.heading(s.alerts);
  if (c.alerts.length) for (const a of c.alerts) w.para(`• ${a}`, { size: 9 });
  else w.para(s.noPosts, { color: COLORS.muted });
  w.heading(s.pinnedPosts);
  posts(w, r.pinnedPosts, c);
  w.heading(s.topPosts);
  posts(w, r.topPosts, c);
  w.heading(s.actions);
  if (r.actions.length) {
    for (const a of r.actions) {
      w.para(`${c.time(a.at)} · ${a.userName ?? s.none}`, { size: 8, color: COLORS.muted });
      w.para(a.text ?? '', { size: 9 });
      if (a.url) w.para(a.url, { size: 8, color: COLORS.volume });
      doc.moveDown(0.3);
    }
  } else w.para(s.noActions, { color: COLORS.muted });
  w.heading(s.lessons);
  w.para(c.lessons.trim() || s.noLessons, { color: c.lessons.trim() ? COLORS.text : COLORS.muted });

  // Page numbers, once the page count is known.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(8).fillColor(COLORS.muted).text(`${s.page} ${i + 1} / ${range.count}`, MARGIN, doc.page.height - MARGIN / 2 - 4, { width: w.width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
