import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { alipayCsvImporter } from '../../electron/services/importers/alipay-csv.ts';
import {
  bankCsvImporter,
  clockOf,
  directionFromText,
  parseBankCsv,
  yearResolver,
} from '../../electron/services/importers/bank-csv.ts';
import { runImporters } from '../../electron/services/importers/index.ts';
import { splitAmountText } from '../../electron/services/importers/money.ts';
import { parseWechatpayCsv } from '../../electron/services/importers/wechatpay.ts';
import { ctx, expectWellFormed } from './helpers.ts';

/**
 * Statement layouts as people really have them, each written here in the way its source writes it
 * (encoding, BOM, line ends, padding, placeholders). Column sets follow the banks' and platforms' own
 * exports as documented by the maintained open-source bill parsers; names, numbers and accounts are made up.
 */

const gbk = (text: string) => iconv.encode(text, 'gb18030');
const bomUtf8 = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';
const at8 = (local: string) => new Date(`${local}+08:00`).toISOString();

describe('bank CSVs keep the facts they carry', () => {
  // A Chinese bank's web-banking 交易明细: GB18030, CRLF, a title and account lines above the header, the
  // holder's own name in 账户名称, booked date and time in two columns, 附言 filled with a rule of hyphens.
  const cmbLike = gbk(
    crlf([
      '交易明细',
      '账号:6214********1234,账户名称:张三,币种:人民币',
      '记账日期,记账时间,交易名称,交易金额,账户余额,账户名称,对方账户名,对方账号,附言',
      '20240305,17:57:17,快捷支付,-39.90,"12,345.67",张三,上海拉扎斯信息科技有限公司,3101****8888,----------',
      '20240306,08:01:02,工资,"8,000.00","20,345.67",张三,某某科技有限公司,1001****0001,三月工资',
      '20240307,23:59:59,网上退款,1.04,"20,346.71",张三,-------,--,----------',
    ]),
  );

  it('joins the time column to the date and takes the counterparty from the other party, not the holder', () => {
    expect(bankCsvImporter.detect(cmbLike, ctx('x.csv'))).toBe(true);
    const result = parseBankCsv(cmbLike, ctx('x.csv', 'Europe/Berlin'));
    expectWellFormed(result);
    expect(result.problems).toEqual([]);
    expect(
      result.transactions.map((t) => [
        t.utc,
        t.amountMinor,
        t.direction,
        t.counterparty,
        t.description,
        t.note,
      ]),
    ).toEqual([
      [at8('2024-03-05T17:57:17'), 3990, 'out', '上海拉扎斯信息科技有限公司', '快捷支付', ''],
      [at8('2024-03-06T08:01:02'), 800000, 'in', '某某科技有限公司', '工资', '三月工资'],
      // Hyphen-only cells are empty: no counterparty, and the rule in 附言 is no description or note.
      [at8('2024-03-07T23:59:59'), 104, 'in', '', '网上退款', ''],
    ]);
    expect(result.transactions[0]?.raw).toMatchObject({ 账户名称: '张三', 附言: '----------' });
  });

  // Compact times (`123456` = 12:34:56, leading zero dropped: `93015`), 对手信息 as the counterparty, an
  // unsigned amount with a `借 Dr` / `贷 Cr` column deciding the direction, tab-padded cells, UTF-8 with BOM.
  const drCr = bomUtf8(
    [
      '交易日期,交易时间,摘要,交易金额,借贷标志,对手信息,余额',
      '20240105\t,123456\t,消费\t,100.00\t,借 Dr\t,某超市\t,900.00',
      '20240106\t,93015\t,转入\t,50.00\t,贷 Cr\t,李四\t,950.00',
      '20240107\t,000001\t,手续费\t,2.00\t,借 Dr\t,\t,948.00',
    ].join('\n'),
  );

  it('reads 借 Dr / 贷 Cr as the direction and HHMMSS times', () => {
    const result = parseBankCsv(drCr, ctx());
    expect(result.problems).toEqual([]);
    expect(result.transactions.map((t) => [t.utc, t.direction, t.amountMinor, t.counterparty])).toEqual([
      [at8('2024-01-05T12:34:56'), 'out', 10000, '某超市'],
      [at8('2024-01-06T09:30:15'), 'in', 5000, '李四'],
      [at8('2024-01-07T00:00:01'), 'out', 200, ''],
    ]);
  });

  it('finds a D/C column by its values when its header is not a known one', () => {
    // An English export whose direction column is headed `Type` (a word that usually means a category).
    const text = [
      'Date,Details,Amount,Type,Balance',
      '02/01/2024,TESCO STORES,12.50,D,100.00',
      '03/01/2024,SALARY,1000.00,C,1100.00',
    ].join('\n');
    const result = parseBankCsv(Buffer.from(text), ctx('x.csv', 'Europe/London'));
    expect(result.transactions.map((t) => [t.direction, t.amountMinor, t.currency])).toEqual([
      ['out', 1250, 'GBP'],
      ['in', 100000, 'GBP'],
    ]);
  });

  it('reads a currency code written in the amount cell', () => {
    const text = [
      'Date,Description,Amount',
      '2024-02-01,HOTEL,CNY -123.18',
      '2024-02-02,REFUND,USD 5.00',
    ].join('\n');
    const result = parseBankCsv(Buffer.from(text), ctx('x.csv', 'Europe/London'));
    expect(result.problems).toEqual([]);
    expect(result.transactions.map((t) => [t.amountMinor, t.currency, t.direction])).toEqual([
      [12318, 'CNY', 'out'],
      [500, 'USD', 'in'],
    ]);
  });

  // A Chinese credit card's statement: dates `MM/DD` with no year; the period in the title lines spans the
  // new year, so December rows are the year before. Spending is written positive, repayments negative.
  const card = gbk(
    crlf([
      '某某银行信用卡电子账单',
      '账单周期:2023/12/06-2024/01/05',
      '交易日,记账日,交易摘要,人民币金额,卡号末四位',
      '12/28,12/29,财付通-某某商户,88.00,1234',
      '01/02,01/03,还款,-500.00,1234',
      '01/04,01/05,支付宝-某店,12.30,1234',
    ]),
  );

  it('gives year-less card dates the year of the statement period (Dec → Jan)', () => {
    const result = parseBankCsv(card, ctx('x.csv', 'America/New_York'));
    expect(result.problems).toEqual([]);
    expect(result.layout).toBe('card-statement');
    expect(result.transactions.map((t) => [t.utc, t.amountMinor, t.direction, t.description])).toEqual([
      [at8('2023-12-28T00:00:00'), 8800, 'out', '财付通-某某商户'],
      [at8('2024-01-02T00:00:00'), 50000, 'in', '还款'],
      [at8('2024-01-04T00:00:00'), 1230, 'out', '支付宝-某店'],
    ]);
  });

  it('reads the commoner sign of a card statement as spending, whichever it is', () => {
    // An English card export whose purchases are negative and whose repayment is positive.
    const text = [
      'Credit card statement 06 Dec 2023 to 05 Jan 2024',
      'Date,Description,Amount',
      '28/12/2023,CAFE,-8.80',
      '02/01/2024,PAYMENT THANK YOU,500.00',
      '04/01/2024,SHOP,-12.30',
    ].join('\n');
    const result = parseBankCsv(Buffer.from(text), ctx('x.csv', 'Europe/London'));
    expect(result.layout).toBe('card-statement');
    expect(result.transactions.map((t) => [t.amountMinor, t.direction])).toEqual([
      [880, 'out'],
      [50000, 'in'],
      [1230, 'out'],
    ]);
  });

  it('takes the year from a statement month, and says so when nothing gives one', () => {
    const byMonth = yearResolver(['2024年01月信用卡账单']);
    expect([byMonth?.(12, 28), byMonth?.(1, 3)]).toEqual([2023, 2024]);
    expect(yearResolver(['Statement period 06 Dec 2023 to 05 Jan 2024'])?.(12, 30)).toBe(2023);
    const none = parseBankCsv(Buffer.from('交易日,交易摘要,交易金额\n12/28,某店,1.00\n'), ctx('bill.csv'));
    expect(none.transactions).toEqual([]);
    expect(none.problems[0]?.error).toMatch(/without a year/);
  });

  // A headerless export (date, description, debit, credit, balance), newest first, as UK and US banks'
  // "download as CSV" give it: which money column is which is decided against the running balance.
  const headerless = [
    '05/03/2024,CARD PAYMENT TO CAFE,4.50,,995.50',
    '04/03/2024,TRANSFER FROM SAVINGS,,500.00,"1,000.00"',
    '03/03/2024,DIRECT DEBIT GYM,30.00,,500.00',
    '01/03/2024,SHOP,"1,234.00",,530.00',
  ].join('\r\n');

  it('types a CSV with no header row column by column from its content', () => {
    const bytes = Buffer.from(headerless);
    expect(bankCsvImporter.detect(bytes, ctx('x.csv'))).toBe(true);
    const result = parseBankCsv(bytes, ctx('x.csv', 'Europe/London'));
    expect(result.layout).toBe('bank-no-header');
    expect(result.problems).toEqual([]);
    expect(
      result.transactions.map((t) => [t.utc.slice(0, 10), t.description, t.amountMinor, t.direction]),
    ).toEqual([
      ['2024-03-05', 'CARD PAYMENT TO CAFE', 450, 'out'],
      ['2024-03-04', 'TRANSFER FROM SAVINGS', 50000, 'in'],
      ['2024-03-03', 'DIRECT DEBIT GYM', 3000, 'out'],
      ['2024-03-01', 'SHOP', 123400, 'out'],
    ]);
    expect(result.transactions[0]?.raw).toMatchObject({ 'column 2': 'CARD PAYMENT TO CAFE' });
  });

  it('finds the counterparty column of a headerless table by what its cells say', () => {
    // A Chinese bank's headerless 明细 (date, time, wording, payee, out, in, balance), GBK like the
    // web banks write it; payees are companies and masked personal names.
    const zh = iconv.encode(
      [
        '2024-03-05,10:01:02,消费,上海某某餐饮管理有限公司,45.00,,955.00',
        '2024-03-04,09:00:00,转账转入,张*三,,500.00,"1,000.00"',
        '2024-03-03,18:30:00,快捷支付,深圳市财付通支付科技有限公司,30.00,,500.00',
        '2024-03-01,12:00:00,代发工资,某某科技股份有限公司,,530.00,530.00',
      ].join('\r\n'),
      'gbk',
    );
    const fromZh = parseBankCsv(zh, ctx('明细.csv'));
    expect(fromZh.layout).toBe('bank-no-header');
    // The time of day in its own column is typed too: 10:01:02 China time.
    expect(fromZh.transactions[0]?.utc).toBe('2024-03-05T02:01:02.000Z');
    expect(fromZh.transactions.map((t) => [t.counterparty, t.description, t.amountMinor])).toEqual([
      ['上海某某餐饮管理有限公司', '消费', 4500],
      ['张*三', '转账转入', 50000],
      ['深圳市财付通支付科技有限公司', '快捷支付', 3000],
      ['某某科技股份有限公司', '代发工资', 53000],
    ]);
    // The payee before the wording, in English: column order does not decide.
    const en = [
      '05/03/2024,ACME STORES LTD,CARD PAYMENT,4.50,,995.50',
      '04/03/2024,J SMITH,TRANSFER,,500.00,"1,000.00"',
      '03/03/2024,CITY GYM LIMITED,DIRECT DEBIT,30.00,,500.00',
    ].join('\n');
    const fromEn = parseBankCsv(Buffer.from(en), ctx('x.csv', 'Europe/London'));
    expect(fromEn.transactions.map((t) => [t.counterparty, t.description])).toEqual([
      ['ACME STORES LTD', 'CARD PAYMENT'],
      ['J SMITH', 'TRANSFER'],
      ['CITY GYM LIMITED', 'DIRECT DEBIT'],
    ]);
    // One text column stays the description, with no counterparty guessed.
    expect(parseBankCsv(Buffer.from(headerless), ctx('x.csv')).transactions[0]?.counterparty).toBe('');
  });

  it('does not take an unknown header for a headerless statement', () => {
    const text = 'When,What,How much\n2024-01-01,coffee,3.00\n2024-01-02,tea,2.00\n';
    expect(bankCsvImporter.detect(Buffer.from(text), ctx())).toBe(false);
  });

  it('reads the small parts the same way everywhere', () => {
    expect(splitAmountText('131.77(已退款89.84)')).toEqual({
      number: '131.77',
      currency: null,
      remark: '已退款89.84',
    });
    expect(splitAmountText('CNY 123.18')).toEqual({ number: '123.18', currency: 'CNY', remark: null });
    expect(splitAmountText('(12.00)').number).toBe('-12.00');
    expect(['借 Dr', '贷 Cr', 'DR', 'c', '借方', '不计收支', '余额'].map(directionFromText)).toEqual([
      'out',
      'in',
      'out',
      'in',
      'out',
      'neutral',
      null,
    ]);
    expect([clockOf('123456', '123456'), clockOf(0.5, ''), clockOf('', '2024-01-01 07:08:09')]).toEqual([
      [12, 34, 56],
      [12, 0, 0],
      [7, 8, 9],
    ]);
    expect(clockOf('', '246000')).toBeNull();
  });
});

describe('payment platforms claimed by their whole header', () => {
  // JD 京东金融 账单 export: UTF-8 with BOM, account facts and disclaimers above the header, cells ending in
  // a TAB, amounts carrying their refund.
  const jd = bomUtf8(
    crlf([
      '导出信息：',
      '京东账号名：jd_xxxx',
      '日期区间：2024-01-01 至 2024-03-31',
      '导出时间：2024-04-01 10:00:00',
      '',
      '交易时间,商户名称,交易说明,金额,收/付款方式,交易状态,收/支,交易分类,交易订单号,商家订单号,备注',
      '2024-03-01 10:11:12\t,京东商城平台商户\t,某品牌 耳机\t,131.77(已退款89.84)\t,招商银行信用卡(1234)\t,交易成功\t,支出\t,数码\t,2403011011\t,O2403011011\t,\t',
      '2024-03-02 09:00:00\t,京东商城平台商户\t,某品牌 毛巾\t,293.10(已全额退款)\t,京东白条\t,退款成功\t,不计收支\t,日用\t,2403020900\t,O2403020900\t,\t',
    ]),
  );

  it('reads a JD bill as JD, not as an Alipay bill, with the refund beside the amount noted', async () => {
    expect(alipayCsvImporter.detect(jd, ctx())).toBe(false);
    expect(bankCsvImporter.detect(jd, ctx())).toBe(false);
    const result = await runImporters(jd, ctx('京东交易流水.csv'));
    expect(result?.format).toBe('jd-csv');
    expect(result?.layout).toBe('jd');
    expect(result?.problems).toEqual([]);
    expect(
      result?.transactions.map((t) => [t.utc, t.amountMinor, t.direction, t.counterparty, t.note]),
    ).toEqual([
      [at8('2024-03-01T10:11:12'), 13177, 'out', '京东商城平台商户', '已退款89.84'],
      [at8('2024-03-02T09:00:00'), 29310, 'neutral', '京东商城平台商户', '已全额退款'],
    ]);
  });

  // Meituan 账单 export: UTF-8 with BOM, a preamble ending in the list's title, `¥` amounts; 订单金额 is the
  // price before discounts, 实付金额 what was paid.
  const meituan = bomUtf8(
    [
      '美团账单明细',
      '起始时间：[2024-02-01 00:00:00] 终止时间：[2024-02-29 23:59:59]',
      '【美团交易账单明细列表】',
      '"交易创建时间","交易成功时间","交易类型","订单标题","收/支","支付方式","订单金额","实付金额","交易单号","商家单号","备注"',
      '"2024-02-03 12:00:01","2024-02-03 12:00:09","支付","某某外卖店 午餐","支出","美团月付","¥45.00","¥31.50","MT0001","S0001",""',
      '"2024-02-04 18:00:00","2024-02-04 18:05:00","退款","某某外卖店 退款","收入","美团月付","¥31.50","¥31.50","MT0002","S0002",""',
    ].join('\n'),
  );

  it('reads a Meituan bill from 实付金额, keeping 订单金额 in the raw row', async () => {
    const result = await runImporters(meituan, ctx('美团账单(20240201-20240229).csv'));
    expect(result?.format).toBe('meituan-csv');
    expect(result?.problems).toEqual([]);
    expect(result?.transactions.map((t) => [t.utc, t.amountMinor, t.direction, t.description])).toEqual([
      [at8('2024-02-03T12:00:09'), 3150, 'out', '某某外卖店 午餐'],
      [at8('2024-02-04T18:05:00'), 3150, 'in', '某某外卖店 退款'],
    ]);
    expect(result?.transactions[0]?.raw).toMatchObject({ 订单金额: '¥45.00', 实付金额: '¥31.50' });
  });

  it('keeps both 备注 columns of a WeChat Pay bill', () => {
    // WeChat Pay's CSV (UTF-8 with BOM) in the layouts where the header ends in two 备注 columns.
    const text = bomUtf8(
      [
        '微信支付账单明细,,,,,,,,,,,',
        '----------------------微信支付账单明细列表--------------------,,,,,,,,,,,',
        '交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注,备注',
        '2024-01-02 03:04:05,商户消费,某店,"咖啡",支出,¥28.00,零钱,支付成功,4200001\t,M1\t,会员价,已开发票',
        '2024-01-03 03:04:05,商户消费,某店,"茶",支出,¥8.00,零钱,支付成功,4200002\t,M2\t,/,/',
      ].join('\n'),
    );
    const result = parseWechatpayCsv(text);
    expect(result.transactions.map((t) => t.note)).toEqual(['会员价; 已开发票', '']);
    expect(result.transactions[0]?.raw).toMatchObject({ 备注: '会员价', '备注 (2)': '已开发票' });
  });

  it('says which Alipay layout it read', async () => {
    const text = gbk(
      '交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n' +
        '2023-02-12 21:32:14,亲友代付,某人,x**@example.com,亲情卡,支出,49.74,银行卡,交易成功,2023021222001\t,\t,,\n',
    );
    expect((await runImporters(text, ctx()))?.layout).toBe('alipay-2023');
  });
});

describe('QIF and MT940 as banks and programs write them', () => {
  // A US bank's QIF download as older Quicken-compatible exporters write it: comment lines above the
  // header, US dates with a four-digit year after the apostrophe, a split record, then an investment
  // account's section that is not payments.
  const qif = [
    '# Exported by a bank web site',
    '; account 1234',
    '!Type:Bank',
    "D2/14'2020",
    'T-45.10',
    'PCORNER STORE',
    'LGroceries',
    '^',
    "D 2/15'2020",
    'T-100.00',
    'PACME UTILITIES',
    'SUtilities:Power',
    'Eelectricity',
    '$-60.00',
    'SUtilities:Water',
    '$-40.00',
    '^',
    '!Type:Invst',
    "D2/16'2020",
    'NBuy',
    'YACME CORP',
    'I10.00',
    'Q5',
    'T50.00',
    '^',
    "D2/17'2020",
    'NSell',
    'T25.00',
    '^',
  ].join('\r\n');

  it('reads US apostrophe dates past comment lines, keeps splits and skips investments with a note', async () => {
    const result = await runImporters(Buffer.from(qif), ctx('download.qif', 'America/New_York'));
    expect(result?.format).toBe('qif');
    expect(result?.problems).toEqual([]);
    expect(
      result?.transactions.map((t) => [t.utc, t.amountMinor, t.direction, t.counterparty, t.category]),
    ).toEqual([
      ['2020-02-14T05:00:00.000Z', 4510, 'out', 'CORNER STORE', 'Groceries'],
      ['2020-02-15T05:00:00.000Z', 10000, 'out', 'ACME UTILITIES', 'Utilities:Power'],
    ]);
    expect(result?.transactions[1]?.raw).toMatchObject({
      'split 1': 'Utilities:Power | electricity | -60.00',
      'split 2': 'Utilities:Water |  | -40.00',
    });
    expect(result?.warnings).toEqual([
      'investment section (!Type:Invst) at line 18 skipped: 2 record(s) of holdings and trades are not payments',
    ]);
  });

  // MT940 from a Hungarian bank (Sberbank's layout; forint amounts have no minor unit here): a funds-code
  // letter after the D/C mark, a transaction type padded with spaces, and the bank's own `:NS:` fields,
  // which must not run into the fields above.
  const mt940 = [
    ':20:STARTUMS',
    ':25:1966315302010001',
    ':28:00046',
    ':NS:22JOHN DOE',
    '23HUF',
    ':60F:C171011HUF627311,30',
    ':61:1710111011DF2402,00S   X',
    ':NS:01Tranzakcios Illetek',
    '09Fee 7.21HUF',
    ':61:1710111011CR1000,00NTRFNONREF',
    ':86:Incoming transfer',
    ':62F:C171011HUF626909,30',
    '-',
  ].join('\r\n');

  it('reads :61: lines with a funds code and keeps :NS: fields apart', async () => {
    const result = await runImporters(Buffer.from(mt940, 'latin1'), ctx('171011.sta', 'Europe/Budapest'));
    expect(result?.format).toBe('mt940');
    expect(result?.problems).toEqual([]);
    expect(
      result?.transactions.map((t) => [t.utc, t.amountMinor, t.currency, t.direction, t.description]),
    ).toEqual([
      ['2017-10-10T22:00:00.000Z', 2402, 'HUF', 'out', '01Tranzakcios Illetek 09Fee 7.21HUF'],
      ['2017-10-10T22:00:00.000Z', 1000, 'HUF', 'in', 'Incoming transfer'],
    ]);
    expect(result?.transactions[0]?.raw).toMatchObject({ account: '1966315302010001' });
  });
});
