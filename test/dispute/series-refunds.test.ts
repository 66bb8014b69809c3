import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addPaths } from '../../electron/services/intake.ts';
import { confirmSameSuggestions } from '../../electron/services/ledger/index.ts';
import { Locker } from '../../electron/services/locker.ts';
import {
  caseSeries,
  caseSummary,
  caseTransactions,
  disputeSeries,
  linkRefund,
} from '../../electron/services/records.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { put } from './helpers.ts';

const tempDir = useTempDirs();
let locker: Locker;
let caseId: string;
let inbox: string;

beforeEach(async () => {
  locker = await Locker.open(tempDir(), { ids: sequentialIds() });
  caseId = (await locker.createCase({ title: '被元保自动扣款', counterparty: '元保' })).id;
  inbox = tempDir();
});
afterEach(() => locker.close());

const HEADER =
  '交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,';
const alipay = (rows: string[]) =>
  iconv.encode(['------', '支付宝交易记录明细查询', HEADER, ...rows].join('\n') + '\n', 'gbk');
const DAYS = ['2025-03-27', '2025-04-27', '2025-05-27', '2025-06-27'];

/**
 * A refund export filed before the bill (so the import could not link it), the bill with four monthly 元保
 * charges, a refund with no order id in common and refunds that are not 元保's; the bank statement shows the
 * charges and one refund a second time.
 */
async function fileCase() {
  await addPaths(locker, caseId, [
    put(
      inbox,
      'refund-first.csv',
      alipay([
        '2025-05-30 10:00:00,退款,元保,/,退款-元保-百万医疗险月缴,不计收支,10.00,余额宝,退款成功,Y2_R1\t,,,',
      ]),
    ),
  ]);
  await addPaths(locker, caseId, [
    put(
      inbox,
      'alipay.csv',
      alipay([
        ...DAYS.map(
          (d, i) =>
            `${d} 08:01:12,保险,元保,/,元保-百万医疗险月缴,支出,39.90,余额宝,交易成功,Y${i}\t,M${i}\t,,`,
        ),
        // Money back from 元保 with its own order number: matched by payee, amount and time.
        '2025-06-28 09:00:00,退款,元保,/,元保退款,不计收支,39.90,余额宝,退款成功,R9\t,,,',
        // Not 元保's, and one before 元保 ever charged: neither is linked.
        '2025-05-03 12:00:00,退款,某某餐厅,/,退款-午餐,不计收支,15.80,余额宝,退款成功,L9\t,,,',
        '2025-02-01 12:00:00,退款,元保,/,退款,不计收支,5.00,余额宝,退款成功,R0\t,,,',
      ]),
    ),
    put(
      inbox,
      'bank.csv',
      [
        'Date,Description,Amount,Currency',
        ...DAYS.map(
          (d) => `${d.slice(8)}/${d.slice(5, 7)}/${d.slice(0, 4)},支付宝-元保 网上快捷支付,-39.90,CNY`,
        ),
        '28/06/2025,支付宝-元保 网上快捷退款,39.90,CNY',
      ].join('\n') + '\n',
    ),
  ]);
  // The bank prints dates only: the user confirms that its lines are the bill's payments.
  await confirmSameSuggestions(locker, caseId);
  const rows = caseTransactions(locker, caseId);
  const find = (pred: (t: (typeof rows)[number]) => boolean) => {
    const t = rows.find(pred);
    if (!t) throw new Error('row not filed');
    return t;
  };
  return {
    rows,
    mayCharge: find((t) => t.orderId === 'Y2'),
    juneCharge: find((t) => t.orderId === 'Y3'),
    bankJuneCharge: find((t) => t.direction === 'out' && t.occurredUtc.startsWith('2025-06-2') && !t.orderId),
    orderRefund: find((t) => t.orderId === 'Y2_R1'),
    payeeRefund: find((t) => t.orderId === 'R9'),
    bankRefund: find((t) => t.direction === 'in' && t.description.includes('退款')),
    lunchRefund: find((t) => t.orderId === 'L9'),
    earlyRefund: find((t) => t.orderId === 'R0'),
  };
}

describe('disputing a series', () => {
  it('marks all its charges and links every refund of them, each link in the custody log', async () => {
    const f = await fileCase();
    expect(f.orderRefund.refundOf).toBeNull();
    expect(f.payeeRefund.refundOf).toBeNull();
    const [series] = caseSeries(locker, caseId);
    expect(series).toMatchObject({ counterparty: '元保', count: 4 });
    expect(series!.transactions).toHaveLength(8);

    const r = await disputeSeries(locker, caseId, series!.id);
    expect(r.changed).toBe(8);
    const sortLinks = (l: { refundId: string; chargeId: string; by: string }[]) =>
      [...l].sort((a, b) => (a.refundId < b.refundId ? -1 : 1));
    expect(sortLinks(r.refundsLinked)).toEqual(
      sortLinks([
        { refundId: f.orderRefund.id, chargeId: f.mayCharge.id, by: 'order' },
        { refundId: f.payeeRefund.id, chargeId: f.juneCharge.id, by: 'counterparty' },
        // The bank's line of the same refund goes to the bank's line of the same charge.
        { refundId: f.bankRefund.id, chargeId: f.bankJuneCharge.id, by: 'counterparty' },
      ]),
    );
    const after = new Map(caseTransactions(locker, caseId).map((t) => [t.id, t]));
    expect(after.get(f.lunchRefund.id)!.refundOf).toBeNull();
    expect(after.get(f.earlyRefund.id)!.refundOf).toBeNull();
    const links = locker.custodyLog({ caseId }).filter((e) => e.action === 'transactions.link-refund');
    expect(links.map((e) => e.subjectId).sort()).toEqual(r.refundsLinked.map((l) => l.refundId).sort());

    // Four charges of 39.90 (each seen twice, counted once), 10.00 + 39.90 back (the bank's copy not again).
    expect(caseSummary(locker, caseId).disputed).toEqual({
      count: 4,
      totals: [{ currency: 'CNY', count: 4, charged: '159.60', refunded: '49.90', outstanding: '109.70' }],
    });
  });

  it('leaves a refund the user linked elsewhere, links nothing twice, and does not link when undoing', async () => {
    const f = await fileCase();
    const [series] = caseSeries(locker, caseId);
    await linkRefund(locker, f.payeeRefund.id, f.mayCharge.id);
    const undo = await disputeSeries(locker, caseId, series!.id, { disputed: false });
    expect(undo).toMatchObject({ changed: 0, refundsLinked: [] });
    const first = await disputeSeries(locker, caseId, series!.id);
    expect(first.refundsLinked.map((l) => l.refundId)).not.toContain(f.payeeRefund.id);
    const again = await disputeSeries(locker, caseId, series!.id);
    expect(again).toMatchObject({ changed: 0, refundsLinked: [] });
    expect(caseTransactions(locker, caseId).find((t) => t.id === f.payeeRefund.id)!.refundOf).toBe(
      f.mayCharge.id,
    );
    await expect(disputeSeries(locker, caseId, 'ser_nope')).rejects.toThrow(/No recurring series/);
  });
});

describe('disputing a series in the app', () => {
  it('links its refunds when the page disputes all of its charges in one action', async () => {
    const { dispatch } = await import('../../electron/ipc/dispatch.ts');
    const { bindCalls } = await import('../../electron/services/calls/index.ts');
    const f = await fileCase();
    const [series] = caseSeries(locker, caseId);
    const handlers = bindCalls({ locker });
    const some = await dispatch(
      'transaction:dispute',
      { caseId, ids: [f.juneCharge.id], disputed: true },
      handlers['transaction:dispute'],
    );
    expect(some.ok).toBe(true);
    // One charge is not the series: nothing is linked.
    expect(caseTransactions(locker, caseId).find((t) => t.id === f.payeeRefund.id)!.refundOf).toBeNull();
    const all = await dispatch(
      'transaction:dispute',
      { caseId, ids: series!.transactions, disputed: true },
      handlers['transaction:dispute'],
    );
    expect(all.ok && all.value.disputed.totals).toEqual([
      { currency: 'CNY', count: 4, charged: '159.60', refunded: '49.90', outstanding: '109.70' },
    ]);
  });
});
