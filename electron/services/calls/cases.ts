import { z } from 'zod';
import { CASE_STATUSES, type CaseRecord, type CaseStatus } from '../../../db/queries/cases.ts';
import {
  EVENT_KINDS,
  firstEvents,
  eventFacts,
  listDeadlineEvents,
  listEvents,
  type EventKind,
  type EventRecord,
} from '../../../db/queries/events.ts';
import type { EvidenceKind, TimeSource } from '../../../db/queries/evidence.ts';
import { caseContacts } from '../dispute/records.ts';
import { caseLedger } from '../ledger/index.ts';
import type { Locker, TimelineEntry } from '../locker.ts';
import { caseSummary, type CaseSummary, type CurrencyTotals } from '../records.ts';
import { waitsForPassword } from '../locked-items.ts';
import { call, exactCase, instantOf } from './define.ts';
import { caseId, eventId, isoTime, longText, shortText, title } from './inputs.ts';

// Checked by the Locker (an ISO 4217 code, a zone it knows); bounded here.
const currency = z.string().max(8);
const timezone = z.string().max(64);

/* Cases, their overview and timeline, and the events the user writes down (calls, letters, deadlines). */

export type CaseDto = {
  id: string;
  title: string;
  counterparty: string;
  paymentMethod: string;
  /** The account the money was taken from, as the user wrote it. */
  account: string;
  currency: string;
  status: CaseStatus;
  notes: string;
  timezone: string;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
};

export function toCaseDto(c: CaseRecord): CaseDto {
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

export type CaseOverview = {
  case: CaseDto;
  counts: {
    evidence: number;
    events: number;
    images: number;
    documents: number;
    contacts: number;
    inTrash: number;
  };
  /** UTC ISO instants of the first and last thing on the timeline. */
  firstAt: string | null;
  lastAt: string | null;
  /** The soonest deadline still ahead, else the most recent one passed. */
  nextDeadline: { title: string; utc: string; isOverdue: boolean } | null;
  /** Rows read from bills and chats, and the disputed charges per currency (charged, refunded, owed). */
  records: { transactions: number; messages: number; disputedCount: number; totals: CurrencyTotals[] };
  /** Items filed without their password (a bill ZIP, a PDF statement): nothing in them is read yet. */
  waitingForPassword: { id: string; title: string }[];
  /** The case in numbers (what it holds, the rows seen twice, the ledger's counts), as `locker summary` prints it. */
  summary: CaseSummary;
};

export type TimelineRow = {
  /** The evidence, event, transaction or message id. */
  id: string;
  type: 'evidence' | 'event' | 'transaction' | 'message';
  /** For transactions `charge` or `refund`; for key messages `message`. */
  kind: EvidenceKind | EventKind | 'charge' | 'refund';
  title: string;
  utc: string;
  /** Minutes east of UTC, as the source wrote the time. */
  offset: number;
  timeSource: TimeSource | null;
  reference: string;
  notes: string;
  tags: string[];
  hasThumb: boolean;
  /** Charges and refunds: decimal string (`"39.90"`) and ISO 4217 code. */
  amount: string | null;
  currency: string | null;
  isDisputed: boolean;
  /** Transactions and messages: the item they were read from. */
  sourceEvidenceId: string | null;
  /** Charges and refunds: where the payment is seen (`alipay`, `bank` …), one entry per file, in order. */
  seenIn?: ('alipay' | 'wechat' | 'platform' | 'bank')[];
  /** Evidence filed without its password, whose content waits for it. */
  needsPassword?: boolean;
  /** A logged contact's evidence (a chat screenshot, a recording, the email), in the order attached. */
  attachments?: { id: string; title: string; kind: EvidenceKind; hasThumb: boolean }[];
  /** The logged contact this event is (its evidence can be attached or detached with `contact:attach`). */
  contactId?: string;
  /** A message read by OCR from a chat screenshot the user filed as a contact, and whose bubble it was. */
  readBy?: 'ocr';
  side?: 'me' | 'them';
  /** Such a message's other side, by name ('' for the user's own). */
  sender?: string;
  /** Charges, refunds and messages: the line (and page) of the item they were read from. */
  source?: { evidenceId: string; line: number; page?: number };
  /** Charges and refunds: the payment, and every row that shows it (the bill's and the bank's). */
  paymentId?: string;
  sightings?: { evidenceId: string; line: number; page?: number; transactionId: string; source: string }[];
  /** An event: the item it is linked to (a logged contact's: its first attachment, trashed or not). */
  evidenceId?: string;
  /** A logged contact's attached items by id, in order, trashed ones too (`attachments` leaves them out). */
  attachmentIds?: string[];
};

export type EventDto = {
  id: string;
  caseId: string;
  kind: EventKind;
  title: string;
  reference: string;
  notes: string;
  occurredUtc: string;
  occurredOffset: number;
  /** The item that shows it, when one does. */
  evidenceId: string | null;
  createdAt: string;
  deletedAt: string | null;
};

function toEventDto(e: EventRecord): EventDto {
  return {
    id: e.id,
    caseId: e.caseId,
    kind: e.kind,
    title: e.title,
    reference: e.reference,
    notes: e.notes,
    occurredUtc: e.occurredUtc,
    occurredOffset: e.occurredOffset,
    evidenceId: e.evidenceId,
    createdAt: e.createdAt,
    deletedAt: e.deletedAt,
  };
}

function timelineRowOf(entry: TimelineEntry): TimelineRow | null {
  const id = entry.type === 'transaction' ? entry.transactionId : entry.messageId;
  if (!id || (entry.type !== 'transaction' && entry.type !== 'message')) return null;
  const { utc, offset } = instantOf(entry.at);
  return {
    id,
    type: entry.type,
    kind: entry.type === 'message' ? 'message' : entry.kind === 'charge' ? 'charge' : 'refund',
    title: entry.title,
    utc,
    offset,
    timeSource: null,
    reference: '',
    notes: '',
    tags: [],
    hasThumb: false,
    amount: entry.amount ?? null,
    currency: entry.currency ?? null,
    isDisputed: entry.disputed ?? false,
    sourceEvidenceId: entry.source?.evidenceId ?? null,
    ...(entry.readBy ? { readBy: entry.readBy, sender: entry.sender ?? '' } : {}),
    ...(entry.side ? { side: entry.side } : {}),
    ...(entry.sources
      ? {
          seenIn: [...new Set(entry.sources.map((x) => x.source))] as NonNullable<TimelineRow['seenIn']>,
        }
      : {}),
    ...(entry.source ? { source: entry.source } : {}),
    ...(entry.paymentId ? { paymentId: entry.paymentId } : {}),
    ...(entry.sources ? { sightings: entry.sources } : {}),
  };
}

/** The most rows a first page of the timeline may ask for. */
export const MAX_FIRST_ROWS = 1000;

export type TimelineFacets = {
  /** The kinds of row the whole timeline holds, for its filter chips. */
  types: TimelineRow['type'][];
  hasDisputed: boolean;
  /** Every tag on the case's items, sorted. */
  tags: string[];
  /** Where the rows come from: `manual` (entered by hand) or an item's id, with the item's title if it is live. */
  sources: { id: string; title: string | null }[];
};

export type Timeline = {
  caseId: string;
  timezone: string;
  rows: TimelineRow[];
  /** Rows in the whole timeline: more than `rows.length` when only the first rows were asked for. */
  total: number;
  facets: TimelineFacets;
};

const byTimeThenId = (a: TimelineRow, b: TimelineRow) =>
  a.utc < b.utc ? -1 : a.utc > b.utc ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * One pass per source, each already in time order from SQL (events are the bulk: thousands of calls and
 * messages), merged rather than re-sorted. With `first`, the events are read only as far as needed.
 */
function buildTimeline(
  locker: Locker,
  c: CaseRecord,
  first: number | undefined,
  hasThumb: (sha256: string) => boolean,
): Timeline {
  const evidence: TimelineRow[] = locker.listEvidence(c.id).map((e) => ({
    id: e.id,
    type: 'evidence',
    kind: e.kind,
    title: e.title,
    utc: e.occurredUtc,
    offset: e.occurredOffset,
    timeSource: e.occurredSource,
    reference: '',
    notes: e.notes,
    tags: e.tags,
    hasThumb: hasThumb(e.sha256),
    amount: null,
    currency: null,
    isDisputed: false,
    sourceEvidenceId: null,
    ...(waitsForPassword(locker.db, e) ? { needsPassword: true } : {}),
  }));
  // A contact's attachments, named under it (those in the trash are left out, as on the timeline).
  const byId = new Map(evidence.map((e) => [e.id, e]));
  const contacts = caseContacts(locker, c.id);
  const contactOf = new Map(contacts.flatMap((x) => (x.eventId ? [[x.eventId, x.id] as const] : [])));
  const attachedTo = new Map(
    contacts.flatMap((x) => {
      const list = x.evidenceIds.flatMap((id) => {
        const e = byId.get(id);
        return e ? [{ id: e.id, title: e.title, kind: e.kind as EvidenceKind, hasThumb: e.hasThumb }] : [];
      });
      return x.eventId && list.length ? [[x.eventId, list] as const] : [];
    }),
  );
  const page = first === undefined ? null : firstEvents(locker.db, c.id, first);
  const eventRecords = page ? page.events : listEvents(locker.db, c.id);
  const eventCount = page ? page.total : eventRecords.length;
  // As the Locker's timeline links them: a contact's list as attached since, else the item it was written with.
  const attachedIds = new Map(
    contacts.flatMap((x) => (x.eventId ? [[x.eventId, x.evidenceIds] as const] : [])),
  );
  const linkOf = (ev: EventRecord) => {
    const attached = attachedIds.get(ev.id);
    const evidenceId = attached ? attached[0] : (ev.evidenceId ?? undefined);
    return {
      ...(evidenceId ? { evidenceId } : {}),
      ...(attached?.length ? { attachmentIds: attached } : {}),
    };
  };
  const events: TimelineRow[] = eventRecords.map((ev) => ({
    id: ev.id,
    type: 'event',
    kind: ev.kind,
    title: ev.title,
    utc: ev.occurredUtc,
    offset: ev.occurredOffset,
    timeSource: null,
    reference: ev.reference,
    notes: ev.notes,
    tags: [],
    hasThumb: false,
    amount: null,
    currency: null,
    isDisputed: false,
    sourceEvidenceId: null,
    ...(contactOf.has(ev.id) ? { contactId: contactOf.get(ev.id) } : {}),
    ...(attachedTo.has(ev.id) ? { attachments: attachedTo.get(ev.id) } : {}),
    ...linkOf(ev),
  }));
  // Disputed charges with their refunds, and messages marked key, as the Locker's timeline has them.
  const records: TimelineRow[] = [];
  for (const entry of locker.timeline(c.id, { recordsOnly: true })) {
    const row = timelineRowOf(entry);
    if (row) records.push(row);
  }
  // The same order as Locker.timeline: by instant, ties by id, so rows never jump between loads. Events come
  // sorted from SQL; the few items and records are sorted here, and the two lists merged.
  const others = [...evidence, ...records].sort(byTimeThenId);
  const limit = first ?? Infinity;
  const rows: TimelineRow[] = [];
  let i = 0;
  let j = 0;
  while (rows.length < limit && (i < events.length || j < others.length)) {
    const a = events[i];
    const b = others[j];
    if (a && (!b || byTimeThenId(a, b) <= 0)) {
      rows.push(a);
      i += 1;
    } else if (b) {
      rows.push(b);
      j += 1;
    }
  }
  const titles = new Map(evidence.map((e) => [e.id, e.title]));
  const sourceIds = new Set<string>(evidence.map((e) => e.id));
  for (const r of records) sourceIds.add(r.sourceEvidenceId ?? r.id);
  if (eventCount > 0) sourceIds.add('manual');
  const types = new Set<TimelineRow['type']>();
  if (evidence.length > 0) types.add('evidence');
  if (eventCount > 0) types.add('event');
  for (const r of records) types.add(r.type);
  return {
    caseId: c.id,
    timezone: c.timezone,
    rows,
    total: evidence.length + eventCount + records.length,
    facets: {
      types: (['evidence', 'event', 'transaction', 'message'] as const).filter((t) => types.has(t)),
      hasDisputed: records.some((r) => r.isDisputed),
      tags: [...new Set(evidence.flatMap((e) => e.tags))].sort(),
      sources: [...sourceIds].map((id) => ({ id, title: titles.get(id) ?? null })),
    },
  };
}

export const caseCalls = {
  'case:list': call(
    () => z.strictObject({ includeArchived: z.boolean().optional() }),
    async ({ locker }, input) =>
      Promise.resolve(locker.listCases({ includeArchived: input.includeArchived ?? false }).map(toCaseDto)),
  ),

  'case:create': call(
    () =>
      z.strictObject({
        title,
        counterparty: shortText.optional(),
        paymentMethod: shortText.optional(),
        account: shortText.optional(),
        currency: currency.optional(),
        timezone: timezone.optional(),
      }),
    async ({ locker }, input) => toCaseDto(await locker.createCase(input)),
  ),

  'case:update': call(
    () =>
      z.strictObject({
        id: caseId,
        patch: z.strictObject({
          title: title.optional(),
          counterparty: shortText.optional(),
          paymentMethod: shortText.optional(),
          account: shortText.optional(),
          currency: currency.optional(),
          timezone: timezone.optional(),
          notes: longText.optional(),
          status: z.enum(CASE_STATUSES).optional(),
          archived: z.boolean().optional(),
        }),
      }),
    async ({ locker }, { id, patch }) => {
      exactCase(locker, id);
      return toCaseDto(await locker.updateCase(id, patch));
    },
  ),

  /** The case's overview: what it holds, what it covers, the next deadline and the disputed totals. */
  'case:get': call(
    () => z.strictObject({ id: caseId }),
    async ({ locker }, { id }): Promise<CaseOverview> => {
      const c = exactCase(locker, id);
      const items = locker.listEvidence(c.id, { includeDeleted: true });
      const live = items.filter((e) => e.deletedAt === null);
      // Counted in the database: a case can hold tens of thousands of events.
      const facts = eventFacts(locker.db, c.id);
      // What the case covers: its evidence, what happened and the charges — never a deadline still to come.
      const instants = [
        ...live.map((e) => e.occurredUtc),
        ...(facts.firstUtc && facts.lastUtc ? [facts.firstUtc, facts.lastUtc] : []),
        ...caseLedger(locker, c.id)
          .payments.filter((p) => p.kind === 'charge')
          .map((p) => p.anchor.tx.occurredUtc),
      ].sort();
      const now = locker.now();
      const deadlines = listDeadlineEvents(locker.db, c.id);
      const ahead = deadlines.find((d) => d.occurredUtc >= now);
      const passed = deadlines.filter((d) => d.occurredUtc < now).at(-1);
      const next = ahead ?? passed;
      const summary = caseSummary(locker, c.id, facts);
      return Promise.resolve({
        case: toCaseDto(c),
        counts: {
          evidence: live.length,
          events: facts.count,
          images: live.filter((e) => e.mime.startsWith('image/')).length,
          documents: live.filter((e) => !e.mime.startsWith('image/')).length,
          contacts: facts.contacts,
          inTrash: items.length - live.length,
        },
        firstAt: instants[0] ?? null,
        lastAt: instants.at(-1) ?? null,
        nextDeadline: next ? { title: next.title, utc: next.occurredUtc, isOverdue: next === passed } : null,
        records: {
          transactions: summary.transactions,
          messages: summary.messages,
          disputedCount: summary.disputed.count,
          totals: summary.disputed.totals,
        },
        waitingForPassword: live
          .filter((e) => waitsForPassword(locker.db, e))
          .map((e) => ({ id: e.id, title: e.title })),
        summary,
      });
    },
  ),

  /**
   * Evidence, events, disputed charges with their refunds and key messages, in one time order. With `first`:
   * only the first rows (what a window shows on opening), with the count and the facets of the whole timeline,
   * so the list paints at once and the rest follows in a second call.
   */
  'timeline:get': call(
    () => z.strictObject({ caseId, first: z.number().int().min(1).max(MAX_FIRST_ROWS).optional() }),
    async ({ locker }, { caseId, first }): Promise<Timeline> => {
      const c = exactCase(locker, caseId);
      return buildTimeline(locker, c, first, await locker.objects.thumbIndex());
    },
  ),

  'event:add': call(
    () =>
      z.strictObject({
        caseId,
        kind: z.enum(EVENT_KINDS),
        title,
        occurredAt: isoTime,
        reference: shortText.optional(),
        notes: longText.optional(),
      }),
    async ({ locker }, { caseId, ...rest }) => {
      exactCase(locker, caseId);
      return toEventDto(await locker.addEvent(caseId, rest));
    },
  ),

  'event:delete': call(
    () => z.strictObject({ id: eventId }),
    async ({ locker }, { id }) => {
      await locker.deleteEvent(id);
      return { id };
    },
  ),
};
