import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  parseWechatpayCsv,
  parseWechatpayXlsx,
  wechatpayCsvImporter,
  wechatpayXlsxImporter,
} from '../../electron/services/importers/wechatpay.ts';
import { ctx, expectWellFormed, readFixture } from './helpers.ts';

const HEADER = [
  '交易时间',
  '交易类型',
  '交易对方',
  '商品',
  '收/支',
  '金额(元)',
  '支付方式',
  '当前状态',
  '交易单号',
  '商户单号',
  '备注',
];

/** A workbook in the WeChat XLSX layout: 16 preamble rows, header on row 17, then `rows`. */
async function wechatWorkbook(rows: unknown[][], preamble = 16): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  for (let i = 1; i <= preamble; i++)
    sheet.addRow(i === 1 ? ['微信支付账单明细'] : i % 5 === 0 ? [] : [`说明 ${i}`]);
  sheet.getRow(preamble + 1).values = HEADER;
  rows.forEach((row, i) => {
    sheet.getRow(preamble + 2 + i).values = row as ExcelJS.CellValue[];
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function otherWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Budget').addRow(['Month', 'Rent', 'Food']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('wechatpayCsvImporter', () => {
  const bill = readFixture('wechatpay.csv');

  it('detects the bill by its header line, with or without a BOM', () => {
    expect(wechatpayCsvImporter.detect(bill, ctx())).toBe(true);
    expect(wechatpayCsvImporter.detect(bill.subarray(3), ctx())).toBe(true);
  });

  it('does not claim an Alipay export', () => {
    expect(wechatpayCsvImporter.detect(readFixture('alipay-2023.utf8.csv'), ctx())).toBe(false);
  });

  it('reads ¥ amounts, quoted cells and TAB-ended ids', () => {
    const result = parseWechatpayCsv(bill);
    expectWellFormed(result);
    expect(result.transactions).toHaveLength(4);
    expect(result.transactions[1]).toMatchObject({
      utc: '2025-12-10T09:19:40.000Z',
      offset: 480,
      amountMinor: 5071,
      currency: 'CNY',
      direction: 'out',
      counterparty: '美团',
      description: '物美（某店）-美团App-123456',
      orderId: '4200000001',
      merchantOrderId: '5000000001',
      note: '已优惠¥0.77',
      line: 19,
    });
  });

  it('keeps refund states as written', () => {
    const [refund, purchase] = parseWechatpayCsv(bill).transactions;
    expect(refund).toMatchObject({
      direction: 'in',
      amountMinor: 11,
      status: '已退款￥0.11',
      merchantOrderId: '',
    });
    expect(purchase?.status).toBe('已退款(￥0.11)');
  });

  it('keeps a bare quote in an unquoted counterparty and reads one-decimal amounts', () => {
    expect(parseWechatpayCsv(bill).transactions[2]).toMatchObject({
      counterparty: '打开拼多多，点击底部"多多视频"',
      amountMinor: 1200,
      description: '',
    });
  });

  it('treats 收/支 "/" as neutral and keeps the fee note', () => {
    expect(parseWechatpayCsv(bill).transactions[3]).toMatchObject({
      direction: 'neutral',
      amountMinor: 100010,
      note: '服务费¥0.10',
      raw: expect.objectContaining({ '收/支': '/', 商户单号: '/' }) as unknown,
    });
  });

  it('reports the row with an unreadable amount', () => {
    expect(parseWechatpayCsv(bill).problems).toEqual([
      {
        line: 22,
        error: 'unreadable amount "¥abc"',
        code: 'problem.unreadable-amount',
        params: { value: '¥abc' },
      },
    ]);
  });
});

describe('wechatpayXlsxImporter', () => {
  it('detects a WeChat workbook from the zip head and rejects other workbooks and plain zips', async () => {
    const bill = await wechatWorkbook([['2025-12-10 17:19:40', '商户消费', '美团', '/', '支出', '¥50.71']]);
    expect(wechatpayXlsxImporter.detect(bill, ctx('bill.xlsx'))).toBe(true);
    expect(wechatpayXlsxImporter.detect(await otherWorkbook(), ctx('bill.xlsx'))).toBe(false);
    expect(wechatpayXlsxImporter.detect(readFixture('wechatpay.csv'), ctx('bill.xlsx'))).toBe(false);
  });

  it('reads text cells the way the real export writes them', async () => {
    const bill = await wechatWorkbook([
      [
        '2025-12-10 17:27:37',
        '美团平台商户-退款',
        '美团平台商户',
        '美团平台商户',
        '收入',
        '¥0.11',
        '工商银行',
        '已退款￥0.11',
        '123456 ',
        null,
        '/',
      ],
      [
        '2025-12-10 17:19:40',
        '商户消费',
        '美团',
        '物美-美团App',
        '支出',
        '¥50.71',
        '工商银行',
        '已退款(￥0.11)',
        '123456\t',
        '654321\t',
        '已优惠¥0.77',
      ],
    ]);
    const result = await parseWechatpayXlsx(bill);
    expectWellFormed(result);
    expect(result.format).toBe('wechatpay-xlsx');
    expect(result.problems).toEqual([]);
    expect(
      result.transactions.map((t) => [t.line, t.utc, t.amountMinor, t.direction, t.status, t.orderId]),
    ).toEqual([
      [18, '2025-12-10T09:27:37.000Z', 11, 'in', '已退款￥0.11', '123456'],
      [19, '2025-12-10T09:19:40.000Z', 5071, 'out', '已退款(￥0.11)', '123456'],
    ]);
  });

  it('reads Date cells as China wall-clock time and rounds numeric amounts once', async () => {
    // exceljs hands back a date cell as a Date whose UTC fields are the wall-clock time written.
    const bill = await wechatWorkbook([
      [new Date(Date.UTC(2019, 8, 26, 12, 45, 27)), '商户消费', '某店', '/', '支出', 23.600000000000001],
      [43734.53156, '商户消费', '某店', '/', '支出', 0.1 + 0.2],
    ]);
    const [fromDate, fromSerial] = (await parseWechatpayXlsx(bill)).transactions;
    expect(fromDate).toMatchObject({ utc: '2019-09-26T04:45:27.000Z', amountMinor: 2360 });
    expect(fromDate?.raw['交易时间']).toBe('2019-09-26 12:45:27');
    expect(fromSerial).toMatchObject({ utc: '2019-09-26T04:45:27.000Z', amountMinor: 30 });
  });

  it('reads the 2025 layout and the 2026 one (a preamble line more, header a row lower, plain-number amounts) alike', async () => {
    const row = (amount: unknown) => ['2026-01-27 08:01:12', '商户消费', '元保', '自动续费', '支出', amount];
    const y2025 = await parseWechatpayXlsx(await wechatWorkbook([row('¥39.90')], 16));
    const y2026 = await parseWechatpayXlsx(await wechatWorkbook([row(39.900000000000006)], 17));
    for (const r of [y2025, y2026]) {
      expect(r.problems).toEqual([]);
      expect(r.transactions).toEqual([
        expect.objectContaining({
          utc: '2026-01-27T00:01:12.000Z',
          amountMinor: 3990,
          direction: 'out',
          counterparty: '元保',
        }),
      ]);
    }
    expect(y2026.transactions[0]!.line).toBe(y2025.transactions[0]!.line + 1);
  });

  it('reports a workbook without the header and bytes that are no workbook', async () => {
    expect((await parseWechatpayXlsx(await otherWorkbook())).problems).toEqual([
      { line: 0, error: 'no WeChat Pay header row (交易时间,交易类型,交易对方 …) found' },
    ]);
    const broken = await parseWechatpayXlsx(Buffer.from('PK\u0003\u0004 not really a zip'));
    expect(broken.transactions).toEqual([]);
    expect(broken.problems[0]?.error).toMatch(/^not a readable XLSX workbook/);
  });
});
