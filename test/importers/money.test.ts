import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatMinor,
  minorFromNumber,
  parseDecimalToMinor,
} from '../../electron/services/importers/money.ts';

describe('parseDecimalToMinor', () => {
  it.each([
    ['¥28.16', 2816],
    ['￥0.11', 11],
    ['¥50.0', 5000],
    ['1,234.56', 123456],
    ['-18.00', -1800],
    ['+25.00', 2500],
    ['49.74  ', 4974],
    ['\t222228.50\t', 22222850],
    ['-¥12', -1200],
    ['¥-12', -1200],
    ['1 234.5', 123450],
    ['.5', 50],
    ['7.', 700],
    ['0.10000', 10],
    ['-0.00', 0],
  ])('reads %j as %d', (text, minor) => {
    expect(parseDecimalToMinor(text)).toBe(minor);
  });

  it.each([
    '',
    ' ',
    'abc',
    '¥',
    '1.0.0',
    '1,5',
    '12,34.00',
    '1.005',
    '--1',
    '1e3',
    '0x10',
    '12345678901234567',
  ])('rejects %j', (text) => {
    expect(parseDecimalToMinor(text)).toBeNull();
  });

  it('honours other minor-unit sizes', () => {
    expect(parseDecimalToMinor('1500', 0)).toBe(1500);
    expect(parseDecimalToMinor('1.234', 3)).toBe(1234);
  });

  it('agrees with formatMinor for every integer amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (minor) => {
        expect(parseDecimalToMinor(formatMinor(minor))).toBe(minor);
      }),
    );
  });
});

describe('minorFromNumber', () => {
  it('rounds spreadsheet float noise once', () => {
    expect(minorFromNumber(23.600000000000001)).toBe(2360);
    expect(minorFromNumber(0.1 + 0.2)).toBe(30);
    expect(minorFromNumber(1.005)).toBe(101);
    expect(minorFromNumber(-50.71)).toBe(-5071);
  });

  it('rejects non-finite numbers', () => {
    expect(minorFromNumber(Number.NaN)).toBeNull();
    expect(minorFromNumber(Infinity)).toBeNull();
  });
});

describe('formatMinor', () => {
  it('writes the decimal string used at the edges', () => {
    expect(formatMinor(3990)).toBe('39.90');
    expect(formatMinor(-11)).toBe('-0.11');
    expect(formatMinor(0)).toBe('0.00');
    expect(formatMinor(5)).toBe('0.05');
    expect(formatMinor(1500, 0)).toBe('1500');
    expect(formatMinor(1234, 3)).toBe('1.234');
  });
});
