import type { TransactionRecord } from '../../db/queries/records.ts';

let n = 0;

/** A transaction row as the store holds it, at a China local time (`2025-05-27T08:01:12`), money out by default. */
export function makeTx(
  at: string,
  amountMinor: number,
  counterparty: string,
  extra: Partial<TransactionRecord> = {},
): TransactionRecord {
  n += 1;
  return {
    id: `tx_${n}`,
    caseId: 'case_1',
    evidenceId: 'ev_1',
    line: n,
    occurredUtc: new Date(Date.parse(`${at}+08:00`)).toISOString(),
    occurredOffset: 480,
    amountMinor,
    currency: 'CNY',
    direction: 'out',
    counterparty,
    description: '',
    status: '交易成功',
    method: '',
    orderId: '',
    merchantOrderId: '',
    category: '',
    note: '',
    raw: {},
    disputed: false,
    refundOf: null,
    ...extra,
  };
}
