import path from 'node:path';
import { countRecordsOf } from '../../db/queries/records.ts';
import { LockerLockedError } from '../services/crypto/keys.ts';
import { safeLog } from '../services/log.ts';
import { backupJobsOf } from './backups.ts';
import type { CaseRecord } from '../../db/queries/cases.ts';
import type { CustodyEntry } from '../../db/queries/custody.ts';
import type { EvidenceRecord } from '../../db/queries/evidence.ts';
import type { EventRecord } from '../../db/queries/events.ts';
import { LockerTooNewError } from '../../db/migrate.ts';
import { LockerInputError, NotFoundError } from '../services/errors.ts';
import {
  draftPacketLetter,
  exportPacket,
  readRedactions,
  setRedactions,
  type ExportResult,
} from '../services/export/index.ts';
import { chosenExhibits, exhibitChoices, setExhibitChoices } from '../services/export/selection.ts';
import { addPaths, type IntakeResult } from '../services/intake.ts';
import type { Locker, TimelineEntry } from '../services/locker.ts';
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
  type MessageJson,
} from '../services/records.ts';
import { checkAtOpen, verifyLocker } from '../services/verify.ts';
import { casePlan, type Plan } from '../services/dispute/plan.ts';
import { agreementOfSeries } from '../services/dispute/agreement-from-ocr.ts';
import { complaintFields } from '../services/dispute/complaint.ts';
import {
  addContact,
  caseAgreements,
  claimantFor,
  effectiveRules,
  maskValue,
  setClaimant,
  setPlanOverride,
} from '../services/dispute/records.ts';
import { formatInstant } from '../services/util/time.ts';
import {
  caseLedger,
  confirmSameSuggestions,
  joinSightings,
  paymentJson,
  rejectLink,
  setPaymentRail,
  splitSighting,
  type PaymentJson,
} from '../services/ledger/index.ts';
import { packetReadiness } from '../services/dispute/readiness.ts';
import type { SharedChannel } from './channels.ts';
import {
  fail,
  ok,
  parseInput,
  type ApiError,
  type CaseDto,
  type Channel,
  type Charges,
  type ExportSummary,
  type MessageDto,
  type PlanDto,
  type EventDto,
  type EvidenceDetail,
  type HistoryEntry,
  type ImportOutcome,
  type ImportSummary,
  type Output,
  type ParsedInput,
  type Result,
  type TimelineRow,
  type PaymentDto,
} from './contract.ts';
import { viewableContentType } from '../security.ts';
import { minorDigitsOf } from '../services/importers/currency.ts';
import { formatMinor } from '../services/importers/money.ts';
import { createAgreementHandlers } from './agreement-handlers.ts';
import { createAgreementBookHandlers } from './agreement-book-handlers.ts';
import { createFindHandlers } from './find-handlers.ts';
import { createColumnMapHandlers } from './column-map-handlers.ts';
import { canMapItem, mappedLayoutOf } from '../services/column-map.ts';
import type { BackgroundOcr } from './ocr-background.ts';

/*
 * Plain async handlers over a Locker: Electron's IPC and the loopback bridge call the very same functions,
 * after the same zod parse. Nothing here knows which of the two is asking.
 */

export type Handler<C extends Channel> = (input: ParsedInput<C>) => Promise<Output<C>>;
export type SharedHandlers = { [C in SharedChannel]: Handler<C> };

/** Lookups by exact id only: the Locker also accepts an id's start (handy in a terminal, wrong for an API). */
function exactCase(locker: Locker, id: string): CaseRecord {
  const c = locker.getCase(id);
  if (c.id !== id) throw new NotFoundError('case', id);
  return c;
}

function exactEvidence(locker: Locker, id: string): EvidenceRecord {
  const e = locker.getEvidence(id);
  if (e.id !== id) throw new NotFoundError('evidence item', id);
  return e;
}

export function toCaseDto(c: CaseRecord): CaseDto {
  return {
    id: c.id,
    title: c.title,
    counterparty: c.counterparty,
    paymentMethod: c.paymentMethod,
    currency: c.currency,
    status: c.status,
    notes: c.notes,
    timezone: c.timezone,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    archivedAt: c.archivedAt,
  };
}

/** `2023-03-05T12:30:01+08:00` → its UTC instant and the minutes east of UTC it was written with. */
export function instantOf(at: string): { utc: string; offset: number } {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(at);
  const offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  return { utc: new Date(at).toISOString(), offset };
}

/** Titles of a case's items by id (trashed ones too: a row read from one still names its source). */
function titlesOf(locker: Locker, caseId: string): Map<string, string> {
  return new Map(locker.listEvidence(caseId, { includeDeleted: true }).map((e) => [e.id, e.title]));
}

function toMessageDto(m: MessageJson, titles: Map<string, string>): MessageDto {
  return {
    id: m.id,
    utc: instantOf(m.at).utc,
    sender: m.sender,
    text: m.text,
    attachments: m.attachments,
    isSystem: m.isSystem,
    isKey: m.isKey,
    chat: m.chat,
    source: { ...m.source, title: titles.get(m.source.evidenceId) ?? m.source.evidenceId },
  };
}

function chargesOf(locker: Locker, c: CaseRecord): Charges {
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
        amount: j.amount,
        currency: j.currency,
        direction: j.direction,
        counterparty: j.counterparty,
        description: j.description,
        status: j.status,
        method: j.method,
        orderId: j.orderId,
        note: j.note,
        isDisputed: j.disputed,
        refundOf: j.refundOf,
        source: { ...j.source, title: titles.get(j.source.evidenceId) ?? j.source.evidenceId },
      };
    }),
    payments: ledger.payments.map((p) => toPaymentDto(paymentJson(p, ledger), titles)),
    toConfirm: summary.payments.toConfirm,
    series: caseSeries(locker, c.id).map(({ transactions, key: _key, paymentIds: _ids, ...s }) => ({
      ...s,
      transactionIds: transactions,
      agreement: agreementOfSeries({ ...s, key: _key, transactions }, agreements),
    })),
    charges: summary.charges,
    disputed: summary.disputed,
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
    ...(entry.sources
      ? {
          seenIn: [...new Set(entry.sources.map((x) => x.source))] as NonNullable<TimelineRow['seenIn']>,
        }
      : {}),
  };
}

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
  };
}

function historyOf(entries: CustodyEntry[]): HistoryEntry[] {
  return entries.map((e) => {
    const details = (e.details ?? {}) as Record<string, unknown>;
    const before = (details.before ?? {}) as Record<string, unknown>;
    const after = (details.after ?? {}) as Record<string, unknown>;
    const changes =
      e.action === 'evidence.edit'
        ? Object.keys(after).map((field) => ({ field, before: before[field], after: after[field] }))
        : [];
    return {
      seq: e.seq,
      at: e.at,
      actor: e.actor,
      action: e.action,
      changes,
      method: typeof details.method === 'string' ? details.method : null,
    };
  });
}

async function evidenceDetail(
  locker: Locker,
  e: EvidenceRecord,
  hasThumb?: (sha256: string) => boolean,
): Promise<EvidenceDetail> {
  const image: Record<string, unknown> =
    e.facts.image && typeof e.facts.image === 'object' ? (e.facts.image as Record<string, unknown>) : {};
  const warnings = Array.isArray(e.facts.warnings)
    ? e.facts.warnings.filter((w) => typeof w === 'string')
    : [];
  return {
    id: e.id,
    caseId: e.caseId,
    kind: e.kind,
    title: e.title,
    notes: e.notes,
    tags: e.tags,
    occurredUtc: e.occurredUtc,
    occurredOffset: e.occurredOffset,
    occurredSource: e.occurredSource,
    sha256: e.sha256,
    size: e.size,
    mime: e.mime,
    typeLabel: typeof e.facts.type === 'string' ? e.facts.type : null,
    originalName: e.originalName,
    acquiredAt: e.acquiredAt,
    acquisitionMethod: e.acquisitionMethod,
    width: typeof image.displayWidth === 'number' ? image.displayWidth : null,
    height: typeof image.displayHeight === 'number' ? image.displayHeight : null,
    warnings,
    deletedAt: e.deletedAt,
    hasThumb: (hasThumb ?? (await locker.objects.thumbIndex()))(e.sha256),
    isViewable: viewableContentType(e.mime) !== null,
    headers: emailHeaders(e.facts.document),
    text: e.contentText === null ? null : e.contentText.slice(0, MAX_PANEL_TEXT),
    isTextCut: (e.contentText?.length ?? 0) > MAX_PANEL_TEXT,
    pdf: e.mime === 'application/pdf' ? pdfSummary(e.facts.pdf) : null,
    invoice: invoiceSummary(e.facts.invoice),
    records: countRecordsOf(locker.db, e.id),
    history: historyOf(locker.custodyLog({ subjectId: e.id })),
    columnMap: { canMap: canMapItem(locker, e), layout: mappedLayoutOf(e) },
  };
}

/** A PDF's page count; locked when it was filed without its password or opened with one (never kept). */
function pdfSummary(facts: unknown): { pages: number; isLocked: boolean } {
  const f = (facts && typeof facts === 'object' ? facts : {}) as Record<string, unknown>;
  const pages = typeof f.pages === 'number' && Number.isInteger(f.pages) && f.pages > 0 ? f.pages : 0;
  return { pages, isLocked: f.encrypted === true || f.unlocked === true };
}

/** The invoice facts an importer stored, with amounts as decimal strings in the invoice's currency. */
function invoiceSummary(facts: unknown): EvidenceDetail['invoice'] {
  if (!facts || typeof facts !== 'object') return null;
  const f = facts as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const currency = text(f.currency);
  const money = (v: unknown) =>
    typeof v === 'number' && Number.isSafeInteger(v)
      ? formatMinor(v, minorDigitsOf(currency || 'CNY'))
      : null;
  if (!text(f.number)) return null;
  return {
    number: text(f.number),
    date: text(f.date),
    seller: text(f.seller),
    buyer: text(f.buyer),
    currency,
    total: money(f.totalMinor),
    tax: money(f.taxMinor),
  };
}

/** Enough text for reading in the panel; a bill's whole CSV is shown row by row in Charges instead. */
const MAX_PANEL_TEXT = 50_000;
const HEADER_NAMES = ['from', 'to', 'cc', 'subject', 'date'] as const;

function emailHeaders(document: unknown): EvidenceDetail['headers'] {
  if (!document || typeof document !== 'object') return [];
  const d = document as Record<string, unknown>;
  return HEADER_NAMES.flatMap((name) => {
    const v = d[name];
    return typeof v === 'string' && v.trim() ? [{ name, value: v.trim() }] : [];
  });
}

/** Where files waiting for their password are kept (UploadStaging); a type only, to keep imports acyclic. */
export type LockedFiles = {
  unlock: (lockedId: string, password: string) => Promise<ImportSummary>;
  forget: (lockedId: string) => Promise<void>;
};

function planDto(plan: Plan): PlanDto {
  return {
    caseId: plan.caseId,
    steps: plan.steps.map((s) => ({
      key: s.key,
      title: s.title,
      action: s.action,
      status: s.status,
      derivedStatus: s.derivedStatus,
      isOverridden: s.isOverridden,
      holds: s.holds,
      missing: s.missing,
    })),
    deadlines: plan.deadlines.map((d) => ({
      id: d.id,
      at: d.at,
      utc: instantOf(d.at).utc,
      title: d.title,
      rule: d.rule,
      isOverdue: d.overdue,
      isDone: d.isDone,
      isEstimate: d.isEstimate,
      whoActs: d.whoActs,
    })),
    disclaimer: plan.disclaimer,
  };
}

/** `ocr`: the background reader whose state `ocr:status` reports (Electron's main and the bridge pass theirs). */
export function createHandlers(locker: Locker, locked?: LockedFiles, ocr?: BackgroundOcr): SharedHandlers {
  const lockedFiles = (): LockedFiles => {
    if (!locked) throw new NotFoundError('file waiting for its password', '');
    return locked;
  };
  /** The database's own check, run once when the page first asks for the locker's status. */
  let health: ReturnType<typeof checkAtOpen> | undefined;
  const maskedClaimant = (caseId: string) => {
    const c = claimantFor(locker, caseId);
    // The ID number and phone are shown masked: enough to recognise, nothing to copy from the screen.
    return { name: c.name, idNumberMasked: maskValue(c.idNumber), phoneMasked: maskValue(c.phone) };
  };
  return {
    ...createFindHandlers(locker, ocr),
    ...createAgreementHandlers(locker),
    ...createAgreementBookHandlers(locker),
    ...createColumnMapHandlers(locker),

    'plan:get': async ({ caseId, lang }) =>
      Promise.resolve(planDto(casePlan(locker, exactCase(locker, caseId).id, { lang }))),

    'plan:set': async ({ caseId, lang, step, status }) => {
      const c = exactCase(locker, caseId);
      await setPlanOverride(locker, c.id, step, status);
      return planDto(casePlan(locker, c.id, { lang }));
    },

    'contact:add': async ({ caseId, party, channel, at, agency, ticket, note, lang }) => {
      const c = exactCase(locker, caseId);
      const { contact, deadlines } = await addContact(locker, c.id, {
        party,
        channel,
        at,
        ...(agency ? { agency } : {}),
        ...(ticket !== undefined ? { ticket } : {}),
        ...(note !== undefined ? { note } : {}),
        lang,
      });
      const rules = new Map(effectiveRules(locker).map((r) => [r.key, r]));
      return {
        id: contact.id,
        eventId: contact.eventId,
        at: formatInstant({ utc: contact.occurredUtc, offset: contact.occurredOffset }),
        deadlines: deadlines.map((d) => {
          const rule = d.ruleKey ? rules.get(d.ruleKey) : undefined;
          return {
            id: d.id,
            at: formatInstant({ utc: d.dueUtc, offset: d.dueOffset }),
            utc: d.dueUtc,
            title: d.title,
            rule: d.ruleKey,
            days: rule?.days ?? null,
            isWorkingDays: rule?.count === 'china-working',
            source: rule?.source.title ?? '',
          };
        }),
      };
    },

    'complaint:get': async ({ caseId, to, lang }) => {
      const r = complaintFields(locker, exactCase(locker, caseId).id, { to, lang });
      return Promise.resolve({ to: r.to, lang: r.lang, fields: r.fields });
    },

    'claimant:get': async ({ caseId }) => Promise.resolve(maskedClaimant(exactCase(locker, caseId).id)),

    // Kept for every case (entered once); the custody log records which fields changed, never their values.
    'claimant:set': async ({ caseId, name, idNumber, phone }) => {
      const c = exactCase(locker, caseId);
      await setClaimant(locker, null, {
        ...(name !== undefined ? { name } : {}),
        ...(idNumber !== undefined ? { idNumber } : {}),
        ...(phone !== undefined ? { phone } : {}),
      });
      return maskedClaimant(c.id);
    },

    'import:unlock': ({ lockedId, password }) => lockedFiles().unlock(lockedId, password),

    'import:forget': async ({ lockedId }) => {
      await lockedFiles().forget(lockedId);
      return null;
    },

    'case:list': async (input) =>
      Promise.resolve(locker.listCases({ includeArchived: input.includeArchived ?? false }).map(toCaseDto)),

    'case:create': async (input) => toCaseDto(await locker.createCase(input)),

    'case:update': async ({ id, patch }) => {
      exactCase(locker, id);
      return toCaseDto(await locker.updateCase(id, patch));
    },

    'case:get': async ({ id }) => {
      const c = exactCase(locker, id);
      const items = locker.listEvidence(c.id, { includeDeleted: true });
      const live = items.filter((e) => e.deletedAt === null);
      const events = locker.listEvents(c.id);
      // What the case covers: its evidence, what happened and the charges — never a deadline still to come.
      const instants = [
        ...live.map((e) => e.occurredUtc),
        ...events.filter((e) => e.kind !== 'deadline').map((e) => e.occurredUtc),
        ...caseLedger(locker, c.id)
          .payments.filter((p) => p.kind === 'charge')
          .map((p) => p.anchor.tx.occurredUtc),
      ].sort();
      const now = locker.now();
      const deadlines = events.filter((e) => e.kind === 'deadline');
      const ahead = deadlines.find((d) => d.occurredUtc >= now);
      const passed = deadlines.filter((d) => d.occurredUtc < now).at(-1);
      const next = ahead ?? passed;
      const summary = caseSummary(locker, c.id);
      return Promise.resolve({
        case: toCaseDto(c),
        counts: {
          evidence: live.length,
          events: events.length,
          images: live.filter((e) => e.mime.startsWith('image/')).length,
          documents: live.filter((e) => !e.mime.startsWith('image/')).length,
          contacts: events.filter((e) => ['call', 'message', 'letter', 'visit', 'ticket'].includes(e.kind))
            .length,
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
      });
    },

    'timeline:get': async ({ caseId }) => {
      const c = exactCase(locker, caseId);
      const hasThumb = await locker.objects.thumbIndex();
      const rows: TimelineRow[] = [];
      for (const e of locker.listEvidence(c.id)) {
        rows.push({
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
        });
      }
      for (const ev of locker.listEvents(c.id)) {
        rows.push({
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
        });
      }
      // Disputed charges with their refunds, and messages marked key, as the Locker's timeline has them.
      for (const entry of locker.timeline(c.id)) {
        const row = timelineRowOf(entry);
        if (row) rows.push(row);
      }
      // The same order as Locker.timeline: by instant, ties by id, so rows never jump between loads.
      rows.sort((a, b) => (a.utc < b.utc ? -1 : a.utc > b.utc ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return { caseId: c.id, timezone: c.timezone, rows };
    },

    'evidence:get': async ({ id }) => evidenceDetail(locker, exactEvidence(locker, id)),

    'evidence:update': async ({ id, patch }) => {
      exactEvidence(locker, id);
      return evidenceDetail(locker, await locker.updateEvidence(id, patch));
    },

    'evidence:trash': async ({ id, trashed }) => {
      exactEvidence(locker, id);
      return evidenceDetail(locker, await locker.trashEvidence(id, trashed));
    },

    'event:add': async ({ caseId, ...rest }) => {
      exactCase(locker, caseId);
      return toEventDto(await locker.addEvent(caseId, rest));
    },

    'event:delete': async ({ id }) => {
      await locker.deleteEvent(id);
      return { id };
    },

    'transaction:list': async ({ caseId, evidenceId }) => {
      const charges = chargesOf(locker, exactCase(locker, caseId));
      // One item's rows (its panel's table); the totals and series stay those of the whole case.
      if (evidenceId !== undefined) {
        charges.transactions = charges.transactions.filter((t) => t.source.evidenceId === evidenceId);
        charges.payments = charges.payments.filter((p) =>
          p.sightings.some((x) => x.evidenceId === evidenceId),
        );
      }
      return Promise.resolve(charges);
    },

    'transaction:dispute': async ({ caseId, ids, disputed }) => {
      const c = exactCase(locker, caseId);
      const byId = new Map(caseTransactions(locker, c.id).map((t) => [t.id, t]));
      for (const id of ids) {
        const t = byId.get(id);
        if (!t) throw new NotFoundError('transaction in this case', id);
        // The service accepts any row by id; only money out is a charge one can dispute.
        if (t.direction !== 'out') throw new LockerInputError('Only charges (money out) can be disputed.');
      }
      await disputeTransactions(locker, c.id, { ids: [...new Set(ids)], disputed });
      // A whole series disputed in one action gets its refunds linked too, as `locker dispute --series` does.
      if (disputed) {
        const chosen = new Set(ids);
        for (const s of caseSeries(locker, c.id))
          if (s.transactions.every((id) => chosen.has(id)))
            await linkRefundsOfCharges(locker, c.id, s.transactions);
      }
      return chargesOf(locker, c);
    },

    'payment:join': async ({ caseId, transactionIds: [a, b] }) => {
      const c = exactCase(locker, caseId);
      await joinSightings(locker, c.id, a, b);
      return chargesOf(locker, c);
    },

    'payment:split': async ({ caseId, transactionId }) => {
      const c = exactCase(locker, caseId);
      await splitSighting(locker, c.id, transactionId);
      return chargesOf(locker, c);
    },

    'payment:reject': async ({ caseId, transactionIds: [a, b], kind }) => {
      const c = exactCase(locker, caseId);
      await rejectLink(locker, c.id, a, b, kind);
      return chargesOf(locker, c);
    },

    'payment:confirm': async ({ caseId }) => {
      const c = exactCase(locker, caseId);
      await confirmSameSuggestions(locker, c.id);
      return chargesOf(locker, c);
    },

    'payment:rail': async ({ caseId, transactionId, rail }) => {
      const c = exactCase(locker, caseId);
      await setPaymentRail(locker, c.id, transactionId, rail);
      return chargesOf(locker, c);
    },

    'export:ready': ({ caseId, recipient, lang }) =>
      Promise.resolve(packetReadiness(locker, exactCase(locker, caseId).id, recipient, lang)),
    'export:exhibits': ({ caseId, recipient }) =>
      Promise.resolve(exhibitChoices(locker, exactCase(locker, caseId).id, recipient)),
    'export:exhibits:set': ({ caseId, recipient, order, excluded }) =>
      setExhibitChoices(locker, exactCase(locker, caseId).id, recipient, { order, excluded }),

    'message:list': async ({ caseId, evidenceId }) => {
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

    'message:mark': async ({ id, isKey }) => {
      const m = await markMessageKey(locker, id, isKey);
      const source = locker.getEvidence(m.source.evidenceId);
      return toMessageDto(m, new Map([[source.id, source.title]]));
    },

    'redaction:get': async ({ evidenceId }) => {
      const e = exactEvidence(locker, evidenceId);
      return { evidenceId: e.id, boxes: await readRedactions(locker, e.id) };
    },

    'redaction:set': async ({ evidenceId, boxes }) => {
      const e = exactEvidence(locker, evidenceId);
      return { evidenceId: e.id, boxes: await setRedactions(locker, e.id, boxes) };
    },

    'export:draft': async ({ caseId, recipient, lang, citeRules }) => {
      const c = exactCase(locker, caseId);
      const letter = await draftPacketLetter(locker, c.id, {
        recipient,
        lang,
        citeRules: citeRules ?? false,
      });
      const exhibits = [];
      for (const [i, e] of chosenExhibits(locker, c.id, locker.listEvidence(c.id), recipient).entries()) {
        const boxes = e.mime.startsWith('image/') ? await readRedactions(locker, e.id) : [];
        exhibits.push({
          number: i + 1,
          evidenceId: e.id,
          title: e.title,
          kind: e.kind,
          occurredUtc: e.occurredUtc,
          sha256: e.sha256,
          isRedacted: boxes.length > 0,
        });
      }
      return { letter, exhibits };
    },

    'backup:status': ({ jobId }) => Promise.resolve(backupJobsOf(locker).status(jobId)),
    // Only where a LockerGate runs the locker (the app, `npm start`) can it be closed and converted.
    'locker:encrypt': () =>
      Promise.reject(
        new LockerInputError(
          'Turn encryption on from the app window, or with the locker command: locker encrypt.',
        ),
      ),
    // Answered here once the locker is open; before that, by the LockerGate (see gate.ts).
    'locker:status': () => {
      health ??= checkAtOpen(locker);
      return Promise.resolve({
        encrypted: locker.encrypted,
        unlocked: true,
        keychain: null,
        remembered: false,
        ...(health.ok
          ? {}
          : {
              damage: {
                problems: health.problems,
                lastBackup: health.lastBackup
                  ? { path: health.lastBackup.path, at: health.lastBackup.at }
                  : null,
              },
            }),
      });
    },
    'locker:unlock': () =>
      Promise.resolve({ encrypted: locker.encrypted, unlocked: true, keychain: null, remembered: false }),
    'locker:verify': async () => {
      const report = await verifyLocker(locker);
      return {
        ok: report.ok,
        checkedAt: report.checkedAt,
        objects: report.objects,
        logEntries: report.logEntries,
        problems: report.problems.map((p) => ({ kind: p.kind, message: p.message })),
      };
    },
  };
}

/**
 * Writes a packet to `out` (and the archive of originals beside it when asked) and words the result for
 * the page: file names, never paths. `downloadIdOf` registers each written file where the bridge serves it.
 */
export async function runExport(
  locker: Locker,
  input: ParsedInput<'export:run'>,
  out: string,
  downloadIdOf: (file: string, name: string) => string | null = () => null,
): Promise<ExportSummary> {
  const c = exactCase(locker, input.caseId);
  const zip = input.withArchive ? out.replace(/\.pdf$/i, '') + '.zip' : undefined;
  const result: ExportResult = await exportPacket(locker, c.id, {
    out,
    recipient: input.recipient,
    lang: input.lang,
    ...(input.letter !== undefined ? { letter: input.letter } : {}),
    ...(input.maxBytes !== undefined ? { maxBytes: input.maxBytes } : {}),
    ...(zip ? { zip } : {}),
  });
  return {
    reference: result.reference,
    pages: result.pages,
    files: result.files.map((f) => {
      const name = path.basename(f.path);
      return {
        downloadId: downloadIdOf(f.path, name),
        name,
        kind: f.path === zip ? ('archive' as const) : ('packet' as const),
        sha256: f.sha256,
        bytes: f.bytes,
      };
    }),
    exhibits: result.exhibits.map((x) => ({
      number: x.number,
      title: x.title,
      sha256: x.sha256,
      pages: x.pages,
      isRedacted: x.redacted,
      volume: x.volume ?? null,
    })),
    warnings: result.warnings,
  };
}

/**
 * Files paths into a case and words the outcome per file by the name the user knows: `nameOf` maps a path
 * on this machine (a temp upload, a dropped file) back to that name, so no path reaches the renderer.
 */
export async function importPaths(
  locker: Locker,
  caseId: string,
  paths: string[],
  method: string,
  nameOf: (file: string) => string = (file) => path.basename(file),
  originOf?: (file: string) => string,
  locked: LockedOptions = {},
): Promise<ImportSummary> {
  const c = exactCase(locker, caseId);
  const result: IntakeResult = await addPaths(locker, c.id, paths, {
    method,
    ...(originOf ? { originOf } : {}),
    // Used for this one call and dropped: the intake neither stores nor logs it.
    ...(locked.password !== undefined ? { password: locked.password } : {}),
  });
  return { caseId: c.id, files: outcomesOf(result, nameOf, locked.onLocked) };
}

/** A password for this import, and how a file that still needs one is kept and named for the page. */
export type LockedOptions = { password?: string; onLocked?: (file: string) => string | null };

function outcomesOf(
  result: IntakeResult,
  nameOf: (file: string) => string,
  onLocked?: (file: string) => string | null,
): ImportOutcome[] {
  return [
    ...result.added.map((a): ImportOutcome => ({
      name: nameOf(a.path),
      outcome: 'added',
      evidenceId: a.id,
      warnings: a.warnings,
      ...(a.layout ? { layout: a.layout } : {}),
      ...(a.columnMap ? { columnMap: a.columnMap } : {}),
      ...(a.canMap ? { canMap: true } : {}),
    })),
    ...result.duplicates.map((d): ImportOutcome => ({
      name: nameOf(d.path),
      outcome: 'duplicate',
      evidenceId: d.existingId,
      inTrash: d.inTrash,
    })),
    ...result.errors.map((e): ImportOutcome => {
      const lockedId = e.needsPassword ? (onLocked?.(e.path) ?? null) : null;
      return {
        name: nameOf(e.path),
        outcome: 'failed',
        reason: e.error,
        ...(e.needsPassword ? { needsPassword: true } : {}),
        ...(lockedId ? { lockedId } : {}),
      };
    }),
    ...result.skipped.map((s): ImportOutcome => ({
      name: nameOf(s.path),
      outcome: 'skipped',
      reason: s.reason,
    })),
  ];
}

/** Any thrown error as an envelope: the user's own mistakes in their words, anything else kept vague. */
export function errorResult(error: unknown, log: (error: unknown) => void = safeLog): Result<never> {
  if (error instanceof NotFoundError) return fail('not_found', error.message);
  if (error instanceof LockerLockedError) return fail('locked', error.message);
  if (error instanceof LockerInputError) return fail('bad_input', error.message);
  if (error instanceof LockerTooNewError) return fail('refused', error.message);
  // Internal details (stacks, paths) stay in main's log; the renderer gets a sentence.
  log(error);
  return fail('internal', 'Something went wrong inside the locker. Nothing was changed by this request.');
}

/** Parses, runs and wraps one call: the single path every request takes, in Electron and in the bridge. */
export async function dispatch<C extends Channel>(
  channel: C,
  raw: unknown,
  run: (input: ParsedInput<C>) => Promise<Output<C>>,
  log?: (error: unknown) => void,
): Promise<Result<Output<C>>> {
  const parsed = parseInput(channel, raw);
  if (!parsed.ok) return { ok: false, error: parsed.error satisfies ApiError };
  try {
    return ok(await run(parsed.value));
  } catch (error) {
    return errorResult(error, log);
  }
}
