import { describe, expect, it } from 'vitest';
import { firstLines, tokenizeCsv } from '../../electron/services/importers/csv.ts';

describe('tokenizeCsv', () => {
  it('splits plain rows and numbers them from line 1', () => {
    expect(tokenizeCsv('a,b\nc,d\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['c', 'd'] },
    ]);
  });

  it('treats CRLF, LF and a lone CR as line ends', () => {
    const rows = tokenizeCsv('a\r\nb\nc\rd');
    expect(rows.map((r) => [r.line, r.cells[0]])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
    ]);
  });

  it('unquotes fields and unescapes doubled quotes', () => {
    expect(tokenizeCsv('"a,b","say ""hi""",""')[0]?.cells).toEqual(['a,b', 'say "hi"', '']);
  });

  it('keeps a quoted line break and counts it for the next row line', () => {
    const rows = tokenizeCsv('"one\ntwo",x\r\nnext');
    expect(rows[0]?.cells).toEqual(['one\ntwo', 'x']);
    expect(rows[1]).toEqual({ line: 3, cells: ['next'] });
  });

  it('keeps a quote inside an unquoted field literally', () => {
    expect(tokenizeCsv('点击底部"多多视频",/')[0]?.cells).toEqual(['点击底部"多多视频"', '/']);
  });

  it('keeps text after a closing quote, such as a trailing TAB', () => {
    expect(tokenizeCsv('"3985734"\t,"-18.00"\t\t')[0]?.cells).toEqual(['3985734\t', '-18.00\t\t']);
  });

  it('reads an unterminated quote literally instead of swallowing the rest of the file', () => {
    const rows = tokenizeCsv('a,"broken\nb,c\n');
    expect(rows).toEqual([
      { line: 1, cells: ['a', '"broken'] },
      { line: 2, cells: ['b', 'c'] },
    ]);
  });

  it('gives a trailing comma its empty cell and a blank line one empty cell', () => {
    expect(tokenizeCsv('a,\n\nb').map((r) => r.cells)).toEqual([['a', ''], [''], ['b']]);
  });

  it('returns no rows for empty text', () => {
    expect(tokenizeCsv('')).toEqual([]);
  });

  it('supports another delimiter', () => {
    expect(tokenizeCsv('a;b')[0]?.cells).toEqual(['a;b']);
    expect(tokenizeCsv('a;b', ';')[0]?.cells).toEqual(['a', 'b']);
  });
});

describe('firstLines', () => {
  it('cuts text after the requested number of lines', () => {
    expect(firstLines('1\n2\n3\n', 2)).toBe('1\n2\n');
    expect(firstLines('1\n2', 5)).toBe('1\n2');
  });
});
