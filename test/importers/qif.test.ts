import { describe, expect, it } from 'vitest';
import { parseQif, parseQifDate, qifImporter } from '../../electron/services/importers/qif.ts';
import { ctx, expectWellFormed, readFixture } from './helpers.ts';

describe('qifImporter', () => {
  const file = readFixture('checking.qif');
  const parse = (bytes: Buffer, timeZone = 'America/New_York') => parseQif(bytes, ctx('x.qif', timeZone));

  it('detects QIF by its !Type / !Option header', () => {
    expect(qifImporter.detect(file, ctx('x.txt'))).toBe(true);
    expect(qifImporter.detect(Buffer.from('!Type:Bank\nD1/1/25\n'), ctx())).toBe(true);
    expect(qifImporter.detect(Buffer.from('Type:Bank\n'), ctx())).toBe(false);
  });

  it("reads bank records: M/D'YY dates, signed T amounts, payee, memo, number, category", () => {
    const result = parse(file);
    expectWellFormed(result);
    expect(result.transactions[0]).toEqual({
      utc: '2025-01-15T05:00:00.000Z',
      offset: -300,
      amountMinor: 1549,
      currency: 'USD',
      direction: 'out',
      counterparty: 'NETFLIX.COM',
      description: 'Monthly plan',
      status: 'X',
      method: '',
      orderId: '1001',
      merchantOrderId: '',
      category: 'Entertainment',
      note: '',
      line: 8,
      raw: {
        D: "1/15'25",
        T: '-15.49',
        P: 'NETFLIX.COM',
        M: 'Monthly plan',
        N: '1001',
        L: 'Entertainment',
        C: 'X',
        type: 'Bank',
      },
    });
    expect(result.transactions.map((t) => [t.line, t.utc.slice(0, 10), t.amountMinor, t.direction])).toEqual([
      [8, '2025-01-15', 1549, 'out'],
      [16, '2025-02-01', 125000, 'in'],
      [29, '2025-03-05', 4200, 'out'],
    ]);
  });

  it('reports bad records by their first line and skips non-bank sections', () => {
    expect(parse(file).problems).toEqual([
      { line: 21, error: `unreadable date "2/30'25"` },
      { line: 25, error: 'unreadable amount "abc"' },
    ]);
  });

  it('marks amounts XXX with one problem when the zone names no currency', () => {
    const result = parse(Buffer.from('!Type:Bank\nD1/2/2025\nT-1.00\n^\n'), 'Asia/Dubai');
    expect(result.transactions[0]?.currency).toBe('XXX');
    expect(result.problems).toEqual([
      { line: 0, error: 'QIF names no currency and none is known for "Asia/Dubai"; amounts marked XXX' },
    ]);
  });

  it('reads day-first dates when the file proves it', () => {
    const text = '!Type:Bank\nD13/02/2025\nT-1.00\n^\nD01/02/2025\nT-2.00\n^\n';
    expect(parse(Buffer.from(text), 'Europe/London').transactions.map((t) => t.utc)).toEqual([
      '2025-02-13T00:00:00.000Z',
      '2025-02-01T00:00:00.000Z',
    ]);
  });
});

describe('parseQifDate', () => {
  it.each([
    ["1/5'24", [2024, 1, 5]],
    // Quicken pads the year after its apostrophe with a space, as it pads day and month.
    ["12/31' 9", [2009, 12, 31]],
    [" 1/ 5' 0", [2000, 1, 5]],
    ['1/5/ 9', [2009, 1, 5]],
    ["1/5'", null],
    ['1/5/98', [1998, 1, 5]],
    ['01/05/2024', [2024, 1, 5]],
    ['2024-01-05', [2024, 1, 5]],
    ['05.01.2024', [2024, 5, 1]],
  ] as const)('reads %s month first', (text, expected) => {
    const t = parseQifDate(text, 'mdy');
    expect(t ? [t.year, t.month, t.day] : null).toEqual(expected);
  });
});
