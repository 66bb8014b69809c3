import { createHash } from 'node:crypto';
import type { LinkKind, LinkReason, LinkRecord, LinkState, Rail } from '../../../db/queries/ledger.ts';
import type { TransactionRecord } from '../../../db/queries/records.ts';
import { detectSeries, normaliseCounterparty, type Series } from '../series.ts';
import { INTERMEDIARY_RE, type Flow, type Sighting, type SourceKind } from './sightings.ts';

export type PaymentKind = 'charge' | 'refund' | 'income' | 'other';

/** One movement of money, with every row that shows it. */
export type Payment = {
  id: string;
  kind: PaymentKind;
  flow: Flow;
  /** The most precise sighting (a time of day beats a date; a platform's bill beats a bank line). */
  anchor: Sighting;
  sightings: Sighting[];
  amountMinor: number;
  currency: string;
  counterparty: string;
  description: string;
  orderIds: string[];
  rail: Rail;
  railSource: 'derived' | 'user';
  /** The bank account or card it moved through, where a row says so. */
  bank: { name: string; digits: string } | null;
  disputed: boolean;
  /** For a refund: the charge payment it reverses. */
  refundOf: string | null;
  /** For a charge: the refund payments that reverse it. */
  refundIds: string[];
  refundedMinor: number;
  outstandingMinor: number;
  seriesId: string | null;
  /** Links the user has yet to confirm or that flag this payment (possible duplicate charge, retry). */
  pending: PendingLink[];
};

export type PendingLink = {
  kind: LinkKind;
  state: LinkState;
  /** The other payment. */
  paymentId: string;
  /** The two rows the link joins (this payment's first). */
  keys: [string, string];
  score: number;
  reasons: LinkReason[];
};

export type LedgerSeries = Series & { paymentIds: string[] };

export type Ledger = {
  /** Every row of the case, in the order the ledger was given them (time order, as the database lists them). */
  rows: TransactionRecord[];
  payments: Payment[];
  byTransaction: Map<string, Payment>;
  byKey: Map<string, Payment>;
  series: LedgerSeries[];
};

export type CaseFacts = { paymentMethod: string; account: string };

const SOURCE_RANK: Record<SourceKind, number> = { alipay: 0, wechat: 0, platform: 0, bank: 1 };
const WALLET_RE = /零钱|余额宝|账户余额|^余额$|余额支付|零钱通|花呗|借呗|京东白条|白条|月付|balance|wallet/i;
const BANK_FUNDED_RE = /银行|储蓄卡|借记卡|信用卡|银行卡|[(（]\d{4}[)）]|debit|credit|card/i;
const CARD_NETWORK_RE =
  /卡组织|无卡|POS|银联在线|刷卡|预授权|MCC|visa|master ?card|amex|american express|jcb|discover|card purchase|card payment/i;
const BANK_NAME_RE = /([\u4e00-\u9fa5]{2,10}?(?:银行|信用社|农商行))/;

/** `中国银行储蓄卡(3167)` → 中国银行. */
export function bankNameIn(text: string): string {
  return BANK_NAME_RE.exec(text)?.[1] ?? '';
}

class Components {
  private parent = new Map<string, string>();
  find(k: string): string {
    let p = this.parent.get(k) ?? k;
    while (p !== (this.parent.get(p) ?? p)) p = this.parent.get(p) ?? p;
    this.parent.set(k, p);
    return p;
  }
  join(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
}

function preferAnchor(a: Sighting, b: Sighting): number {
  if (a.hasTime !== b.hasTime) return a.hasTime ? -1 : 1;
  if (SOURCE_RANK[a.source] !== SOURCE_RANK[b.source]) return SOURCE_RANK[a.source] - SOURCE_RANK[b.source];
  return a.key < b.key ? -1 : 1;
}

/** How the money moved, read from every row that shows it. */
export function deriveRail(sightings: Sighting[]): Rail {
  const platform = sightings.filter((s) => s.source !== 'bank');
  const bank = sightings.filter((s) => s.source === 'bank');
  if (platform.some((s) => WALLET_RE.test(s.tx.method.trim())) && !bank.length) return 'wallet';
  if (platform.some((s) => BANK_FUNDED_RE.test(s.tx.method))) return 'quickpay';
  const bankText = bank.map((s) => `${s.tx.method} ${s.tx.description} ${s.tx.counterparty}`).join(' ');
  if (bank.length && INTERMEDIARY_RE.test(bankText)) return 'quickpay';
  if (platform.length && !bank.length) return 'unknown';
  if (bank.length && CARD_NETWORK_RE.test(bankText)) return 'card';
  if (bank.length) return 'bank';
  return 'unknown';
}

function bankOf(sightings: Sighting[], rail: Rail, caseFacts: CaseFacts): Payment['bank'] {
  if (rail === 'wallet' || rail === 'unknown') return null;
  const platformMethod = sightings.find((s) => s.source !== 'bank' && BANK_FUNDED_RE.test(s.tx.method));
  const digits = sightings.map((s) => s.digits).find(Boolean) ?? '';
  const name =
    (platformMethod ? bankNameIn(platformMethod.tx.method) : '') ||
    bankNameIn(caseFacts.paymentMethod) ||
    bankNameIn(caseFacts.account);
  return name || digits ? { name, digits } : null;
}

function paymentId(keys: string[]): string {
  const first = [...keys].sort()[0]!;
  return `pay_${createHash('sha256').update(first).digest('hex').slice(0, 12)}`;
}

/** The name a reader knows the payee by: a platform's own row, else the bank line without the platform's prefix. */
function payeeOf(sightings: Sighting[]): string {
  const platform = sightings.find((s) => s.source !== 'bank' && s.tx.counterparty.trim());
  if (platform) return platform.tx.counterparty.trim();
  const any = sightings.find((s) => s.tx.counterparty.trim()) ?? sightings[0]!;
  const name = any.tx.counterparty.trim();
  if (!INTERMEDIARY_RE.test(name)) return name;
  // A bank line pays the platform (支付宝（中国）网络技术有限公司) and names the merchant after it: 支付宝-元保.
  for (const text of [name, any.tx.description]) {
    const m = /(?:支付宝|财付通|微信支付|微信)\s*[-—:：]\s*([^\s,，;；]+)/.exec(text);
    if (m) return m[1]!;
  }
  return name;
}

/**
 * The ledger of a case from its rows and the stored links: rows joined by `same` links into payments, refunds
 * tied to the charges they reverse, rails, series of payments. Pure: the same rows and links give the same
 * ledger, so every screen, letter and packet that reads it agrees.
 */
export function buildLedger(
  sightings: Sighting[],
  links: LinkRecord[],
  rails: ReadonlyMap<string, Rail>,
  caseFacts: CaseFacts,
  options: { agreementKeys?: ReadonlySet<string> } = {},
): Ledger {
  const byKeySighting = new Map(sightings.map((s) => [s.key, s]));
  const byTxSighting = new Map(sightings.map((s) => [s.tx.id, s]));
  const comps = new Components();
  for (const l of links) {
    if (l.kind !== 'same' || l.state !== 'linked') continue;
    const a = byKeySighting.get(l.aKey);
    const b = byKeySighting.get(l.bKey);
    if (!a || !b || a.flow !== b.flow) continue;
    comps.join(a.key, b.key);
  }
  const members = new Map<string, Sighting[]>();
  for (const s of sightings) {
    const root = comps.find(s.key);
    const list = members.get(root);
    if (list) list.push(s);
    else members.set(root, [s]);
  }

  const payments: Payment[] = [];
  const byKey = new Map<string, Payment>();
  const byTransaction = new Map<string, Payment>();
  for (const list of members.values()) {
    const sorted = [...list].sort(preferAnchor);
    const anchor = sorted[0]!;
    const userRail = sorted.map((s) => rails.get(s.key)).find(Boolean);
    const rail = userRail ?? deriveRail(sorted);
    const flow = anchor.flow;
    const p: Payment = {
      id: paymentId(list.map((s) => s.key)),
      kind: flow === 'out' ? 'charge' : flow === 'back' ? 'refund' : flow === 'in' ? 'income' : 'other',
      flow,
      anchor,
      sightings: [...list].sort(
        (a, b) => SOURCE_RANK[a.source] - SOURCE_RANK[b.source] || (a.key < b.key ? -1 : 1),
      ),
      amountMinor: anchor.tx.amountMinor,
      currency: anchor.tx.currency,
      counterparty: payeeOf(sorted),
      description: (sorted.find((s) => s.source !== 'bank') ?? anchor).tx.description,
      orderIds: [
        ...new Set(list.flatMap((s) => [s.tx.orderId.trim(), s.tx.merchantOrderId.trim()]).filter(Boolean)),
      ],
      rail,
      railSource: userRail ? 'user' : 'derived',
      bank: bankOf(sorted, rail, caseFacts),
      disputed: flow === 'out' && list.some((s) => s.tx.disputed),
      refundOf: null,
      refundIds: [],
      refundedMinor: 0,
      outstandingMinor: 0,
      seriesId: null,
      pending: [],
    };
    payments.push(p);
    for (const s of list) {
      byKey.set(s.key, p);
      byTransaction.set(s.tx.id, p);
    }
  }

  // Refunds: a row's own link (set at import by order id, or by the user), else a link the user confirmed.
  const rejected = new Set(
    links.filter((l) => l.kind === 'refund' && l.state === 'rejected').map((l) => `${l.aKey}|${l.bKey}`),
  );
  const refundLinks = new Map<string, LinkRecord[]>();
  for (const l of links) {
    if (l.kind !== 'refund' || l.state !== 'linked') continue;
    const list = refundLinks.get(l.bKey);
    if (list) list.push(l);
    else refundLinks.set(l.bKey, [l]);
  }
  for (const p of payments) {
    if (p.kind === 'charge') continue;
    let charge: Payment | undefined;
    for (const s of p.sightings) {
      if (!s.tx.refundOf) continue;
      const target = byTxSighting.get(s.tx.refundOf);
      const c = target ? byKey.get(target.key) : undefined;
      if (c && c.kind === 'charge' && !rejected.has(`${target!.key}|${s.key}`)) {
        charge = c;
        break;
      }
    }
    if (!charge) {
      const l = p.sightings
        .flatMap((s) => refundLinks.get(s.key) ?? [])
        .find((x) => byKey.get(x.aKey)?.kind === 'charge');
      if (l) charge = byKey.get(l.aKey);
    }
    if (!charge) continue;
    if (p.kind === 'other') p.kind = 'refund';
    p.refundOf = charge.id;
    charge.refundIds.push(p.id);
  }
  const byId = new Map(payments.map((p) => [p.id, p]));
  for (const p of payments) {
    if (p.kind !== 'charge') continue;
    const back = p.refundIds.reduce((n, id) => n + (byId.get(id)?.amountMinor ?? 0), 0);
    p.refundedMinor = Math.min(back, p.amountMinor);
    p.outstandingMinor = p.amountMinor - p.refundedMinor;
  }

  // What the user still has to look at: suggestions and flags between two different payments.
  for (const l of links) {
    if (l.state === 'rejected') continue;
    if (l.kind === 'same' && l.state === 'linked') continue;
    const a = byKey.get(l.aKey);
    const b = byKey.get(l.bKey);
    if (!a || !b || a === b) continue;
    if (l.kind === 'refund' && (b.refundOf !== null || l.state === 'linked')) continue;
    a.pending.push({
      kind: l.kind,
      state: l.state,
      paymentId: b.id,
      keys: [l.aKey, l.bKey],
      score: l.score,
      reasons: l.reasons,
    });
    b.pending.push({
      kind: l.kind,
      state: l.state,
      paymentId: a.id,
      keys: [l.bKey, l.aKey],
      score: l.score,
      reasons: l.reasons,
    });
  }

  payments.sort(
    (a, b) =>
      (a.anchor.tx.occurredUtc < b.anchor.tx.occurredUtc
        ? -1
        : a.anchor.tx.occurredUtc > b.anchor.tx.occurredUtc
          ? 1
          : 0) || (a.id < b.id ? -1 : 1),
  );

  // Series of payments: one per merchant and product, from each charge's most precise row.
  const charges = payments.filter((p) => p.kind === 'charge');
  const stand = charges.map((p) => ({
    ...p.anchor.tx,
    id: p.id,
    counterparty: p.counterparty,
    description: p.description,
    disputed: p.disputed,
  }));
  const series = detectSeries(stand, new Map(), {
    byService: true,
    ...(options.agreementKeys ? { agreementKeys: options.agreementKeys } : {}),
  }).map((s) => {
    const ps = s.transactions.map((id) => byId.get(id)!);
    for (const p of ps) p.seriesId = s.id;
    return {
      ...s,
      paymentIds: s.transactions,
      transactions: ps.flatMap((p) => p.sightings.map((x) => x.tx.id)),
    };
  });

  return { rows: sightings.map((s) => s.tx), payments, byTransaction, byKey, series };
}

/** Merchant keys as series group them, for agreements that name a merchant. */
export function merchantKey(name: string): string {
  return normaliseCounterparty(name);
}
