import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decideDateOrder, parseBankCsv } from '../../electron/services/importers/bank-csv.ts';
import { runImporters } from '../../electron/services/importers/index.ts';
import { ctx, expectWellFormed } from './helpers.ts';

/**
 * Card and bank statements whose sign of spending, date column or date order is not the obvious one. Each
 * fixture is written here in the layout of a public example file of the double-entry-generator project
 * (deb-sig/double-entry-generator, example/<bank>/…-records.csv), with made-up names and amounts.
 */

const at8 = (local: string) => new Date(`${local}+08:00`).toISOString();
const rows = (result: ReturnType<typeof parseBankCsv>) =>
  result.transactions.map((t) => [t.utc, t.amountMinor, t.direction, t.currency]);

describe('which sign of a card statement is spending', () => {
  it('reads a statement that prints purchases positive and a refund and repayment negative (layout of example/cgb_credit)', () => {
    // No card mark anywhere: a transaction date beside a posting date and no balance, with 退款/还款 rows.
    const bytes = Buffer.from(
      [
        '交易日期,入账日期,交易摘要,交易金额,交易货币,入账金额,入账货币',
        '2025/03/05,2025/03/06,（消费）某咖啡馆,32.00,人民币,32.00,人民币',
        '2025/03/04,2025/03/04,（退款）某商户,-12.50,人民币,-12.50,人民币',
        '2025/03/01,2025/03/02,（还款）银联入账-某人,-600.00,人民币,-600.00,人民币',
        '2025/02/28,2025/02/28,（消费）某超市,45.80,港币,45.80,港币',
      ].join('\n') + '\n',
    );
    const result = parseBankCsv(bytes, ctx('statement.csv', 'Europe/Berlin'));
    expectWellFormed(result);
    expect(result.problems).toEqual([]);
    expect(result.layout).toBe('card-statement');
    expect(rows(result)).toEqual([
      [at8('2025-03-05T00:00:00'), 3200, 'out', 'CNY'],
      [at8('2025-03-04T00:00:00'), 1250, 'in', 'CNY'],
      [at8('2025-03-01T00:00:00'), 60000, 'in', 'CNY'],
      // 交易货币 is a currency column too.
      [at8('2025-02-28T00:00:00'), 4580, 'out', 'HKD'],
    ]);
  });

  it('reads an English card export the same way, from its payment row (layout of example/bmo/credit)', () => {
    const bytes = Buffer.from(
      [
        'Following data is valid as of 202503150812121:',
        '',
        'Item #,Card #,Transaction Date,Posting Date,Transaction Amount,Description',
        "1,'5191000011112222',20250302,20250303,14.55,GROCER #4411 VANCOUVER BC",
        "2,'5191000011112222',20250304,20250305,-30.00,PAYMENT RECEIVED THANK YOU",
        "3,'5191000011112222',20250306,20250307,7.5,COFFEE #88 BURNABY BC",
      ].join('\n') + '\n',
    );
    const result = parseBankCsv(bytes, ctx('statement.csv', 'America/Vancouver'));
    expect(result.problems).toEqual([]);
    expect(result.transactions.map((t) => [t.amountMinor, t.direction, t.currency])).toEqual([
      [1455, 'out', 'CAD'],
      [3000, 'in', 'CAD'],
      [750, 'out', 'CAD'],
    ]);
  });

  it('reads a card statement that prints every amount positive from each row’s words (layout of example/bocom_credit)', () => {
    const bytes = Buffer.from(
      [
        '交易日期,记账日期,交易说明,交易币种/金额,入账币种/金额',
        '2025-03-01,2025-03-01,退货 某打车平台,CNY 45.60,CNY 45.60',
        '2025-03-02,2025-03-03,消费 某外卖平台,CNY 23.40,CNY 23.40',
        '2025-03-04,2025-03-04,消费 某网店,USD 9.99,CNY 72.10',
        '2025-03-05,2025-03-05,信用卡还款 转账还款-某人,CNY 500.00,CNY 500.00',
      ].join('\n') + '\n',
    );
    const result = parseBankCsv(bytes, ctx('statement.csv'));
    expect(result.problems).toEqual([]);
    expect(result.transactions.map((t) => [t.amountMinor, t.direction, t.currency, t.description])).toEqual([
      [4560, 'in', 'CNY', '退货 某打车平台'],
      [2340, 'out', 'CNY', '消费 某外卖平台'],
      // The billed amount (入账币种/金额) is the one read.
      [7210, 'out', 'CNY', '消费 某网店'],
      [50000, 'in', 'CNY', '信用卡还款 转账还款-某人'],
    ]);
  });

  it('takes the posting date when the transaction date is empty, and the repayments’ sign as money in (layout of example/cmb/credit)', () => {
    // Here most rows are negative, so the commoner sign would be the wrong one.
    const bytes = iconv.encode(
      [
        '招商银行信用卡对账单（个人消费卡账户 2025年01月）',
        '交易日,记账日,交易摘要,人民币金额,卡号末四位,交易地金额',
        ',12/28,掌上生活还款,-100.00,9876,-100.00',
        ',12/29,银联转账还款,-50.00,9876,-50.00',
        '12/30,12/31,某影院,45.00,9876,45.00',
        '01/03,01/04,某餐厅退货,-8.80,9876,-8.80(CN)',
        '01/06,01/07,某电信,"1,200.00",9876,"1,200.00(CN)"',
      ].join('\r\n') + '\r\n',
      'gb18030',
    );
    const result = parseBankCsv(bytes, ctx('statement.csv'));
    expect(result.problems).toEqual([]);
    expect(result.layout).toBe('card-statement');
    expect(rows(result)).toEqual([
      [at8('2024-12-28T00:00:00'), 10000, 'in', 'CNY'],
      [at8('2024-12-29T00:00:00'), 5000, 'in', 'CNY'],
      [at8('2024-12-30T00:00:00'), 4500, 'out', 'CNY'],
      [at8('2025-01-03T00:00:00'), 880, 'in', 'CNY'],
      [at8('2025-01-06T00:00:00'), 120000, 'out', 'CNY'],
    ]);
  });

  it('keeps a current account’s own signs: a 还款 paid from it is money out (layout of example/abc_debit)', () => {
    const bytes = iconv.encode(
      [
        '交易日期,交易时间,交易摘要,交易金额,本次余额,对手信息,日 志 号,交易渠道,交易附言',
        '20250303,091502,转存,+2500.00,3500.00,王小二,400100200,超级网银,转账',
        '20250304,184455,财付通,-23.50,3476.50,某便利店,400100201,电子商务,微信支付-便利店',
        '20250305,,正常还款,-800.00,2676.50,62220000111122223,400100202',
        '20250306,,退款,+5.00,2681.50,某网店,400100203',
      ].join('\n') + '\n',
      'gbk',
    );
    const result = parseBankCsv(bytes, ctx('statement.csv'));
    expect(result.problems).toEqual([]);
    expect(rows(result)).toEqual([
      [at8('2025-03-03T09:15:02'), 250000, 'in', 'CNY'],
      [at8('2025-03-04T18:44:55'), 2350, 'out', 'CNY'],
      [at8('2025-03-05T00:00:00'), 80000, 'out', 'CNY'],
      [at8('2025-03-06T00:00:00'), 500, 'in', 'CNY'],
    ]);
  });
});

describe('headers and dates banks write their own way', () => {
  it('finds a header whose date is "Date Posted", below blank lines, with blank lines before the rows (layout of example/bmo/debit)', async () => {
    const bytes = Buffer.from(
      [
        'Following data is valid as of 20250315101010 (Year/Month/Day/Hour/Minute/Second)',
        '',
        '',
        'First Bank Card,Transaction Type,Date Posted, Transaction Amount,Description',
        '',
        '',
        "'5678000011112222',CREDIT,20250301,1200.00,[DN]PAYROLL ACME CORP            ",
        "'5678000011112222',DEBIT,20250303,-45.10,[CW]PHONE COMPANY                   ",
      ].join('\n') + '\n',
    );
    const result = await runImporters(bytes, ctx('statement.csv', 'America/Toronto'));
    expect(result?.format).toBe('bank-csv');
    expect(result?.problems).toEqual([]);
    expect(result?.transactions.map((t) => [t.amountMinor, t.direction, t.currency, t.description])).toEqual([
      [120000, 'in', 'CAD', '[DN]PAYROLL ACME CORP'],
      [4510, 'out', 'CAD', '[CW]PHONE COMPANY'],
    ]);
  });

  it('reads ambiguous a/b/yyyy dates the way that keeps them close together (layout of example/td)', () => {
    // No header; date, description, debit, credit, balance; every date reads both ways.
    const bytes = Buffer.from(
      [
        '03/01/2025,PHARMACY #12 _M,12.34,,500.00',
        '03/02/2025,PAYROLL DEP  MSP,,1500.00,2000.00',
        '03/03/2025,SEND E-TFR ***abc   ,200.00,,1800.00',
        '03/04/2025,POWER UTILITY ,88.10,,1711.90',
        '',
        '',
      ].join('\n'),
    );
    const result = parseBankCsv(bytes, ctx('statement.csv', 'Europe/Berlin'));
    expect(result.layout).toBe('bank-no-header');
    expect(result.transactions.map((t) => [t.utc.slice(0, 10), t.direction, t.amountMinor])).toEqual([
      ['2025-02-28', 'out', 1234],
      ['2025-03-01', 'in', 150000],
      ['2025-03-02', 'out', 20000],
      ['2025-03-03', 'out', 8810],
    ]);
    // Four days apart one way, four months the other; with one date (no spread) the zone still decides.
    expect(decideDateOrder(['03/01/2025', '03/04/2025'], 'Europe/Berlin')).toBe('mdy');
    expect(decideDateOrder(['01/03/2025', '04/03/2025'], 'America/New_York')).toBe('dmy');
    expect(decideDateOrder(['03/01/2025'], 'Europe/Berlin')).toBe('dmy');
  });
});
