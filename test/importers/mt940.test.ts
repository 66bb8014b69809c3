import { describe, expect, it } from 'vitest';
import { counterpartyOf86, mt940Importer, parseMt940 } from '../../electron/services/importers/mt940.ts';
import { ctx, expectWellFormed, readFixture } from './helpers.ts';

describe('mt940Importer', () => {
  const file = readFixture('german-mt940.sta');
  const parse = (bytes: Buffer) => parseMt940(bytes, ctx('x.sta', 'Europe/Berlin'));

  it('detects MT940 inside a SWIFT envelope or SOH/ETX, not other text', () => {
    expect(mt940Importer.detect(file, ctx('x.txt'))).toBe(true);
    const soh = Buffer.from('\u0001\n:20:X\n:25:PL1\n:28C:1\n:60F:C170119PLN0,40\n');
    expect(mt940Importer.detect(soh, ctx())).toBe(true);
    expect(mt940Importer.detect(Buffer.from(':20: is a ratio\n'), ctx())).toBe(false);
  });

  it('reads :61: lines with the :60F: currency, value dates at local midnight, and :86: subfields', () => {
    const result = parse(file);
    expectWellFormed(result);
    expect(result.transactions[0]).toMatchObject({
      utc: '2025-03-02T23:00:00.000Z',
      offset: 60,
      amountMinor: 2999,
      currency: 'EUR',
      direction: 'out',
      counterparty: 'Streaming Dienste GmbH',
      description: '105?00SEPA-LASTSCHRIFT?20EREF+ABO-2025-03?21SVWZ+Abo Maerz?32Streaming Diens?33te GmbH',
      orderId: 'BANK-1',
      category: 'NDDT',
      line: 6,
    });
    expect(result.transactions[0]?.raw).toMatchObject({ valueDate: '250303', entryDate: '0303', mark: 'D' });
  });

  it('reads a comma-only amount, a customer reference and supplementary details', () => {
    expect(parse(file).transactions[1]).toMatchObject({
      utc: '2025-03-04T23:00:00.000Z',
      amountMinor: 150000,
      direction: 'in',
      orderId: 'SALARY-03',
      merchantOrderId: 'SALARY-03',
      note: 'Gehalt Maerz',
      counterparty: 'Arbeitgeber AG',
    });
  });

  it('turns a reversed debit (RD) into money in', () => {
    expect(parse(file).transactions[2]).toMatchObject({
      direction: 'in',
      amountMinor: 2999,
      category: 'NRTI',
    });
  });

  it('reports unreadable :61: lines by line and keeps balances in document.details', () => {
    const result = parse(file);
    expect(result.transactions).toHaveLength(3);
    expect(result.problems).toEqual([
      { line: 14, error: 'unreadable :61: "250332D1,00NTRFNONREF"' },
      { line: 15, error: 'unreadable amount "1,0,0"' },
    ]);
    expect(result.document?.details).toMatchObject({
      reference: 'STARTUMS',
      account: '10020030/1234567890',
      openingBalance: '1234.56',
      closingBalance: '2734.56',
      currency: 'EUR',
    });
  });

  it('reports a :61: before any opening balance', () => {
    const result = parse(Buffer.from(':20:X\n:25:A\n:61:250303D1,00NTRFNONREF\n'));
    expect(result.problems).toEqual([
      { line: 3, error: 'no :60F: opening balance before :61:, so no currency' },
    ]);
  });
});

describe('counterpartyOf86', () => {
  it('reads German, Dutch and Polish conventions', () => {
    expect(counterpartyOf86('166?00GUTSCHRIFT?32Max Muster\n?33mann')).toBe('Max Mustermann');
    expect(counterpartyOf86('/TRTP/SEPA/NAME/Jan Jansen/REMI/x')).toBe('Jan Jansen');
    expect(counterpartyOf86('Z RACH.: 1; OD: JAN NOWAK  \nUL. NIJAKA 1')).toBe('JAN NOWAK');
    expect(counterpartyOf86('plain text')).toBe('');
  });
});
