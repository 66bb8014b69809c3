import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { say, type Coded } from '../../electron/messages/say.ts';
import { codeOfProblem } from '../../electron/services/import-problems.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { useTempDirs } from '../helpers/temp.ts';

/** One sentence of each kind the importers write about a line they cannot read, word for word. */
const SENTENCES: [string, string][] = [
  ['unreadable amount "1,2.00"', 'problem.unreadable-amount'],
  ['no amount', 'problem.no-amount'],
  ['unreadable time "2023-02-30 10:00:00"', 'problem.unreadable-time'],
  ['unreadable date "31/02/2024"', 'problem.unreadable-date'],
  ['unreadable booking date "2024-13-01"', 'problem.unreadable-booking-date'],
  ['unreadable balance :60F: "C24"', 'problem.mt940-balance'],
  ['unreadable :61: "1710111011DF2402"', 'problem.mt940-line'],
  ['unreadable TRNAMT "1.2.3"', 'problem.unreadable-field'],
  ['impossible date "2024年2月30日 星期五"', 'problem.impossible-date'],
  ['impossible time in "25:61\tAlice\thi"', 'problem.impossible-time'],
  ['impossible date or time (dmy) in "31/02/2024, 10:00 - A: x"', 'problem.impossible-date-time'],
  ['impossible date or time in "2024-02-30 10:00 A"', 'problem.impossible-date-time'],
  ['no time for "joined the group"', 'problem.no-time-for'],
  ['unknown currency "ZZZ"', 'problem.unknown-currency'],
  [
    'no currency column and none known for time zone "Etc/UTC"; amounts marked XXX',
    'problem.no-currency-for-zone',
  ],
  ['QIF names no currency and none is known for "Etc/UTC"; amounts marked XXX', 'problem.qif-no-currency'],
  ['no CURDEF currency in the statement; amounts marked XXX', 'problem.ofx-no-currency'],
  ['entry has no currency (Amt@Ccy)', 'problem.camt-no-currency'],
  ['no :60F: opening balance before :61:, so no currency', 'problem.mt940-no-opening'],
  ['dates are written without a year (MM/DD) and the statement says no period or year', 'problem.no-year'],
  ['unknown time zone "Mars/Base"; times read as UTC', 'problem.unknown-zone'],
  ['the header has no time or amount column', 'problem.header-no-time-amount'],
  ['no Alipay header row (交易时间 … 金额 … 交易状态) found', 'problem.no-header'],
  ['no bank statement header row (date … amount) found', 'problem.no-header'],
  ['no JD (京东) bill header row found', 'problem.no-header'],
  ['no WeChat Pay header row (交易时间,交易类型,交易对方 …) found', 'problem.no-header'],
  ['no WeChat chat header (Type, IsSender, StrContent …) found', 'problem.no-wechat-chat-header'],
  ['direction "constructor" is not in the map', 'problem.direction-not-mapped'],
  ['map: no date column, no amount column', 'problem.map-misfit'],
  ['text before the first message', 'problem.text-before-first'],
  ['message before any date line', 'problem.before-date-line'],
  ['no Date header; the e-mail has no time', 'problem.mail-no-time'],
  ['unreadable e-mail: Unexpected end of input', 'problem.mail-unreadable'],
  ['the Outlook message cannot be opened: not a compound file', 'problem.msg-unopenable'],
  ['a compound file, but not an Outlook message (no message properties)', 'problem.msg-not-outlook'],
  ['the message carries no time of its own', 'problem.msg-no-time'],
  ['the Bank statement (CSV) reader failed: boom', 'problem.reader-failed'],
  ['not a readable XLS workbook: Unsupported file', 'problem.workbook-unreadable'],
  ['malformed XML: unclosed tag', 'problem.malformed-xml'],
  ['not valid JSON: Unexpected token', 'problem.bad-json'],
  ['the zip is password-protected; WhatsApp exports are not', 'problem.zip-password'],
  ['no chat text (_chat.txt or WhatsApp Chat … .txt) in the zip', 'problem.not-in-zip'],
  ['no messages.html in the zip', 'problem.not-in-zip'],
  ['the OFD package is password-protected', 'problem.ofd-password'],
  ['not a Telegram export (no top-level object)', 'problem.telegram-not-export'],
  ['the TNEF stream ends inside an attribute at byte 120', 'problem.tnef-inside'],
  ['the TNEF stream is cut short at byte 88', 'problem.tnef-cut'],
  ['attachment "scan.pdf" holds no data that can be read', 'problem.attachment-empty'],
  ['no BkToCstmrStmt element found', 'problem.not-found'],
  ['no MT940 fields (:20:, :61: …) found', 'problem.not-found'],
  ['no OFX statement (STMTRS or CCSTMTRS) found', 'problem.not-found'],
  ['no bank, cash or card QIF records found', 'problem.not-found'],
  ['no chats with messages found', 'problem.not-found'],
  ['messages2.html: unreadable date "01.13.2024 10:00:00"', 'problem.in-file'],
];

const CHINESE = /[\u4e00-\u9fff]/;

describe('importer line problems as codes', () => {
  it('matches every sentence the importers write to its code, which reads the same in English', () => {
    for (const [sentence, code] of SENTENCES) {
      const c = codeOfProblem(sentence);
      expect(c.code, sentence).toBe(code);
      expect(say(c, 'en')).toBe(sentence);
      const zh = say(c, 'zh-CN');
      expect(zh, sentence).not.toBe(sentence);
      expect(zh, sentence).toMatch(CHINESE);
    }
  });

  it('words the common ones in Chinese with what the line held', () => {
    expect(say(codeOfProblem('unreadable amount "1.0.0"'), 'zh-CN')).toBe('金额无法读取：“1.0.0”');
    expect(say(codeOfProblem('no Alipay header row (交易时间 … 金额 … 交易状态) found'), 'zh-CN')).toBe(
      '没有找到支付宝账单的表头行（交易时间 … 金额 … 交易状态）',
    );
    expect(say(codeOfProblem('messages2.html: no time for "x"'), 'zh-CN')).toBe(
      'messages2.html 中：没有时间：“x”',
    );
  });

  it('keeps a sentence no importer writes word for word', () => {
    const c = codeOfProblem('something else went wrong');
    expect(c).toEqual({ code: 'text', params: { text: 'something else went wrong' } });
    expect(say(c, 'zh-CN')).toBe('something else went wrong');
  });
});

describe('a bill with a line that cannot be read', () => {
  const tempDir = useTempDirs();
  let locker: Locker;
  let caseId: string;
  let inbox: string;

  beforeEach(async () => {
    locker = await Locker.open(tempDir(), {
      clock: () => new Date('2025-09-01T00:00:00.000Z'),
      ids: sequentialIds(),
    });
    caseId = (await locker.createCase({ title: '元保自动扣款' })).id;
    inbox = tempDir();
  });
  afterEach(() => locker.close());

  function put(name: string, bytes: Buffer): string {
    const file = path.join(inbox, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    return file;
  }

  /** Alipay's 2023 layout in GBK: its header on line 2, a row with an amount that is no number on line 4. */
  const alipay = iconv.encode(
    [
      '支付宝交易明细',
      '交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,',
      '2024-03-01 08:00:01,保险,元保保险经纪,/,元保-百万医疗险月缴,支出,39.90,余额宝,交易成功,2024030100001\t,M1\t,,',
      '2024-04-01 08:00:01,保险,元保保险经纪,/,元保-百万医疗险月缴,支出,三十九,余额宝,交易成功,2024040100001\t,M2\t,,',
      '',
    ].join('\n'),
    'gbk',
  );

  it('tells a Chinese reader in Chinese which line and why, from the result and from what was stored', async () => {
    const r = await addPaths(locker, caseId, [put('alipay_record_20240401.csv', alipay)]);
    const item = r.added[0]!;
    expect(item.transactions).toBe(1);
    expect(item.problems).toEqual([
      {
        line: 4,
        error: 'unreadable amount "三十九"',
        code: 'problem.unreadable-amount',
        params: { value: '三十九' },
      },
    ]);
    const note = item.warningCodes.find((w) => w.code === 'warn.lines-unreadable')!;
    expect(say(note, 'zh-CN')).toBe('有 1 行无法读取（第一处：第 4 行：金额无法读取：“三十九”）');
    expect(say(note, 'en')).toBe('1 line(s) could not be read (first: line 4: unreadable amount "三十九")');

    // The item's panel reads the stored note and problems, not the import result.
    const facts = locker.getEvidence(item.id).facts as {
      warnings: Coded[];
      import: { problems: { code: string; params: Coded['params'] }[] };
    };
    const stored = facts.warnings.find((w) => w.code === 'warn.lines-unreadable')!;
    expect(say(stored, 'zh-CN')).toBe('有 1 行无法读取（第一处：第 4 行：金额无法读取：“三十九”）');
    expect(say(facts.import.problems[0]!, 'zh-CN')).toBe('金额无法读取：“三十九”');
  });

  it('gives the problems of an importer that still words them in English their codes too', async () => {
    const csv = Buffer.from('Date,Description,Amount\n2024-01-02,Coffee,abc\n2024-01-03,Tea,-12.00\n');
    const r = await addPaths(locker, caseId, [put('statement.csv', csv)]);
    const item = r.added[0]!;
    expect(item.format).toBe('bank-csv');
    expect(item.problems?.[0]).toMatchObject({ line: 2, code: 'problem.unreadable-amount' });
    const note = item.warningCodes.find((w) => w.code === 'warn.lines-unreadable')!;
    expect(say(note, 'zh-CN')).toBe('有 1 行无法读取（第一处：第 2 行：金额无法读取：“abc”）');
  });
});
