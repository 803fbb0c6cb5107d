import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CSV_EOL, csvField, csvRow } from './csv.js';
import { parseCsv } from '../../../test/support/csv.js';

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['cr\rhere', '"cr\rhere"'],
    ['', ''],
  ])('quotes %j as %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+62 812', "'+62 812"],
    ['-1+1', "'-1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['a=b', 'a=b'],
  ])('neutralises the formula-like cell %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('writes numbers, booleans and nulls as they are', () => {
    expect(csvField(-0.75)).toBe('-0.75');
    expect(csvField(true)).toBe('true');
    expect(csvField(false)).toBe('false');
    expect(csvField(null)).toBe('');
  });

  it('round-trips any text through a CSV reader (apart from the formula guard)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'é', ' ', ',', '"', '\r', '\n', '\t', '=', '+', '-', '@') }), { minLength: 1, maxLength: 5 }), (fields) => {
        const [back] = parseCsv(csvRow(fields));
        expect(back).toEqual(fields.map((f) => (/^[=+\-@\t\r]/.test(f) ? `'${f}` : f)));
      }),
    );
  });
});

describe('csvRow', () => {
  it('joins fields with commas and ends with CRLF', () => {
    expect(csvRow(['a', 1, null, 'b,c'])).toBe(`a,1,,"b,c"${CSV_EOL}`);
  });
});
