import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transactionJson } from '../../electron/cli/json.ts';
import { chargesOf } from '../../electron/services/calls/records.ts';
import { migrate } from '../../db/migrate.ts';
import { confirmSameSuggestions } from '../../electron/services/ledger/index.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import {
  caseMessages,
  caseSeries,
  caseSummary,
  caseTransactions,
  disputeTransactions,
  linkRefund,
  markMessageKey,
} from '../../electron/services/records.ts';
import { verifyLocker } from '../../electron/services/verify.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { gbkFixture, readFixture } from '../importers/helpers.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();
let locker: Locker;
let caseId: string;
let inbox: string;

beforeEach(async () => {
  locker = await Locker.open(tempDir(), { ids: sequentialIds() });
  caseId = (await locker.createCase({ title: 'Alipay charges', counterparty: '某某商城' })).id;
  inbox = tempDir();
});
afterEach(() => locker.close());

function put(name: string, bytes: Buffer): string {
  const file = path.join(inbox, name);
  writeFileSync(file, bytes);
  return file;
}

describe('filing payment exports', () => {
  it('files an Alipay bill as a statement and keeps every good row with its line, reporting the bad ones', async () => {
    const r = await addPaths(locker, caseId, [put('alipay.csv', gbkFixture('alipay-2023.utf8.csv'))]);
    expect(r.errors).toEqual([]);
    const item = r.added[0]!;
    expect(item).toMatchObject({ kind: 'statement', format: 'alipay-csv' });
    expect(item.problemCount).toBeGreaterThanOrEqual(2);
    expect(item.problems!.map((p) => p.line)).toEqual(expect.arrayContaining([21, 22]));
    const rows = chargesOf(locker, caseId).transactions.map(transactionJson);
    expect(rows.length).toBe(item.transactions);
    expect(rows[0]).toMatchObject({ source: { evidenceId: item.id, line: expect.any(Number) as number } });
    const lunch = rows.find((t) => t.description === '午餐')!;
    expect(lunch).toMatchObject({
      at: '2023-03-05T12:30:01+08:00',
      amount: '38.50',
      currency: 'CNY',
      direction: 'out',
    });
    const ats = rows.map((t) => Date.parse(t.at));
    expect(ats).toEqual([...ats].sort((a, b) => a - b));
    // A bill dates itself by the last charge it lists, not by when its file was copied.
    expect(item).toMatchObject({ occurredAt: rows.at(-1)!.at, occurredSource: 'content' });
  });

  it('says so when a bill was re-saved by a spreadsheet program, and still files its rows', async () => {
    const resaved = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFixture('alipay-2023.utf8.csv')]);
    const r = await addPaths(locker, caseId, [put('alipay-excel.csv', resaved)]);
    expect(r.added[0]).toMatchObject({ format: 'alipay-csv', kind: 'statement' });
    expect(r.added[0]!.warnings.join(' ')).toMatch(/re-saved in a spreadsheet program/);
    expect(caseTransactions(locker, caseId).length).toBe(r.added[0]!.transactions);
  });

  it('files the same bill twice as one item, never doubling its rows', async () => {
    const bytes = gbkFixture('alipay-2023.utf8.csv');
    await addPaths(locker, caseId, [put('a.csv', bytes)]);
    const n = caseTransactions(locker, caseId).length;
    const again = await addPaths(locker, caseId, [put('b.csv', bytes)]);
    expect(again.duplicates).toHaveLength(1);
    expect(caseTransactions(locker, caseId)).toHaveLength(n);
  });

  it('links an Alipay refund to its charge by order id, and nets it out of the disputed total', async () => {
    await addPaths(locker, caseId, [put('alipay.csv', gbkFixture('alipay-2023.utf8.csv'))]);
    const rows = caseTransactions(locker, caseId);
    const charge = rows.find((t) => t.description === 'T恤')!;
    const refund = rows.find((t) => t.description === '退款-T恤')!;
    expect(refund.refundOf).toBe(charge.id);

    const d = await disputeTransactions(locker, caseId, { match: '某某商城' });
    // Only money out is a disputed charge: the refund row matches the text but is not marked.
    expect(d.matched).toEqual([charge.id]);
    expect(caseSummary(locker, caseId).disputed).toEqual({
      count: 1,
      totals: [{ currency: 'CNY', count: 1, charged: '30.00', refunded: '30.00', outstanding: '0.00' }],
    });
    const tl = locker.timeline(caseId).filter((e) => e.type === 'transaction');
    expect(tl.map((e) => [e.kind, e.amount])).toEqual([
      ['charge', '30.00'],
      ['refund', '30.00'],
    ]);
    expect(locker.custodyLog({ caseId }).at(-1)).toMatchObject({
      action: 'transactions.dispute',
      details: { match: '某某商城', transactionIds: [charge.id] },
    });

    await expect(disputeTransactions(locker, caseId, { ids: [refund.id] })).rejects.toThrow(/not a charge/);
    await linkRefund(locker, refund.id, null);
    expect(caseSummary(locker, caseId).disputed.totals[0]).toMatchObject({
      refunded: '0.00',
      outstanding: '30.00',
    });
    await disputeTransactions(locker, caseId, { ids: [charge.id], disputed: false });
    expect(caseSummary(locker, caseId).disputed.count).toBe(0);
  });

  it('refuses to edit an imported row, and verify still passes after disputes', async () => {
    await addPaths(locker, caseId, [put('alipay.csv', gbkFixture('alipay-2023.utf8.csv'))]);
    const t = caseTransactions(locker, caseId)[0]!;
    expect(() =>
      locker.db.prepare('UPDATE transactions SET amount_minor = 1 WHERE id = ?').run(t.id),
    ).toThrow(/facts of their original/);
    await disputeTransactions(locker, caseId, { match: '餐厅' });
    expect((await verifyLocker(locker)).problems).toEqual([]);
  });

  it('reads a WhatsApp export as messages and puts a key message on the timeline', async () => {
    const r = await addPaths(locker, caseId, [put('chat.txt', readFixture('whatsapp-android-dmy.txt'))]);
    expect(r.added[0]).toMatchObject({ kind: 'chat', format: 'whatsapp-txt' });
    const msgs = caseMessages(locker, caseId);
    expect(msgs.length).toBe(r.added[0]!.messages);
    const said = msgs.find((m) => !m.isSystem)!;
    await markMessageKey(locker, said.id, true);
    const entry = locker.timeline(caseId).find((e) => e.type === 'message');
    expect(entry).toMatchObject({
      messageId: said.id,
      source: { evidenceId: r.added[0]!.id, line: said.line },
    });
  });

  it('files a CSV no importer knows as a plain document, and says so', async () => {
    const r = await addPaths(locker, caseId, [put('odd.csv', Buffer.from('a,b,c\n1,2,3\n4,5,6\n'))]);
    expect(r.added[0]).toMatchObject({ kind: 'document' });
    expect(r.added[0]!.warnings.join(' ')).toMatch(/filed as a plain document/);
  });
});

describe('recurring charges', () => {
  it('finds the monthly 元保 charges in a filed Alipay bill and disputes the whole series at once', async () => {
    const header =
      '交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,';
    const rows = ['2025-03-27', '2025-04-27', '2025-05-27', '2025-06-27'].map(
      (d, i) =>
        `${d} 08:01:12,保险,元保,/,元保-百万医疗险月缴,支出,39.90,余额宝,交易成功,20250${i}27001\t,M${i}\t,,`,
    );
    rows.push('2025-05-02 12:00:00,餐饮美食,某某餐厅,/,午餐,支出,15.80,余额宝,交易成功,2025050200\t,M9\t,,');
    const csv = ['------', '支付宝交易记录明细查询', header, ...rows].join('\n') + '\n';
    const { default: iconv } = await import('iconv-lite');
    await addPaths(locker, caseId, [put('alipay.csv', iconv.encode(csv, 'gbk'))]);
    const series = caseSeries(locker, caseId);
    expect(series).toEqual([
      expect.objectContaining({
        counterparty: '元保',
        count: 4,
        interval: 'monthly',
        amount: '39.90',
        total: '159.60',
      }),
    ]);
    await disputeTransactions(locker, caseId, { ids: series[0]!.transactions });
    expect(caseSummary(locker, caseId).disputed.totals).toEqual([
      { currency: 'CNY', count: 4, charged: '159.60', refunded: '0.00', outstanding: '159.60' },
    ]);
    expect(caseSeries(locker, caseId)[0]!.disputed).toBe(4);
  });
});

describe('migration 2', () => {
  it('adds transactions and messages to a locker at version 1 without touching its items', () => {
    const db = new Database(':memory:');
    migrate(db, 1);
    db.prepare(`INSERT INTO cases (id, title, created_at, updated_at) VALUES ('c1', 't', 'x', 'x')`).run();
    migrate(db, 2);
    expect(db.prepare('SELECT id FROM cases').all()).toEqual([{ id: 'c1' }]);
    expect(db.prepare('SELECT count(*) AS n FROM transactions').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('one payment in two files', () => {
  it('counts a charge seen in the Alipay bill and on the bank statement once, in the series and the totals', async () => {
    const { default: iconv } = await import('iconv-lite');
    const header =
      '交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,';
    const days = ['2025-03-27', '2025-04-27', '2025-05-27'];
    const alipay = [
      '------',
      header,
      ...days.map(
        (d, i) => `${d} 08:01:12,保险,元保,/,百万医疗险月缴,支出,39.90,招商银行,交易成功,A${i}\t,M${i}\t,,`,
      ),
    ];
    const bank = [
      'Date,Description,Amount,Currency',
      ...days.map(
        (d) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)},支付宝-元保 网上快捷支付,-39.90,CNY`,
      ),
    ];
    await addPaths(locker, caseId, [
      put('alipay.csv', iconv.encode(alipay.join('\n') + '\n', 'gbk')),
      put('bank.csv', Buffer.from(bank.join('\n') + '\n')),
    ]);
    const rows = caseTransactions(locker, caseId);
    expect(rows).toHaveLength(6);
    // The bank prints dates only: each match is a suggestion until the user confirms it.
    expect(caseSummary(locker, caseId).payments).toMatchObject({ count: 6, toConfirm: 3 });
    expect(await confirmSameSuggestions(locker, caseId)).toBe(3);
    expect(locker.custodyLog({ caseId }).filter((e) => e.action === 'ledger.confirm')).toHaveLength(1);
    const series = caseSeries(locker, caseId);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ count: 3, total: '119.70' });
    expect(series[0]!.transactions).toHaveLength(6);
    await disputeTransactions(locker, caseId, { ids: series[0]!.transactions });
    const summary = caseSummary(locker, caseId);
    expect(summary.seenTwice).toBe(3);
    expect(summary.payments).toMatchObject({ count: 3, charges: 3, disputed: 3, toConfirm: 0 });
    expect(summary.charges).toEqual([{ currency: 'CNY', total: '119.70', count: 3 }]);
    expect(summary.disputed).toMatchObject({
      count: 3,
      totals: [{ charged: '119.70', outstanding: '119.70' }],
    });
  });
});

describe('emails', () => {
  it('files an email with its attachment as a linked item and its body as a message', async () => {
    const pdf = (await import('../helpers/images.ts')).makePdf('Policy schedule 元保');
    const eml = [
      'From: "元保客服" <service@yuanbao.example>',
      'To: me@example.com',
      'Subject: =?UTF-8?B?5YWz5LqO5oKo55qE6Ieq5Yqo57ut6LS5?=',
      'Date: Wed, 27 Aug 2025 08:30:00 +0800',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      '您的自动续费已成功扣款 39.90 元。',
      '--b1',
      'Content-Type: application/pdf; name="../../etc/policy.pdf"',
      'Content-Disposition: attachment; filename="../../etc/policy.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      pdf.toString('base64').replace(/.{76}/g, '$&\n'),
      '--b1',
      'Content-Type: application/octet-stream; name="empty.bin"',
      'Content-Disposition: attachment; filename="empty.bin"',
      '',
      '',
      '--b1--',
      '',
    ].join('\r\n');
    const file = put('notice.eml', Buffer.from(eml));
    const r = await addPaths(locker, caseId, [file]);
    const [mail, attachment] = r.added;
    expect(mail).toMatchObject({
      kind: 'email',
      format: 'email',
      title: '关于您的自动续费',
      occurredAt: '2025-08-27T08:30:00+08:00',
      occurredSource: 'content',
    });
    expect(attachment).toMatchObject({
      kind: 'document',
      parentId: mail!.id,
      path: `${file} › .._.._etc_policy.pdf`,
    });
    expect(locker.getEvidence(attachment!.id)).toMatchObject({
      originalName: '.._.._etc_policy.pdf',
      acquisitionMethod: 'attachment',
      parentId: mail!.id,
    });
    expect(r.errors).toEqual([
      {
        path: `${file} › empty.bin`,
        error: expect.stringMatching(/empty/) as string,
        code: 'intake.empty',
        params: {},
      },
    ]);
    const messages = caseMessages(locker, caseId);
    expect(messages).toEqual([
      expect.objectContaining({ text: expect.stringContaining('39.90 元') as string }),
    ]);
  });
});

describe('currencies without minor units', () => {
  it('keeps a yen amount as written through filing, listing and totals', async () => {
    const csv =
      'Date,Description,Amount,Currency\n05/03/2025,Tokyo Metro,-1000,JPY\n06/03/2025,Konbini,-580,JPY\n';
    await addPaths(locker, caseId, [put('jp-card.csv', Buffer.from(csv))]);
    const rows = chargesOf(locker, caseId).transactions.map(transactionJson);
    expect(rows.map((t) => [t.amount, t.currency, t.direction])).toEqual([
      ['1000', 'JPY', 'out'],
      ['580', 'JPY', 'out'],
    ]);
    expect(caseSummary(locker, caseId).charges).toEqual([{ currency: 'JPY', total: '1580', count: 2 }]);
  });
});
