import { confirmSameSuggestions } from '../../electron/services/ledger/index.ts';
import { execFile, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import PDFDocument from 'pdfkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  counterpartyFromDescription,
  mayHoldStatement,
  parsePdfStatement,
  readPdfStatement,
} from '../../electron/services/importers/pdf-statement.ts';
import { transactionJson } from '../../electron/cli/json.ts';
import { chargesOf } from '../../electron/services/calls/records.ts';
import type { ImportResult } from '../../electron/services/importers/types.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { exportPacket } from '../../electron/services/export/index.ts';
import { caseSummary, caseTransactions, disputeTransactions } from '../../electron/services/records.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { makePdf } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { ctx, expectWellFormed } from './helpers.ts';
import { makeStatementPdf, type StatementLayout } from './pdf-statement-fixtures.ts';

const tempDir = useTempDirs();
const require = createRequire(import.meta.url);
const FONT = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

/** 招商银行's layout: 记账日期 货币 交易金额 联机余额 交易摘要 对手信息, an English line under it, header on every page. */
const CMB: StatementLayout = {
  preamble: ['招商银行交易流水', '户名：张三   账号：6214 **** **** 1234', '币种：人民币'],
  columns: [
    { name: '记账日期', x: 36, width: 60 },
    { name: '货币', x: 100, width: 30 },
    { name: '交易金额', x: 135, width: 70, align: 'right' },
    { name: '联机余额', x: 210, width: 70, align: 'right' },
    { name: '交易摘要', x: 300, width: 90 },
    { name: '对手信息', x: 400, width: 150 },
  ],
  subheader: ['Date', 'Currency', 'Amount', 'Balance', 'Type', 'Counter Party'],
  repeatHeader: true,
  footer: (p, n) => `第 ${p} 页 / 共 ${n} 页`,
  pages: [
    [
      ['2025-07-27', '人民币', '-39.90', '1,960.10', '网上快捷支付', '支付宝-元保'],
      ['2025-07-28', '人民币', '10,000.00', '11,960.10', '代发工资', '某某科技有限公司'],
      ['2025-07-29', '人民币', '-120.00', '11,840.10', '快捷支付', '财付通-美团外卖某某'],
      ['', '', '', '', '', '餐厅（望京店）'],
    ],
    [
      ['2025-08-27', '人民币', '-39.90', '11,800.20', '网上快捷支付', '支付宝-元保'],
      ['2025-13-45', '人民币', '-1.00', '11,799.20', '网上快捷支付', '某店'],
      ['合计', '', '-199.80', '', '', ''],
    ],
  ],
};

/** 工商银行-like: separate 支出 / 收入 columns, a time with the date, the header on the first page only. */
const ICBC: StatementLayout = {
  preamble: ['中国工商银行 借记卡账户历史明细清单', '卡号：6222 **** **** 5678'],
  columns: [
    { name: '交易日期', x: 36, width: 95 },
    { name: '摘要', x: 135, width: 80 },
    { name: '支出', x: 215, width: 60, align: 'right' },
    { name: '收入', x: 280, width: 60, align: 'right' },
    { name: '余额', x: 345, width: 70, align: 'right' },
    { name: '对方户名', x: 430, width: 130 },
  ],
  repeatHeader: false,
  pages: [
    [
      ['2025-08-01', '期初余额', '', '', '5,000.00', ''],
      ['2025/08/03 09:15:00', '消费', '¥1,280.50', '', '3,719.50', '某某商场'],
      ['20250805', '工资', '', '¥12,000.00', '15,719.50', '某某公司'],
      ['2025-08-27 08:01:12', '网上快捷支付', '39.90', '', '15,679.60', '支付宝-元保'],
    ],
    [
      { text: '中国工商银行 个人账户历史明细 第 2 页' },
      ['2025-09-27 08:01:13', '网上快捷支付', '39.90', '', '15,639.70', '支付宝-元保'],
      ['2025-09-28 12:00:00', '网上快捷退款', '', '39.90', '15,679.60', '支付宝-元保'],
      ['本页合计', '', '79.80', '39.90', '', ''],
    ],
  ],
};

/** An English-language bank: Date, Description, Debit, Credit, Balance; currency in the preamble. */
const ENGLISH: StatementLayout = {
  preamble: [
    'Example Bank plc',
    'Account statement 1 Aug 2025 to 31 Aug 2025. Account currency and fees: see overleaf.',
    'Currency: GBP',
  ],
  columns: [
    { name: 'Date', x: 36, width: 70 },
    { name: 'Description', x: 110, width: 200 },
    { name: 'Debit', x: 320, width: 60, align: 'right' },
    { name: 'Credit', x: 385, width: 60, align: 'right' },
    { name: 'Balance', x: 450, width: 80, align: 'right' },
  ],
  repeatHeader: true,
  pages: [
    [
      ['01 Aug 2025', 'Opening balance', '', '', '1,000.00'],
      ['05 Aug 2025', 'CARD PAYMENT TO YUANBAO', '39.90', '', '960.10'],
      ['', 'INSURANCE MONTHLY', '', '', ''],
      ['12 Aug 2025', 'SALARY ACME LTD', '', '2,500.00', '3,460.10'],
      ['15 Aug 2025', 'DIRECT DEBIT GYM', '4O.00', '', '3,420.10'],
      ['', 'Total', '79.90', '2,500.00', ''],
      { text: 'Please check this statement and tell us about any entry you do not recognise.', gap: 24 },
    ],
  ],
};

async function read(layout: StatementLayout, timeZone = 'Asia/Shanghai'): Promise<ImportResult> {
  const result = await readPdfStatement(await makeStatementPdf(layout), ctx('statement.pdf', timeZone));
  expect(result).not.toBeNull();
  expectWellFormed(result!);
  return result!;
}

/** A letter: prose with dates and amounts in it, but no table. */
async function makeLetterPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.font(FONT).fontSize(11);
  doc.text('致：元保客服中心');
  doc.text('日期：2025-08-30');
  doc.moveDown();
  doc.text(
    '本人于 2025-07-27 及 2025-08-27 两次被扣款 39.90 元，金额合计 79.80 元，本人从未同意开通自动续费。请于收到本函后 15 日内退还全部款项，并关闭扣款协议。',
  );
  doc.moveDown();
  doc.text('Date: 30 Aug 2025   Amount: 79.90   Balance due: 79.90');
  doc.text('此致  张三');
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

describe('readPdfStatement', () => {
  it('reads a CMB statement over two pages, each row with its page and line, the header repeated', async () => {
    const r = await read(CMB);
    expect(r.format).toBe('pdf-statement');
    expect(
      r.transactions.map((t) => [t.page, t.line, t.direction, t.amountMinor, t.currency, t.counterparty]),
    ).toEqual([
      // Page 1: three preamble lines, the header and its English line, then the rows from line 6.
      [1, 6, 'out', 3990, 'CNY', '支付宝-元保'],
      [1, 7, 'in', 1000000, 'CNY', '某某科技有限公司'],
      [1, 8, 'out', 12000, 'CNY', '财付通-美团外卖某某餐厅(望京店)'],
      // Page 2: the header again, its English line, then the rows.
      [2, 3, 'out', 3990, 'CNY', '支付宝-元保'],
    ]);
    const first = r.transactions[0]!;
    // A Chinese bank's dates are Beijing time.
    expect(first).toMatchObject({
      utc: '2025-07-26T16:00:00.000Z',
      offset: 480,
      description: '网上快捷支付',
    });
    expect(first.raw).toMatchObject({
      page: '1',
      记账日期: '2025-07-27',
      交易金额: '-39.90',
      联机余额: '1,960.10',
    });
    // The bad row is a problem with its page and line; the totals line and the page footers are neither.
    expect(r.problems).toEqual([{ page: 2, line: 4, error: 'unreadable date "2025-13-45"' }]);
  });

  it('keeps a counterparty wrapped around its row (cells centred vertically) with its own row', async () => {
    // 招商银行's PDF with long 对手信息: a row two lines tall prints the name's first line above the row's
    // date and amount and its second line below, each half a line away; the rows around it are one line.
    const r = await read({
      ...CMB,
      pages: [
        [
          ['2025-07-27', '人民币', '-39.90', '1,960.10', '网上快捷支付', '支付宝-元保'],
          { cells: ['', '', '', '', '', '上海拉扎斯信息科技'], advance: 8 },
          { cells: ['2025-07-28', '人民币', '-56.00', '1,904.10', '快捷支付', ''], advance: 8 },
          ['', '', '', '', '', '有限公司'],
          ['2025-07-29', '人民币', '-12.00', '1,892.10', '快捷支付', '某某便利店'],
          ['', '', '', '', '', '望京店'],
        ],
      ],
    });
    expect(r.problems).toEqual([]);
    expect(r.transactions.map((t) => [t.amountMinor, t.counterparty])).toEqual([
      [3990, '支付宝-元保'],
      [5600, '上海拉扎斯信息科技有限公司'],
      // A plain wrapped line right under its row (top-aligned) still joins the row above.
      [1200, '某某便利店望京店'],
    ]);
  });

  it('reads separate 支出/收入 columns, a table running on to a page without its header, and skips balances and totals', async () => {
    const r = await read(ICBC);
    expect(
      r.transactions.map((t) => [t.page, t.line, t.utc, t.direction, t.amountMinor, t.description]),
    ).toEqual([
      [1, 5, '2025-08-03T01:15:00.000Z', 'out', 128050, '消费'],
      [1, 6, '2025-08-04T16:00:00.000Z', 'in', 1200000, '工资'],
      [1, 7, '2025-08-27T00:01:12.000Z', 'out', 3990, '网上快捷支付'],
      // Page 2 has no header: the first page's columns carry on under the page's own title line.
      [2, 2, '2025-09-27T00:01:13.000Z', 'out', 3990, '网上快捷支付'],
      [2, 3, '2025-09-28T04:00:00.000Z', 'in', 3990, '网上快捷退款'],
    ]);
    expect(r.transactions.every((t) => t.currency === 'CNY')).toBe(true);
    expect(r.problems).toEqual([]);
  });

  it('reads an English statement: Debit/Credit, a wrapped description, currency from the preamble, the case zone', async () => {
    const r = await read(ENGLISH, 'Europe/London');
    expect(
      r.transactions.map((t) => [t.line, t.utc, t.offset, t.direction, t.amountMinor, t.currency]),
    ).toEqual([
      [6, '2025-08-04T23:00:00.000Z', 60, 'out', 3990, 'GBP'],
      [8, '2025-08-11T23:00:00.000Z', 60, 'in', 250000, 'GBP'],
    ]);
    expect(r.transactions[0]!.description).toBe('CARD PAYMENT TO YUANBAO INSURANCE MONTHLY');
    expect(r.problems).toEqual([{ page: 1, line: 9, error: 'unreadable amount "4O.00"' }]);
  });

  it('takes the counterparty from the booking text, the currency from its column or the amount', async () => {
    const r = await read({
      preamble: ['建设银行 个人活期账户交易明细'],
      columns: [
        { name: '交易日期', x: 36, width: 70 },
        { name: '币种', x: 110, width: 40 },
        { name: '交易金额', x: 150, width: 80, align: 'right' },
        { name: '账户余额', x: 240, width: 80, align: 'right' },
        { name: '交易摘要', x: 330, width: 220 },
      ],
      repeatHeader: true,
      pages: [
        [
          ['2025-08-27', '人民币', '-39.90', '960.10', '网上快捷支付 支付宝-元保'],
          ['2025-08-28', '美元', '-12.00', '948.10', '消费 APPLE.COM/BILL'],
          ['2025-08-29', '', 'CNY -8.00', '940.10', '代扣 某某水务'],
        ],
      ],
    });
    expect(r.transactions.map((t) => [t.currency, t.amountMinor, t.counterparty])).toEqual([
      ['CNY', 3990, '支付宝-元保'],
      ['USD', 1200, 'APPLE.COM/BILL'],
      ['CNY', 800, '某某水务'],
    ]);
    expect(counterpartyFromDescription('网上快捷退款 支付宝-元保')).toBe('支付宝-元保');
    expect(counterpartyFromDescription('利息')).toBe('');
  });

  it('reads a CCB statement: headers centred over their columns, a row number first, 对方账号与户名', async () => {
    const r = await read({
      preamble: ['中国建设银行个人活期账户全部交易明细', '币别：人民币元    起止日期：20250701-20250930'],
      centredHeaders: true,
      columns: [
        { name: '序号', x: 30, width: 30, align: 'center' },
        // A wide column whose centred name sits nearer the middle than its left-aligned text does.
        { name: '摘要', x: 64, width: 100 },
        { name: '币别', x: 168, width: 40 },
        { name: '钞汇', x: 210, width: 24 },
        { name: '交易日期', x: 236, width: 50 },
        { name: '交易金额', x: 288, width: 64, align: 'right' },
        { name: '账户余额', x: 356, width: 64, align: 'right' },
        { name: '交易地点/附言', x: 424, width: 70 },
        { name: '对方账号与户名', x: 498, width: 92 },
      ],
      repeatHeader: true,
      pages: [
        [
          [
            '1',
            '消费',
            '人民币元',
            '钞',
            '20250727',
            '-39.90',
            '1,960.10',
            '网上快捷支付',
            '6217****0001 元保',
          ],
          [
            '2',
            '转账存入',
            '人民币元',
            '钞',
            '20250728',
            '10,000.00',
            '11,960.10',
            '工资',
            '6222****0002 某某公司',
          ],
        ],
      ],
    });
    expect(
      r.transactions.map((t) => [t.line, t.amountMinor, t.direction, t.description, t.counterparty]),
    ).toEqual([
      [4, 3990, 'out', '消费 网上快捷支付', '元保'],
      [5, 1000000, 'in', '转账存入 工资', '某某公司'],
    ]);
    expect(r.transactions[0]!.raw).toMatchObject({ 序号: '1', 摘要: '消费', 币别: '人民币元', 钞汇: '钞' });
  });

  it("reads Alipay's own PDF proof of transactions: a 收/支 column, unsigned amounts, wrapped order numbers", async () => {
    const r = await read({
      landscape: true,
      preamble: ['支付宝（中国）网络技术有限公司', '交易流水证明', '用于个人对账'],
      columns: [
        { name: '收/支', x: 36, width: 40 },
        { name: '交易对方', x: 80, width: 80 },
        { name: '商品说明', x: 164, width: 150 },
        { name: '收/付款方式', x: 318, width: 110 },
        { name: '金额', x: 432, width: 50, align: 'right' },
        { name: '交易订单号', x: 490, width: 70 },
        { name: '商家订单号', x: 566, width: 70 },
        { name: '交易时间', x: 642, width: 100 },
      ],
      repeatHeader: true,
      pages: [
        [
          [
            '支出',
            '元保',
            '元保-百万医疗险',
            '招商银行储蓄卡(1234)',
            '39.90',
            '2025082722',
            'M2025082701',
            '2025-08-27 08:01:12',
          ],
          ['', '', '自动续费', '', '', '001400001', '', ''],
          [
            '不计收支',
            '元保',
            '退款-百万医疗险',
            '',
            '39.90',
            '2025082922',
            'M2025082701',
            '2025-08-29 10:00:00',
          ],
          ['', '', '', '', '', '001400001_1', '', ''],
        ],
      ],
    });
    expect(
      r.transactions.map((t) => [
        t.line,
        t.utc,
        t.direction,
        t.amountMinor,
        t.counterparty,
        t.description,
        t.orderId,
        t.method,
      ]),
    ).toEqual([
      [
        5,
        '2025-08-27T00:01:12.000Z',
        'out',
        3990,
        '元保',
        '元保-百万医疗险自动续费',
        '2025082722001400001',
        '招商银行储蓄卡(1234)',
      ],
      [
        7,
        '2025-08-29T02:00:00.000Z',
        'neutral',
        3990,
        '元保',
        '退款-百万医疗险',
        '2025082922001400001_1',
        '',
      ],
    ]);
    expect(r.problems).toEqual([]);
  });

  it('never throws on scrambled page text: every row and problem it gives is well-formed', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
    const headers = [
      ['记账日期', 'Date', '交易时间'],
      ['交易金额', '支出', 'Debit'],
      ['收入', 'Credit', '余额'],
      ['摘要', 'Description', '对手信息'],
      ['币种', '收/支', 'Balance'],
    ];
    const words = [
      '2025-08-27',
      '27 Aug 2025',
      '20250827',
      '2025-02-30',
      '-39.90',
      '1,234.56',
      '(1.00)',
      '39.90 CR',
      'CNY 8.00',
      '合计',
      '支付宝-元保',
      '人民币',
      'USD',
      'XYZ',
      '支出',
      '不计收支',
      '12:00',
      '',
      '9'.repeat(30),
      'abc',
    ];
    let found = 0;
    for (let round = 0; round < 200; round++) {
      const xs = [36, 110, 190, 270, 350].map((x) => x + Math.floor(rand() * 30));
      const items = xs.map((x, i) => ({ str: pick(headers[i]!), x, y: 780, width: 36, height: 9 }));
      for (let row = 1; row < 1 + rand() * 30; row++) {
        for (const x of xs) {
          if (rand() < 0.2) continue;
          const str = pick(words);
          items.push({
            str,
            x: x + rand() * 20 - 10,
            y: 780 - row * (10 + rand() * 10),
            width: str.length * 4.5,
            height: rand() < 0.05 ? 0 : 9,
          });
        }
      }
      const r = parsePdfStatement(
        [
          { page: 1, items },
          { page: 2, items: items.slice(5, 40) },
        ],
        ctx(),
      );
      if (r) expectWellFormed(r);
      if (r?.transactions.length) found += 1;
    }
    // The scrambles do make tables now and then, so the rows above were really checked.
    expect(found).toBeGreaterThan(20);
  });

  it('finds no statement in a letter that mentions dates and amounts, nor in a one-line invoice', async () => {
    expect(await readPdfStatement(await makeLetterPdf(), ctx('letter.pdf'))).toBeNull();
    expect(await readPdfStatement(makePdf('Invoice 42183017 total 4.11 USD'), ctx('invoice.pdf'))).toBeNull();
    // Text that names no date column and no amount column is not laid out at all.
    expect(mayHoldStatement('Invoice 42183017 total 4.11 USD')).toBe(false);
    expect(mayHoldStatement('记账日期 货币 交易金额 联机余额')).toBe(true);
  });
});

describe('filing a PDF statement', () => {
  let locker: Locker;
  let caseId: string;
  let inbox: string;

  beforeEach(async () => {
    locker = await Locker.open(tempDir(), {
      clock: () => new Date('2025-10-01T00:00:00.000Z'),
      ids: sequentialIds(),
    });
    caseId = (await locker.createCase({ title: '元保 auto-debit', counterparty: '元保' })).id;
    inbox = tempDir();
  });
  afterEach(() => locker.close());

  async function lockedStatement(layout: StatementLayout, name: string, password: string): Promise<string> {
    const plain = path.join(inbox, `plain-${name}`);
    writeFileSync(plain, await makeStatementPdf(layout));
    const locked = path.join(inbox, name);
    execFileSync('qpdf', ['--encrypt', password, 'owner-secret', '256', '--', plain, locked]);
    return locked;
  }

  it('files the rows of a password-protected statement, each pointing at its page and line', async () => {
    const file = await lockedStatement(CMB, 'cmb-statement.pdf', '246810');
    const r = await addPaths(locker, caseId, [file], { password: '246810' });
    expect(r.errors).toEqual([]);
    const item = r.added[0]!;
    expect(item).toMatchObject({
      kind: 'statement',
      format: 'pdf-statement',
      transactions: 4,
      problemCount: 1,
      problems: [{ page: 2, line: 4, error: 'unreadable date "2025-13-45"' }],
    });
    expect(item.warnings).toContain(
      '1 line(s) could not be read (first: page 2, line 4: unreadable date "2025-13-45")',
    );
    const rows = chargesOf(locker, caseId).transactions.map(transactionJson);
    const title = locker.getEvidence(item.id).title;
    expect(rows.map((t) => [t.source, t.amount, t.counterparty])).toEqual([
      [{ evidenceId: item.id, title, page: 1, line: 6 }, '39.90', '支付宝-元保'],
      [{ evidenceId: item.id, title, page: 1, line: 7 }, '10000.00', '某某科技有限公司'],
      [{ evidenceId: item.id, title, page: 1, line: 8 }, '120.00', '财付通-美团外卖某某餐厅(望京店)'],
      [{ evidenceId: item.id, title, page: 2, line: 3 }, '39.90', '支付宝-元保'],
    ]);
    // Disputed, the page-2 charge keeps its page on the timeline and in the packet's references.
    await disputeTransactions(locker, caseId, { match: '元保' });
    const charges = locker.timeline(caseId).filter((e) => e.kind === 'charge');
    expect(charges.map((e) => e.source)).toEqual([
      { evidenceId: item.id, page: 1, line: 6 },
      { evidenceId: item.id, page: 2, line: 3 },
    ]);
    const packet = path.join(tempDir(), 'packet.pdf');
    await exportPacket(locker, caseId, { out: packet, lang: 'en' });
    const text = execFileSync('pdftotext', ['-layout', packet, '-']).toString();
    expect(text).toMatch(/Exhibit 1 [•·]\s+Page 2\s+Line 3/);
    // Its text is searchable too, and the password is nowhere in what was recorded.
    const ev = locker.getEvidence(item.id);
    expect(ev.contentText).toContain('网上快捷支付');
    expect(JSON.stringify(ev)).not.toContain('246810');
    expect(JSON.stringify(locker.custodyLog({ caseId }))).not.toContain('246810');
  });

  it('files the rows once the password is given for a statement filed locked', async () => {
    const file = await lockedStatement(ICBC, 'icbc.pdf', '135790');
    const first = await addPaths(locker, caseId, [file]);
    expect(first.errors[0]).toMatchObject({ needsPassword: true });
    expect(caseTransactions(locker, caseId)).toEqual([]);
    const again = await addPaths(locker, caseId, [file], { password: '135790' });
    expect(again.errors).toEqual([]);
    const rows = caseTransactions(locker, caseId);
    expect(rows.map((t) => [t.page, t.line, t.amountMinor])).toEqual([
      [1, 5, 128050],
      [1, 6, 1200000],
      [1, 7, 3990],
      [2, 2, 3990],
      [2, 3, 3990],
    ]);
    expect(locker.getEvidence(first.added[0]!.id).facts).toMatchObject({
      import: { format: 'pdf-statement', transactions: 5 },
    });
    // Adding it once more files nothing twice.
    await addPaths(locker, caseId, [file], { password: '135790' });
    expect(caseTransactions(locker, caseId)).toHaveLength(5);
  });

  it('files an ordinary letter as a document with no transactions', async () => {
    const file = path.join(inbox, 'letter.pdf');
    writeFileSync(file, await makeLetterPdf());
    const r = await addPaths(locker, caseId, [file]);
    expect(r.added[0]).toMatchObject({ kind: 'document' });
    expect(r.added[0]!.format).toBeUndefined();
    expect(caseTransactions(locker, caseId)).toEqual([]);
  });

  it('matches a 元保 charge on the statement with the same charge in the Alipay bill, counted once', async () => {
    const alipay = [
      '支付宝交易记录明细查询',
      '交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,',
      '2025-08-27 08:01:12,保险,元保,yb***@example.com,百万医疗险,支出,39.90,招商银行储蓄卡(1234),交易成功,2025082722001400001,M1,,',
      '2025-09-27 08:01:13,保险,元保,yb***@example.com,百万医疗险,支出,39.90,招商银行储蓄卡(1234),交易成功,2025092722001400002,M2,,',
    ].join('\r\n');
    const bill = path.join(inbox, 'alipay.csv');
    writeFileSync(bill, iconv.encode(alipay, 'gb18030'));
    const statement = path.join(inbox, 'icbc.pdf');
    writeFileSync(statement, await makeStatementPdf(ICBC));
    const r = await addPaths(locker, caseId, [bill, statement]);
    expect(r.added.map((a) => [a.format, a.transactions])).toEqual([
      ['alipay-csv', 2],
      ['pdf-statement', 5],
    ]);
    // The statement has times but no card digits: each match is a suggestion until the user confirms it (and
    // the statement's 元保 refund is offered as the refund of a charge).
    expect(caseSummary(locker, caseId).payments.toConfirm).toBe(3);
    expect(await confirmSameSuggestions(locker, caseId)).toBe(2);
    const summary = caseSummary(locker, caseId);
    // Both 元保 charges are seen twice (bill and statement) and count once each.
    expect(summary.seenTwice).toBe(2);
    expect(summary.charges).toEqual([{ currency: 'CNY', total: '1360.30', count: 3 }]);
  });
});

describe('locker add / transactions (command line)', () => {
  const run = promisify(execFile);
  const BIN = path.resolve('dist/node/locker.js');

  it('shows each statement row with the page and line it came from', async () => {
    const store = tempDir();
    const inbox = tempDir();
    const cli = async (...args: string[]) =>
      (await run(process.execPath, [BIN, ...args], { env: { ...process.env, LOCKER_STORE: store } })).stdout;
    const c = JSON.parse(await cli('case', 'new', '元保', '--json')) as { id: string };
    const plain = path.join(inbox, 'plain.pdf');
    writeFileSync(plain, await makeStatementPdf(CMB));
    const locked = path.join(inbox, 'statement.pdf');
    execFileSync('qpdf', ['--encrypt', '112233', 'owner', '256', '--', plain, locked]);
    const added = JSON.parse(await cli('add', c.id, locked, '--password', '112233', '--json')) as {
      added: { id: string; transactions: number }[];
    };
    expect(added.added[0]!.transactions).toBe(4);
    const rows = JSON.parse(await cli('transactions', c.id, '--json')) as {
      amount: string;
      source: { evidenceId: string; line: number; page?: number; title: string };
    }[];
    // The source names its file too (a field the command gained; the others are unchanged).
    expect(rows.map((t) => t.source)).toEqual([
      { evidenceId: added.added[0]!.id, line: 6, page: 1, title: 'statement.pdf' },
      { evidenceId: added.added[0]!.id, line: 7, page: 1, title: 'statement.pdf' },
      { evidenceId: added.added[0]!.id, line: 8, page: 1, title: 'statement.pdf' },
      { evidenceId: added.added[0]!.id, line: 3, page: 2, title: 'statement.pdf' },
    ]);
  });
});
