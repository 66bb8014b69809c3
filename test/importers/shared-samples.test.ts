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

  it('claims none of the formats it does not read', async () => {
    for (const other of [
      'bank-csv/icbc_debit_v2_padded.csv',
      'ofx/ofxparse_checking_v102_intu_qfxstyle.ofx',
    ]) {
      expect(
        await runImporters(readFileSync(path.join(SAMPLES, other)), { fileName: other, timeZone: 'UTC' }),
      ).toBeNull();
    }
  });
});
