import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transactionJson } from '../../electron/cli/json.ts';
import { chargesOf } from '../../electron/services/calls/records.ts';
import { runImporters } from '../../electron/services/importers/index.ts';
import { XLS_LIMITS, readXlsSheets } from '../../electron/services/importers/xls.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { cfbDirectoryOffset, sniffContent } from '../../electron/services/sniff.ts';
import { useTempDirs } from '../helpers/temp.ts';
import type { XlsCell } from '../helpers/xls.ts';
import { writeCfb, writeXls, writeXls5 } from '../helpers/xls.ts';
import { ctx, expectWellFormed } from './helpers.ts';

/**
 * Old Excel statements as Chinese banks' web banking exports them (CCB 活期账户交易明细, CITIC and SPDB
 * 交易明细 in the same spirit): BIFF8, a title and account lines above the header, the date as a real
 * date cell or as `20240305` text, the time of day in its own column, money in 支出/收入 number cells,
 * `--` where there is nothing. Written record by record by `test/helpers/xls.ts`; names and numbers made up.
 */

const at8 = (local: string) => new Date(`${local}+08:00`).toISOString();

const HEADER: XlsCell[] = [
  '交易日期',
  '交易时间',
  '摘要',
  '对方户名',
  '支出',
  '收入',
  '余额',
  '币种',
  '附言',
];
const ccbLike = (rows: XlsCell[][]): XlsCell[][] => [
  ['中国某银行个人活期账户交易明细'],
  ['账号：6217 **** **** 0001', null, '户名：张三'],
  ['起始日期：20240301', null, '截止日期：20240331'],
  HEADER,
  ...rows,
];

const rowsA: XlsCell[][] = [
  [
    { date: '2024-03-05T00:00:00' },
    '17:57:17',
    '消费',
    '上海某某餐饮有限公司',
    39.9,
    '--',
    12345.67,
    '人民币',
    '--',
  ],
  ['20240306', '080102', '工资', '某某科技有限公司', '--', 8000, 20345.67, '人民币', '三月工资'],
  // Float noise as spreadsheets store it: 0.1 + 0.2.
  ['20240307', 0.5, '转账', '李四', 0.30000000000000004, '--', 20345.37, '人民币', '----------'],
];

describe('old Excel (.xls) statements', () => {
  const bytes = writeXls([{ name: '交易明细', rows: ccbLike(rowsA) }]);

  it('are sniffed as XLS workbooks, not as other Compound Files', () => {
    expect(sniffContent(bytes.subarray(0, 64 * 1024))).toMatchObject({
      mime: 'application/vnd.ms-excel',
      family: 'office',
    });
    const doc = writeCfb({ WordDocument: Buffer.alloc(4096, 1) });
    expect(sniffContent(doc).mime).toBe('application/x-ole-storage');
  });

  it('are read as bank statements: date cells, time columns, number cells rounded once', async () => {
    const result = await runImporters(bytes, ctx('明细.xls', 'Europe/Paris'));
    expect(result?.format).toBe('bank-xls');
    expect(result?.label).toBe('Bank statement (XLS)');
    expect(result?.layout).toBe('bank-statement');
    expectWellFormed(result!);
    expect(result?.problems).toEqual([]);
    expect(
      result?.transactions.map((t) => [t.utc, t.amountMinor, t.direction, t.counterparty, t.note, t.line]),
    ).toEqual([
      [at8('2024-03-05T17:57:17'), 3990, 'out', '上海某某餐饮有限公司', '', 5],
      [at8('2024-03-06T08:01:02'), 800000, 'in', '某某科技有限公司', '三月工资', 6],
      [at8('2024-03-07T12:00:00'), 30, 'out', '李四', '', 7],
    ]);
    expect(result?.document?.details).toMatchObject({
      preamble: [
        '中国某银行个人活期账户交易明细',
        '账号：6217 **** **** 0001 户名：张三',
        '起始日期：20240301 截止日期：20240331',
      ],
    });
  });

  it('go on across sheets past BIFF’s 65,536 rows, each row saying its sheet', async () => {
    const more: XlsCell[][] = [['20240308', '090000', '消费', '某店', 5, '--', 20340.37, '人民币', '']];
    const twoSheets = writeXls([
      { name: 'Sheet1', rows: ccbLike(rowsA) },
      { name: 'Sheet2', rows: more },
      { name: 'Sheet3', rows: [['合计', null, null, null, 45.2, 8000]] },
    ]);
    const result = await runImporters(twoSheets, ctx('明细.xls'));
    expect(result?.problems).toEqual([]);
    expect(result?.transactions.map((t) => [t.page, t.line, t.amountMinor])).toEqual([
      [1, 5, 3990],
      [1, 6, 800000],
      [1, 7, 30],
      [2, 1, 500],
    ]);
  });

  it('read a WeChat Pay bill saved as .xls with the WeChat reader', async () => {
    const wechat = writeXls([
      {
        name: 'Sheet1',
        rows: [
          ['微信支付账单明细'],
          [
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
          ],
          [
            '2024-01-02 03:04:05',
            '商户消费',
            '某店',
            '咖啡',
            '支出',
            '¥28.00',
            '零钱',
            '支付成功',
            '4200001',
            'M1',
            '/',
          ],
        ],
      },
    ]);
    const result = await runImporters(wechat, ctx('bill.xls'));
    expect(result?.format).toBe('wechatpay-xls');
    expect(result?.transactions.map((t) => [t.utc, t.amountMinor, t.counterparty])).toEqual([
      [at8('2024-01-02T03:04:05'), 2800, '某店'],
    ]);
  });

  it('read an Excel 95 (BIFF5) statement whose text is in GBK', async () => {
    const biff5 = writeXls5('明细', [
      ['交易日期', '摘要', '交易金额', '对方户名'],
      ['2024-03-05', '消费', -39.9, '某某餐饮有限公司'],
    ]);
    expect(sniffContent(biff5).mime).toBe('application/vnd.ms-excel');
    const result = await runImporters(biff5, ctx('old.xls'));
    expect(result?.format).toBe('bank-xls');
    expect(
      result?.transactions.map((t) => [t.amountMinor, t.direction, t.counterparty, t.description]),
    ).toEqual([[3990, 'out', '某某餐饮有限公司', '消费']]);
  });

  it('leave a workbook of no known layout to the next reader, and say why a broken one is unreadable', async () => {
    const other = writeXls([
      {
        name: 'Sheet1',
        rows: [
          ['Name', 'Phone'],
          ['Ann', '555'],
        ],
      },
    ]);
    expect(await runImporters(other, ctx('contacts.xls'))).toBeNull();
    const big = writeXls([{ name: 'Sheet1', rows: ccbLike(Array.from({ length: 300 }, () => rowsA[1]!)) }]);
    const cut = await runImporters(big.subarray(0, big.length / 2), ctx('cut.xls'));
    expect(cut?.transactions).toEqual([]);
    expect(cut?.problems[0]?.error).toMatch(/^not a readable XLS workbook/);
  });

  it('refuse a file past the size bound before reading it', async () => {
    const huge = Buffer.alloc(XLS_LIMITS.maxBytes + 1);
    bytes.copy(huge);
    await expect(readXlsSheets(huge)).rejects.toThrow(/refused before reading/);
  });
});

describe('statement workbooks (.xlsx) other than WeChat Pay’s', () => {
  it('read a bank’s XLSX statement and a JD bill saved as XLSX with the table readers', async () => {
    // A bank's "download as Excel" (ExcelJS writes what Excel does: real date cells, number cells).
    const bank = new ExcelJS.Workbook();
    const sheet = bank.addWorksheet('交易明细');
    sheet.addRow(['某某银行 账户交易明细']);
    sheet.addRow(['交易日期', '交易时间', '交易名称', '交易金额', '借贷标志', '对方户名']);
    sheet.addRow([new Date(Date.UTC(2024, 4, 2)), '093015', '快捷支付', 88.8, '借', '某商户']);
    const bankResult = await runImporters(Buffer.from(await bank.xlsx.writeBuffer()), ctx('x.xlsx'));
    expect(bankResult?.format).toBe('bank-xlsx');
    expect(bankResult?.transactions.map((t) => [t.utc, t.amountMinor, t.direction, t.counterparty])).toEqual([
      [at8('2024-05-02T09:30:15'), 8880, 'out', '某商户'],
    ]);

    const jd = new ExcelJS.Workbook();
    const jdSheet = jd.addWorksheet('Sheet1');
    jdSheet.addRow(['京东账号名：jd_xxxx']);
    jdSheet.addRow([
      '交易时间',
      '商户名称',
      '交易说明',
      '金额',
      '收/付款方式',
      '交易状态',
      '收/支',
      '交易分类',
      '交易订单号',
      '商家订单号',
      '备注',
    ]);
    jdSheet.addRow([
      '2024-03-01 10:11:12',
      '京东商城',
      '耳机',
      '131.77(已退款89.84)',
      '白条',
      '交易成功',
      '支出',
      '数码',
      '1',
      '2',
      '',
    ]);
    const jdResult = await runImporters(Buffer.from(await jd.xlsx.writeBuffer()), ctx('jd.xlsx'));
    expect(jdResult?.format).toBe('jd-xlsx');
    expect(jdResult?.transactions.map((t) => [t.amountMinor, t.note])).toEqual([[13177, '已退款89.84']]);
  });
});

describe('filing an .xls statement', () => {
  const tempDir = useTempDirs();
  let locker: Locker;
  let caseId: string;
  beforeEach(async () => {
    locker = await Locker.open(tempDir());
    caseId = (await locker.createCase({ title: 'bank' })).id;
  });
  afterEach(() => locker.close());

  it('tells a workbook whose directory lies past the head from other Compound Files', () => {
    // Big files (the 100,000-row bench statement) keep FAT sectors, then the stream, then the directory: the
    // 64 KiB head holds neither the directory nor the workbook's first record. A 4 KiB head of a smaller
    // file stands in for that here.
    const many = Array.from({ length: 12_000 }, () => rowsA[1]!);
    const bytes = writeXls([{ name: 'Sheet1', rows: ccbLike(many) }]);
    const head = bytes.subarray(0, 4096);
    const directoryAt = cfbDirectoryOffset(head)!;
    expect(directoryAt).toBeGreaterThan(head.length);
    expect(sniffContent(head).mime).toBe('application/x-ole-storage');
    const directory = bytes.subarray(directoryAt, directoryAt + 4096);
    expect(sniffContent(head, { cfbDirectory: directory }).mime).toBe('application/vnd.ms-excel');
    const doc = writeCfb({ WordDocument: Buffer.alloc(200_000, 1) });
    const docDirectoryAt = cfbDirectoryOffset(doc)!;
    const docDirectory = doc.subarray(docDirectoryAt, docDirectoryAt + 4096);
    expect(sniffContent(doc.subarray(0, 4096), { cfbDirectory: docDirectory }).mime).toBe(
      'application/x-ole-storage',
    );
  });

  it('files it as a statement with its rows, not as a plain document', async () => {
    const file = path.join(tempDir(), 'statement.xls');
    writeFileSync(file, writeXls([{ name: 'Sheet1', rows: ccbLike(rowsA) }]));
    const r = await addPaths(locker, caseId, [file]);
    expect(r.errors).toEqual([]);
    expect(r.added[0]).toMatchObject({
      kind: 'statement',
      format: 'bank-xls',
      layout: 'bank-statement',
      mime: 'application/vnd.ms-excel',
      transactions: 3,
      warnings: [],
    });
    const rows = chargesOf(locker, caseId).transactions.map(transactionJson);
    expect(rows.map((t) => [t.at, t.amount, t.direction])).toEqual([
      ['2024-03-05T17:57:17+08:00', '39.90', 'out'],
      ['2024-03-06T08:01:02+08:00', '8000.00', 'in'],
      ['2024-03-07T12:00:00+08:00', '0.30', 'out'],
    ]);
  });

  // The `.xls` many Chinese banks' web banking really saves: an HTML page with one <table> (GBK, a title
  // row spanning the table, `&nbsp;` and `<br>` in cells, amounts as text with thousands separators, a
  // leading-zero account cell), and Excel 2003 XML (SpreadsheetML: typed cells, a DateTime style). Written
  // here in those layouts; names and numbers made up.
  const htmlXls = iconv.encode(
    [
      '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">',
      '<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>',
      '<table border="1">',
      '<tr><td colspan="6">中国某银行 个人账户交易明细</td></tr>',
      '<tr><td>交易日期</td><td>交易时间</td><td>摘要</td><td>交易金额</td><td>余额</td><td>对方户名</td></tr>',
      '<tr><td>20240305</td><td>17:57:17</td><td>消费&nbsp;支付</td><td>-1,039.90</td><td>8,960.10</td><td>某某商城<br>有限公司</td></tr>',
      '<tr><td>20240306</td><td>08:01:02</td><td>工资</td><td>8000.00</td><td>16,960.10</td><td>0012 某某科技</td></tr>',
      '</table></body></html>',
    ].join('\r\n'),
    'gbk',
  );
  const spreadsheetMl = Buffer.from(
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<?mso-application progid="Excel.Sheet"?>',
      '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">',
      '<Styles><Style ss:ID="t"><NumberFormat ss:Format="yyyy\\-mm\\-dd\\ hh:mm:ss"/></Style></Styles>',
      '<Worksheet ss:Name="交易明细"><Table>',
      '<Row><Cell ss:MergeAcross="3"><Data ss:Type="String">账户交易明细</Data></Cell></Row>',
      '<Row><Cell><Data ss:Type="String">交易时间</Data></Cell><Cell><Data ss:Type="String">摘要</Data></Cell>' +
        '<Cell><Data ss:Type="String">支出</Data></Cell><Cell><Data ss:Type="String">收入</Data></Cell>' +
        '<Cell><Data ss:Type="String">对方户名</Data></Cell></Row>',
      '<Row><Cell ss:StyleID="t"><Data ss:Type="DateTime">2024-03-05T17:57:17.000</Data></Cell>' +
        '<Cell><Data ss:Type="String">消费</Data></Cell><Cell><Data ss:Type="Number">39.9</Data></Cell>' +
        '<Cell><Data ss:Type="String">--</Data></Cell><Cell><Data ss:Type="String">某某商城</Data></Cell></Row>',
      '<Row><Cell ss:StyleID="t"><Data ss:Type="DateTime">2024-03-06T08:01:02.000</Data></Cell>' +
        '<Cell><Data ss:Type="String">转入</Data></Cell><Cell><Data ss:Type="String">--</Data></Cell>' +
        '<Cell><Data ss:Type="Number">23.600000000000001</Data></Cell><Cell><Data ss:Type="String">张三</Data></Cell></Row>',
      '</Table></Worksheet></Workbook>',
    ].join('\n'),
  );

  it('files an .xls that is really an HTML table or Excel 2003 XML as the statement it holds', async () => {
    const dir = tempDir();
    const html = path.join(dir, '交易明细.xls');
    const xml = path.join(dir, 'statement.xls');
    writeFileSync(html, htmlXls);
    writeFileSync(xml, spreadsheetMl);
    const r = await addPaths(locker, caseId, [html, xml]);
    expect(r.errors).toEqual([]);
    expect(r.added[0]).toMatchObject({
      kind: 'statement',
      format: 'bank-html',
      formatLabel: 'Bank statement (HTML table)',
      mime: 'text/html',
      transactions: 2,
      warnings: ['named "交易明细.xls" but it is really an HTML page; filed as an HTML page'],
    });
    expect(r.added[1]).toMatchObject({
      kind: 'statement',
      format: 'bank-spreadsheetml',
      mime: 'application/xml',
      transactions: 2,
    });
    const rows = chargesOf(locker, caseId).transactions.map(transactionJson);
    const of = (evidenceId: string) =>
      rows
        .filter((t) => t.source.evidenceId === evidenceId)
        .map((t) => [t.at, t.amount, t.direction, t.counterparty, t.description]);
    expect(of(r.added[0]!.id)).toEqual([
      ['2024-03-05T17:57:17+08:00', '1039.90', 'out', '某某商城 有限公司', '消费 支付'],
      ['2024-03-06T08:01:02+08:00', '8000.00', 'in', '0012 某某科技', '工资'],
    ]);
    expect(of(r.added[1]!.id)).toEqual([
      ['2024-03-05T17:57:17+08:00', '39.90', 'out', '某某商城', '消费'],
      ['2024-03-06T08:01:02+08:00', '23.60', 'in', '张三', '转入'],
    ]);
  });

  it('leaves an HTML page or XML document with no statement in it to the other readers', async () => {
    const page = Buffer.from('<html><body><table><tr><td>a</td><td>b</td></tr></table></body></html>');
    expect(await runImporters(page, ctx('page.html'))).toBeNull();
    expect(
      await runImporters(Buffer.from('From: a@b.c\nSubject: <table><td>\n\nx'), ctx('m.eml')),
    ).not.toMatchObject({
      format: expect.stringMatching(/html|spreadsheetml/) as string,
    });
  });
});
