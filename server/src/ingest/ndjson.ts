import type { IngestRejection } from '@siaga/shared';

export const MAX_NDJSON_LINE_BYTES = 1024 * 1024;

export interface NdjsonItem {
  index: number;
  post?: unknown;
  error?: IngestRejection;
}

/**
 * Splits a byte stream into JSON lines without holding more than one line in memory.
 * `index` is the 0-based line number; blank lines are skipped but counted, so indexes match
 * the line numbers a client sees in its file.
 */
export async function* readNdjson(stream: AsyncIterable<Buffer | string>, maxLineBytes = MAX_NDJSON_LINE_BYTES): AsyncGenerator<NdjsonItem> {
  let parts: Buffer[] = [];
  let size = 0;
  let index = 0;
  let overlong = false;
  const emit = (line: Buffer): NdjsonItem | undefined => {
    const i = index++;
    if (overlong) return { index: i, error: { index: i, code: 'line_too_long', message: `line is longer than ${maxLineBytes} bytes` } };
    const text = line.toString('utf8').trim();
    if (text.length === 0) return undefined;
    try {
      return { index: i, post: JSON.parse(text) as unknown };
    } catch (err) {
      return { index: i, error: { index: i, code: 'invalid_json', message: `line is not valid JSON: ${(err as Error).message}` } };
    }
  };
  for await (const chunk of stream) {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let nl: number;
    while ((nl = buf.indexOf(0x0a)) >= 0) {
      const head = buf.subarray(0, nl);
      if (!overlong && size + head.length > maxLineBytes) overlong = true;
      const item = emit(overlong ? Buffer.alloc(0) : parts.length ? Buffer.concat([...parts, head]) : head);
      if (item) yield item;
      parts = [];
      size = 0;
      overlong = false;
      buf = buf.subarray(nl + 1);
    }
    if (buf.length) {
      if (!overlong && size + buf.length > maxLineBytes) {
        overlong = true;
        parts = [];
      }
      if (!overlong) {
        parts.push(Buffer.from(buf));
        size += buf.length;
      }
    }
  }
  if (parts.length || overlong) {
    const item = emit(Buffer.concat(parts));
    if (item) yield item;
  }
}
