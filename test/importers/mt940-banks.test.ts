import { describe, expect, it } from 'vitest';
import { runImporters } from '../../electron/services/importers/index.ts';
import { ctx } from './helpers.ts';

/**
 * MT940 as two banks write it, in the layouts of test statements kept by the mt940 project (wolph/mt940,
 * mt940_tests/jejik/abnamro.sta: a `ABNANL2A / 940 / ABNANL2A` block above :20:, amounts `107,` and `11,8`,
 * :86: wrapped over lines and a blank line between entries; mt940_tests/jejik/postfinance.sta: no block,
 * `//NONREF` as the bank's reference with a supplementary line after :61:, :86: continued on lines starting
 * with a space). Accounts, names and amounts are made up.
 */

describe('MT940 from Dutch and Swiss banks', () => {
  it('reads an ABN AMRO statement below its block header, with short amounts and wrapped :86:', async () => {
    const sta = [
      'ABNANL2A',
      '940',
      'ABNANL2A',
      ':20:ABN AMRO BANK NV',
      ':25:123456789',
      ':28:20001/1',
      ':60F:C250301EUR1500,00',
      ':61:2503030303D9,N192NONREF',
      ':86:GIRO   123456 SOME TELECOM    BETALINGSKENM.  000000012345',
      'BETREFT FACTUUR D.D. 01-03-2025',
      ':61:2503010303D11,8N426NONREF',
      ':86:BEA   NR:XXX9999   01.03.25/12.54 SOME SHOP FIL123 LEIDEN,PAS001',
      '',
      ':61:2503020303D107,N426NONREF',
      ':86:BEA   NR:XXX9999   02.03.25/12.04 OPTICIAN /056 LEIDEN,PAS001',
      ':62F:C250303EUR1372,20',
      '-',
      '',
    ].join('\n');
    const result = await runImporters(Buffer.from(sta), ctx('abn.sta', 'Europe/Amsterdam'));
    expect(result?.format).toBe('mt940');
    expect(result?.problems).toEqual([]);
    expect(
      result?.transactions.map((t) => [t.utc, t.amountMinor, t.direction, t.currency, t.orderId]),
    ).toEqual([
      ['2025-03-02T23:00:00.000Z', 900, 'out', 'EUR', ''],
      ['2025-02-28T23:00:00.000Z', 1180, 'out', 'EUR', ''],
      ['2025-03-01T23:00:00.000Z', 10700, 'out', 'EUR', ''],
    ]);
  });

  it('takes the bank’s //NONREF for no reference in a PostFinance statement, keeping the customer’s', async () => {
    const sta = [
      ':20:2025030708285927',
      ':25:987654321',
      ':28C:100/1',
      ':60F:C250228CHF0,',
      ':61:2503040304C79,7FMSC01916//NONREF',
      '20250304007602198765432000000012',
      ':86:GIRO AUS ONLINE-SIC 80532 AUFTRAGGEBER: ANNA MUSTER MUSTERSTRASSE',
      ' 10 1234 ORT 250304CH98765432 MITTEILUNGEN: RECHNUNG 42',
      ':61:2503050305D19,5FMSC01916//NONREF',
      '20250305007602187654321000000012',
      ':86:ZAHLUNG AN BEISPIEL AG',
      ':62F:C250305CHF60,2',
      '-',
      '',
    ].join('\n');
    const result = await runImporters(Buffer.from(sta), ctx('pf.sta', 'Europe/Zurich'));
    expect(result?.problems).toEqual([]);
    expect(
      result?.transactions.map((t) => [t.amountMinor, t.direction, t.currency, t.orderId, t.merchantOrderId]),
    ).toEqual([
      [7970, 'in', 'CHF', '01916', '01916'],
      [1950, 'out', 'CHF', '01916', '01916'],
    ]);
  });
});
