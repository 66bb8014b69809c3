import {
  getMessage,
  getTransaction,
  listMessages,
  listTransactions,
  setDisputed,
  setMessageKey,
  setRefundOf,
  type MessageRecord,
  type TransactionRecord,
} from '../../db/queries/records.ts';
import { eventFacts, type EventFacts } from '../../db/queries/events.ts';
import { LockerInputError, NotFoundError } from './errors.ts';
import type { Locker } from './locker.ts';
import { caseLedger, disputedPayments, totalsOf, type CurrencyTotals } from './ledger/index.ts';
import type { LedgerSeries } from './ledger/build.ts';
import { REFUND_RE } from './ledger/sightings.ts';
import { normaliseCounterparty } from './series.ts';

/*
 * The rows read from bills and chats, and what the user decides about them. These functions hand back records
 * (or ids); the calls (services/calls/records.ts) make the DTOs every transport reads, and the `locker` command
 * its `--json` shapes from those DTOs (cli/json.ts).
 */

export function caseTransactions(locker: Locker, caseId: string): TransactionRecord[] {
  return listTransactions(locker.db, locker.getCase(caseId).id);
}

export function caseMessages(locker: Locker, caseId: string): MessageRecord[] {
  return listMessages(locker.db, locker.getCase(caseId).id);
}

/** Recurring charges of a case: series of payments, one per merchant and product (see the ledger). */
export function caseSeries(locker: Locker, caseId: string): LedgerSeries[] {
  return caseLedger(locker, caseId).series;
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase();

/** True when `text` appears in any of the row's words: counterparty, description, note, category, order ids. */
export function transactionMatches(t: TransactionRecord, text: string): boolean {
  const needle = fold(text.trim());
  if (!needle) return false;
  return [t.counterparty, t.description, t.note, t.category, t.orderId, t.merchantOrderId, t.method].some(
    (f) => fold(f).includes(needle),
  );
}

/**
 * Marks charges disputed (or not): those matching `match` (money out only — refunds and income are never
 * "disputed charges"), and/or the given ids. One custody entry lists every row changed.
 */
export async function disputeTransactions(
  locker: Locker,
  caseId: string,
  options: { match?: string; ids?: string[]; disputed?: boolean },
): Promise<{ matched: string[]; changed: number }> {
  const c = locker.getCase(caseId);
  const disputed = options.disputed ?? true;
  if (!options.match?.trim() && !options.ids?.length) {
    throw new LockerInputError('dispute.which');
  }
  const rows = listTransactions(locker.db, c.id);
  const byId = new Map(rows.map((t) => [t.id, t]));
  const chosen = new Map<string, TransactionRecord>();
  if (options.match?.trim()) {
    for (const t of rows)
      if (t.direction === 'out' && transactionMatches(t, options.match)) chosen.set(t.id, t);
  }
  for (const id of options.ids ?? []) {
    const t = byId.get(id);
    if (!t) throw new NotFoundError('transaction-in-case', id);
    // Only a charge can be disputed; a refund is linked to its charge instead (linkRefund).
    if (t.direction !== 'out') throw new LockerInputError('dispute.not-a-charge', { id });
    chosen.set(id, t);
  }
  // A payment is disputed as a whole: the bank's line of an Alipay charge goes with it.
  const ledger = caseLedger(locker, c.id);
  const payments = [
    ...new Set([...chosen.keys()].map((id) => ledger.byTransaction.get(id)!).filter(Boolean)),
  ];
  for (const p of payments) for (const s of p.sightings) if (s.flow === 'out') chosen.set(s.tx.id, s.tx);
  const toChange = [...chosen.values()].filter((t) => t.disputed !== disputed).map((t) => t.id);
  if (toChange.length) {
    locker.write((log) => {
      setDisputed(locker.db, toChange, disputed);
      log({
        action: disputed ? 'transactions.dispute' : 'transactions.undispute',
        caseId: c.id,
        subjectId: c.id,
        details: { match: options.match ?? null, transactionIds: toChange },
      });
    });
    await locker.saveChainHead();
  }
  // The rows chosen, in the order they were chosen (matched, then named, then their payments' other rows).
  return { matched: [...chosen.keys()], changed: toChange.length };
}

/** Links a refund to the charge it returns (or unlinks it with `chargeId` null); answers with the refund's row. */
export async function linkRefund(
  locker: Locker,
  refundId: string,
  chargeId: string | null,
): Promise<TransactionRecord> {
  const refund = getTransaction(locker.db, refundId);
  if (!refund) throw new NotFoundError('transaction', refundId);
  if (chargeId) {
    const charge = getTransaction(locker.db, chargeId);
    if (!charge || charge.caseId !== refund.caseId) throw new NotFoundError('charge-in-case', chargeId);
    if (charge.direction !== 'out') throw new LockerInputError('refund.not-a-charge', { id: chargeId });
    if (refund.direction === 'out') throw new LockerInputError('refund.is-money-out', { id: refundId });
  }
  if (refund.refundOf === chargeId) return refund;
  locker.write((log) => {
    setRefundOf(locker.db, refundId, chargeId);
    log({
      action: 'transactions.link-refund',
      caseId: refund.caseId,
      subjectId: refundId,
      details: { before: refund.refundOf, after: chargeId },
    });
  });
  await locker.saveChainHead();
  return { ...refund, refundOf: chargeId };
}

export type RefundLink = {
  refundId: string;
  chargeId: string;
  /** `order`: the refund names the charge's order; `counterparty`: same payee, not more, after the charge. */
  by: 'order' | 'counterparty';
};

/**
 * Links every refund of the case that belongs to the given charges and is not linked yet: by order id
 * (Alipay writes a refund's id as the charge's plus `_suffix`), else the same payee once normalised, an
 * amount no larger than the charge, after it — the latest such charge not refunded yet. Works on payments: a
 * refund seen in the bill and on the bank statement is one refund, and each of its rows is linked to the
 * charge's row in the same file (else the charge's most precise row). One custody entry per row linked.
 */
export async function linkRefundsOfCharges(
  locker: Locker,
  caseId: string,
  chargeIds: readonly string[],
): Promise<RefundLink[]> {
  const c = locker.getCase(caseId);
  const ledger = caseLedger(locker, c.id);
  const charges = [...new Set(chargeIds.map((id) => ledger.byTransaction.get(id)).filter(Boolean))]
    .filter((p) => p!.kind === 'charge')
    .map((p) => p!)
    .sort((a, b) => (a.anchor.tx.occurredUtc < b.anchor.tx.occurredUtc ? -1 : 1));
  if (!charges.length) return [];
  const byOrder = new Map<string, (typeof charges)[number]>();
  for (const p of charges) for (const id of p.orderIds) byOrder.set(id, p);
  const refunded = new Set(ledger.payments.filter((p) => p.refundOf).map((p) => p.refundOf!));
  const keyOf = (t: TransactionRecord) => normaliseCounterparty(t.counterparty, t.description);
  const namesOf = (t: TransactionRecord) => `${keyOf(t)} ${normaliseCounterparty(t.description)}`;
  // A bank line names the payee inside its description (`支付宝-元保 网上快捷退款`): one name within the other.
  const sameParty = (charge: TransactionRecord, refund: TransactionRecord) => {
    const kc = keyOf(charge);
    const kr = keyOf(refund);
    return (
      (kc.length >= 2 && namesOf(refund).includes(kc)) || (kr.length >= 2 && namesOf(charge).includes(kr))
    );
  };
  const links: RefundLink[] = [];
  for (const refund of ledger.payments) {
    if (refund.kind === 'charge' || refund.refundOf || refund.amountMinor === 0) continue;
    const rows = refund.sightings.map((s) => s.tx);
    const ids = rows.flatMap((t) => [
      t.orderId.trim(),
      t.orderId.split('_')[0]!.trim(),
      t.merchantOrderId.trim(),
    ]);
    let charge = ids.map((id) => (id ? byOrder.get(id) : undefined)).find(Boolean);
    let by: RefundLink['by'] = 'order';
    if (!charge) {
      if (!rows.some((t) => REFUND_RE.test(`${t.status} ${t.description} ${t.category} ${t.counterparty}`)))
        continue;
      const fits = charges.filter(
        (p) =>
          p.currency === refund.currency &&
          p.amountMinor >= refund.amountMinor &&
          p.anchor.tx.occurredUtc <= refund.anchor.tx.occurredUtc &&
          p.sightings.some((cs) => rows.some((r) => sameParty(cs.tx, r))),
      );
      // The latest charge before it that has no refund yet; else the latest before it.
      charge = fits.filter((p) => !refunded.has(p.id)).at(-1) ?? fits.at(-1);
      by = 'counterparty';
    }
    if (!charge) continue;
    refunded.add(charge.id);
    for (const r of refund.sightings) {
      if (r.tx.refundOf) continue;
      const twin = charge.sightings.find((cs) => cs.tx.evidenceId === r.tx.evidenceId) ?? charge.anchor;
      links.push({ refundId: r.tx.id, chargeId: twin.tx.id, by });
    }
  }
  for (const l of links) await linkRefund(locker, l.refundId, l.chargeId);
  return links;
}

/**
 * Disputes a whole recurring series in one action: every charge in it (second sightings included) is marked,
 * and every refund of those charges is linked to its charge. Undoing unmarks the charges; links stay.
 */
export async function disputeSeries(
  locker: Locker,
  caseId: string,
  seriesId: string,
  options: { disputed?: boolean; match?: string; ids?: string[] } = {},
): Promise<{ matched: string[]; changed: number; refundsLinked: RefundLink[] }> {
  const c = locker.getCase(caseId);
  const s = caseSeries(locker, c.id).find((x) => x.id === seriesId);
  if (!s) throw new LockerInputError('series.not-found', { id: seriesId });
  const disputed = options.disputed ?? true;
  const r = await disputeTransactions(locker, c.id, {
    ...(options.match ? { match: options.match } : {}),
    ids: [...(options.ids ?? []), ...s.transactions],
    disputed,
  });
  const refundsLinked = disputed ? await linkRefundsOfCharges(locker, c.id, s.transactions) : [];
  return { ...r, refundsLinked };
}

/** Marks a message as a key event (it then stands on the timeline), or unmarks it. */
export async function markMessageKey(
  locker: Locker,
  messageId: string,
  isKey: boolean,
): Promise<MessageRecord> {
  const m = getMessage(locker.db, messageId);
  if (!m) throw new NotFoundError('message', messageId);
  if (m.isKey === isKey) return m;
  locker.write((log) => {
    setMessageKey(locker.db, messageId, isKey);
    log({
      action: isKey ? 'message.mark-key' : 'message.unmark-key',
      caseId: m.caseId,
      subjectId: messageId,
    });
  });
  await locker.saveChainHead();
  return { ...m, isKey };
}

export type { CurrencyTotals } from './ledger/index.ts';

export type CaseSummary = {
  caseId: string;
  evidence: number;
  events: number;
  transactions: number;
  messages: number;
  keyMessages: number;
  /** Every charge (money out) per currency, disputed or not; a payment seen in two files counts once. */
  charges: { currency: string; total: string; count: number }[];
  /** The disputed charges per currency, the refunds linked to them, and what is still owed. */
  disputed: { count: number; totals: CurrencyTotals[] };
  /** Rows that repeat a payment already seen in another file (each payment is counted once above). */
  seenTwice: number;
  /** The ledger in numbers: payments (rows that show one movement of money count once). */
  payments: {
    count: number;
    charges: number;
    refunds: number;
    disputed: number;
    /** Matches the user has yet to confirm or turn down (possibly the same payment, a possible double charge). */
    toConfirm: number;
  };
};

/** `events`: the case's event counts when the caller has them already (the overview reads them too). */
export function caseSummary(locker: Locker, caseId: string, events?: EventFacts): CaseSummary {
  const c = locker.getCase(caseId);
  const ledger = caseLedger(locker, c.id);
  const msgs = listMessages(locker.db, c.id);
  const charges = ledger.payments.filter((p) => p.kind === 'charge');
  const disputed = disputedPayments(ledger);
  const pending = new Set<string>();
  for (const p of ledger.payments)
    for (const x of p.pending)
      if (x.state === 'suggested') pending.add([p.id, x.paymentId, x.kind].sort().join('|'));
  return {
    caseId: c.id,
    evidence: locker.listEvidence(c.id).length,
    events: (events ?? eventFacts(locker.db, c.id)).count,
    transactions: ledger.byTransaction.size,
    messages: msgs.length,
    keyMessages: msgs.filter((m) => m.isKey).length,
    charges: totalsOf(charges).map((t) => ({ currency: t.currency, total: t.charged, count: t.count })),
    seenTwice: ledger.payments.reduce((n, p) => n + p.sightings.length - 1, 0),
    disputed: { count: disputed.length, totals: totalsOf(disputed) },
    payments: {
      count: ledger.payments.length,
      charges: charges.length,
      refunds: ledger.payments.filter((p) => p.kind === 'refund').length,
      disputed: disputed.length,
      toConfirm: pending.size,
    },
  };
}
