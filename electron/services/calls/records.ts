import { z } from 'zod';
import type { MessageRecord, TransactionRecord } from '../../../db/queries/records.ts';
import { LINK_KINDS, RAILS, type LinkKind, type LinkReason, type Rail } from '../../ipc/ledger-kinds.ts';
import { agreementOfSeries } from '../dispute/series-agreements.ts';
import { caseAgreements } from '../dispute/records.ts';
import {
  caseLedger,
  confirmSameSuggestions,
  joinSightings,
  rejectLink,
  setPaymentRail,
  splitSighting,
  type Ledger,
  type Payment,
} from '../ledger/index.ts';
import type { Locker } from '../locker.ts';
import {
  caseMessages,
  caseSeries,
  caseSummary,
  disputeSeries,
  disputeTransactions,
  linkRefund,
  linkRefundsOfCharges,
  markMessageKey,
  transactionMatches,
  type CurrencyTotals,
  type RefundLink,
} from '../records.ts';
import { formatAmount } from '../util/money.ts';
import { call, exactCase, titlesOf } from './define.ts';
import { caseId, evidenceId, messageId, transactionId } from './inputs.ts';

/*
 * What was read from bills and chats: the rows, the payments of the dispute ledger (one per movement of money,
 * with every row that shows it), the recurring series, and the chat messages. Every change answers with the
 * whole of Charges again, so the page never works out a total itself.
 */

/** Where a transaction or message was read from: the item (by id and title) and the line in it. */
/** `page` is set for a row read off a PDF statement, where `line` counts from the top of that page. */
export type RecordSource = { evidenceId: string; title: string; line: number; page?: number };

export type TransactionDto = {
  id: string;
  utc: string;
  /** Minutes east of UTC, as the bill wrote the time. */
  offset: number;
  /** Decimal string in the currency's unit, e.g. `"39.90"`; never negative (see `direction`). */
  amount: string;
  currency: string;
  direction: 'out' | 'in' | 'neutral';
  counterparty: string;
  description: string;
  status: string;
  method: string;
  orderId: string;
  merchantOrderId: string;
  category: string;
  note: string;
  isDisputed: boolean;
  refundOf: string | null;
  source: RecordSource;
  /** The payment of the dispute ledger this row shows (null: none yet). */
  paymentId: string | null;
};

export type SeriesDto = {
  id: string;
  counterparty: string;
  /** The product or plan the charges are for, when the rows name one (元保百万医疗险 → 百万医疗险). */
  service?: string;
  /** The normalised payee the charges were grouped by. */
  key: string;
  count: number;
  interval: 'weekly' | 'biweekly' | 'monthly' | 'quarterly' | 'yearly';
  intervalDays: number;
  amount: string;
  currency: string;
  /** ISO instants with their source's offset. */
  first: string;
  last: string;
  nextExpected: string;
  total: string;
  priceChanges: { at: string; from: string; to: string }[];
  saysAutomatic: boolean;
  disputed: number;
  /** Every charge of the series, second sightings (the same payment in a bank statement) included. */
  transactionIds: string[];
  /** The payments of the dispute ledger its charges are. */
  paymentIds: string[];
  /** The auto-debit agreement behind it, when one is recorded; once closed, no next charge is expected. */
  agreement: { id: string; status: 'open' | 'closed'; closedAt: string | null } | null;
};

/** One movement of money with every row that shows it (the bill's and the bank's), from the dispute ledger. */
export type PaymentDto = {
  id: string;
  utc: string;
  /** Minutes east of UTC, as its most precise row wrote the time. */
  offset: number;
  amount: string;
  currency: string;
  direction: 'out' | 'in' | 'neutral';
  kind: 'charge' | 'refund' | 'income' | 'other';
  counterparty: string;
  description: string;
  orderIds: string[];
  rail: Rail;
  railSource: 'derived' | 'user';
  bank: { name: string; digits: string } | null;
  isDisputed: boolean;
  refunded: string;
  outstanding: string;
  refundOf: string | null;
  /** The refunds that gave (part of) this charge back. */
  refundIds: string[];
  seriesId: string | null;
  /** False when no row of it has a time of day (a date-only statement line). */
  hasTime: boolean;
  sightings: (RecordSource & {
    transactionId: string;
    source: 'alipay' | 'wechat' | 'platform' | 'bank';
    hasTime: boolean;
  })[];
  /**
   * Matches waiting for the user (possibly the same payment) and flags (a possible double charge); with the
   * input `pending: 'all'`, the matches already linked too (as `locker payments` prints them).
   */
  pending: {
    kind: LinkKind;
    state: 'linked' | 'suggested';
    paymentId: string;
    transactionIds: [string, string];
    score: number;
    reasons: LinkReason[];
  }[];
};

export type Charges = {
  caseId: string;
  timezone: string;
  transactions: TransactionDto[];
  /** One row per payment, in time order: what the Charges page lists. */
  payments: PaymentDto[];
  /** Suggestions the user has yet to confirm or turn down. */
  toConfirm: number;
  series: SeriesDto[];
  /** Every charge per currency, disputed or not. */
  charges: { currency: string; total: string; count: number }[];
  disputed: { count: number; totals: CurrencyTotals[] };
};

/** Which matches each payment lists: those waiting for the user (the default), or every one not turned down. */
const pendingInput = z.enum(['suggested', 'all']).optional();
type Pending = z.infer<typeof pendingInput>;

export type MessageDto = {
  id: string;
  utc: string;
  /** Minutes east of UTC, as the chat export wrote the time. */
  offset: number;
  sender: string;
  text: string;
  attachments: string[];
  isSystem: boolean;
  isKey: boolean;
  chat: string;
  source: RecordSource;
  /** Read by OCR from a chat screenshot the user filed as a contact, and whose bubble it was. */
  readBy?: 'ocr';
  side?: 'me' | 'them';
};

function toMessageDto(m: MessageRecord, titles: Map<string, string>): MessageDto {
  return {
    id: m.id,
    utc: m.occurredUtc,
    offset: m.occurredOffset,
    sender: m.sender,
    text: m.text,
    attachments: m.attachments,
    isSystem: m.isSystem,
    isKey: m.isKey,
    chat: m.chat,
    source: { evidenceId: m.evidenceId, title: titles.get(m.evidenceId) ?? m.evidenceId, line: m.line },
    ...(m.readBy ? { readBy: m.readBy } : {}),
    ...(m.side ? { side: m.side } : {}),
  };
}

/** A row of a bill as every transport gets it, with the payment of the ledger it shows. */
function toTransactionDto(t: TransactionRecord, titles: Map<string, string>, ledger: Ledger): TransactionDto {
  return {
    id: t.id,
    utc: t.occurredUtc,
    offset: t.occurredOffset,
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
    isDisputed: t.disputed,
    refundOf: t.refundOf,
    source: {
      evidenceId: t.evidenceId,
      title: titles.get(t.evidenceId) ?? t.evidenceId,
      line: t.line,
      ...(t.page ? { page: t.page } : {}),
    },
    paymentId: ledger.byTransaction.get(t.id)?.id ?? null,
  };
}

/** A payment of the ledger as every transport gets it: each row that shows it, and the matches it waits on. */
function toPaymentDto(p: Payment, ledger: Ledger, titles: Map<string, string>, pending: Pending): PaymentDto {
  const txOf = (key: string) => ledger.byKey.get(key)?.sightings.find((s) => s.key === key)?.tx.id ?? '';
  return {
    id: p.id,
    utc: p.anchor.tx.occurredUtc,
    offset: p.anchor.tx.occurredOffset,
    amount: formatAmount(p.amountMinor, p.currency),
    currency: p.currency,
    direction: p.kind === 'charge' ? 'out' : p.kind === 'other' ? 'neutral' : 'in',
    kind: p.kind,
    counterparty: p.counterparty,
    description: p.description,
    orderIds: p.orderIds,
    rail: p.rail,
    railSource: p.railSource,
    bank: p.bank,
    isDisputed: p.disputed,
    refunded: formatAmount(p.refundedMinor, p.currency),
    outstanding: formatAmount(p.outstandingMinor, p.currency),
    refundOf: p.refundOf,
    refundIds: p.refundIds,
    seriesId: p.seriesId,
    hasTime: p.anchor.hasTime,
    sightings: p.sightings.map((s) => ({
      transactionId: s.tx.id,
      evidenceId: s.tx.evidenceId,
      title: titles.get(s.tx.evidenceId) ?? s.tx.evidenceId,
      line: s.tx.line,
      ...(s.tx.page ? { page: s.tx.page } : {}),
      source: s.source,
      hasTime: s.hasTime,
    })),
    pending: p.pending
      .filter(
        (x): x is typeof x & { state: 'linked' | 'suggested' } =>
          x.state === 'suggested' || (pending === 'all' && x.state === 'linked'),
      )
      .map((x) => ({
        kind: x.kind,
        state: x.state,
        paymentId: x.paymentId,
        transactionIds: [txOf(x.keys[0]), txOf(x.keys[1])],
        score: x.score,
        reasons: x.reasons,
      })),
  };
}

/**
 * Parts of Charges a caller does not read, so they are not built (they come back empty): `locker payments`
 * prints the payments only, and on a big bill every row's DTO, the series and the totals cost it time.
 */
const omitInput = z
  .array(z.enum(['transactions', 'series', 'totals']))
  .max(3)
  .optional();
type Omit = NonNullable<z.infer<typeof omitInput>>;

/** The Charges page of a case: its rows, payments, series and totals, each computed once by the services. */
export function chargesOf(locker: Locker, caseId: string, pending?: Pending, omit: Omit = []): Charges {
  const c = exactCase(locker, caseId);
  const titles = titlesOf(locker, c.id);
  const ledger = caseLedger(locker, c.id);
  const summary = omit.includes('totals') ? null : caseSummary(locker, c.id);
  const agreements = omit.includes('series') ? [] : caseAgreements(locker, c.id);
  return {
    caseId: c.id,
    timezone: c.timezone,
    // The rows the ledger was built from (one read of the database, not two).
    transactions: omit.includes('transactions')
      ? []
      : ledger.rows.map((t) => toTransactionDto(t, titles, ledger)),
    payments: ledger.payments.map((p) => toPaymentDto(p, ledger, titles, pending)),
    toConfirm: summary?.payments.toConfirm ?? 0,
    series: omit.includes('series')
      ? []
      : caseSeries(locker, c.id).map(({ transactions, ...s }) => ({
          ...s,
          transactionIds: transactions,
          agreement: agreementOfSeries({ ...s, transactions }, agreements),
        })),
    charges: summary?.charges ?? [],
    disputed: summary?.disputed ?? { count: 0, totals: [] },
  };
}

/** Runs one change to the ledger, then answers with the case's Charges as they now stand. */
const changeThen = async (
  locker: Locker,
  caseId: string,
  pending: Pending,
  change: (id: string) => Promise<unknown>,
) => {
  await change(exactCase(locker, caseId).id);
  return chargesOf(locker, caseId, pending);
};

const pair = z.tuple([transactionId, transactionId]);

export const recordCalls = {
  'transaction:list': call(
    () =>
      z.strictObject({
        caseId,
        evidenceId: evidenceId.optional(),
        /** Only the rows (and their payments) whose payee, description, note or order mentions this. */
        match: z.string().max(200).optional(),
        pending: pendingInput,
        omit: omitInput,
      }),
    async ({ locker }, { caseId, evidenceId, match, pending, omit }) => {
      const charges = chargesOf(locker, caseId, pending, omit);
      if (match !== undefined) {
        const hits = new Set(
          caseLedger(locker, charges.caseId)
            .rows.filter((t) => transactionMatches(t, match))
            .map((t) => t.id),
        );
        charges.transactions = charges.transactions.filter((t) => hits.has(t.id));
        charges.payments = charges.payments.filter((p) => p.sightings.some((x) => hits.has(x.transactionId)));
      }
      // One item's rows (its panel's table); the totals and series stay those of the whole case.
      if (evidenceId !== undefined) {
        charges.transactions = charges.transactions.filter((t) => t.source.evidenceId === evidenceId);
        charges.payments = charges.payments.filter((p) =>
          p.sightings.some((x) => x.evidenceId === evidenceId),
        );
      }
      return Promise.resolve(charges);
    },
  ),

  /**
   * Marks charges disputed (or not): these ids, the charges that mention `match` (money out only), and/or every
   * charge of a series (whose refunds are then linked to them). Answers with Charges, the rows it chose
   * (`matched`, in order), how many changed, and the refunds it linked.
   */
  'transaction:dispute': call(
    () =>
      z.strictObject({
        caseId,
        ids: z.array(transactionId).min(1).max(100_000).optional(),
        match: z.string().max(200).optional(),
        seriesId: z.string().min(1).max(100).optional(),
        disputed: z.boolean(),
        pending: pendingInput,
      }),
    async ({ locker }, { caseId, ids, match, seriesId, disputed, pending }) => {
      const c = exactCase(locker, caseId);
      // The service refuses a row of another case (not found) and a row that is not money out.
      const which = { ...(match !== undefined ? { match } : {}), ids: [...new Set(ids ?? [])], disputed };
      let r: { matched: string[]; changed: number; refundsLinked: RefundLink[] };
      if (seriesId !== undefined) r = await disputeSeries(locker, c.id, seriesId, which);
      else {
        r = { ...(await disputeTransactions(locker, c.id, which)), refundsLinked: [] };
        // A whole series chosen in one action gets its refunds linked too, as with `seriesId`.
        if (disputed && ids) {
          const chosen = new Set(ids);
          for (const s of caseSeries(locker, c.id))
            if (s.transactions.every((id) => chosen.has(id)))
              r.refundsLinked.push(...(await linkRefundsOfCharges(locker, c.id, s.transactions)));
        }
      }
      return { ...chargesOf(locker, c.id, pending), ...r };
    },
  ),

  /** Links a refund to the charge it gave back (null: to none); answers with the Charges of its case. */
  'refund:link': call(
    () =>
      z.strictObject({ refundId: transactionId, chargeId: transactionId.nullable(), pending: pendingInput }),
    async ({ locker }, { refundId, chargeId, pending }) => {
      const refund = await linkRefund(locker, refundId, chargeId);
      return chargesOf(locker, refund.caseId, pending);
    },
  ),

  // The dispute ledger: the user joins two rows into one payment, splits one out, turns a suggestion down,
  // confirms the matcher's single-candidate suggestions, corrects how a payment moved.
  'payment:join': call(
    () => z.strictObject({ caseId, transactionIds: pair, pending: pendingInput }),
    ({ locker }, { caseId, transactionIds, pending }) =>
      changeThen(locker, caseId, pending, (id) =>
        joinSightings(locker, id, transactionIds[0], transactionIds[1]),
      ),
  ),

  'payment:split': call(
    () => z.strictObject({ caseId, transactionId, pending: pendingInput }),
    ({ locker }, { caseId, transactionId, pending }) =>
      changeThen(locker, caseId, pending, (id) => splitSighting(locker, id, transactionId)),
  ),

  'payment:reject': call(
    () => z.strictObject({ caseId, transactionIds: pair, kind: z.enum(LINK_KINDS), pending: pendingInput }),
    ({ locker }, { caseId, transactionIds: [a, b], kind, pending }) =>
      changeThen(locker, caseId, pending, (id) => rejectLink(locker, id, a, b, kind)),
  ),

  /** Answers with Charges and how many suggestions it confirmed. */
  'payment:confirm': call(
    () => z.strictObject({ caseId, pending: pendingInput }),
    async ({ locker }, { caseId, pending }) => {
      let confirmed = 0;
      const charges = await changeThen(locker, caseId, pending, async (id) => {
        confirmed = await confirmSameSuggestions(locker, id);
      });
      return { ...charges, confirmed };
    },
  ),

  'payment:rail': call(
    () => z.strictObject({ caseId, transactionId, rail: z.enum(RAILS).nullable(), pending: pendingInput }),
    ({ locker }, { caseId, transactionId, rail, pending }) =>
      changeThen(locker, caseId, pending, (id) => setPaymentRail(locker, id, transactionId, rail)),
  ),

  'message:list': call(
    () => z.strictObject({ caseId, evidenceId: evidenceId.optional() }),
    async ({ locker }, { caseId, evidenceId }) => {
      const c = exactCase(locker, caseId);
      const titles = titlesOf(locker, c.id);
      const all = caseMessages(locker, c.id);
      return Promise.resolve({
        caseId: c.id,
        timezone: c.timezone,
        messages: (evidenceId === undefined ? all : all.filter((m) => m.evidenceId === evidenceId)).map((m) =>
          toMessageDto(m, titles),
        ),
      });
    },
  ),

  'message:mark': call(
    () => z.strictObject({ id: messageId, isKey: z.boolean() }),
    async ({ locker }, { id, isKey }) => {
      const m = await markMessageKey(locker, id, isKey);
      const source = locker.getEvidence(m.evidenceId);
      return toMessageDto(m, new Map([[source.id, source.title]]));
    },
  ),
};
