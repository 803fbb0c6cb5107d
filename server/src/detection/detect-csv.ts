import { DEFAULT_COUNT_SETTINGS, type CountDetectorSettings } from './count-detector.js';
import { runCountSeries } from './series.js';
import { parseSeriesCsv, statedOffsetMinutes, type ParseSeriesOptions } from './series-csv.js';

export interface DetectCsvResult {
  /** The whole output CSV: header and one row per input row. */
  csv: string;
  rows: number;
  alerts: number;
  stepMs: number;
}

/**
 * `siaga detect` without the file system: validates the whole `timestamp,value` file (throwing SeriesCsvError
 * naming the line), runs the product's volume detector at its defaults over it, and renders
 * `timestamp,value,anomaly_score,alert` with timestamps and values echoed as written.
 */
export function detectCsv(text: string, settings: Partial<CountDetectorSettings> = {}, parse: ParseSeriesOptions = {}): DetectCsvResult {
  const { rows, stepMs } = parseSeriesCsv(text, parse);
  // Zoneless timestamps are the series' own wall clock: their hours are the hours of its daily rhythm.
  const tzOffsetMinutes = statedOffsetMinutes(rows[0]?.timestamp.trim() ?? '') ?? 0;
  const results = runCountSeries(rows, stepMs, { settings: { ...DEFAULT_COUNT_SETTINGS, tzOffsetMinutes, ...settings } });
  const lines = ['timestamp,value,anomaly_score,alert'];
  let alerts = 0;
  rows.forEach((row, i) => {
    const r = results[i];
    const alert = r?.alert === true;
    if (alert) alerts++;
    lines.push(`${row.timestamp},${row.valueText},${(r?.score ?? 0).toFixed(6)},${alert ? 1 : 0}`);
  });
  return { csv: `${lines.join('\n')}\n`, rows: rows.length, alerts, stepMs };
}
