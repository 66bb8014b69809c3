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
import { LockerInputError, NotFoundError } from './errors.ts';
import type { Locker } from './locker.ts';
import { matchSamePayments, REFUND_RE } from './same-payment.ts';
import { detectSeries, normaliseCounterparty, type Series } from './series.ts';
import { formatAmount } from './util/money.ts';
import { formatInstant } from './util/time.ts';

export type TransactionJson = {
  id: string;
  at: string;
  amount: string;
  currency: string;
  direction: TransactionRecord['direction'];
  counterparty: string;
  description: string;
  status: string;
  method: string;
  orderId: string;
  merchantOrderId: string;
  category: string;
  note: string;
  disputed: boolean;
  refundOf: string | null;
  /** Where the row is in its original: the line, and for a PDF statement the page that line is on. */
  source: { evidenceId: string; line: number; page?: number };
};

export function transactionJson(t: TransactionRecord): TransactionJson {
  return {
    id: t.id,
    at: formatInstant({ utc: t.occurredUtc, offset: t.occurredOffset }),
    amount: formatAmount(t.amountMinor, t.currency),
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
    disputed: t.disputed,
    refundOf: t.refundOf,
    source: { evidenceId: t.evidenceId, line: t.line, ...(t.page ? { page: t.page } : {}) },
  };
}

export type MessageJson = {
  id: string;
  at: string;
  sender: string;
  text: string;
  attachments: string[];
  isSystem: boolean;
  isKey: boolean;
  chat: string;
  source: { evidenceId: string; line: number };
};

export function messageJson(m: MessageRecord): MessageJson {
  return {
    id: m.id,
    at: formatInstant({ utc: m.occurredUtc, offset: m.occurredOffset }),
    sender: m.sender,
    text: m.text,
    attachments: m.attachments,
    isSystem: m.isSystem,
    isKey: m.isKey,
    chat: m.chat,
    source: { evidenceId: m.evidenceId, line: m.line },
  };
}

export function caseTransactions(locker: Locker, caseId: string): TransactionRecord[] {
  return listTransactions(locker.db, locker.getCase(caseId).id);
}

export function caseMessages(locker: Locker, caseId: string): MessageRecord[] {
  return listMessages(locker.db, locker.getCase(caseId).id);
}

/** Recurring charges of a case (see detectSeries). */
export function caseSeries(locker: Locker, caseId: string): Series[] {
  const txs = listTransactions(locker.db, locker.getCase(caseId).id);
  return detectSeries(txs, matchSamePayments(txs));
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
): Promise<{ matched: TransactionJson[]; changed: number }> {
  const c = locker.getCase(caseId);
  const disputed = options.disputed ?? true;
  if (!options.match?.trim() && !options.ids?.length) {
    throw new LockerInputError('Say which charges: a text to match (e.g. 元保) or transaction ids.');
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
    if (!t) throw new NotFoundError('transaction in this case', id);
    // Only a charge can be disputed; a refund is linked to its charge instead (linkRefund).
    if (t.direction !== 'out')
      throw new LockerInputError(`${id} is not a charge (money out), so it cannot be disputed.`);
    chosen.set(id, t);
  }
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
  const matched = [...chosen.values()].map((t) => transactionJson({ ...t, disputed }));
  return { matched, changed: toChange.length };
}

/** Links a refund to the charge it returns (or unlinks it with `chargeId` null). */
export async function linkRefund(
  locker: Locker,
  refundId: string,
  chargeId: string | null,
): Promise<TransactionJson> {
  const refund = getTransaction(locker.db, refundId);
  if (!refund) throw new NotFoundError('transaction', refundId);
  if (chargeId) {
    const charge = getTransaction(locker.db, chargeId);
    if (!charge || charge.caseId !== refund.caseId) throw new NotFoundError('charge in this case', chargeId);
    if (charge.direction !== 'out') throw new LockerInputError(`${chargeId} is not a charge (money out).`);
    if (refund.direction === 'out') throw new LockerInputError(`${refundId} is money out, not a refund.`);
  }
  if (refund.refundOf === chargeId) return transactionJson(refund);
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
  return transactionJson({ ...refund, refundOf: chargeId });
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
 * amount no larger than the charge, after it — the latest such charge not refunded yet. Each link goes through
 * `linkRefund`, one custody entry each. A refund already linked is left as the user or the import set it.
 */
export async function linkRefundsOfCharges(
  locker: Locker,
  caseId: string,
  chargeIds: readonly string[],
): Promise<RefundLink[]> {
  const c = locker.getCase(caseId);
  const rows = listTransactions(locker.db, c.id);
  const wanted = new Set(chargeIds);
  const charges = rows
    .filter((t) => wanted.has(t.id) && t.direction === 'out')
    .sort((a, b) => (a.occurredUtc < b.occurredUtc ? -1 : a.occurredUtc > b.occurredUtc ? 1 : 0));
  if (!charges.length) return [];
  const repeats = matchSamePayments(rows);
  const byOrder = new Map<string, TransactionRecord>();
  for (const t of charges) {
    for (const id of [t.orderId, t.merchantOrderId]) if (id.trim()) byOrder.set(id.trim(), t);
  }
  const refunded = new Set(rows.filter((t) => t.refundOf).map((t) => t.refundOf!));
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
  const plan = (refund: TransactionRecord): RefundLink | null => {
    const ids = [refund.orderId.trim(), refund.orderId.split('_')[0]!.trim(), refund.merchantOrderId.trim()];
    const byId = ids.map((id) => (id ? byOrder.get(id) : undefined)).find(Boolean);
    if (byId) return { refundId: refund.id, chargeId: byId.id, by: 'order' };
    if (!REFUND_RE.test(`${refund.status} ${refund.description} ${refund.category} ${refund.counterparty}`))
      return null;
    const fits = charges.filter(
      (t) =>
        t.currency === refund.currency &&
        t.amountMinor >= refund.amountMinor &&
        t.occurredUtc <= refund.occurredUtc &&
        sameParty(t, refund),
    );
    // The latest charge before it that has no refund yet; else the latest before it.
    const pick = fits.filter((t) => !refunded.has(t.id)).at(-1) ?? fits.at(-1);
    return pick ? { refundId: refund.id, chargeId: pick.id, by: 'counterparty' } : null;
  };
  for (const refund of rows) {
    if (refund.direction === 'out' || refund.refundOf || refund.amountMinor === 0) continue;
    // A refund seen twice (the bill and the bank statement) is linked through its primary sighting below.
    if (repeats.has(refund.id)) continue;
    const link = plan(refund);
    if (!link) continue;
    refunded.add(link.chargeId);
    links.push(link);
  }
  // The second sighting of a linked refund goes to the same charge (or that charge's own second sighting).
  const linkedPrimary = new Map(links.map((l) => [l.refundId, l]));
  const byId = new Map(rows.map((t) => [t.id, t]));
  for (const [repeat, primary] of repeats) {
    const l = linkedPrimary.get(primary);
    const r = byId.get(repeat);
    if (!l || !r || r.refundOf || r.direction === 'out') continue;
    const twin = [...repeats].find(
      ([rep, prim]) => prim === l.chargeId && byId.get(rep)?.evidenceId === r.evidenceId,
    );
    links.push({ refundId: repeat, chargeId: twin ? twin[0] : l.chargeId, by: l.by });
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
): Promise<{ matched: TransactionJson[]; changed: number; refundsLinked: RefundLink[] }> {
  const c = locker.getCase(caseId);
  const s = caseSeries(locker, c.id).find((x) => x.id === seriesId);
  if (!s)
    throw new LockerInputError(`No recurring series "${seriesId}" in this case; see: locker series CASE`);
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
): Promise<MessageJson> {
  const m = getMessage(locker.db, messageId);
  if (!m) throw new NotFoundError('message', messageId);
  if (m.isKey === isKey) return messageJson(m);
  locker.write((log) => {
    setMessageKey(locker.db, messageId, isKey);
    log({
      action: isKey ? 'message.mark-key' : 'message.unmark-key',
      caseId: m.caseId,
      subjectId: messageId,
    });
  });
  await locker.saveChainHead();
  return messageJson({ ...m, isKey });
}

export type CurrencyTotals = {
  currency: string;
  charged: string;
  refunded: string;
  outstanding: string;
  count: number;
};

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
  /** Payments found in two files (a bill and a bank statement): each counted once in every total above. */
  seenTwice: number;
};

export function caseSummary(locker: Locker, caseId: string): CaseSummary {
  const c = locker.getCase(caseId);
  const txs = listTransactions(locker.db, c.id);
  const msgs = listMessages(locker.db, c.id);
  const charges = new Map<string, { total: number; count: number }>();
  const disputed = new Map<string, { charged: number; refunded: number; count: number }>();
  const disputedIds = new Set<string>();
  const repeats = matchSamePayments(txs);
  const byId = new Map(txs.map((t) => [t.id, t]));
  // A second sighting counts only where its first is not counted (e.g. only the bank's line was disputed).
  const countedElsewhere = (t: TransactionRecord, when: (x: TransactionRecord) => boolean) => {
    const primary = repeats.get(t.id);
    return primary !== undefined && when(byId.get(primary)!);
  };
  for (const t of txs) {
    if (t.direction !== 'out') continue;
    if (!repeats.has(t.id)) {
      const all = charges.get(t.currency) ?? { total: 0, count: 0 };
      all.total += t.amountMinor;
      all.count += 1;
      charges.set(t.currency, all);
    }
    if (!t.disputed) continue;
    disputedIds.add(t.id);
    if (countedElsewhere(t, (p) => p.disputed)) continue;
    const d = disputed.get(t.currency) ?? { charged: 0, refunded: 0, count: 0 };
    d.charged += t.amountMinor;
    d.count += 1;
    disputed.set(t.currency, d);
  }
  for (const t of txs) {
    if (!t.refundOf || !disputedIds.has(t.refundOf)) continue;
    if (countedElsewhere(t, (p) => p.refundOf !== null && disputedIds.has(p.refundOf))) continue;
    const d = disputed.get(t.currency);
    if (d) d.refunded += t.amountMinor;
  }
  const sorted = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  return {
    caseId: c.id,
    evidence: locker.listEvidence(c.id).length,
    events: locker.listEvents(c.id).length,
    transactions: txs.length,
    messages: msgs.length,
    keyMessages: msgs.filter((m) => m.isKey).length,
    charges: sorted(charges).map(([currency, v]) => ({
      currency,
      total: formatAmount(v.total, currency),
      count: v.count,
    })),
    seenTwice: repeats.size,
    disputed: {
      count: [...disputed.values()].reduce((n, d) => n + d.count, 0),
      totals: sorted(disputed).map(([currency, v]) => ({
        currency,
        count: v.count,
        charged: formatAmount(v.charged, currency),
        refunded: formatAmount(v.refunded, currency),
        outstanding: formatAmount(v.charged - v.refunded, currency),
      })),
    },
  };
}
