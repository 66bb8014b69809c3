import { createHash } from 'node:crypto';
import { chainHead } from '../../../db/queries/custody.ts';
import {
  getLedgerRun,
  listLinks,
  listRails,
  RAILS,
  setLedgerRun,
  setRailRow,
  upsertLink,
  type LinkKind,
  type LinkRecord,
  type Rail,
} from '../../../db/queries/ledger.ts';
import { listTransactions, type TransactionRecord } from '../../../db/queries/records.ts';
import { listAgreements } from '../../../db/queries/dispute.ts';
import { LockerInputError, NotFoundError } from '../errors.ts';
import { coded } from '../../messages/say.ts';
import type { Locker } from '../locker.ts';
import { formatAmount } from '../util/money.ts';
import { bankNameIn, buildLedger, merchantKey, type Ledger, type Payment } from './build.ts';
import { proposeLinks, proposeRefunds, type ProposedLink } from './match.ts';
import { digitsOf, flowOf, hasTimeOfDay, sightingKey, sourceOf, type Sighting } from './sightings.ts';

export type { Ledger, Payment } from './build.ts';

type FileInfo = { sha256: string; format: string; account: string };

function filesOf(locker: Locker, caseId: string): Map<string, FileInfo> {
  const out = new Map<string, FileInfo>();
  for (const e of locker.listEvidence(caseId, { includeDeleted: true })) {
    const imp = e.facts.import as { format?: unknown } | undefined;
    const doc = e.facts.document as { account?: unknown } | undefined;
    out.set(e.id, {
      sha256: e.sha256,
      format: typeof imp?.format === 'string' ? imp.format : '',
      account: typeof doc?.account === 'string' ? doc.account : '',
    });
  }
  return out;
}

function sightingsOf(locker: Locker, caseId: string): Sighting[] {
  const files = filesOf(locker, caseId);
  return listTransactions(locker.db, caseId).map((tx: TransactionRecord) => {
    const f = files.get(tx.evidenceId) ?? { sha256: tx.evidenceId.padEnd(64, '0'), format: '', account: '' };
    return {
      tx,
      key: sightingKey(f.sha256, tx),
      source: sourceOf(f.format),
      format: f.format,
      hasTime: hasTimeOfDay(tx),
      digits: digitsOf(tx, f.account),
      flow: flowOf(tx),
    };
  });
}

const linkId = (l: { aKey: string; bKey: string; kind: LinkKind }) => `${l.aKey}|${l.bKey}|${l.kind}`;

/**
 * Runs the matcher over the case's rows when they changed since it last ran, and stores what it decided for
 * pairs it never decided before — a stored decision (the user's above all) is never re-decided, so a re-import
 * keeps them. One custody entry says how many links were added.
 */
function reconcile(locker: Locker, caseId: string, sightings: Sighting[], caseFacts: CaseFactsOf): void {
  const fingerprint = createHash('sha256')
    .update(sightings.map((s) => `${s.key}${s.tx.refundOf ?? ''}`).join('\n'))
    .digest('hex');
  if (getLedgerRun(locker.db, caseId) === fingerprint) return;
  const stored = listLinks(locker.db, caseId);
  const known = new Set(stored.map(linkId));
  const proposed: ProposedLink[] = proposeLinks(sightings);
  // Refund suggestions look at payments as the links above make them.
  const all: LinkRecord[] = [
    ...stored,
    ...proposed.filter((p) => !known.has(linkId(p))).map((p) => toRecord(locker, caseId, p, 'auto')),
  ];
  const draft = buildLedger(sightings, all, new Map(), caseFacts);
  proposed.push(
    ...proposeRefunds(
      draft.payments
        .filter((p) => p.flow === 'back')
        .map((p) => ({ anchor: p.anchor, refundOf: p.refundOf })),
      draft.payments.filter((p) => p.kind === 'charge').map((p) => p.anchor),
    ),
  );
  const fresh = proposed.filter((p) => !known.has(linkId(p)));
  const unique = new Map(fresh.map((p) => [linkId(p), p]));
  locker.write((log) => {
    for (const p of unique.values()) upsertLink(locker.db, toRecord(locker, caseId, p, 'auto'));
    setLedgerRun(locker.db, caseId, fingerprint, locker.now());
    if (unique.size) {
      const count = (state: string) => [...unique.values()].filter((p) => p.state === state).length;
      log({
        action: 'ledger.match',
        caseId,
        subjectId: caseId,
        details: { linked: count('linked'), suggested: count('suggested') },
      });
    }
  });
}

function toRecord(locker: Locker, caseId: string, p: ProposedLink, by: 'auto' | 'user'): LinkRecord {
  const now = locker.now();
  return { caseId, ...p, decidedBy: by, createdAt: now, updatedAt: now };
}

type CaseFactsOf = { paymentMethod: string; account: string };

const cache = new WeakMap<Locker, { caseId: string; stamp: string; ledger: Ledger }>();

/**
 * The dispute ledger of a case: one entry per payment, with every row that shows it. Computed once per state
 * of the locker (every change appends to the custody log, so its head is the version), and read by every
 * screen, the letter, the packet and the CLI.
 */
export function caseLedger(locker: Locker, caseId: string): Ledger {
  const c = locker.getCase(caseId);
  const facts = { paymentMethod: c.paymentMethod, account: c.account };
  const stampOf = () => `${chainHead(locker.db)?.seq ?? 0}|${c.updatedAt}`;
  const hit = cache.get(locker);
  if (hit && hit.caseId === c.id && hit.stamp === stampOf()) return hit.ledger;
  const sightings = sightingsOf(locker, c.id);
  reconcile(locker, c.id, sightings, facts);
  const agreementKeys = new Set(
    listAgreements(locker.db, c.id)
      .filter((a) => !a.deletedAt)
      .map((a) => merchantKey(a.merchant)),
  );
  const ledger = buildLedger(sightings, listLinks(locker.db, c.id), listRails(locker.db, c.id), facts, {
    agreementKeys,
  });
  cache.set(locker, { caseId: c.id, stamp: stampOf(), ledger });
  return ledger;
}

/** Runs the matcher now (after an import) and mirrors the chain head. */
export async function matchCase(locker: Locker, caseId: string): Promise<void> {
  caseLedger(locker, caseId);
  await locker.saveChainHead();
}

// ── Totals and claims ────────────────────────────────────────────────────────────────────────────────────

export type CurrencyTotals = {
  currency: string;
  charged: string;
  refunded: string;
  outstanding: string;
  count: number;
};

/** Charged, refunded and outstanding per currency over the given charge payments. */
export function totalsOf(payments: readonly Payment[]): CurrencyTotals[] {
  const per = new Map<string, { charged: number; refunded: number; count: number }>();
  for (const p of payments) {
    if (p.kind !== 'charge') continue;
    const v = per.get(p.currency) ?? { charged: 0, refunded: 0, count: 0 };
    v.charged += p.amountMinor;
    v.refunded += p.refundedMinor;
    v.count += 1;
    per.set(p.currency, v);
  }
  return [...per.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, v]) => ({
      currency,
      count: v.count,
      charged: formatAmount(v.charged, currency),
      refunded: formatAmount(v.refunded, currency),
      outstanding: formatAmount(v.charged - v.refunded, currency),
    }));
}

export function disputedPayments(ledger: Ledger): Payment[] {
  return ledger.payments.filter((p) => p.kind === 'charge' && p.disputed);
}

/** Who can act on a payment that did not move through the bank: the platform that holds the wallet, else ask. */
export type RaiseWith = 'platform' | 'other-bank' | 'check';

export type Claim = {
  recipient: 'bank' | 'platform' | 'regulator' | 'plain';
  /** For the bank: which bank and account, as the case and the rows say. */
  bank: { name: string; digits: string } | null;
  /** What this recipient is asked to act on. */
  payments: Payment[];
  totals: CurrencyTotals[];
  /** Disputed payments this recipient cannot act on, with whom to raise them. */
  apart: { payment: Payment; raiseWith: RaiseWith }[];
};

const BANK_RAILS: Rail[] = ['card', 'quickpay', 'bank'];

/**
 * What goes to one recipient. The bank is asked only for the disputed payments that moved through its own
 * account or card; wallet payments (零钱, 余额宝) and payments through another bank are listed apart, never summed
 * into what the bank is asked to return. The platform and a regulator get the whole dispute.
 */
export function claimFor(
  ledger: Ledger,
  recipient: Claim['recipient'],
  caseFacts: { paymentMethod: string; account: string },
): Claim {
  const disputed = disputedPayments(ledger);
  if (recipient !== 'bank')
    return { recipient, bank: null, payments: disputed, totals: totalsOf(disputed), apart: [] };
  const caseDigits = caseFacts.account.replace(/\D/g, '').slice(-4);
  const caseBank = bankNameIn(caseFacts.paymentMethod) || bankNameIn(caseFacts.account);
  // The bank the case is about: the case's own words, else the one most disputed payments moved through.
  const counts = new Map<string, number>();
  for (const p of disputed) if (p.bank?.name) counts.set(p.bank.name, (counts.get(p.bank.name) ?? 0) + 1);
  const name = caseBank || ([...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '');
  const digits =
    caseDigits || (disputed.find((p) => p.bank?.name === name && p.bank.digits)?.bank?.digits ?? '');
  const payments: Payment[] = [];
  const apart: Claim['apart'] = [];
  for (const p of disputed) {
    if (!BANK_RAILS.includes(p.rail)) {
      apart.push({ payment: p, raiseWith: p.rail === 'wallet' ? 'platform' : 'check' });
      continue;
    }
    const otherBank =
      (p.bank?.name && name && p.bank.name !== name) ||
      (p.bank?.digits && digits && p.bank.digits !== digits);
    if (otherBank) apart.push({ payment: p, raiseWith: 'other-bank' });
    else payments.push(p);
  }
  return {
    recipient,
    bank: name || digits ? { name, digits } : null,
    payments,
    totals: totalsOf(payments),
    apart,
  };
}

// ── What the user decides ───────────────────────────────────────────────────────────────────────────────

function sightingOf(ledger: Ledger, transactionId: string): { key: string; payment: Payment } {
  const p = ledger.byTransaction.get(transactionId);
  const s = p?.sightings.find((x) => x.tx.id === transactionId);
  if (!p || !s) throw new NotFoundError('transaction-in-case', transactionId);
  return { key: s.key, payment: p };
}

/**
 * Joins two rows the matcher missed into one payment (or confirms its suggestion). Both must move the same
 * amount the same way; the decision is the user's and is logged.
 */
export async function joinSightings(
  locker: Locker,
  caseId: string,
  aId: string,
  bId: string,
): Promise<Payment> {
  const c = locker.getCase(caseId);
  const ledger = caseLedger(locker, c.id);
  const a = sightingOf(ledger, aId);
  const b = sightingOf(ledger, bId);
  const ta = a.payment.sightings.find((s) => s.key === a.key)!;
  const tb = b.payment.sightings.find((s) => s.key === b.key)!;
  if (a.payment === b.payment) return a.payment;
  if (ta.flow !== tb.flow || ta.tx.amountMinor !== tb.tx.amountMinor || ta.tx.currency !== tb.tx.currency)
    throw new LockerInputError('ledger.join-differ');
  if (ta.tx.evidenceId === tb.tx.evidenceId) throw new LockerInputError('ledger.join-same-file');
  const [x, y] = a.key < b.key ? [a.key, b.key] : [b.key, a.key];
  const now = locker.now();
  locker.write((log) => {
    upsertLink(locker.db, {
      caseId: c.id,
      aKey: x,
      bKey: y,
      kind: 'same',
      state: 'linked',
      decidedBy: 'user',
      score: 1,
      reasons: [{ code: 'user' }],
      createdAt: now,
      updatedAt: now,
    });
    log({
      action: 'ledger.join',
      caseId: c.id,
      subjectId: aId,
      details: { transactionIds: [aId, bId], before: [a.payment.id, b.payment.id] },
    });
  });
  await locker.saveChainHead();
  const after = caseLedger(locker, c.id);
  return after.byTransaction.get(aId)!;
}

/**
 * Takes one row out of the payment it was matched into: it becomes a payment of its own, and the matcher never
 * joins it to those rows again. Logged.
 */
export async function splitSighting(locker: Locker, caseId: string, transactionId: string): Promise<Payment> {
  const c = locker.getCase(caseId);
  const ledger = caseLedger(locker, c.id);
  const { key, payment } = sightingOf(ledger, transactionId);
  if (payment.sightings.length < 2) throw new LockerInputError('ledger.split-alone');
  const others = new Set(payment.sightings.map((s) => s.key).filter((k) => k !== key));
  const touching = listLinks(locker.db, c.id).filter(
    (l) =>
      l.kind === 'same' &&
      l.state === 'linked' &&
      ((l.aKey === key && others.has(l.bKey)) || (l.bKey === key && others.has(l.aKey))),
  );
  // A row joined only through others (a–b–c) is split by rejecting its own pairs with every other row too.
  const now = locker.now();
  locker.write((log) => {
    for (const other of others) {
      const [x, y] = key < other ? [key, other] : [other, key];
      const had = touching.find((l) => l.aKey === x && l.bKey === y);
      upsertLink(locker.db, {
        caseId: c.id,
        aKey: x,
        bKey: y,
        kind: 'same',
        state: 'rejected',
        decidedBy: 'user',
        score: had?.score ?? 0,
        reasons: had?.reasons ?? [{ code: 'user' }],
        createdAt: had?.createdAt ?? now,
        updatedAt: now,
      });
    }
    log({
      action: 'ledger.split',
      caseId: c.id,
      subjectId: transactionId,
      details: { paymentId: payment.id, transactionId },
    });
  });
  await locker.saveChainHead();
  const after = caseLedger(locker, c.id);
  return after.byTransaction.get(transactionId)!;
}

/** Turns down a suggestion or flag between two rows (not the same payment, not a duplicate …). Logged. */
export async function rejectLink(
  locker: Locker,
  caseId: string,
  aId: string,
  bId: string,
  kind: LinkKind,
): Promise<void> {
  const c = locker.getCase(caseId);
  const ledger = caseLedger(locker, c.id);
  const a = sightingOf(ledger, aId).key;
  const b = sightingOf(ledger, bId).key;
  const stored = listLinks(locker.db, c.id).find(
    (l) => l.kind === kind && ((l.aKey === a && l.bKey === b) || (l.aKey === b && l.bKey === a)),
  );
  if (!stored) throw new NotFoundError('suggestion', `${aId} ${bId}`);
  locker.write((log) => {
    upsertLink(locker.db, { ...stored, state: 'rejected', decidedBy: 'user', updatedAt: locker.now() });
    log({
      action: 'ledger.reject',
      caseId: c.id,
      subjectId: aId,
      details: { transactionIds: [aId, bId], kind },
    });
  });
  await locker.saveChainHead();
}

/** Corrects how a payment moved (null hands it back to what its rows say). Logged. */
export async function setPaymentRail(
  locker: Locker,
  caseId: string,
  transactionId: string,
  rail: Rail | null,
): Promise<Payment> {
  const c = locker.getCase(caseId);
  if (rail !== null && !RAILS.includes(rail))
    throw new LockerInputError('unknown-value', {
      what: coded('what.rail'),
      value: String(rail),
      list: RAILS.join(', '),
    });
  const ledger = caseLedger(locker, c.id);
  const { payment } = sightingOf(ledger, transactionId);
  locker.write((log) => {
    for (const s of payment.sightings) setRailRow(locker.db, c.id, s.key, null, locker.now());
    if (rail) setRailRow(locker.db, c.id, payment.anchor.key, rail, locker.now());
    log({
      action: 'ledger.rail',
      caseId: c.id,
      subjectId: payment.anchor.tx.id,
      details: { paymentId: payment.id, before: payment.rail, after: rail },
    });
  });
  await locker.saveChainHead();
  const after = caseLedger(locker, c.id);
  return after.byTransaction.get(transactionId)!;
}

/**
 * Confirms, in one action, every suggestion that a row is the same payment as one other row (a date-only
 * bank line with exactly one candidate): what "confirm all" on the Charges page does. Suggestions with
 * several candidates stay for the user to pick. One custody entry lists the pairs.
 */
export async function confirmSameSuggestions(locker: Locker, caseId: string): Promise<number> {
  const c = locker.getCase(caseId);
  caseLedger(locker, c.id);
  const links = listLinks(locker.db, c.id).filter(
    (l) =>
      l.kind === 'same' && l.state === 'suggested' && !l.reasons.some((r) => r.code === 'several-candidates'),
  );
  if (!links.length) return 0;
  const now = locker.now();
  locker.write((log) => {
    for (const l of links)
      upsertLink(locker.db, { ...l, state: 'linked', decidedBy: 'user', updatedAt: now });
    log({
      action: 'ledger.confirm',
      caseId: c.id,
      subjectId: c.id,
      details: { pairs: links.map((l) => [l.aKey, l.bKey]) },
    });
  });
  await locker.saveChainHead();
  return links.length;
}
