import { z } from 'zod';
import { LINK_KINDS, RAILS, type LinkKind, type LinkReason, type Rail } from '../../ipc/ledger-kinds.ts';
import { agreementOfSeries } from '../dispute/agreement-from-ocr.ts';
import { caseAgreements } from '../dispute/records.ts';
import { LockerInputError, NotFoundError } from '../errors.ts';
import {
  caseLedger,
  confirmSameSuggestions,
  joinSightings,
  paymentJson,
  rejectLink,
  setPaymentRail,
  splitSighting,
  type PaymentJson,
} from '../ledger/index.ts';
import type { Locker } from '../locker.ts';
import {
  caseMessages,
  caseSeries,
  caseSummary,
  caseTransactions,
  disputeTransactions,
  linkRefundsOfCharges,
  markMessageKey,
  messageJson,
  transactionJson,
  transactionMatches,
  type CurrencyTotals,
  type MessageJson,
} from '../records.ts';
import { call, exactCase, instantOf, titlesOf } from './define.ts';
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
  seriesId: string | null;
  /** False when no row of it has a time of day (a date-only statement line). */
  hasTime: boolean;
  sightings: (RecordSource & {
    transactionId: string;
    source: 'alipay' | 'wechat' | 'platform' | 'bank';
    hasTime: boolean;
  })[];
  /** Matches waiting for the user (possibly the same payment) and flags (a possible double charge). */
  pending: {
    kind: LinkKind;
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

function toMessageDto(m: MessageJson, titles: Map<string, string>): MessageDto {
  return {
    id: m.id,
    ...instantOf(m.at),
    sender: m.sender,
    text: m.text,
    attachments: m.attachments,
    isSystem: m.isSystem,
    isKey: m.isKey,
    chat: m.chat,
    source: { ...m.source, title: titles.get(m.source.evidenceId) ?? m.source.evidenceId },
    ...(m.readBy ? { readBy: m.readBy } : {}),
    ...(m.side ? { side: m.side } : {}),
  };
}

function toPaymentDto(p: PaymentJson, titles: Map<string, string>): PaymentDto {
  return {
    id: p.id,
    utc: instantOf(p.at).utc,
    amount: p.amount,
    currency: p.currency,
    direction: p.direction,
    kind: p.kind,
    counterparty: p.counterparty,
    description: p.description,
    orderIds: p.orderIds,
    rail: p.rail,
    railSource: p.railSource,
    bank: p.bank,
    isDisputed: p.disputed,
    refunded: p.refunded,
    outstanding: p.outstanding,
    refundOf: p.refundOf,
    seriesId: p.seriesId ?? null,
    hasTime: p.hasTime,
    sightings: p.sightings.map((x) => ({
      ...x,
      source: x.source as PaymentDto['sightings'][number]['source'],
      title: titles.get(x.evidenceId) ?? x.evidenceId,
    })),
    pending: p.pending
      .filter((x) => x.state === 'suggested')
      .map(({ kind, paymentId, transactionIds, score, reasons }) => ({
        kind,
        paymentId,
        transactionIds,
        score,
        reasons,
      })),
  };
}

/** The Charges page of a case: its rows, payments, series and totals, each computed once by the services. */
export function chargesOf(locker: Locker, caseId: string): Charges {
  const c = exactCase(locker, caseId);
  const titles = titlesOf(locker, c.id);
  const summary = caseSummary(locker, c.id);
  const agreements = caseAgreements(locker, c.id);
  const ledger = caseLedger(locker, c.id);
  return {
    caseId: c.id,
    timezone: c.timezone,
    transactions: caseTransactions(locker, c.id).map((t) => {
      const j = transactionJson(t);
      return {
        id: j.id,
        utc: t.occurredUtc,
        offset: t.occurredOffset,
        amount: j.amount,
        currency: j.currency,
        direction: j.direction,
        counterparty: j.counterparty,
        description: j.description,
        status: j.status,
        method: j.method,
        orderId: j.orderId,
        merchantOrderId: j.merchantOrderId,
        category: j.category,
        note: j.note,
        isDisputed: j.disputed,
        refundOf: j.refundOf,
        source: { ...j.source, title: titles.get(j.source.evidenceId) ?? j.source.evidenceId },
        paymentId: ledger.byTransaction.get(t.id)?.id ?? null,
      };
    }),
    payments: ledger.payments.map((p) => toPaymentDto(paymentJson(p, ledger), titles)),
    toConfirm: summary.payments.toConfirm,
    series: caseSeries(locker, c.id).map(({ transactions, ...s }) => ({
      ...s,
      transactionIds: transactions,
      agreement: agreementOfSeries({ ...s, transactions }, agreements),
    })),
    charges: summary.charges,
    disputed: summary.disputed,
  };
}

/** Runs one change to the ledger, then answers with the case's Charges as they now stand. */
const changeThen = async (locker: Locker, caseId: string, change: (id: string) => Promise<unknown>) => {
  await change(exactCase(locker, caseId).id);
  return chargesOf(locker, caseId);
};

const pair = z.tuple([transactionId, transactionId]);

export const recordCalls = {
  'transaction:list': call(
    z.strictObject({
      caseId,
      evidenceId: evidenceId.optional(),
      /** Only the rows (and their payments) whose payee, description, note or order mentions this. */
      match: z.string().max(200).optional(),
    }),
    async ({ locker }, { caseId, evidenceId, match }) => {
      const charges = chargesOf(locker, caseId);
      if (match !== undefined) {
        const hits = new Set(
          caseTransactions(locker, charges.caseId)
            .filter((t) => transactionMatches(t, match))
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

  'transaction:dispute': call(
    z.strictObject({ caseId, ids: z.array(transactionId).min(1).max(100_000), disputed: z.boolean() }),
    async ({ locker }, { caseId, ids, disputed }) => {
      const c = exactCase(locker, caseId);
      const byId = new Map(caseTransactions(locker, c.id).map((t) => [t.id, t]));
      for (const id of ids) {
        const t = byId.get(id);
        if (!t) throw new NotFoundError('transaction-in-case', id);
        // The service accepts any row by id; only money out is a charge one can dispute.
        if (t.direction !== 'out') throw new LockerInputError('dispute.only-charges');
      }
      await disputeTransactions(locker, c.id, { ids: [...new Set(ids)], disputed });
      // A whole series disputed in one action gets its refunds linked too, as `locker dispute --series` does.
      if (disputed) {
        const chosen = new Set(ids);
        for (const s of caseSeries(locker, c.id))
          if (s.transactions.every((id) => chosen.has(id)))
            await linkRefundsOfCharges(locker, c.id, s.transactions);
      }
      return chargesOf(locker, c.id);
    },
  ),

  // The dispute ledger: the user joins two rows into one payment, splits one out, turns a suggestion down,
  // confirms the matcher's single-candidate suggestions, corrects how a payment moved.
  'payment:join': call(
    z.strictObject({ caseId, transactionIds: pair }),
    ({ locker }, { caseId, transactionIds }) =>
      changeThen(locker, caseId, (id) => joinSightings(locker, id, transactionIds[0], transactionIds[1])),
  ),

  'payment:split': call(z.strictObject({ caseId, transactionId }), ({ locker }, { caseId, transactionId }) =>
    changeThen(locker, caseId, (id) => splitSighting(locker, id, transactionId)),
  ),

  'payment:reject': call(
    z.strictObject({ caseId, transactionIds: pair, kind: z.enum(LINK_KINDS) }),
    ({ locker }, { caseId, transactionIds: [a, b], kind }) =>
      changeThen(locker, caseId, (id) => rejectLink(locker, id, a, b, kind)),
  ),

  'payment:confirm': call(z.strictObject({ caseId }), ({ locker }, { caseId }) =>
    changeThen(locker, caseId, (id) => confirmSameSuggestions(locker, id)),
  ),

  'payment:rail': call(
    z.strictObject({ caseId, transactionId, rail: z.enum(RAILS).nullable() }),
    ({ locker }, { caseId, transactionId, rail }) =>
      changeThen(locker, caseId, (id) => setPaymentRail(locker, id, transactionId, rail)),
  ),

  'message:list': call(
    z.strictObject({ caseId, evidenceId: evidenceId.optional() }),
    async ({ locker }, { caseId, evidenceId }) => {
      const c = exactCase(locker, caseId);
      const titles = titlesOf(locker, c.id);
      const all = caseMessages(locker, c.id);
      return Promise.resolve({
        caseId: c.id,
        timezone: c.timezone,
        messages: (evidenceId === undefined ? all : all.filter((m) => m.evidenceId === evidenceId)).map((m) =>
          toMessageDto(messageJson(m), titles),
        ),
      });
    },
  ),

  'message:mark': call(
    z.strictObject({ id: messageId, isKey: z.boolean() }),
    async ({ locker }, { id, isKey }) => {
      const m = await markMessageKey(locker, id, isKey);
      const source = locker.getEvidence(m.source.evidenceId);
      return toMessageDto(m, new Map([[source.id, source.title]]));
    },
  ),
};
