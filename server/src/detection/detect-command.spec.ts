import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDetect } from '../cli/detect.command.js';
import { inferStepMs, parseTimestamp } from './series-csv.js';
import { seededRandom } from '../common/random.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'siaga-detect-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function detect(content: string | null, name = 'input.csv'): Promise<{ code: number; out: string; err: string }> {
  const path = join(dir, name);
  if (content !== null) writeFileSync(path, content);
  let out = '';
  let err = '';
  const code = await runDetect({ input: path }, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** Three days of five-minute counts in the NAB layout, a spike on one row. */
function nabLike(spikeRow: number): { csv: string; timestamps: string[]; values: string[] } {
  const start = Date.UTC(2015, 1, 26, 21, 42, 53);
  const timestamps: string[] = [];
  const values: string[] = [];
  const rand = seededRandom(7);
  for (let i = 0; i < 3 * 288; i++) {
    const d = new Date(start + i * 300_000);
    timestamps.push(d.toISOString().replace('T', ' ').slice(0, 19));
    const hour = d.getUTCHours();
    const base = 40 + 30 * Math.sin(((hour - 9) / 24) * 2 * Math.PI);
    values.push(String(i === spikeRow ? 2_500 : Math.round(base + (rand() - 0.5) * 2 * Math.sqrt(base))));
  }
  return { csv: `timestamp,value\n${timestamps.map((t, i) => `${t},${values[i]}`).join('\n')}\n`, timestamps, values };
}

describe('siaga detect: output', () => {
  it('writes one row per input row, timestamps and values verbatim, scores in [0, 1], alerts 0 or 1', async () => {
    const spike = 700;
    const { csv, timestamps, values } = nabLike(spike);
    const { code, out, err } = await detect(csv);
    expect(code).toBe(0);
    expect(err).toBe('');
    const lines = out.split('\n');
    expect(lines[0]).toBe('timestamp,value,anomaly_score,alert');
    expect(lines[lines.length - 1]).toBe('');
    const rows = lines.slice(1, -1).map((l) => l.split(','));
    expect(rows).toHaveLength(timestamps.length);
    rows.forEach((cells, i) => {
      expect(cells).toHaveLength(4);
      expect(cells[0]).toBe(timestamps[i]);
      expect(cells[1]).toBe(values[i]);
      const score = Number(cells[2]);
      expect(score >= 0 && score <= 1).toBe(true);
      expect(['0', '1']).toContain(cells[3]);
      if (cells[3] === '1') expect(score).toBeGreaterThanOrEqual(0.5);
    });
    const alerts = rows.flatMap((c, i) => (c[3] === '1' ? [i] : []));
    expect(alerts).toContain(spike);
    expect(alerts.length).toBeLessThanOrEqual(3);
  });

  it('accepts ISO timestamps with zones, CRLF line ends, a BOM, quoted fields and repeated timestamps', async () => {
    const body = ['\uFEFFtimestamp,value', '2024-01-01T00:00:00Z,3', '2024-01-01T00:01:00Z,4', '2024-01-01T00:01:00Z,1', '"2024-01-01T07:03:00+07:00",2.5', ''].join('\r\n');
    const { code, out } = await detect(body);
    expect(code).toBe(0);
    const rows = out.trimEnd().split('\n').slice(1);
    expect(rows.map((r) => r.split(',')[0])).toEqual(['2024-01-01T00:00:00Z', '2024-01-01T00:01:00Z', '2024-01-01T00:01:00Z', '"2024-01-01T07:03:00+07:00"']);
    expect(rows.map((r) => r.split(',')[1])).toEqual(['3', '4', '1', '2.5']);
  });

  it('infers the interval from the median difference', () => {
    const t = (s: string) => parseTimestamp(s);
    expect(inferStepMs([t('2015-01-01 00:00:00'), t('2015-01-01 00:05:00'), t('2015-01-01 00:10:00'), t('2015-01-01 02:00:00'), t('2015-01-01 02:05:00')])).toBe(300_000);
    expect(parseTimestamp('2015-02-26 21:42:53')).toBe(Date.UTC(2015, 1, 26, 21, 42, 53));
    expect(parseTimestamp('2015-02-26T21:42:53.500+07:00')).toBe(Date.UTC(2015, 1, 26, 14, 42, 53, 500));
  });
});

describe('siaga detect: malformed input fails clearly, writing nothing to stdout', () => {
  const header = 'timestamp,value\n';
  const good = '2015-01-01 00:00:00,1\n2015-01-01 00:05:00,2\n';
  it.each([
    ['an empty file', '', /empty/],
    ['a file of blank lines', '\n\n', /empty|header/],
    ['a missing header', good, /line 1: missing header/],
    ['a wrong header', `time,count\n${good}`, /line 1: expected the header "timestamp,value"/],
    ['a header with no rows', header, /no data rows/],
    ['a non-numeric value', `${header}${good}2015-01-01 00:10:00,abc\n`, /line 4: value "abc" is not a number/],
    ['an empty value', `${header}2015-01-01 00:00:00,\n`, /line 2: value "" is not a number/],
    ['an unparseable timestamp', `${header}${good}yesterday,3\n`, /line 4: unparseable timestamp "yesterday"/],
    ['a date that does not exist', `${header}2015-02-30 00:00:00,3\n`, /line 2: unparseable timestamp/],
    ['timestamps out of order', `${header}${good}2015-01-01 00:01:00,3\n`, /line 4: timestamp 2015-01-01 00:01:00 is earlier than line 3/],
    ['a row with too many fields', `${header}${good}2015-01-01 00:10:00,3,4\n`, /line 4: expected 2 fields \(timestamp,value\), found 3/],
    ['a row with one field', `${header}2015-01-01 00:00:00\n${good}`, /line 2: expected 2 fields/],
    ['a blank line between rows', `${header}2015-01-01 00:00:00,1\n\n2015-01-01 00:10:00,3\n`, /line 3: empty row/],
  ])('%s', async (_name, content, message) => {
    const { code, out, err } = await detect(content);
    expect(code).not.toBe(0);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err).toMatch(/^siaga detect: /);
  });

  it('a missing file', async () => {
    const { code, out, err } = await detect(null, 'does-not-exist.csv');
    expect(code).not.toBe(0);
    expect(out).toBe('');
    expect(err).toMatch(/cannot read .*does-not-exist\.csv: no such file/);
  });
});
