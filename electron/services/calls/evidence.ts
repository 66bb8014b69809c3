import { z } from 'zod';
import { suggestTitle, type TitleSuggestion } from '../title-suggest.ts';
import type { CustodyEntry } from '../../../db/queries/custody.ts';
import {
  EVIDENCE_KINDS,
  type EvidenceKind,
  type EvidenceRecord,
  type TimeSource,
} from '../../../db/queries/evidence.ts';
import { countRecordsOf } from '../../../db/queries/records.ts';
import { viewableContentType } from '../../security.ts';
import { canMapItem, mappedLayoutOf } from '../column-map.ts';
import { isCoded, say, type Coded } from '../../messages/say.ts';
import { codeOfSentence } from '../legacy-warnings.ts';
import { minorDigitsOf } from '../importers/currency.ts';
import { formatMinor } from '../importers/money.ts';
import type { Locker } from '../locker.ts';
import { waitsForPassword } from '../locked-items.ts';
import { call, exactCase, exactEvidence } from './define.ts';
import { caseId, evidenceId, isoTime, longText, tags, title } from './inputs.ts';

/* One item of evidence: its details, history and edits, the trash, and the boxes that redact it. */

export type HistoryEntry = {
  seq: number;
  at: string;
  actor: string;
  action: string;
  changes: { field: string; before: unknown; after: unknown }[];
  method: string | null;
};

/** An item as a list shows it: the record without its text (only whether it has one). */
export type EvidenceItemDto = {
  id: string;
  caseId: string;
  /** The archive or email it came out of. */
  parentId: string | null;
  kind: EvidenceKind;
  title: string;
  notes: string;
  tags: string[];
  occurredUtc: string;
  occurredOffset: number;
  occurredSource: TimeSource;
  sha256: string;
  size: number;
  mime: string;
  originalName: string;
  /** Where the original was filed from, and the file's own modification time when it had one. */
  originalPath: string;
  fileMtime: string | null;
  acquiredAt: string;
  acquisitionMethod: string;
  /** What the importers read about the file (image size, EXIF, a PDF's pages, an invoice…), as stored. */
  facts: Record<string, unknown>;
  deletedAt: string | null;
  hasText: boolean;
};

export function toEvidenceItemDto(e: EvidenceRecord): EvidenceItemDto {
  return {
    id: e.id,
    caseId: e.caseId,
    parentId: e.parentId,
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
    originalName: e.originalName,
    originalPath: e.originalPath,
    fileMtime: e.fileMtime,
    acquiredAt: e.acquiredAt,
    acquisitionMethod: e.acquisitionMethod,
    facts: e.facts,
    deletedAt: e.deletedAt,
    hasText: Boolean(e.contentText),
  };
}

export type EvidenceDetail = EvidenceItemDto & {
  id: string;
  caseId: string;
  kind: EvidenceKind;
  title: string;
  notes: string;
  tags: string[];
  occurredUtc: string;
  occurredOffset: number;
  occurredSource: TimeSource;
  sha256: string;
  size: number;
  mime: string;
  typeLabel: string | null;
  /** A title from what was read (a bill's source and days, a chat screenshot's party): offered, never applied alone. */
  titleSuggestion: TitleSuggestion | null;
  originalName: string;
  acquiredAt: string;
  acquisitionMethod: string;
  width: number | null;
  height: number | null;
  /** In English; `warningCodes` are the same notes as codes, which the page words in its language. */
  warnings: string[];
  warningCodes: Coded[];
  deletedAt: string | null;
  hasThumb: boolean;
  /** True when the original is an image the viewer may show (see the content-type allowlist). */
  isViewable: boolean;
  /** What an email says about itself (from, to, subject, date), in the order a mail program shows it. */
  headers: { name: 'from' | 'to' | 'cc' | 'subject' | 'date'; value: string }[];
  /** The text read from the file (an email's body, a PDF's or a text file's words), shown as plain text. */
  text: string | null;
  /** True when `text` was cut to fit the panel; the original holds all of it. */
  isTextCut: boolean;
  /**
   * A PDF's pages, drawn as pictures at `/files/page/ID/N/WIDTH` (`evidence://page/…`); `isLocked` when it
   * needs its password to be drawn (never kept). Null for anything but a PDF.
   */
  pdf: { pages: number; isLocked: boolean } | null;
  /** An invoice read from the file (OFD, Factur-X, a Chinese 电子发票 PDF): amounts as decimal strings. */
  invoice: {
    number: string;
    date: string;
    seller: string;
    buyer: string;
    currency: string;
    total: string | null;
    tax: string | null;
  } | null;
  /** Bill rows and chat messages read from this item (shown in its panel as a table or a transcript). */
  records: { transactions: number; messages: number };
  /** Filed without its password: what is inside is unread until the user gives it (`import:unlock`). */
  needsPassword: boolean;
  history: HistoryEntry[];
  /**
   * The column map: `canMap` for a table nothing was read from yet ("Map columns…"); `layout` when a column map
   * read its rows (and "Undo" removes them).
   */
  columnMap: { canMap: boolean; layout: { id: string; name: string } | null };
};

export type RedactionBox = { x: number; y: number; width: number; height: number; note?: string };

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

async function evidenceDetail(locker: Locker, e: EvidenceRecord): Promise<EvidenceDetail> {
  const image: Record<string, unknown> =
    e.facts.image && typeof e.facts.image === 'object' ? (e.facts.image as Record<string, unknown>) : {};
  const warningCodes = Array.isArray(e.facts.warnings)
    ? e.facts.warnings.filter((w) => typeof w === 'string' || isCoded(w)).map(codeOfSentence)
    : [];
  return {
    ...toEvidenceItemDto(e),
    typeLabel: typeof e.facts.type === 'string' ? e.facts.type : null,
    titleSuggestion: e.deletedAt ? null : suggestTitle(locker, e.id),
    originalName: e.originalName,
    acquiredAt: e.acquiredAt,
    acquisitionMethod: e.acquisitionMethod,
    width: typeof image.displayWidth === 'number' ? image.displayWidth : null,
    height: typeof image.displayHeight === 'number' ? image.displayHeight : null,
    warnings: warningCodes.map((w) => say(w)),
    warningCodes,
    deletedAt: e.deletedAt,
    hasThumb: (await locker.objects.thumbIndex())(e.sha256),
    isViewable: viewableContentType(e.mime) !== null,
    headers: emailHeaders(e.facts.document),
    text: e.contentText === null ? null : e.contentText.slice(0, MAX_PANEL_TEXT),
    isTextCut: (e.contentText?.length ?? 0) > MAX_PANEL_TEXT,
    pdf: e.mime === 'application/pdf' ? pdfSummary(e.facts.pdf) : null,
    invoice: invoiceSummary(e.facts.invoice),
    records: countRecordsOf(locker.db, e.id),
    needsPassword: waitsForPassword(locker.db, e),
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

// Pixel coordinates of an image as displayed; 100,000 px is far beyond any screenshot or photo.
const pixels = z.number().finite().min(0).max(100_000);
const redactionBox = z.strictObject({
  x: pixels,
  y: pixels,
  width: pixels.positive(),
  height: pixels.positive(),
  note: z.string().max(300).optional(),
});

export const evidenceCalls = {
  /** A case's items in time order; `trash`: only those in the trash. */
  'evidence:list': call(
    () => z.strictObject({ caseId, trash: z.boolean().optional() }),
    async ({ locker }, { caseId, trash }) => {
      const c = exactCase(locker, caseId);
      const items = locker.listEvidence(c.id, { includeDeleted: Boolean(trash) });
      return Promise.resolve((trash ? items.filter((e) => e.deletedAt) : items).map(toEvidenceItemDto));
    },
  ),

  /** The custody log (every import, edit, deletion and export), of one case, one subject, or all. */
  'custody:list': call(
    () => z.strictObject({ caseId: caseId.optional(), subjectId: z.string().max(64).optional() }),
    async ({ locker }, { caseId, subjectId }): Promise<CustodyEntry[]> => {
      if (caseId !== undefined) exactCase(locker, caseId);
      return Promise.resolve(
        locker.custodyLog({ ...(caseId ? { caseId } : {}), ...(subjectId ? { subjectId } : {}) }),
      );
    },
  ),

  'evidence:get': call(
    () => z.strictObject({ id: evidenceId }),
    async ({ locker }, { id }) => evidenceDetail(locker, exactEvidence(locker, id)),
  ),

  'evidence:update': call(
    () =>
      z.strictObject({
        id: evidenceId,
        patch: z.strictObject({
          title: title.optional(),
          notes: longText.optional(),
          tags: tags.optional(),
          kind: z.enum(EVIDENCE_KINDS).optional(),
          occurredAt: isoTime.optional(),
        }),
      }),
    async ({ locker }, { id, patch }) => {
      exactEvidence(locker, id);
      return evidenceDetail(locker, await locker.updateEvidence(id, patch));
    },
  ),

  'evidence:trash': call(
    () => z.strictObject({ id: evidenceId, trashed: z.boolean() }),
    async ({ locker }, { id, trashed }) => {
      exactEvidence(locker, id);
      return evidenceDetail(locker, await locker.trashEvidence(id, trashed));
    },
  ),

  'redaction:get': call(
    () => z.strictObject({ evidenceId }),
    async ({ locker }, { evidenceId }): Promise<{ evidenceId: string; boxes: RedactionBox[] }> => {
      const e = exactEvidence(locker, evidenceId);
      // Loaded when asked for (it loads sharp): listing or showing items never needs it.
      const { readRedactions } = await import('../export/redactions.ts');
      return { evidenceId: e.id, boxes: await readRedactions(locker, e.id) };
    },
  ),

  'redaction:set': call(
    () => z.strictObject({ evidenceId, boxes: z.array(redactionBox).max(500) }),
    async ({ locker }, { evidenceId, boxes }): Promise<{ evidenceId: string; boxes: RedactionBox[] }> => {
      const e = exactEvidence(locker, evidenceId);
      const { setRedactions } = await import('../export/redactions.ts');
      return { evidenceId: e.id, boxes: await setRedactions(locker, e.id, boxes) };
    },
  ),
};
