import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { alipayCsvImporter, parseAlipayCsv } from '../../electron/services/importers/alipay-csv.ts';
import { ctx, expectWellFormed, gbkFixture, readFixture } from './helpers.ts';

describe('alipayCsvImporter', () => {
  const layout2023 = gbkFixture('alipay-2023.utf8.csv');
  const legacy = gbkFixture('alipay-legacy.utf8.csv');

  it('detects the GBK export by its header, not by the file name', () => {
    expect(alipayCsvImporter.detect(layout2023, ctx('whatever.bin'))).toBe(true);
    expect(alipayCsvImporter.detect(legacy, ctx('x'))).toBe(true);
  });

  it('detects the same export saved as UTF-8', () => {
    expect(alipayCsvImporter.detect(readFixture('alipay-2023.utf8.csv'), ctx())).toBe(true);
  });

  it('does not claim a WeChat bill or plain text', () => {
    expect(alipayCsvImporter.detect(readFixture('wechatpay.csv'), ctx())).toBe(false);
    expect(alipayCsvImporter.detect(Buffer.from('交易时间,金额\n'), ctx())).toBe(false);
  });

  it('reads the 2023 layout below its preamble, trimming padding and TABs', () => {
    const result = parseAlipayCsv(layout2023);
    expectWellFormed(result);
    expect(result.format).toBe('alipay-csv');
    expect(result.transactions).toHaveLength(5);
    expect(result.transactions[0]).toEqual({
      utc: '2023-03-05T04:30:01.000Z',
      offset: 480,
      amountMinor: 3850,
      currency: 'CNY',
      direction: 'out',
      counterparty: '某某餐厅',
      description: '午餐',
      status: '交易成功',
      method: '花呗',
      orderId: '2023030522001400001',
      merchantOrderId: 'M20230305001',
      category: '餐饮美食',
      note: '',
      line: 17,
      raw: {
        交易时间: '2023-03-05 12:30:01',
        交易分类: '餐饮美食',
        交易对方: '某某餐厅',
        对方账号: 'res***@example.com',
        商品说明: '午餐',
        '收/支': '支出',
        金额: '38.50',
        '收/付款方式': '花呗',
        交易状态: '交易成功',
        交易订单号: '2023030522001400001',
        商家订单号: 'M20230305001',
        备注: '',
      },
    });
  });

  it('maps 收/支 to a direction: 收入 in, 不计收支 and blank neutral', () => {
    const byLine = new Map(parseAlipayCsv(layout2023).transactions.map((t) => [t.line, t]));
    expect(byLine.get(18)).toMatchObject({ direction: 'in', amountMinor: 120000, method: '' });
    expect(byLine.get(19)).toMatchObject({
      direction: 'neutral',
      status: '退款成功',
      orderId: '2023030722001400003_2023030800001',
      note: '部分退款',
    });
    expect(byLine.get(23)).toMatchObject({ direction: 'neutral', amountMinor: 0 });
  });

  it('turns a bad date or amount into a problem with its line and keeps the other rows', () => {
    expect(parseAlipayCsv(layout2023).problems).toEqual([
      {
        line: 21,
        error: 'unreadable time "2023-02-30 10:00:00"',
        code: 'problem.unreadable-time',
        params: { value: '2023-02-30 10:00:00' },
      },
      {
        line: 22,
        error: 'unreadable amount "1.0.0"',
        code: 'problem.unreadable-amount',
        params: { value: '1.0.0' },
      },
    ]);
  });

  it('reads the older layout by column name and skips its footer', () => {
    const result = parseAlipayCsv(legacy);
    expectWellFormed(result);
    expect(result.problems).toEqual([]);
    expect(result.transactions.map((t) => [t.line, t.utc, t.amountMinor, t.direction, t.status])).toEqual([
      [6, '2016-03-26T04:12:02.000Z', 10000, 'out', '交易成功'],
      [7, '2016-03-27T01:00:00.000Z', 2000, 'in', '交易成功'],
      [8, '2016-03-28T10:00:00.000Z', 1590, 'out', '交易关闭'],
      [9, '2016-03-29T00:00:00.000Z', 50000, 'neutral', '交易成功'],
    ]);
    expect(result.transactions[0]).toMatchObject({
      orderId: '2016032621001004120000001',
      merchantOrderId: 'T200P0000001',
      category: '即时到账交易',
      description: '转账',
      counterparty: '李四',
    });
    expect(result.transactions[1]?.note).toBe('饭钱');
    expect(result.transactions[2]?.description).toBe('毛巾, 2条');
    expect(result.transactions[3]?.raw['资金状态']).toBe('资金转移');
  });

  it('falls back to 付款时间 when 交易创建时间 is empty', () => {
    const text =
      '交易号,交易创建时间,付款时间,金额（元）,收/支,交易状态\n1,,2016-01-02 03:04:05,1.00,支出,交易成功\n';
    expect(parseAlipayCsv(iconv.encode(text, 'gbk')).transactions[0]?.utc).toBe('2016-01-01T19:04:05.000Z');
  });

  it('reports a file without the header as one problem', () => {
    expect(parseAlipayCsv(Buffer.from('hello\nworld\n')).problems).toEqual([
      {
        line: 0,
        error: 'no Alipay header row (交易时间 … 金额 … 交易状态) found',
        code: 'problem.no-header',
        params: { what: 'Alipay', columns: '交易时间 … 金额 … 交易状态' },
      },
    ]);
  });
});

describe('a bill re-saved by a spreadsheet program', () => {
  const original = readFixture('alipay-2023.utf8.csv').toString('utf8');
  // What Excel or WPS writes back: UTF-8 with a BOM, times without seconds, long ids as numbers.
  const resaved = original
    .replace(/(\d{4}-\d{2}-\d{2} \d{2}:\d{2}):\d{2}/g, '$1')
    .replace(/2023030522001400001\t/, '2.02303E+18\t');

  it('still reads every row it can, and says the file is not as Alipay issued it', () => {
    const result = parseAlipayCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(resaved)]));
    expectWellFormed(result);
    expect(result.transactions.length).toBe(
      parseAlipayCsv(gbkFixture('alipay-2023.utf8.csv')).transactions.length,
    );
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings![0]).toMatch(/re-saved in a spreadsheet program/);
    expect(result.warnings![0]).toMatch(/UTF-8, not GBK/);
    expect(result.warnings![0]).toMatch(/2\.02303E\+27/);
    expect(result.warnings![0]).toMatch(/without seconds/);
  });

  it('gives no such warning for the bill as issued', () => {
    expect(parseAlipayCsv(gbkFixture('alipay-2023.utf8.csv')).warnings).toBeUndefined();
    expect(parseAlipayCsv(iconv.encode(original, 'gbk')).warnings).toBeUndefined();
  });
});
