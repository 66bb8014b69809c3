// The dispute ledger over 100,000 transactions (a year of bills and bank statements of a busy account): the
// matcher, then payments, refunds, rails and series built from its links — the pure functions every screen,
// `locker payments`, `summary` and the packet read through caseLedger.
import type { TransactionRecord } from '../db/queries/records.ts';
import { buildLedger } from '../electron/services/ledger/build.ts';
import { proposeLinks } from '../electron/services/ledger/match.ts';
import { flowOf, hasTimeOfDay, type Sighting } from '../electron/services/ledger/sightings.ts';
import { fmt, report } from './lib.ts';

const ROWS = 100_000;
const start = Date.UTC(2024, 0, 1);
const rows: TransactionRecord[] = [];
let seed = 12345;
// mulberry32: a plain LCG's low bits repeat, which made thousands of identical rows.
const rand = (n: number) => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) % n;
};
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
      row(rows.length, at + 3 * 60_000, 1990 + s * 100, `支付宝-订阅${s}`, 'ev_bank', '网上快捷支付'),
    );
  }
}

const sightings: Sighting[] = rows.map((tx) => ({
  tx,
  key: `${tx.evidenceId.padEnd(64, '0')}:0:${tx.line}`,
  source: tx.evidenceId === 'ev_bank' ? 'bank' : 'alipay',
  format: tx.evidenceId === 'ev_bank' ? 'bank-csv' : 'alipay-csv',
  hasTime: hasTimeOfDay(tx),
  digits: '3167',
  flow: flowOf(tx),
}));
const t0 = performance.now();
const proposed = proposeLinks(sightings);
const t1 = performance.now();
const now = new Date(0).toISOString();
const ledger = buildLedger(
  sightings,
  proposed.map((p) => ({ caseId: 'case_1', ...p, decidedBy: 'auto', createdAt: now, updatedAt: now })),
  new Map(),
  { paymentMethod: '', account: '' },
);
const t2 = performance.now();
report('dispute ledger: matching, payments and series', {
  transactions: ROWS,
  'matching s': fmt((t1 - t0) / 1000, 2),
  'payments + series s': fmt((t2 - t1) / 1000, 2),
  payments: ledger.payments.length,
  'series found': ledger.series.length,
  'linked as one payment': proposed.filter((p) => p.kind === 'same' && p.state === 'linked').length,
  'suggested to the user': proposed.filter((p) => p.state === 'suggested').length,
});
