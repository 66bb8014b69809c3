import { z } from 'zod';
import type { BridgeChannel, Channel, ElectronChannel, MenuCommand, SharedChannel } from './channels.ts';
import { LINK_KINDS, RAILS, type LinkKind, type LinkReason, type Rail } from './ledger-kinds.ts';

export type { MenuCommand };

export type { BridgeChannel, Channel, ElectronChannel, SharedChannel };

/*
 * The one API contract between the untrusted renderer and the code that holds the locker. Plain TypeScript
 * and zod, no Electron and no Node: the renderer imports its types, Electron's main process and the loopback
 * bridge parse every input with the same schemas. The lists below mirror db/queries (a test keeps them equal)
 * because the renderer must not pull in database code.
 */

export const CASE_STATUSES = [
  'collecting',
  'platform_contacted',
  'bank_asked',
  'regulator_complaint',
  'resolved',
  'closed',
] as const;
export const EVIDENCE_KINDS = [
  'screenshot',
  'photo',
  'chat',
  'statement',
  'receipt',
  'email',
  'document',
  'audio',
  'video',
  'other',
] as const;
export const EVENT_KINDS = [
  'call',
  'message',
  'letter',
  'visit',
  'ticket',
  'deadline',
  'note',
  'other',
] as const;
export const TIME_SOURCES = ['exif', 'filename', 'content', 'file_mtime', 'user', 'acquired'] as const;
/** How the money left: stored in the case's `paymentMethod`; free text from the CLI is shown as written. */
export const PAYMENT_METHODS = ['alipay', 'wechat_pay', 'bank_card', 'other'] as const;

/** Mirrors electron/services/export (a test keeps them equal). */
export const RECIPIENTS = ['bank', 'regulator', 'platform', 'plain'] as const;
export const PACKET_LANGS = ['zh-CN', 'en'] as const;

/** Mirror electron/services/dispute and db/queries/dispute (a test keeps them equal). */
export const PLAN_STEP_KEYS = [
  'confirm-charges',
  'contact-platform',
  'ask-bank',
  'complain',
  'keep-proof',
  'stop-debits',
] as const;
export const STEP_STATUSES = ['todo', 'doing', 'done'] as const;
export const CONTACT_PARTIES = ['platform', 'bank', 'regulator', 'consumer-association', 'other'] as const;
export const CONTACT_CHANNELS = ['phone', 'chat', 'email', 'form', 'letter', 'in-person'] as const;
export const AGENCIES = ['12315', '12378', '12363'] as const;
/** Mirrors db/queries/dispute (a test keeps them equal). */
export const AGREEMENT_STATUSES = ['active', 'closed', 'unknown'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
export const COMPLAINT_TARGETS = [
  'platform',
  'bank',
  '12378',
  '12363',
  '12315',
  'consumer-association',
] as const;
/** Mirror electron/services/importers/column-map.ts (a test keeps them equal). */
export const COLUMN_ROLES = [
  'ignore',
  'date',
  'time',
  'amount',
  'debit',
  'credit',
  'direction',
  'counterparty',
  'description',
  'orderId',
  'status',
] as const;
export const TABLE_ENCODINGS = [
  'auto',
  'utf-8',
  'gb18030',
  'big5',
  'utf-16le',
  'utf-16be',
  'shift_jis',
  'windows-1252',
] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];
export type TableEncoding = (typeof TABLE_ENCODINGS)[number];
export type PlanStepKey = (typeof PLAN_STEP_KEYS)[number];
export type StepStatus = (typeof STEP_STATUSES)[number];
export type ContactParty = (typeof CONTACT_PARTIES)[number];
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export type Agency = (typeof AGENCIES)[number];
export type ComplaintTarget = (typeof COMPLAINT_TARGETS)[number];

export type CaseStatus = (typeof CASE_STATUSES)[number];
export type Recipient = (typeof RECIPIENTS)[number];
export type PacketLang = (typeof PACKET_LANGS)[number];
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export type EventKind = (typeof EVENT_KINDS)[number];
export type TimeSource = (typeof TIME_SOURCES)[number];

// ── Inputs ───────────────────────────────────────────────────────────────────────────────────────────────

// Ids are ours (`case_…`, `ev_…`): a strict shape keeps prefixes, wildcards and paths out of every lookup.
const caseId = z.string().regex(/^case_[0-9a-z]{4,40}$/);
const evidenceId = z.string().regex(/^ev_[0-9a-z]{4,40}$/);
const eventId = z.string().regex(/^evt_[0-9a-z]{4,40}$/);
const batchId = z.string().regex(/^[0-9a-f]{32}$/);
const transactionId = z.string().regex(/^tx_[0-9a-z]{4,40}$/);
const messageId = z.string().regex(/^msg_[0-9a-z]{4,40}$/);
const agreementId = z.string().regex(/^agr_[0-9a-z]{4,40}$/);
const layoutId = z.string().regex(/^lay_[0-9a-z]{4,40}$/);
const txDirection = z.enum(['out', 'in', 'neutral']);
const headerLine = z.number().int().min(1).max(100_000_000).nullable();
/** A column map as the dialog edits it; the service checks it again against the file it is applied to. */
const columnMap = z.strictObject({
  hasHeader: z.boolean(),
  columns: z
    .array(
      z.strictObject({
        name: z.string().max(300),
        index: z.number().int().min(0).max(10_000),
        role: z.enum(COLUMN_ROLES),
      }),
    )
    .min(1)
    .max(500),
  directions: z
    .record(z.string().max(100), txDirection)
    .refine((d) => Object.keys(d).length <= 50, 'at most 50 direction values'),
  isFlipped: z.boolean(),
  dateOrder: z.enum(['dmy', 'mdy']),
  currency: z.string().regex(/^[A-Z]{3}$/),
  encoding: z.enum(TABLE_ENCODINGS),
});
/** A password-protected file kept for its password: a random id, never a path or a name. */
const lockedId = z.string().regex(/^[0-9a-f]{32}$/);
// Pixel coordinates of an image as displayed; 100,000 px is far beyond any screenshot or photo.
const pixels = z.number().finite().min(0).max(100_000);
const redactionBox = z.strictObject({
  x: pixels,
  y: pixels,
  width: pixels.positive(),
  height: pixels.positive(),
  note: z.string().max(300).optional(),
});
const exportInput = z.strictObject({
  caseId,
  recipient: z.enum(RECIPIENTS),
  lang: z.enum(PACKET_LANGS),
  // The cover letter as the user edited it; a letter is a page or two, 50,000 characters is generous.
  letter: z.string().max(50_000).optional(),
  // The service refuses under 100 KB; 2 GiB is more than any upload form takes.
  maxBytes: z
    .number()
    .int()
    .min(100_000)
    .max(2 * 1024 ** 3)
    .optional(),
  withArchive: z.boolean().optional(),
});
// Lengths are bounded so one message cannot make main allocate without limit.
// A NUL cannot be stored faithfully (SQLite and C strings stop at it) and no person types one: refused here.
const NO_NUL = { message: 'must not contain a NUL character (U+0000)' };
const hasNoNul = (s: string) => !s.includes('\u0000');
const title = z.string().trim().min(1).max(300).refine(hasNoNul, NO_NUL);
const shortText = z.string().max(300).refine(hasNoNul, NO_NUL);
const longText = z.string().max(20_000).refine(hasNoNul, NO_NUL);
const isoTime = z.string().min(10).max(40);
const tags = z.array(z.string().trim().min(1).max(60).refine(hasNoNul, NO_NUL)).max(50);
/** Absolute paths the preload resolved from dropped or picked files; only Electron's main accepts them. */
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'no NUL bytes')
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'absolute path');

export const schemas = {
  'case:list': z.strictObject({ includeArchived: z.boolean().optional() }),
  'case:create': z.strictObject({
    title,
    counterparty: shortText.optional(),
    paymentMethod: shortText.optional(),
    timezone: z.string().max(64).optional(),
  }),
  'case:update': z.strictObject({
    id: caseId,
    patch: z.strictObject({
      title: title.optional(),
      counterparty: shortText.optional(),
      paymentMethod: shortText.optional(),
      notes: longText.optional(),
      status: z.enum(CASE_STATUSES).optional(),
      archived: z.boolean().optional(),
    }),
  }),
  'case:get': z.strictObject({ id: caseId }),
  'timeline:get': z.strictObject({ caseId }),
  'evidence:get': z.strictObject({ id: evidenceId }),
  'evidence:update': z.strictObject({
    id: evidenceId,
    patch: z.strictObject({
      title: title.optional(),
      notes: longText.optional(),
      tags: tags.optional(),
      kind: z.enum(EVIDENCE_KINDS).optional(),
      occurredAt: isoTime.optional(),
    }),
  }),
  'evidence:trash': z.strictObject({ id: evidenceId, trashed: z.boolean() }),
  'event:add': z.strictObject({
    caseId,
    kind: z.enum(EVENT_KINDS),
    title,
    occurredAt: isoTime,
    reference: shortText.optional(),
    notes: longText.optional(),
  }),
  'event:delete': z.strictObject({ id: eventId }),
  'locker:verify': z.strictObject({}),
  'locker:status': z.strictObject({}),
  'locker:encrypt': z.strictObject({
    passphrase: z.string().min(8).max(1024),
    remember: z.boolean().optional(),
  }),
  'backup:status': z.strictObject({ jobId: z.string().regex(/^[0-9a-f]{32}$/) }),
  'backup:save': z.strictObject({}),
  'backup:restore': z.strictObject({}),
  'backup:open': z.strictObject({ jobId: z.string().regex(/^[0-9a-f]{32}$/) }),
  'backup:run': z.strictObject({}),
  'locker:unlock': z
    .strictObject({
      passphrase: z.string().min(1).max(1024).optional(),
      recoveryKey: z.string().min(1).max(200).optional(),
      /** Keep the key in the OS keychain so this computer opens the locker without asking. */
      remember: z.boolean().optional(),
    })
    .refine((v) => (v.passphrase === undefined) !== (v.recoveryKey === undefined), {
      message: 'Give the passphrase or the recovery key.',
    }),
  'transaction:list': z.strictObject({ caseId, evidenceId: evidenceId.optional() }),
  'transaction:dispute': z.strictObject({
    caseId,
    ids: z.array(transactionId).min(1).max(100_000),
    disputed: z.boolean(),
  }),
  'payment:join': z.strictObject({ caseId, transactionIds: z.tuple([transactionId, transactionId]) }),
  'payment:split': z.strictObject({ caseId, transactionId }),
  'payment:reject': z.strictObject({
    caseId,
    transactionIds: z.tuple([transactionId, transactionId]),
    kind: z.enum(LINK_KINDS),
  }),
  'payment:confirm': z.strictObject({ caseId }),
  'payment:rail': z.strictObject({ caseId, transactionId, rail: z.enum(RAILS).nullable() }),
  'export:ready': z.strictObject({ caseId, recipient: z.enum(RECIPIENTS), lang: z.enum(PACKET_LANGS) }),
  'export:exhibits': z.strictObject({ caseId, recipient: z.enum(RECIPIENTS) }),
  'export:exhibits:set': z.strictObject({
    caseId,
    recipient: z.enum(RECIPIENTS),
    order: z.array(evidenceId).max(100_000).nullable(),
    excluded: z.array(evidenceId).max(100_000),
  }),
  'message:list': z.strictObject({ caseId, evidenceId: evidenceId.optional() }),
  'message:mark': z.strictObject({ id: messageId, isKey: z.boolean() }),
  'redaction:get': z.strictObject({ evidenceId }),
  'redaction:set': z.strictObject({ evidenceId, boxes: z.array(redactionBox).max(500) }),
  'export:draft': z.strictObject({
    caseId,
    recipient: z.enum(RECIPIENTS),
    lang: z.enum(PACKET_LANGS),
    /** Cite the rules that fit how the money moved (PBOC 2015 No. 43 …), off unless the user asks. */
    citeRules: z.boolean().optional(),
  }),
  // What the user typed in a search box; the service quotes every term, so FTS syntax in it is just text.
  'search:query': z.strictObject({
    caseId: z.union([caseId, z.literal('all')]),
    query: z.string().max(200),
    limit: z.number().int().min(1).max(200).optional(),
  }),
  'ocr:status': z.strictObject({ caseId: caseId.optional() }),
  'ocr:set': z.strictObject({ enabled: z.boolean() }),
  'ocr:get': z.strictObject({ evidenceId }),
  'export:save': exportInput,
  'export:run': exportInput,
  'import:pick': z.strictObject({ caseId }),
  'import:paths': z.strictObject({ caseId, paths: z.array(absolutePath).min(1).max(10_000) }),
  'import:bytes': z.strictObject({
    caseId,
    files: z
      .array(
        z.strictObject({
          name: z.string().max(1000),
          lastModified: z.number().int().nonnegative().optional(),
          // Pasted screenshots travel as bytes; 64 MiB each is far above any phone screenshot.
          bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= 64 * 1024 * 1024, 'too large'),
        }),
      )
      .min(1)
      .max(50),
  }),
  'import:begin': z.strictObject({ caseId }),
  'import:commit': z.strictObject({ batchId }),
  'export:reveal': z.strictObject({ downloadId: z.string().regex(/^[0-9a-f]{32}$/) }),
  'plan:get': z.strictObject({ caseId, lang: z.enum(PACKET_LANGS) }),
  // null hands the step back to the evidence.
  'plan:set': z.strictObject({
    caseId,
    lang: z.enum(PACKET_LANGS),
    step: z.enum(PLAN_STEP_KEYS),
    status: z.enum(STEP_STATUSES).nullable(),
  }),
  'contact:add': z.strictObject({
    caseId,
    party: z.enum(CONTACT_PARTIES),
    channel: z.enum(CONTACT_CHANNELS),
    at: isoTime,
    agency: z.enum(AGENCIES).optional(),
    ticket: shortText.optional(),
    note: longText.optional(),
    lang: z.enum(PACKET_LANGS),
  }),
  'complaint:get': z.strictObject({ caseId, to: z.enum(COMPLAINT_TARGETS), lang: z.enum(PACKET_LANGS) }),
  'claimant:get': z.strictObject({ caseId }),
  // A name, a resident ID (18 characters) and a phone number: generous bounds, nothing unbounded.
  'claimant:set': z.strictObject({
    caseId,
    name: z.string().max(100).optional(),
    idNumber: z.string().max(40).optional(),
    phone: z.string().max(40).optional(),
  }),
  'agreement:read': z.strictObject({ evidenceId }),
  // The fields as the user checked them on the screen; the screenshot they came from is linked as the proof.
  'agreement:add': z.strictObject({
    evidenceId,
    merchant: title,
    service: shortText.optional(),
    number: z.string().max(100).optional(),
    signedAt: isoTime.nullable().optional(),
    closedAt: isoTime.nullable().optional(),
    paymentMethod: shortText.optional(),
    status: z.enum(AGREEMENT_STATUSES).optional(),
  }),
  'agreement:list': z.strictObject({ caseId }),
  'agreement:create': z.strictObject({
    caseId,
    merchant: title,
    service: shortText.optional(),
    number: z.string().max(100).optional(),
    signedAt: isoTime.nullable().optional(),
    closedAt: isoTime.nullable().optional(),
    paymentMethod: shortText.optional(),
    status: z.enum(AGREEMENT_STATUSES).optional(),
  }),
  // Each field given replaces the one kept; null clears a date. A closing date alone marks it closed.
  'agreement:update': z.strictObject({
    id: agreementId,
    patch: z.strictObject({
      merchant: title.optional(),
      service: shortText.optional(),
      number: z.string().max(100).optional(),
      signedAt: isoTime.nullable().optional(),
      closedAt: isoTime.nullable().optional(),
      paymentMethod: shortText.optional(),
      status: z.enum(AGREEMENT_STATUSES).optional(),
    }),
  }),
  // The password travels in the body only and is bounded: bill passwords are 6 digits, bank ones a little more.
  'import:unlock': z.strictObject({ lockedId, password: z.string().min(1).max(128) }),
  'import:forget': z.strictObject({ lockedId }),
  // `headerLine`: the row the user says is the header (null: none); absent, it is found by content.
  'columns:propose': z.strictObject({
    evidenceId,
    encoding: z.enum(TABLE_ENCODINGS).optional(),
    headerLine: headerLine.optional(),
  }),
  'columns:preview': z.strictObject({ evidenceId, map: columnMap, headerLine: headerLine.optional() }),
  // `confirmed`: the two preview rows and the direction the user saw and accepted for each.
  'columns:apply': z.strictObject({
    evidenceId,
    map: columnMap,
    name: z.string().trim().min(1).max(100),
    headerLine: headerLine.optional(),
    confirmed: z
      .array(z.strictObject({ line: z.number().int().min(0).max(100_000_000), direction: txDirection }))
      .max(2),
  }),
  'columns:undo': z.strictObject({ evidenceId }),
  'layout:list': z.strictObject({}),
  'layout:export': z.strictObject({ id: layoutId }),
  // The text of a layout file the user picked in the page (a small JSON file; 200 KB is generous).
  'layout:import': z.strictObject({ text: z.string().min(1).max(200_000) }),
  'layout:delete': z.strictObject({ id: layoutId }),
} satisfies Record<Channel, z.ZodType>;

export type Input<C extends Channel> = z.input<(typeof schemas)[C]>;
export type ParsedInput<C extends Channel> = z.output<(typeof schemas)[C]>;

// ── Results ──────────────────────────────────────────────────────────────────────────────────────────────

export type CaseDto = {
  id: string;
  title: string;
  counterparty: string;
  paymentMethod: string;
  currency: string;
  status: CaseStatus;
  notes: string;
  timezone: string;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
};

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
};

export type Timeline = { caseId: string; timezone: string; rows: TimelineRow[] };

export type HistoryEntry = {
  seq: number;
  at: string;
  actor: string;
  action: string;
  changes: { field: string; before: unknown; after: unknown }[];
  method: string | null;
};

export type EvidenceDetail = {
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
  originalName: string;
  acquiredAt: string;
  acquisitionMethod: string;
  width: number | null;
  height: number | null;
  warnings: string[];
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
  history: HistoryEntry[];
  /**
   * The column map: `canMap` for a table nothing was read from yet ("Map columns…"); `layout` when a column map
   * read its rows (and "Undo" removes them).
   */
  columnMap: { canMap: boolean; layout: { id: string; name: string } | null };
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
};

/** One line per file, named by the name the user knows (never a path on this machine). */
export type ImportOutcome =
  | {
      name: string;
      outcome: 'added';
      evidenceId: string;
      warnings: string[];
      /** Which layout of the format was read (`card-statement`, `jd` …), when the importer says. */
      layout?: string;
      /** Read with this saved column map (its header matched). */
      columnMap?: { id: string; name: string };
      /** A table nothing could read: the user can map its columns. */
      canMap?: boolean;
    }
  | { name: string; outcome: 'duplicate'; evidenceId: string; inTrash: boolean }
  | {
      name: string;
      outcome: 'failed';
      reason: string;
      /** An encrypted archive (filed as received) whose contents need its password; `lockedId` reopens it. */
      needsPassword?: boolean;
      lockedId?: string;
    }
  | { name: string; outcome: 'skipped'; reason: string };

export type ImportSummary = { caseId: string; files: ImportOutcome[] };

/** A backup being written: originals done of total, then read back; the result once finished. */
export type BackupJob = {
  jobId: string;
  done: number;
  total: number;
  phase: 'writing' | 'checking' | 'restoring' | 'verifying';
  finished: boolean;
  result?: { name: string; bytes: number; sha256: string; objects: number; downloadId?: string };
  /** A restore: the new folder, and what the item-by-item check of it found. */
  restored?: { dir: string; objects: number; ok: boolean; problems: string[] };
  error?: string;
};

/** Whether the locker is encrypted and open, and what this computer's keychain offers. */
export type LockerStatus = {
  encrypted: boolean;
  unlocked: boolean;
  /** The OS keychain the app could keep the key in; `secure` is false for Linux's well-known fallback. */
  keychain: { backend: string; secure: boolean } | null;
  /** The key is kept in this computer's keychain (the locker opens without asking). */
  remembered: boolean;
  /** Set when the check at opening found the database damaged: what, and the backup to restore. */
  damage?: { problems: string[]; lastBackup: { path: string; at: string } | null };
};

export type VerifySummary = {
  ok: boolean;
  checkedAt: string;
  objects: number;
  logEntries: number;
  problems: { kind: string; message: string }[];
};

/** Where a transaction or message was read from: the item (by id and title) and the line in it. */
/** `page` is set for a row read off a PDF statement, where `line` counts from the top of that page. */
export type RecordSource = { evidenceId: string; title: string; line: number; page?: number };

export type TransactionDto = {
  id: string;
  utc: string;
  /** Decimal string in the currency's unit, e.g. `"39.90"`; never negative (see `direction`). */
  amount: string;
  currency: string;
  direction: 'out' | 'in' | 'neutral';
  counterparty: string;
  description: string;
  status: string;
  method: string;
  orderId: string;
  note: string;
  isDisputed: boolean;
  refundOf: string | null;
  source: RecordSource;
};

export type SeriesDto = {
  id: string;
  counterparty: string;
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
  /** The auto-debit agreement behind it, when one is recorded; once closed, no next charge is expected. */
  agreement: { id: string; status: 'open' | 'closed'; closedAt: string | null } | null;
};

export type CurrencyTotals = {
  currency: string;
  charged: string;
  refunded: string;
  outstanding: string;
  count: number;
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

/** One item of the case in the packet's exhibit list: in or out, and its number in the next packet. */
export type ExhibitChoiceDto = {
  evidenceId: string;
  title: string;
  kind: EvidenceKind;
  occurredUtc: string;
  included: boolean;
  number: number | null;
};

export type ReadinessDto = {
  code: string;
  severity: 'block' | 'note';
  screen: 'claimant' | 'case' | 'agreements' | 'contacts' | 'charges' | 'export';
  text: string;
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
  sender: string;
  text: string;
  attachments: string[];
  isSystem: boolean;
  isKey: boolean;
  chat: string;
  source: RecordSource;
};

export type MessageList = { caseId: string; timezone: string; messages: MessageDto[] };

export type RedactionBox = { x: number; y: number; width: number; height: number; note?: string };

export type Redactions = { evidenceId: string; boxes: RedactionBox[] };

export type ExhibitDto = {
  number: number;
  evidenceId: string;
  title: string;
  kind: EvidenceKind;
  occurredUtc: string;
  sha256: string;
  isRedacted: boolean;
};

export type ExportDraft = { letter: string; exhibits: ExhibitDto[] };

export type ExportSummary = {
  reference: string;
  pages: number;
  files: {
    /**
     * The id the written file is known by: the bridge serves it at `/files/export/ID`; Electron's main shows
     * it in its folder (`export:reveal`). Never a path.
     */
    downloadId: string | null;
    name: string;
    kind: 'packet' | 'archive';
    sha256: string;
    bytes: number;
  }[];
  exhibits: {
    number: number;
    title: string;
    sha256: string;
    pages: number;
    isRedacted: boolean;
    volume: number | null;
  }[];
  warnings: string[];
};

/** A box in the pixels of the original image: left, top, right, bottom. */
export type PixelBox = { x0: number; y0: number; x1: number; y1: number };

export type SearchKind = 'evidence' | 'event' | 'message' | 'transaction' | 'ocr';

/** One ranked match: the record it is in, and a snippet with each match marked `«…»`. */
export type SearchHitDto = {
  kind: SearchKind;
  /** The exact record: the item, event, message, transaction or OCR page. */
  id: string;
  /** The item it belongs to (an event: the item it is linked to, if any). */
  evidenceId: string | null;
  caseId: string;
  snippet: string;
  /** ISO 8601 with the offset of its source. */
  at: string;
  title: string;
  line: number | null;
  page: number | null;
  region: PixelBox | null;
};

export type OcrStatusDto = {
  enabled: boolean;
  isRunning: boolean;
  pending: number;
  done: number;
  failed: number;
  skipped: number;
  /** The item being read now, when a run is under way. */
  current: { evidenceId: string; title: string } | null;
  progress: { done: number; total: number } | null;
};

/** Where a suggested fact was read: the page, the line as read, and the boxes of its words. */
export type FactSourceDto = { page: number; line: string; boxes: PixelBox[]; confidence: number };

export type FactSuggestionsDto = {
  amount?: { value: string; currency: string; sign: '-' | '+' | null; source: FactSourceDto };
  time?: { local: string; at: string; source: FactSourceDto };
  counterparty?: { value: string; source: FactSourceDto };
  orderId?: { value: string; source: FactSourceDto };
};

/** What OCR read from one item: its job's state, the text page by page, and the facts it suggests. */
export type OcrReadingDto = {
  evidenceId: string;
  status: 'pending' | 'done' | 'failed' | 'skipped' | null;
  error: string | null;
  pages: { page: number; width: number; height: number; text: string; confidence: number }[];
  suggestions: FactSuggestionsDto;
};

export type Outputs = {
  'case:list': CaseDto[];
  'case:create': CaseDto;
  'case:update': CaseDto;
  'case:get': CaseOverview;
  'timeline:get': Timeline;
  'evidence:get': EvidenceDetail;
  'evidence:update': EvidenceDetail;
  'evidence:trash': EvidenceDetail;
  'event:add': EventDto;
  'event:delete': { id: string };
  'locker:verify': VerifySummary;
  'locker:status': LockerStatus;
  /** The recovery key is shown once, here, and never again. */
  'locker:encrypt': { recoveryKey: string; objects: number; thumbnails: number; keychain: string | null };
  'backup:status': BackupJob;
  /** Null when the user closed the save dialog. */
  'backup:save': BackupJob | null;
  'backup:run': BackupJob;
  /** Null when the user closed a dialog. */
  'backup:restore': BackupJob | null;
  'backup:open': null;
  'locker:unlock': LockerStatus;
  'import:pick': ImportSummary | null;
  'import:paths': ImportSummary;
  'import:bytes': ImportSummary;
  'import:begin': { batchId: string };
  'import:commit': ImportSummary;
  'transaction:list': Charges;
  'transaction:dispute': Charges;
  'payment:join': Charges;
  'payment:split': Charges;
  'payment:reject': Charges;
  'payment:confirm': Charges;
  'payment:rail': Charges;
  'export:ready': ReadinessDto[];
  'export:exhibits': ExhibitChoiceDto[];
  'export:exhibits:set': ExhibitChoiceDto[];
  'message:list': MessageList;
  'message:mark': MessageDto;
  'redaction:get': Redactions;
  'redaction:set': Redactions;
  'export:draft': ExportDraft;
  'search:query': SearchHitDto[];
  'ocr:status': OcrStatusDto;
  'ocr:set': OcrStatusDto;
  'ocr:get': OcrReadingDto;
  /** Null when the user closed the save dialog. */
  'export:save': ExportSummary | null;
  'export:run': ExportSummary;
  'export:reveal': null;
  'plan:get': PlanDto;
  'plan:set': PlanDto;
  'contact:add': ContactAdded;
  'complaint:get': ComplaintDto;
  'claimant:get': ClaimantDto;
  'claimant:set': ClaimantDto;
  'import:unlock': ImportSummary;
  'import:forget': null;
  'agreement:read': AgreementReadingDto;
  'agreement:add': AgreementDto;
  'agreement:list': AgreementDto[];
  'agreement:create': AgreementDto;
  'agreement:update': AgreementDto;
  'columns:propose': MapProposalDto;
  'columns:preview': MapPreviewDto;
  'columns:apply': {
    evidenceId: string;
    transactions: number;
    problems: { line: number; error: string }[];
    problemCount: number;
    layout: LayoutDto;
  };
  'columns:undo': { evidenceId: string; removed: number; disputed: number };
  'layout:list': LayoutDto[];
  'layout:export': LayoutFileDto;
  'layout:import': LayoutDto;
  'layout:delete': LayoutDto;
};
export type Output<C extends Channel> = Outputs[C];

export type PlanStepDto = {
  key: PlanStepKey;
  title: string;
  action: string;
  status: StepStatus;
  /** What the evidence says, before any status the user set. */
  derivedStatus: StepStatus;
  isOverridden: boolean;
  holds: string[];
  missing: string[];
};

export type PlanDeadlineDto = {
  id: string | null;
  /** ISO instant with the offset it is due in. */
  at: string;
  utc: string;
  title: string;
  rule: string | null;
  isOverdue: boolean;
  isDone: boolean;
  isEstimate: boolean;
  whoActs: 'them' | 'you' | null;
};

export type PlanDto = {
  caseId: string;
  steps: PlanStepDto[];
  deadlines: PlanDeadlineDto[];
  disclaimer: string;
};

export type ContactAdded = {
  id: string;
  eventId: string | null;
  at: string;
  /** Each deadline the contact started, with the rule's length and the text it comes from. */
  deadlines: {
    id: string;
    at: string;
    utc: string;
    title: string;
    rule: string | null;
    days: number | null;
    isWorkingDays: boolean;
    source: string;
  }[];
};

export type ComplaintDto = {
  to: ComplaintTarget;
  lang: PacketLang;
  fields: { key: string; label: string; value: string }[];
};

/** What the page may know of the complainant: the name, and the ID and phone masked. */
export type ClaimantDto = { name: string; idNumberMasked: string; phoneMasked: string };

export type AgreementDto = {
  id: string;
  caseId: string;
  merchant: string;
  service: string;
  number: string;
  /** ISO instants with their offset, or null. */
  signedAt: string | null;
  closedAt: string | null;
  paymentMethod: string;
  status: AgreementStatus;
  seriesId: string | null;
  evidenceIds: string[];
};

export type AgreementFieldKey =
  'merchant' | 'service' | 'number' | 'signedAt' | 'method' | 'status' | 'closedAt';

/** What OCR read from a screenshot as an auto-debit agreement page: for the user to check, never applied alone. */
export type AgreementReadingDto = {
  evidenceId: string;
  /** False when the screenshot does not read as an agreement page (then nothing is offered). */
  isAgreementPage: boolean;
  platform: 'alipay' | 'wechat' | null;
  merchant?: { value: string; source: FactSourceDto };
  service?: { value: string; source: FactSourceDto };
  number?: { value: string; source: FactSourceDto };
  signedAt?: { local: string; at: string; source: FactSourceDto };
  method?: { value: string; source: FactSourceDto };
  status?: { value: 'active' | 'closed'; isInferred: boolean; source: FactSourceDto };
  closedAt?: { local: string; at: string; source: FactSourceDto };
  found: AgreementFieldKey[];
  /** The recurring series of the same merchant, which the agreement will be linked to. */
  series: { id: string; counterparty: string } | null;
  /** Agreements that already hold this screenshot. */
  agreementIds: string[];
};

export type ColumnMapDto = {
  hasHeader: boolean;
  columns: { name: string; index: number; role: ColumnRole }[];
  directions: Record<string, 'out' | 'in' | 'neutral'>;
  isFlipped: boolean;
  dateOrder: 'dmy' | 'mdy';
  currency: string;
  encoding: TableEncoding;
};

export type MapPreviewRowDto = {
  line: number;
  at: string;
  amount: string;
  currency: string;
  direction: 'out' | 'in' | 'neutral';
  counterparty: string;
  description: string;
  orderId: string;
  status: string;
};

/** Problems are codes the page words: `no-date`, `no-amount`, `direction-needs-amount`, `missing-column`. */
export type MapPreviewDto = {
  issues: ('no-date' | 'no-amount' | 'direction-needs-amount' | 'missing-column')[];
  total: number;
  rows: MapPreviewRowDto[];
  signSamples: MapPreviewRowDto[];
  problems: { line: number; error: string }[];
  problemCount: number;
  directionValues: string[];
};

export type MapProposalDto = {
  evidenceId: string;
  title: string;
  reader: string;
  encoding: string | null;
  detectedEncoding: string | null;
  sheet: string | null;
  headerLine: number | null;
  headerCandidates: { line: number; text: string }[];
  header: string[];
  signature: string;
  sample: { line: number; cells: string[] }[];
  map: ColumnMapDto;
  layout: { id: string; name: string } | null;
  preview: MapPreviewDto;
};

export type LayoutDto = {
  id: string;
  name: string;
  signature: string;
  header: string[];
  map: ColumnMapDto;
  createdAt: string;
  updatedAt: string;
};

/** What `layout:export` gives and `layout:import` takes: the small JSON file a map travels as. */
export type LayoutFileDto = {
  format: 'evidence-locker.column-map';
  version: 1;
  name: string;
  signature: string;
  header: string[];
  map: ColumnMapDto;
};

export type ErrorCode = 'bad_input' | 'not_found' | 'refused' | 'locked' | 'internal';
export type ApiError = { code: ErrorCode; message: string };
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

// ── What each runtime exposes ────────────────────────────────────────────────────────────────────────────

export type SharedInvoke = { [C in SharedChannel]: (input: Input<C>) => Promise<Result<Output<C>>> };

/**
 * `window.locker` in Electron: a frozen object of named functions. `importFiles` takes File objects; the
 * preload turns them into paths with webUtils, so the page itself never sees or names a path.
 */
export type PreloadApi = {
  readonly runtime: 'electron';
  readonly invoke: SharedInvoke;
  readonly pickFiles: (input: Input<'import:pick'>) => Promise<Result<Output<'import:pick'>>>;
  readonly importFiles: (caseId: string, files: readonly File[]) => Promise<Result<ImportSummary>>;
  /** Main shows the save dialog and writes the packet where the user chose. */
  readonly saveExport: (input: Input<'export:save'>) => Promise<Result<Output<'export:save'>>>;
  /** Asks where to save a backup of the whole locker (main's dialog), then starts writing it. */
  readonly saveBackup: () => Promise<Result<Output<'backup:save'>>>;
  /** Asks for a backup file and a new, empty folder (main's dialogs), then restores and verifies it there. */
  readonly restoreBackup: () => Promise<Result<Output<'backup:restore'>>>;
  /** Restarts the app on the locker a finished restore of this run made. */
  readonly openRestored: (input: Input<'backup:open'>) => Promise<Result<Output<'backup:open'>>>;
  /** Shows a file written by `saveExport` in the system's file manager, by its id. */
  readonly revealExport: (input: Input<'export:reveal'>) => Promise<Result<null>>;
  /** Native menu items (New case, Add files…, Export packet…) as they are chosen; returns an unsubscribe. */
  readonly onMenuCommand: (listener: (command: MenuCommand) => void) => () => void;
};

export type ElectronOnly = ElectronChannel;
export type BridgeOnly = BridgeChannel;

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/** Parses one input with its channel's schema; the message names the first field that is wrong. */
export function parseInput<C extends Channel>(
  channel: C,
  input: unknown,
): { ok: true; value: ParsedInput<C> } | { ok: false; error: ApiError } {
  const parsed = schemas[channel].safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data as ParsedInput<C> };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'input';
  return { ok: false, error: { code: 'bad_input', message: `${where}: ${issue?.message ?? 'invalid'}` } };
}

export function isChannel(name: string, list: readonly string[]): name is Channel {
  return list.includes(name);
}
