import { describe, expect, it } from 'vitest';
import {
  bankCsvImporter,
  decideDateOrder,
  parseBankCsv,
  parseBankDate,
} from '../../electron/services/importers/bank-csv.ts';
import { ctx, expectWellFormed, gbkFixture, readFixture } from './helpers.ts';

const parse = (text: string | Buffer, timeZone = 'Europe/London') =>
  parseBankCsv(typeof text === 'string' ? Buffer.from(text) : text, ctx('statement.csv', timeZone));

describe('bankCsvImporter', () => {
  const cn = readFixture('bank-cn-debit.csv');
  const hsbc = readFixture('bank-en-ddmm-signed.csv');
  const us = readFixture('bank-en-mmdd-debit-credit.csv');

  it('detects bank headers in Chinese and English below a preamble', () => {
    for (const file of [cn, hsbc, us]) expect(bankCsvImporter.detect(file, ctx('x.bin'))).toBe(true);
  });

  it('leaves payment-app exports and prose alone', () => {
    expect(bankCsvImporter.detect(gbkFixture('alipay-2023.utf8.csv'), ctx())).toBe(false);
    expect(bankCsvImporter.detect(readFixture('wechatpay.csv'), ctx())).toBe(false);
    expect(bankCsvImporter.detect(Buffer.from('Date of birth, name, notes\n'), ctx())).toBe(false);
  });

  it('reads a padded Chinese statement from its booked (记账) columns at UTC+08:00', () => {
    const result = parse(cn, 'America/New_York');
    expectWellFormed(result);
    const { raw, ...first } = result.transactions[0] ?? { raw: {} };
    expect(raw).toMatchObject({ 交易日期: '2024-03-05', '记账金额(支出)': '39.90', 余额: '12,345.67' });
    expect(first).toEqual({
      utc: '2024-03-04T16:00:00.000Z',
      offset: 480,
      amountMinor: 3990,
      currency: 'CNY',
      direction: 'out',
      counterparty: '众安在线财产保险股份有限公司',
      description: '元保保险代理有限公司',
      status: '',
      method: '',
      orderId: '',
      merchantOrderId: '',
      category: '消费',
      note: '',
      line: 6,
    });
    expect(result.document?.details).toEqual({
      preamble: ['中国某银行 借记卡账户历史明细', '账号: 6222****0001 户名: 张三'],
    });
  });

  it('uses thousands separators, money-in columns and the transaction columns when 记账 is empty', () => {
    const byLine = new Map(parse(cn).transactions.map((t) => [t.line, t]));
    expect(byLine.get(7)).toMatchObject({ amountMinor: 800000, direction: 'in', currency: 'CNY' });
    expect(byLine.get(8)).toMatchObject({ amountMinor: 14420, currency: 'CNY', description: 'AMAZON.COM' });
    expect(byLine.get(9)).toMatchObject({ amountMinor: 3050, currency: 'HKD', direction: 'out' });
    expect(byLine.get(10)).toMatchObject({ amountMinor: 104, direction: 'in', category: '退款' });
  });

  it('reports bad rows by line and skips the 人民币合计 footer', () => {
    const result = parse(cn);
    expect(result.transactions).toHaveLength(5);
    expect(result.problems).toEqual([
      { line: 11, error: 'unreadable date "2024-02-30"' },
      { line: 12, error: 'unreadable amount "1,2.00"' },
      { line: 13, error: 'unknown currency "金币"' },
    ]);
  });

  it('reads signed amounts day first, with the currency column and the Credit / Debit column', () => {
    const result = parse(hsbc, 'Asia/Hong_Kong');
    expectWellFormed(result);
    expect(result.problems).toEqual([]);
    expect(result.transactions.map((t) => [t.utc, t.amountMinor, t.currency, t.direction])).toEqual([
      ['2025-04-12T16:00:00.000Z', 3990, 'CNY', 'out'],
      ['2025-04-08T16:00:00.000Z', 109914, 'CNY', 'out'],
      ['2025-04-06T16:00:00.000Z', 2790, 'HKD', 'out'],
      ['2025-03-30T16:00:00.000Z', 2500, 'CNY', 'in'],
      ['2025-03-23T16:00:00.000Z', 326616, 'CNY', 'in'],
    ]);
    expect(result.transactions[1]).toMatchObject({
      counterparty: 'SHOP CO.,LTD.',
      description: 'QR SHOP CO.,LTD. CHN CN',
      status: 'POSTED',
    });
  });

  it('reads month-first debit/credit columns in the case zone and its home currency, skipping Total', () => {
    const result = parse(us, 'America/Chicago');
    expectWellFormed(result);
    expect(result.problems).toEqual([]);
    expect(
      result.transactions.map((t) => [t.line, t.utc, t.offset, t.amountMinor, t.currency, t.direction]),
    ).toEqual([
      [3, '2025-03-14T05:00:00.000Z', -300, 1549, 'USD', 'out'],
      [4, '2025-03-02T06:00:00.000Z', -360, 200000, 'USD', 'in'],
      [5, '2025-02-28T06:00:00.000Z', -360, 4000, 'USD', 'out'],
    ]);
  });

  it('marks amounts XXX with one problem when neither a column nor the zone names the currency', () => {
    const result = parse('Date,Description,Amount\n2025-01-02,Coffee,-3.50\n', 'Asia/Dubai');
    expect(result.transactions[0]).toMatchObject({ currency: 'XXX', amountMinor: 350, direction: 'out' });
    expect(result.problems).toEqual([
      { line: 1, error: 'no currency column and none known for time zone "Asia/Dubai"; amounts marked XXX' },
    ]);
  });

  it('skips dated balance rows that move no money, and reports other rows without an amount', () => {
    const text =
      'Date,Description,Amount,Balance,Currency\n' +
      '2025-01-01,Opening balance,,100.00,EUR\n2025-01-02,Coffee,-3.50,96.50,EUR\n2025-01-03,Mystery,,96.50,EUR\n';
    const result = parse(text);
    expect(result.transactions.map((t) => t.description)).toEqual(['Coffee']);
    expect(result.problems).toEqual([{ line: 4, error: 'no amount' }]);
  });

  it('combines a separate time column with the date', () => {
    const text = '交易日期,交易时间,金额,摘要\n20240105,13:45:10,-12.00,消费\n';
    expect(parse(text).transactions[0]).toMatchObject({ utc: '2024-01-05T05:45:10.000Z', offset: 480 });
  });

  it('reports an unreadable time zone once and reads times as UTC', () => {
    const result = parse('Date,Description,Amount,Currency\n2025-01-02,Coffee,-3.50,EUR\n', 'Mars/Base');
    expect(result.problems).toEqual([{ line: 0, error: 'unknown time zone "Mars/Base"; times read as UTC' }]);
    expect(result.transactions[0]?.utc).toBe('2025-01-02T00:00:00.000Z');
  });

  it('reports a file without a bank header as one problem', () => {
    expect(parse('hello,world\n').problems).toEqual([
      { line: 0, error: 'no bank statement header row (date … amount) found' },
    ]);
  });
});

describe('decideDateOrder', () => {
  it('is day first when some first field exceeds 12', () => {
    expect(decideDateOrder(['01/02/2025', '13/02/2025'], 'America/New_York')).toBe('dmy');
  });

  it('is month first when some second field exceeds 12', () => {
    expect(decideDateOrder(['01/02/2025', '02/13/2025'], 'Europe/Paris')).toBe('mdy');
  });

  it('falls back to month first only for US zones', () => {
    expect(decideDateOrder(['01/02/2025'], 'America/Los_Angeles')).toBe('mdy');
    expect(decideDateOrder(['01/02/2025'], 'Europe/Paris')).toBe('dmy');
    expect(decideDateOrder(['01/02/2025'], 'America/Sao_Paulo')).toBe('dmy');
  });
});

describe('parseBankDate', () => {
  it.each([
    ['2023-05-02', 'dmy', [2023, 5, 2, 0]],
    ['2023/5/2 13:04', 'dmy', [2023, 5, 2, 13]],
    ['2023年5月2日', 'dmy', [2023, 5, 2, 0]],
    ['20230502', 'dmy', [2023, 5, 2, 0]],
    ['09/04/2025', 'dmy', [2025, 4, 9, 0]],
    ['09/04/2025', 'mdy', [2025, 9, 4, 0]],
    ['02.05.23', 'dmy', [2023, 5, 2, 0]],
    ['02 May 2023', 'mdy', [2023, 5, 2, 0]],
    ['May 2, 2023', 'dmy', [2023, 5, 2, 0]],
  ] as const)('reads %s (%s)', (text, order, [year, month, day, hour]) => {
    expect(parseBankDate(text, order)).toMatchObject({ year, month, day, hour });
  });

  it('rejects impossible dates', () => {
    expect(parseBankDate('31/02/2025', 'dmy')).toBeNull();
    expect(parseBankDate('人民币合计', 'dmy')).toBeNull();
  });
});
