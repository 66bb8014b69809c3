import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImporters } from '../../electron/services/importers/index.ts';
import { formatMinor } from '../../electron/services/importers/money.ts';
import type { Direction, ImportResult, ParsedTransaction } from '../../electron/services/importers/types.ts';

// Third-party samples live beside the project, not in it (licences); this suite runs only where they exist.
const SAMPLES = path.resolve(process.cwd(), '../shared/samples');

async function importSample(relative: string, timeZone = 'Asia/Shanghai'): Promise<ImportResult> {
  const result = await runImporters(readFileSync(path.join(SAMPLES, relative)), {
    fileName: path.basename(relative),
    timeZone,
  });
  if (!result) throw new Error(`no importer claimed ${relative}`);
  return result;
}

const count = <T>(items: readonly T[], key: (item: T) => string): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
};

const sum = (ts: readonly ParsedTransaction[], direction: Direction) =>
  formatMinor(ts.filter((t) => t.direction === direction).reduce((total, t) => total + t.amountMinor, 0));

describe.skipIf(!existsSync(SAMPLES))('shared samples', () => {
  it('reads the Alipay GBK export: 10 rows, not the 66 its preamble claims', async () => {
    const result = await importSample('alipay-csv/deg_alipay_20230210-20230213_gbk.csv');
    expect(result.format).toBe('alipay-csv');
    expect(result.problems).toEqual([]);
    const ts = result.transactions;
    expect(ts).toHaveLength(10);
    expect(count(ts, (t) => t.direction)).toEqual({ out: 5, in: 1, neutral: 4 });
    expect([sum(ts, 'out'), sum(ts, 'in'), sum(ts, 'neutral')]).toEqual(['211.64', '222228.50', '247.37']);
    expect(count(ts, (t) => t.status)).toEqual({ 交易成功: 5, 退款成功: 2, 交易关闭: 2, 等待确认收货: 1 });
    expect(ts[0]).toMatchObject({
      utc: '2023-02-12T13:32:14.000Z',
      offset: 480,
      amountMinor: 4974,
      direction: 'out',
      category: '亲友代付',
      description: '亲情卡',
      method: '交通银行信用卡(7449)',
      status: '交易成功',
      line: 26,
    });
    const refund = ts.find((t) => t.raw['交易时间'] === '2023-01-09 18:22:28');
    expect(refund).toMatchObject({
      orderId: '2023xxxxx88_2023xx57',
      direction: 'neutral',
      amountMinor: 5000,
    });
    expect(ts.find((t) => t.orderId === '2023xxxxx88')).toMatchObject({
      status: '交易关闭',
      direction: 'out',
    });
    expect(ts.filter((t) => t.method === '').map((t) => t.raw['交易时间'])).toEqual([
      '2023-01-10 13:10:16',
      '2023-07-10 13:10:16',
      '2023-07-10 13:20:16',
    ]);
  });

  it('reads the WeChat CSV: 27 rows with ¥ amounts and an unknown type kept', async () => {
    const result = await importSample('wechatpay-csv/deg_wechat_records_utf8.csv');
    expect(result.format).toBe('wechatpay-csv');
    expect(result.problems).toEqual([]);
    const ts = result.transactions;
    expect(ts).toHaveLength(27);
    expect(count(ts, (t) => t.direction)).toEqual({ out: 11, in: 5, neutral: 11 });
    expect(ts[0]).toMatchObject({
      utc: '2019-09-26T04:45:27.000Z',
      category: '商户消费',
      counterparty: '云膳过桥米线(传奇广场店)',
      description: '总共消费:28.16',
      amountMinor: 2816,
      method: '中国银行(1234)',
      status: '支付成功',
    });
    expect(ts.find((t) => t.raw['交易时间'] === '2021-07-15 16:29:37')).toMatchObject({
      amountMinor: 10010,
      note: '服务费¥0.10',
    });
    expect(ts.find((t) => t.raw['交易时间'] === '2023-07-09 13:30:22')?.amountMinor).toBe(5000);
    expect(ts.at(-1)?.category).toBe('deg-不认识的-txType');
    expect(ts.some((t) => t.counterparty === '打开拼多多，点击底部"多多视频"')).toBe(true);
  });

  it('reads the WeChat XLSX: 28 rows with the 50.71 purchase and its 0.11 refund', async () => {
    const result = await importSample('wechatpay-xlsx/daoru_wechat_20190801-20190930.xlsx');
    expect(result.format).toBe('wechatpay-xlsx');
    expect(result.problems).toEqual([]);
    const ts = result.transactions;
    expect(ts).toHaveLength(28);
    expect(ts[0]?.line).toBe(18);
    expect(ts.at(-1)?.line).toBe(45);
    const byLine = new Map(ts.map((t) => [t.line, t]));
    expect(byLine.get(44)).toMatchObject({
      utc: '2025-12-10T09:19:40.000Z',
      direction: 'out',
      amountMinor: 5071,
      counterparty: '美团',
      description: '物美（xxxx店）-美团App-123456',
      status: '已退款(￥0.11)',
      note: '已优惠¥0.77',
    });
    expect(byLine.get(43)).toMatchObject({
      utc: '2025-12-10T09:27:37.000Z',
      direction: 'in',
      amountMinor: 11,
      category: '美团平台商户-退款',
      status: '已退款￥0.11',
    });
  });

  it('reads the Spanish WhatsApp chat in the given zone: Jahn Doe at 20:49', async () => {
    const result = await importSample('whatsapp-txt/chatminer_mmddyyyy_12h_es_am_pm.txt', 'UTC');
    expect(result.format).toBe('whatsapp-txt');
    expect(result.problems).toEqual([]);
    const ms = result.messages;
    expect(ms).toHaveLength(9);
    expect(ms.filter((m) => m.isSystem).map((m) => m.text)).toEqual([
      '+12 345 578 created group "Groupname"',
      'You were added',
    ]);
    const authored = ms.filter((m) => !m.isSystem).map((m) => [m.utc.slice(0, 16), m.sender, m.text]);
    expect(authored).toEqual([
      ['2019-01-01T11:25', 'John Doe', 'Lorem ipsum dolor sit amet.'],
      ['2019-01-20T11:23', 'John Doe', '.'],
      [
        '2019-01-30T20:49',
        'Jahn Doe',
        'Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit. Duis libero.',
      ],
      ['2020-06-10T15:55', 'John-John Doe', 'Lorem ipsum : dolor sit amet.'],
      ['2021-12-10T10:10', 'John Doe 🤓', 'Lorem ipsum 🤓'],
      ['2021-12-20T12:10', '🤓', 'Lorem ipsum 🤓'],
      [
        '2021-12-30T22:01',
        'John Doe',
        'Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit. Duis libero.',
      ],
    ]);
    expect(ms.find((m) => m.text.includes('created group'))?.utc).toBe('2020-06-20T00:08:00.000Z');
  });

  it('reads the ICBC debit statement: 11 rows from the 记账 columns, footer skipped', async () => {
    const result = await importSample('bank-csv/icbc_debit_v2_padded.csv', 'Europe/London');
    expect(result.format).toBe('bank-csv');
    expect(result.problems).toEqual([]);
    const ts = result.transactions;
    expect(ts).toHaveLength(11);
    expect(ts[0]).toMatchObject({
      utc: '2023-05-01T16:00:00.000Z',
      offset: 480,
      amountMinor: 1340,
      currency: 'CNY',
      direction: 'out',
      category: '消费',
      description: '广东三元麦当劳食品有',
      counterparty: '深圳市财付通支付科技有限公司',
      line: 8,
    });
    expect(ts.at(-1)).toMatchObject({
      utc: '2023-02-07T16:00:00.000Z',
      amountMinor: 104,
      direction: 'in',
      category: '退款',
      description: '财付通-微信红包',
    });
    expect(ts.some((t) => t.raw['交易日期']?.includes('合计'))).toBe(false);
  });

  it('reads the HSBC HK card statement day first: 9 April, −1,099.14 CNY, one HKD row, two credits', async () => {
    const result = await importSample('bank-csv/hsbchk_credit_ddmmyyyy.csv', 'Asia/Hong_Kong');
    expect(result.format).toBe('bank-csv');
    expect(result.problems).toEqual([]);
    const ts = result.transactions;
    expect(ts).toHaveLength(11);
    expect(ts[0]).toMatchObject({
      utc: '2025-04-08T16:00:00.000Z',
      amountMinor: 109914,
      currency: 'CNY',
      direction: 'out',
      counterparty: 'UNIONPAY MERCHANT',
    });
    expect(ts.filter((t) => t.currency === 'HKD').map((t) => [t.amountMinor, t.direction])).toEqual([
      [2790, 'out'],
    ]);
    expect(
      ts.filter((t) => t.direction === 'in').map((t) => [t.raw['Transaction date'], t.amountMinor]),
    ).toEqual([
      ['31/03/2025', 2500],
      ['24/03/2025', 326616],
    ]);
  });

  it('reads the OFX 1.02 / QFX checking statement: 3 transactions, check 319, balances', async () => {
    const result = await importSample('ofx/ofxparse_checking_v102_intu_qfxstyle.ofx', 'UTC');
    expect(result.format).toBe('ofx');
    expect(result.problems).toEqual([]);
    expect(
      result.transactions.map((t) => [t.utc.slice(0, 10), t.category, t.amountMinor, t.direction, t.orderId]),
    ).toEqual([
      ['2011-03-31', 'CREDIT', 1, 'in', '0000486'],
      ['2011-04-05', 'DEBIT', 3451, 'out', '0000487'],
      ['2011-04-07', 'CHECK', 2500, 'out', '0000488'],
    ]);
    expect(result.transactions[1]?.counterparty).toBe('AUTOMATIC WITHDRAWAL, ELECTRIC BILL');
    expect(result.transactions[2]?.raw.CHECKNUM).toBe('319');
    expect(result.transactions.every((t) => t.currency === 'USD')).toBe(true);
    expect(result.document?.details).toMatchObject({
      account: '1452687~7',
      ledgerBalance: '100.99',
      availableBalance: '75.99',
    });
  });

  it('reads the Suncorp OFX 2.00 XML: one AUD debit with its CDATA name trimmed', async () => {
    const result = await importSample('ofx/ofxparse_suncorp_v200_xml_cdata.ofx', 'Australia/Melbourne');
    expect(result.format).toBe('ofx');
    expect(result.problems).toEqual([]);
    expect(result.transactions).toHaveLength(1);
    expect(result.transactions[0]).toMatchObject({
      utc: '2013-12-15T12:00:00.000Z',
      amountMinor: 1685,
      currency: 'AUD',
      direction: 'out',
      counterparty: 'EFTPOS WDL HANDYWAY ALDI STORE',
    });
    expect(result.document?.details).toMatchObject({ account: '123456789', ledgerBalance: '1234.12' });
  });

  it('reads the camt.053 message with two statements: 8.85 in, 7.00 out, balances per statement', async () => {
    const result = await importSample('camt053/genkgo_camt053_v02_multi_statement.xml', 'Europe/Amsterdam');
    expect(result.format).toBe('camt053');
    expect(result.problems).toEqual([]);
    expect(
      result.transactions.map((t) => [t.utc, t.amountMinor, t.currency, t.direction, t.counterparty]),
    ).toEqual([
      ['2014-12-30T23:00:00.000Z', 885, 'EUR', 'in', 'Company Name 1'],
      ['2014-12-30T23:00:00.000Z', 700, 'EUR', 'out', 'Company Name 2'],
    ]);
    const statements = result.document?.details?.statements as {
      id: string;
      balances: Record<string, string>;
    }[];
    expect(statements.map((s) => [s.id, s.balances.OPBD, s.balances.CLBD])).toEqual([
      ['253EURNL26VAYB8060476890', '18.15', '27.00'],
      ['254EURNL26VAYB8060476890', '27.00', '20.00'],
    ]);
  });

  it('reads the mBank MT940 inside SOH/ETX: 3 PLN credits of 0.01, balances reconcile', async () => {
    const result = await importSample('mt940/mbank_pl_soh_etx.sta', 'Europe/Warsaw');
    expect(result.format).toBe('mt940');
    expect(result.problems).toEqual([]);
    const ts = result.transactions;
    expect(ts.map((t) => [t.utc, t.amountMinor, t.currency, t.direction, t.orderId])).toEqual([
      ['2017-01-18T23:00:00.000Z', 1, 'PLN', 'in', 'MB170119012058'],
      ['2017-01-18T23:00:00.000Z', 1, 'PLN', 'in', 'MB170119012085'],
      ['2017-01-18T23:00:00.000Z', 1, 'PLN', 'in', 'MB170119012121'],
    ]);
    expect(ts[0]?.counterparty).toBe('JAN NOWAK');
    expect(ts[0]?.description).toContain('OD: JAN NOWAK');
    expect(ts[0]?.description).toContain('TNR: 179171073864111.010001');
    expect(result.document?.details).toMatchObject({ openingBalance: '0.40', closingBalance: '0.43' });
  });

  it('reads the Telegram full-account export: 2 messages, entities joined', async () => {
    const result = await importSample('telegram-json/chatminer_full_account_batch_result.json', 'UTC');
    expect(result.format).toBe('telegram-json');
    expect(result.problems).toEqual([]);
    expect(result.messages.map((m) => [m.chat, m.sender, m.utc, m.text])).toEqual([
      ['Chatname', 'Author 1', '2018-12-05T10:39:10.000Z', 'Minimal Message'],
      ['Chatname', 'Author 2', '2018-12-05T10:49:24.000Z', 'Link:https://telegram.org/'],
    ]);
  });

  it('reads the Ogone notification: mbox From line tolerated, folded subject, UTF-8 body without charset', async () => {
    const result = await importSample('eml/ogone_payment_notification_m0009.eml', 'UTC');
    expect(result.format).toBe('email');
    expect(result.problems).toEqual([]);
    expect(result.document).toMatchObject({
      title: 'Ogone NIEUWE order Maurits PAYID: 951597484 / orderID: 456123 / status: 5',
      occurredAt: { utc: '2013-09-30T22:42:18.000Z', offset: 120 },
      details: {
        from: '"Ogone" <noreply@ogone.com>',
        to: 'info@testsite.com',
        date: 'Tue, 1 Oct 2013 00:42:18 +0200',
      },
    });
    const text = result.document?.text ?? '';
    for (const fact of [
      'Besteldatum',
      '148.43 EUR',
      'VISA XXXXXXXXXXXX1111',
      '25 Geautoriseerd',
      'Vignière',
    ]) {
      expect(text).toContain(fact);
    }
    expect(result.files ?? []).toEqual([]);
    expect(result.messages).toHaveLength(1);
  });

  it('reads the attachment-only e-mail: one sanitised file, no crash without From or Date', async () => {
    const result = await importSample('eml/statement_pdf_filename_with_newline_issue250.eml', 'UTC');
    expect(result.format).toBe('email');
    expect(result.files?.map((f) => [f.name, f.bytes!.length, f.role])).toEqual([
      ['Kontoutskrift for 1506.14.90466_Bedriftskonto.pdf', 0, 'attachment'],
    ]);
    expect(result.messages).toEqual([]);
    expect(result.problems).toEqual([{ line: 1, error: 'no Date header; the e-mail has no time' }]);
  });

  it('claims none of the files it does not read', async () => {
    for (const other of ['images/orientation6_f6t.jpg', 'pdf/aws_invoice_2014-08_text.pdf']) {
      expect(
        await runImporters(readFileSync(path.join(SAMPLES, other)), { fileName: other, timeZone: 'UTC' }),
      ).toBeNull();
    }
  });
});
