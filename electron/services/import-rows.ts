import type { TransactionRecord } from '../../db/queries/records.ts';
import type { ParsedTransaction } from './importers/types.ts';
import type { Locker } from './locker.ts';

/** The rows to store for the transactions an importer or a column map read from one filed item. */
export function transactionRows(
  locker: Locker,
  caseId: string,
  evidenceId: string,
  parsed: readonly ParsedTransaction[],
): TransactionRecord[] {
  return parsed.map((t) => ({
    id: locker.ids('tx'),
    caseId,
    evidenceId,
    ...(t.page ? { page: t.page } : {}),
    line: t.line,
    occurredUtc: t.utc,
    occurredOffset: t.offset,
    amountMinor: t.amountMinor,
    currency: t.currency,
    direction: t.direction,
    counterparty: t.counterparty,
    description: t.description,
    status: t.status,
    method: t.method,
    orderId: t.orderId,
    merchantOrderId: t.merchantOrderId,
    category: t.category,
    note: t.note,
    raw: t.raw,
    disputed: false,
    refundOf: null,
  }));
}
