import type { TransactionRecord } from '../../db/queries/records.ts';
import type { ParsedTransaction } from './importers/types.ts';
import type { Locker } from './locker.ts';

// Crockford base32 in lower case, as ids are written (util/ids.ts): sortable digit by digit.
const DIGITS = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * Ids for the rows read from one item: one fresh id from the locker's generator, then a counter of fixed width
 * after it (`tx_<16 random>` + `000`, `001` …). As unique as the generator's ids (each item's rows share one
 * fresh id no other item gets), and in the order of the rows: an import appends to the id indexes in one
 * place instead of at 100,000 random places, which made a 100,000-row bill's rows and their search
 * entries 0.5 s slower to write.
 */
export function rowIds(locker: Locker, prefix: string, count: number): (index: number) => string {
  // No rows, no id drawn (a test's sequential generator keeps its numbering).
  const base = count > 0 ? locker.ids(prefix) : '';
  let width = 1;
  while (32 ** width < count) width++;
  return (index) => {
    let digits = '';
    for (let n = index, i = 0; i < width; i++, n = Math.floor(n / 32)) digits = DIGITS[n % 32]! + digits;
    return base + digits;
  };
}

/** The rows to store for the transactions an importer or a column map read from one filed item. */
export function transactionRows(
  locker: Locker,
  caseId: string,
  evidenceId: string,
  parsed: readonly ParsedTransaction[],
): TransactionRecord[] {
  const idOf = rowIds(locker, 'tx', parsed.length);
  return parsed.map((t, i) => ({
    id: idOf(i),
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
