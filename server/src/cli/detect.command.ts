import { readFile } from 'node:fs/promises';
import { detectCsv } from '../detection/detect-csv.js';
import { SeriesCsvError } from '../detection/series-csv.js';

export interface DetectOptions {
  input: string;
}

export interface DetectIo {
  out(text: string): void;
  err(text: string): void;
}

/**
 * `siaga detect --input FILE.csv`: the product's volume-spike detector (default settings) over a
 * `timestamp,value` series; CSV `timestamp,value,anomaly_score,alert` on stdout and nothing else. The file is
 * validated whole before anything is written, so a bad file leaves stdout empty. Opens no database.
 */
export async function runDetect(opts: DetectOptions, io: DetectIo): Promise<number> {
  let text: string;
  try {
    text = await readFile(opts.input, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    io.err(`siaga detect: cannot read ${opts.input}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message}\n`);
    return 1;
  }
  try {
    io.out(detectCsv(text).csv);
    return 0;
  } catch (err) {
    if (err instanceof SeriesCsvError) {
      io.err(`siaga detect: ${opts.input}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
