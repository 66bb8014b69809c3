import type { CaseDto, CaseOverview, EventDto, TimelineRow } from '../services/calls/cases.ts';
import type { PlanDto } from '../services/calls/dispute.ts';
import type { PacketWritten } from '../services/calls/disk.ts';
import type { CallOutput } from '../services/calls/index.ts';
import type { EvidenceItemDto } from '../services/calls/evidence.ts';
import type { MessageDto, PaymentDto, SeriesDto, TransactionDto } from '../services/calls/records.ts';
import type { SearchHitDto } from '../services/calls/search.ts';
import type { AgreementJson, DeadlineJson } from '../services/dispute/records.ts';
import { formatInstant } from '../services/util/time.ts';

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

/** An item, as `evidence list|show|edit|trash|restore` print it: `occurredAt` with the offset it was written with. */
export function evidenceJson(e: EvidenceItemDto) {
  return {
    id: e.id,
    caseId: e.caseId,
    sha256: e.sha256,
    parentId: e.parentId,
    kind: e.kind,
    title: e.title,
    notes: e.notes,
    tags: e.tags,
    occurredSource: e.occurredSource,
    size: e.size,
    mime: e.mime,
    originalName: e.originalName,
    originalPath: e.originalPath,
    fileMtime: e.fileMtime,
    acquiredAt: e.acquiredAt,
    acquisitionMethod: e.acquisitionMethod,
    facts: e.facts,
    deletedAt: e.deletedAt,
    occurredAt: formatInstant({ utc: e.occurredUtc, offset: e.occurredOffset }),
    hasText: e.hasText,
  };
}

/** An event without a file, as `event add` prints it. */
export function eventJson(e: EventDto) {
  return {
    id: e.id,
    caseId: e.caseId,
    kind: e.kind,
    title: e.title,
    notes: e.notes,
    reference: e.reference,
    evidenceId: e.evidenceId,
    createdAt: e.createdAt,
    deletedAt: e.deletedAt,
    occurredAt: formatInstant({ utc: e.occurredUtc, offset: e.occurredOffset }),
  };
}

/** The plan, as `plan` prints it: a deadline says `overdue` where the DTO says `isOverdue`. */
export function planJson(p: PlanDto) {
  return {
    caseId: p.caseId,
    steps: p.steps,
    deadlines: p.deadlines.map(({ utc: _utc, isOverdue, ...d }) => ({
      id: d.id,
      at: d.at,
      title: d.title,
      rule: d.rule,
      party: d.party,
      ruleLabel: d.ruleLabel,
      state: d.state,
      daysLeft: d.daysLeft,
      overdue: isOverdue,
      isDone: d.isDone,
      isEstimate: d.isEstimate,
      whoActs: d.whoActs,
      contactId: d.contactId,
    })),
    next: p.next,
    stages: p.stages,
    disclaimer: p.disclaimer,
  };
}

/** A chat message, as `messages` and `message key|unkey` print it: `at` with the chat's offset. */
export function messageJson(m: MessageDto) {
  return {
    id: m.id,
    at: formatInstant({ utc: m.utc, offset: m.offset }),
    sender: m.sender,
    text: m.text,
    attachments: m.attachments,
    isSystem: m.isSystem,
    isKey: m.isKey,
    chat: m.chat,
    source: m.source,
  };
}

/** A row of a bill, as `transactions` prints it: `disputed` for the DTO's `isDisputed`, `at` with its offset. */
export function transactionJson(t: TransactionDto) {
  return {
    id: t.id,
    at: formatInstant({ utc: t.utc, offset: t.offset }),
    amount: t.amount,
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
    disputed: t.isDisputed,
    refundOf: t.refundOf,
    source: t.source,
    ...(t.paymentId ? { paymentId: t.paymentId } : {}),
  };
}

/** A recurring series, as `series` prints it: its charges as `transactions`. */
export function seriesJson(x: SeriesDto) {
  return {
    id: x.id,
    ...(x.service !== undefined ? { service: x.service } : {}),
    counterparty: x.counterparty,
    key: x.key,
    count: x.count,
    interval: x.interval,
    intervalDays: x.intervalDays,
    amount: x.amount,
    currency: x.currency,
    first: x.first,
    last: x.last,
    nextExpected: x.nextExpected,
    total: x.total,
    priceChanges: x.priceChanges,
    saysAutomatic: x.saysAutomatic,
    disputed: x.disputed,
    transactions: x.transactionIds,
    paymentIds: x.paymentIds,
    agreement: x.agreement,
  };
}

/** `verify`: the whole report, its fields in the order the command always printed them. */
export function verifyJson(v: CallOutput<'locker:verify'>) {
  const { ok, checkedAt, objects, bytes, logEntries, chainHead, problems, orphans, notes, ...rest } = v;
  return { ok, checkedAt, objects, bytes, logEntries, chainHead, problems, orphans, notes, ...rest };
}

/** `export`: the files by the paths the user gave, the exhibits and volumes, the reference. */
export function packetJson(r: PacketWritten) {
  return {
    files: r.files,
    pages: r.pages,
    exhibits: r.exhibits,
    ...(r.volumes ? { volumes: r.volumes } : {}),
    reference: r.reference,
  };
}

/**
 * A row of the timeline, as `timeline` prints it: `at` with its offset, the record's id under its own name
 * (`evidenceId`, `eventId`, `transactionId`, `messageId`), and per kind what the row was read from.
 */
export function timelineJson(r: TimelineRow) {
  const at = formatInstant({ utc: r.utc, offset: r.offset });
  const head = { at, type: r.type, kind: r.kind, title: r.title };
  switch (r.type) {
    case 'evidence':
      return { ...head, evidenceId: r.id, timeSource: r.timeSource };
    case 'event':
      return {
        ...head,
        eventId: r.id,
        ...(r.evidenceId ? { evidenceId: r.evidenceId } : {}),
        ...(r.reference ? { reference: r.reference } : {}),
        ...(r.attachmentIds ? { attachments: r.attachmentIds } : {}),
      };
    case 'transaction':
      return {
        ...head,
        transactionId: r.id,
        amount: r.amount,
        currency: r.currency,
        direction: r.kind === 'charge' ? 'out' : 'in',
        disputed: r.isDisputed,
        source: r.source,
        paymentId: r.paymentId,
        sources: r.sightings,
      };
    case 'message':
      return {
        ...head,
        messageId: r.id,
        source: r.source,
        ...(r.readBy ? { readBy: r.readBy, sender: r.sender ?? '' } : {}),
        ...(r.side ? { side: r.side } : {}),
      };
  }
}

/** A match, as `search` prints it: one per matching row, `line`, `page` and `region` only where they apply. */
export function searchHitJson(h: SearchHitDto) {
  return {
    evidenceId: h.evidenceId,
    kind: h.kind,
    id: h.id,
    caseId: h.caseId,
    snippet: h.snippet,
    at: h.at,
    title: h.title,
    ...(h.line !== null ? { line: h.line } : {}),
    ...(h.page !== null ? { page: h.page } : {}),
    ...(h.region !== null ? { region: h.region } : {}),
  };
}

/** A deadline, as `deadline add|done` print it and `contact` lists the ones it started. */
export function deadlineJson(d: DeadlineJson) {
  return {
    id: d.id,
    at: d.at,
    title: d.title,
    rule: d.rule,
    contactId: d.contactId,
    eventId: d.eventId,
    isEstimate: d.isEstimate,
    isDone: d.isDone,
    isUserEdited: d.isUserEdited,
  };
}

/** A contact just recorded, as `contact` prints it: `deadline` is the first it started (or null). */
export function contactAddedJson(c: CallOutput<'contact:add'>) {
  const first = c.deadlines[0];
  return {
    id: c.id,
    at: c.at,
    eventId: c.eventId,
    deadline: first ? { at: first.at, rule: first.rule, title: first.title, id: first.id } : null,
    deadlines: c.deadlines.map(deadlineJson),
  };
}

/** An agreement, as `agreement` prints it (and lists them). */
export function agreementJson(a: AgreementJson) {
  return {
    id: a.id,
    caseId: a.caseId,
    merchant: a.merchant,
    service: a.service,
    number: a.number,
    signedAt: a.signedAt,
    closedAt: a.closedAt,
    paymentMethod: a.paymentMethod,
    status: a.status,
    seriesId: a.seriesId,
    evidenceIds: a.evidenceIds,
  };
}

/** What `claimant` saved: for a case, also which fields are set and the ID and phone masked. */
export function claimantJson(r: CallOutput<'claimant:set'>, forCase: boolean) {
  return {
    scope: r.scope,
    changed: r.changed,
    ...(forCase ? { isSet: r.isSet, masked: { idNumber: r.idNumberMasked, phone: r.phoneMasked } } : {}),
  };
}

/**
 * A payment of the dispute ledger, as `payments` and `payment join|split|rail` print it: `at` with its offset,
 * `disputed` for `isDisputed`, `seriesId` only when it belongs to one; `pending` holds the linked matches too
 * (the calls are asked with `pending: 'all'`).
 */
export function paymentJson(p: PaymentDto) {
  return {
    id: p.id,
    at: formatInstant({ utc: p.utc, offset: p.offset }),
    amount: p.amount,
    currency: p.currency,
    direction: p.direction,
    counterparty: p.counterparty,
    rail: p.rail,
    disputed: p.isDisputed,
    refunded: p.refunded,
    outstanding: p.outstanding,
    sightings: p.sightings.map((x) => ({
      transactionId: x.transactionId,
      evidenceId: x.evidenceId,
      title: x.title,
      line: x.line,
      ...(x.page ? { page: x.page } : {}),
      source: x.source,
      hasTime: x.hasTime,
    })),
    ...(p.seriesId ? { seriesId: p.seriesId } : {}),
    kind: p.kind,
    description: p.description,
    orderIds: p.orderIds,
    railSource: p.railSource,
    bank: p.bank,
    refundOf: p.refundOf,
    refundIds: p.refundIds,
    hasTime: p.hasTime,
    pending: p.pending.map((x) => ({
      kind: x.kind,
      state: x.state,
      paymentId: x.paymentId,
      transactionIds: x.transactionIds,
      score: x.score,
      reasons: x.reasons,
    })),
  };
}

/** The case in numbers, as `summary` prints it (from the overview's `summary`). */
export function summaryJson({ summary: s }: CaseOverview) {
  return {
    caseId: s.caseId,
    evidence: s.evidence,
    events: s.events,
    transactions: s.transactions,
    messages: s.messages,
    keyMessages: s.keyMessages,
    charges: s.charges,
    seenTwice: s.seenTwice,
    disputed: s.disputed,
    payments: s.payments,
  };
}
