import type { CaseDto } from '../services/calls/cases.ts';

/*
 * The `locker --json` shapes, each made from a call's DTO in one place. They are a contract read by other
 * programs: a field printed once keeps its name, type and meaning (test/cli-json-contract.test.ts), so where a
 * DTO names a fact differently from the command's older output (`isDisputed` for `disputed`, `utc` and
 * `offset` for `at`), the old field is printed from it, and the DTO's own may be added beside it.
 */

/** A case, as `case new|list|set` print it (the fields of a case record, in its order). */
export function caseJson(c: CaseDto) {
  return {
    id: c.id,
    title: c.title,
    counterparty: c.counterparty,
    paymentMethod: c.paymentMethod,
    account: c.account,
    currency: c.currency,
    status: c.status,
    notes: c.notes,
    timezone: c.timezone,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    archivedAt: c.archivedAt,
  };
}
