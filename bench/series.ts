// Recurring-charge detection and cross-source matching over 100,000 transactions (a year of bills and bank
// statements of a busy account): pure functions over the rows, as `locker series` and `summary` run them.
import type { TransactionRecord } from '../db/queries/records.ts';
import { matchSamePayments } from '../electron/services/same-payment.ts';
import { detectSeries } from '../electron/services/series.ts';
import { fmt, report } from './lib.ts';

const ROWS = 100_000;
const start = Date.UTC(2024, 0, 1);
const rows: TransactionRecord[] = [];
let seed = 12345;
const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
const row = (
  i: number,
  at: number,
  amountMinor: number,
  counterparty: string,
  evidenceId: string,
  description = '消费',
) =>
  ({
    id: `tx_${i}`,
    caseId: 'case_1',
    evidenceId,
    line: i + 1,
    occurredUtc: new Date(at).toISOString(),
    occurredOffset: 480,
    amountMinor,
    currency: 'CNY',
    direction: 'out',
    counterparty,
    description,
    status: '交易成功',
    method: '',
    orderId: '',
    merchantOrderId: '',
    category: '',
    note: '',
    raw: {},
    disputed: false,
    refundOf: null,
  }) satisfies TransactionRecord;
// Everyday spending at 3,000 shops at random moments, plus 40 monthly subscriptions whose charges also show on
// the bank statement as `支付宝-…` a few hours later.
for (let i = 0; rows.length < ROWS - 40 * 12 * 2; i++) {
  rows.push(
    row(rows.length, start + rand(365 * 86_400) * 1000, 100 + rand(20_000), `商户${rand(3000)}`, 'ev_alipay'),
  );
}
for (let s = 0; s < 40; s++) {
  for (let m = 0; m < 12; m++) {
    const at = Date.UTC(2024, m, 1 + (s % 28), 8);
    rows.push(row(rows.length, at, 1990 + s * 100, `订阅${s}`, 'ev_alipay', '自动续费'));
    rows.push(
      row(rows.length, at + 3 * 3_600_000, 1990 + s * 100, `支付宝-订阅${s}`, 'ev_bank', '网上快捷支付'),
    );
  }
}

const t0 = performance.now();
const repeats = matchSamePayments(rows);
const t1 = performance.now();
const series = detectSeries(rows, repeats);
const t2 = performance.now();
report('series and cross-source matching', {
  transactions: ROWS,
  'matching s': fmt((t1 - t0) / 1000, 2),
  'series detection s': fmt((t2 - t1) / 1000, 2),
  'series found': series.length,
  'payments seen twice': repeats.size,
});
