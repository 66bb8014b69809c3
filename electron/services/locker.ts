import { chmod, lstat, mkdir, readdir, readFile, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { openDatabaseAsync, type Db } from '../../db/connect.ts';
import {
  CASE_STATUSES,
  findCasesByIdPrefix,
  getCase,
  insertCase,
  listCases,
  updateCaseRow,
  type CaseRecord,
  type CaseStatus,
} from '../../db/queries/cases.ts';
import {
  appendCustody,
  chainHead,
  listCustody,
  type CustodyEntry,
  type CustodyInput,
} from '../../db/queries/custody.ts';
import {
  EVIDENCE_KINDS,
  findEvidenceByIdPrefix,
  getEvidence,
  listBlobs,
  listEvidence,
  updateEvidenceClaims,
  type EvidenceKind,
  type EvidenceRecord,
} from '../../db/queries/evidence.ts';
import {
  EVENT_KINDS,
  getEvent,
  insertEvent,
  listEvents,
  updateEventRow,
  type EventKind,
  type EventRecord,
} from '../../db/queries/events.ts';
import { listContacts } from '../../db/queries/dispute.ts';
import { listKeyMessages } from '../../db/queries/records.ts';
import { getRedaction, saveRedaction } from '../../db/queries/redactions.ts';
import { indexPendingChunk, pendingSearchRows } from '../../db/queries/search.ts';
import { caseLedger } from './ledger/index.ts';
import { LockerInputError, NotFoundError, refuseNul } from './errors.ts';
import { coded, say, type Coded } from '../messages/say.ts';
import { formatAmount } from './util/money.ts';
import { settleConversion } from './crypto/convert.ts';
import { databaseKey, unlockMaster, type Unlock } from './crypto/keys.ts';
import { ObjectCipher } from './crypto/object-cipher.ts';
import { ObjectStore, writeFileAtomic } from './object-store.ts';
import { randomId, type IdGenerator } from './util/ids.ts';
import { formatInstant, isValidTimeZone, parseIsoInstant, type Instant } from './util/time.ts';

export type Clock = () => Date;

export type LockerOptions = {
  clock?: Clock;
  ids?: IdGenerator;
  /** Who acts, as written in the custody log: `cli`, `app`. */
  actor?: string;
  /** What unlocks an encrypted locker (ignored for a plaintext one). */
  unlock?: Unlock;
};

export type NewCase = {
  title: string;
  counterparty?: string;
  paymentMethod?: string;
  account?: string;
  currency?: string;
  notes?: string;
  timezone?: string;
};

export type CasePatch = Partial<Omit<NewCase, 'title'>> & {
  title?: string;
  status?: CaseStatus;
  archived?: boolean;
};

export type EvidencePatch = {
  title?: string;
  notes?: string;
  tags?: string[];
  kind?: EvidenceKind;
  /** ISO 8601; without an offset it is read in the case's time zone. */
  occurredAt?: string;
};

export type NewEvent = {
  kind: EventKind;
  title: string;
  occurredAt: string;
  notes?: string;
  reference?: string;
  evidenceId?: string;
};

export type TimelineEntry = {
  at: string;
  type: 'evidence' | 'event' | 'transaction' | 'message';
  kind: string;
  title: string;
  evidenceId?: string;
  eventId?: string;
  transactionId?: string;
  messageId?: string;
  timeSource?: string;
  reference?: string;
  /** For charges and refunds: decimal string and currency, `direction` out or in. */
  amount?: string;
  currency?: string;
  direction?: string;
  disputed?: boolean;
  /** Where a charge or message was read from (for a payment: its most precise row). */
  source?: { evidenceId: string; line: number; page?: number };
  /** For charges and refunds: the payment, and every row that shows it (the bill's and the bank's). */
  paymentId?: string;
  sources?: { evidenceId: string; line: number; page?: number; transactionId: string; source: string }[];
  /** A logged contact's evidence (screenshots, recordings, emails), in the order the user attached them. */
  attachments?: string[];
  /** A message read by OCR from a chat screenshot, whose bubble it was, and the other side's name. */
  readBy?: 'ocr';
  side?: 'me' | 'them';
  sender?: string;
};

const HEAD_FILE = 'custody-head.json';
const LEGACY_REDACTIONS_DIR = 'redactions';
export const DATABASE_FILE = 'locker.db';
/** Queued rows indexed per transaction: a few tens of milliseconds, then the event loop has its turn. */
export const INDEX_CHUNK_ROWS = 5000;

/**
 * A locker: one folder holding `locker.db` and the object store of originals. Every change goes through
 * here so that each one lands in the custody log inside the same transaction as the change itself.
 */
export class Locker {
  readonly objects: ObjectStore;
  readonly thumbsDir: string;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly actor: string;
  /**
   * Why the database looks older than the custody-head.json mirror beside it (null when it does not): then
   * the orphan sweep leaves every original where it is. `behindHeadWhy` is the same, coded (verify's note).
   */
  behindHead: string | null = null;
  behindHeadWhy: Coded | null = null;
  private indexing: NodeJS.Immediate | null = null;
  private indexed: (() => void)[] = [];

  private constructor(
    readonly dir: string,
    readonly db: Db,
    options: LockerOptions,
    cipher: ObjectCipher | null = null,
    private readonly master: Buffer | null = null,
  ) {
    this.objects = new ObjectStore(dir, cipher);
    this.thumbsDir = this.objects.thumbsDir;
    this.clock = options.clock ?? (() => new Date());
    this.ids = options.ids ?? randomId;
    this.actor = options.actor ?? 'cli';
  }

  static async open(dir: string, options: LockerOptions = {}): Promise<Locker> {
    const root = path.resolve(dir);
    // Owner-only: the folder holds the case's evidence, and other users on the machine have no business in it.
    await mkdir(root, { recursive: true, mode: 0o700 });
    await ownerOnly(root, 0o700);
    // Finishes (or throws away) a conversion to encryption a crash interrupted, before anything is read.
    const keyFile = await settleConversion(root);
    const master = keyFile ? await unlockMaster(keyFile, options.unlock) : null;
    const db = await openDatabaseAsync(
      path.join(root, DATABASE_FILE),
      master ? { key: databaseKey(master) } : {},
    );
    for (const f of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]) {
      await ownerOnly(path.join(root, f), 0o600);
    }
    const locker = new Locker(root, db, options, master ? ObjectCipher.fromMasterKey(master) : null, master);
    try {
      await locker.objects.init();
      await locker.adoptLegacyRedactions();
      locker.behindHeadWhy = await locker.databaseBehindHead();
      locker.behindHead = locker.behindHeadWhy && say(locker.behindHeadWhy);
      await locker.objects.sweep(
        () => Array.from(listBlobs(db), (b) => b.sha256),
        undefined,
        undefined,
        // A database older than the log's head mirror (a copy put back) knows fewer originals than are
        // stored: nothing is moved until the user has looked (verify names it).
        { objects: locker.behindHead === null },
      );
    } catch (error) {
      db.close();
      throw error;
    }
    // Rows an import filed but a crash kept from the index are indexed before anything reads it.
    try {
      locker.indexPendingNow();
    } catch {
      // Another process holds the database: the queue stays, and the next search indexes it first.
    }
    return locker;
  }

  close(): void {
    this.stopIndexing();
    this.db.close();
  }

  /**
   * Indexes every row still queued for search (search_pending), now: a search calls it first, so it never
   * misses a row an import filed. Quick when nothing is queued (one small read).
   */
  indexPendingNow(): void {
    if (pendingSearchRows(this.db) === 0) return;
    while (indexPendingChunk(this.db, INDEX_CHUNK_ROWS));
  }

  /**
   * Indexes the queued rows in the background: one chunk per turn of the event loop, so the app answers in
   * between. Call it once an import has returned its result; calling it again while it runs does nothing.
   */
  indexPendingSoon(): void {
    if (this.indexing || !this.db.open) return;
    const step = () => {
      this.indexing = null;
      let more: boolean;
      try {
        more = this.db.open && indexPendingChunk(this.db, INDEX_CHUNK_ROWS);
      } catch {
        // Busy or closing: what is left stays queued, and the next search or open indexes it.
        more = false;
      }
      if (more) this.indexing = setImmediate(step);
      else this.stopIndexing();
    };
    this.indexing = setImmediate(step);
  }

  /** Settles once the background indexing has finished (at once when none runs). */
  pendingIndexed(): Promise<void> {
    if (!this.indexing) return Promise.resolve();
    return new Promise((resolve) => this.indexed.push(resolve));
  }

  private stopIndexing(): void {
    if (this.indexing) clearImmediate(this.indexing);
    this.indexing = null;
    for (const resolve of this.indexed.splice(0)) resolve();
  }

  /**
   * Older versions kept redaction boxes in `redactions/<id>.json`, outside the database (no backup, no verify,
   * in clear on an encrypted locker). Each is taken into the database, then its file removed. A file whose
   * item this database does not know (an older database put back) is kept as it is, never thrown away.
   */
  private async adoptLegacyRedactions(): Promise<void> {
    const dir = path.join(this.dir, LEGACY_REDACTIONS_DIR);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const m = /^([A-Za-z0-9_-]{1,80})\.json$/.exec(name);
      if (!m) continue;
      const file = path.join(dir, name);
      const item = getEvidence(this.db, m[1]!);
      // Only a plain file an older version wrote: a link is not followed (it could lead anywhere).
      if (!item || !(await lstat(file).catch(() => null))?.isFile()) continue;
      if (!getRedaction(this.db, item.id)) {
        let boxes: unknown[];
        try {
          // An older version wrote a few boxes; anything far larger was not written by it.
          if ((await lstat(file)).size > 1_000_000) continue;
          const parsed = JSON.parse(await readFile(file, 'utf8')) as { boxes?: unknown };
          if (!Array.isArray(parsed.boxes)) continue;
          boxes = parsed.boxes.filter(isLegacyBox);
        } catch {
          continue;
        }
        this.db.transaction(() =>
          saveRedaction(this.db, { evidenceId: item.id, sha256: item.sha256, boxes, updatedAt: this.now() }),
        )();
      }
      await unlink(file).catch(() => undefined);
    }
    await rmdir(dir).catch(() => undefined);
  }

  /** The master key of an encrypted locker (null for a plaintext one): only to re-wrap it, e.g. in the keychain. */
  masterKey(): Buffer | null {
    return this.master;
  }

  /** True when the database and every original are encrypted at rest. */
  get encrypted(): boolean {
    return this.objects.encrypted;
  }

  now(): string {
    return this.clock().toISOString();
  }

  /** Runs `fn` in one IMMEDIATE transaction; `log` entries are appended in it, after the change. */
  write<T>(fn: (log: (entry: Omit<CustodyInput, 'at' | 'actor'>) => CustodyEntry) => T): T {
    const at = this.now();
    return this.db
      .transaction(() => fn((entry) => appendCustody(this.db, { ...entry, at, actor: this.actor })))
      .immediate();
  }

  /**
   * Mirrors the chain head outside the database, so cutting entries off the end of the log (which leaves a
   * valid shorter chain) is still caught by `verify`. Written after the commit: it may lag, never lead.
   */
  async saveChainHead(): Promise<void> {
    const head = chainHead(this.db);
    // Over a database older than the mirror, the mirror stays: it is the proof newer records existed.
    if (!head || this.behindHead) return;
    try {
      await writeFileAtomic(path.join(this.dir, HEAD_FILE), JSON.stringify(head) + '\n', false);
    } catch {
      // The change itself is committed; a mirror that lags (a full disk, say) is caught up by the next one.
    }
  }

  /** Null when the database holds the entry custody-head.json names; else why it does not. */
  async databaseBehindHead(): Promise<Coded | null> {
    const head = await this.readChainHead();
    if (head === null) return null;
    if (head === 'unreadable') return coded('verify.head-unreadable');
    const at = this.db.prepare('SELECT hash FROM custody_log WHERE seq = ?').get(head.seq) as
      { hash: string } | undefined;
    if (!at) return coded('verify.head-ahead', { seq: head.seq });
    if (at.hash !== head.hash) return coded('verify.head-differs', { seq: head.seq });
    return null;
  }

  async readChainHead(): Promise<{ seq: number; hash: string } | null | 'unreadable'> {
    try {
      const parsed = JSON.parse(await readFile(path.join(this.dir, HEAD_FILE), 'utf8')) as unknown;
      if (
        parsed &&
        typeof parsed === 'object' &&
        typeof (parsed as { seq?: unknown }).seq === 'number' &&
        typeof (parsed as { hash?: unknown }).hash === 'string'
      ) {
        return parsed as { seq: number; hash: string };
      }
      return 'unreadable';
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : 'unreadable';
    }
  }

  // ── Cases ────────────────────────────────────────────────────────────────────────────────────────────

  async createCase(input: NewCase): Promise<CaseRecord> {
    refuseNul(input);
    const title = input.title.trim();
    if (!title) throw new LockerInputError('case.needs-title');
    const timezone = input.timezone ?? 'Asia/Shanghai';
    if (!isValidTimeZone(timezone)) throw new LockerInputError('case.unknown-zone', { zone: timezone });
    const currency = (input.currency ?? 'CNY').toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency))
      throw new LockerInputError('case.bad-currency', { currency: String(input.currency) });
    const now = this.now();
    const record: CaseRecord = {
      id: this.ids('case'),
      title,
      counterparty: input.counterparty?.trim() ?? '',
      paymentMethod: input.paymentMethod?.trim() ?? '',
      account: input.account?.trim() ?? '',
      currency,
      status: 'collecting',
      notes: input.notes ?? '',
      timezone,
      createdAt: now,
      updatedAt: now,
      archivedAt: null,
    };
    this.write((log) => {
      insertCase(this.db, record);
      log({ action: 'case.create', caseId: record.id, subjectId: record.id, details: { after: record } });
    });
    await this.saveChainHead();
    return record;
  }

  listCases(options: { includeArchived?: boolean } = {}): CaseRecord[] {
    return listCases(this.db, options);
  }

  /** By full id or an unambiguous start of one. */
  getCase(idOrPrefix: string): CaseRecord {
    const exact = getCase(this.db, idOrPrefix);
    if (exact) return exact;
    const found = idOrPrefix.length >= 4 ? findCasesByIdPrefix(this.db, idOrPrefix) : [];
    if (found.length === 1) return found[0]!;
    if (found.length > 1)
      throw new LockerInputError('ambiguous-id', { thing: coded('thing.case'), id: idOrPrefix });
    throw new NotFoundError('case', idOrPrefix);
  }

  async updateCase(id: string, patch: CasePatch): Promise<CaseRecord> {
    refuseNul(patch);
    const before = this.getCase(id);
    const after: CaseRecord = { ...before };
    if (patch.title !== undefined) {
      if (!patch.title.trim()) throw new LockerInputError('case.title-empty');
      after.title = patch.title.trim();
    }
    if (patch.counterparty !== undefined) after.counterparty = patch.counterparty.trim();
    if (patch.paymentMethod !== undefined) after.paymentMethod = patch.paymentMethod.trim();
    if (patch.account !== undefined) after.account = patch.account.trim();
    if (patch.notes !== undefined) after.notes = patch.notes;
    if (patch.currency !== undefined) {
      const c = patch.currency.toUpperCase();
      if (!/^[A-Z]{3}$/.test(c))
        throw new LockerInputError('case.bad-currency', { currency: patch.currency });
      after.currency = c;
    }
    if (patch.timezone !== undefined) {
      if (!isValidTimeZone(patch.timezone))
        throw new LockerInputError('case.unknown-zone', { zone: patch.timezone });
      after.timezone = patch.timezone;
    }
    if (patch.status !== undefined) {
      if (!CASE_STATUSES.includes(patch.status)) {
        throw new LockerInputError('unknown-value', {
          what: coded('what.status'),
          value: String(patch.status),
          list: CASE_STATUSES.join(', '),
        });
      }
      after.status = patch.status;
    }
    if (patch.archived !== undefined)
      after.archivedAt = patch.archived ? (before.archivedAt ?? this.now()) : null;
    const changed = diff(before, after, ['updatedAt']);
    if (!changed) return before;
    after.updatedAt = this.now();
    this.write((log) => {
      updateCaseRow(this.db, after);
      log({ action: 'case.update', caseId: after.id, subjectId: after.id, details: changed });
    });
    await this.saveChainHead();
    return after;
  }

  // ── Evidence ─────────────────────────────────────────────────────────────────────────────────────────

  listEvidence(caseId: string, options: { includeDeleted?: boolean } = {}): EvidenceRecord[] {
    return listEvidence(this.db, this.getCase(caseId).id, options);
  }

  getEvidence(idOrPrefix: string): EvidenceRecord {
    const exact = getEvidence(this.db, idOrPrefix);
    if (exact) return exact;
    const found = idOrPrefix.length >= 4 ? findEvidenceByIdPrefix(this.db, idOrPrefix) : [];
    if (found.length === 1) return found[0]!;
    if (found.length > 1)
      throw new LockerInputError('ambiguous-id', { thing: coded('thing.evidence'), id: idOrPrefix });
    throw new NotFoundError('evidence', idOrPrefix);
  }

  /** Changes the claimed facts of an item. The before and after of every changed field go to the custody log. */
  async updateEvidence(id: string, patch: EvidencePatch): Promise<EvidenceRecord> {
    refuseNul(patch);
    const before = this.getEvidence(id);
    const after: EvidenceRecord = { ...before, tags: [...before.tags] };
    if (patch.title !== undefined) {
      if (!patch.title.trim()) throw new LockerInputError('evidence.title-empty');
      after.title = patch.title.trim();
    }
    if (patch.notes !== undefined) after.notes = patch.notes;
    if (patch.tags !== undefined) after.tags = normaliseTags(patch.tags);
    if (patch.kind !== undefined) {
      if (!EVIDENCE_KINDS.includes(patch.kind)) {
        throw new LockerInputError('unknown-value', {
          what: coded('what.kind'),
          value: String(patch.kind),
          list: EVIDENCE_KINDS.join(', '),
        });
      }
      after.kind = patch.kind;
    }
    if (patch.occurredAt !== undefined) {
      const instant = this.parseTime(patch.occurredAt, before.caseId);
      after.occurredUtc = instant.utc;
      after.occurredOffset = instant.offset;
      after.occurredSource = 'user';
    }
    const changed = diff(evidenceClaims(before), evidenceClaims(after), []);
    if (!changed) return before;
    this.write((log) => {
      updateEvidenceClaims(this.db, after);
      log({ action: 'evidence.edit', caseId: after.caseId, subjectId: after.id, details: changed });
    });
    await this.saveChainHead();
    return after;
  }

  /** Moves an item to the trash: it leaves the timeline and the packet; the original and its history stay. */
  async trashEvidence(id: string, trashed = true): Promise<EvidenceRecord> {
    const before = this.getEvidence(id);
    if ((before.deletedAt !== null) === trashed) return before;
    const after = { ...before, deletedAt: trashed ? this.now() : null };
    this.write((log) => {
      updateEvidenceClaims(this.db, after);
      log({
        action: trashed ? 'evidence.trash' : 'evidence.restore',
        caseId: after.caseId,
        subjectId: after.id,
        details: { sha256: after.sha256, title: after.title },
      });
    });
    await this.saveChainHead();
    return after;
  }

  // ── Events ───────────────────────────────────────────────────────────────────────────────────────────

  async addEvent(caseId: string, input: NewEvent): Promise<EventRecord> {
    refuseNul(input);
    const c = this.getCase(caseId);
    if (!EVENT_KINDS.includes(input.kind)) {
      throw new LockerInputError('unknown-value', {
        what: coded('what.event-kind'),
        value: String(input.kind),
        list: EVENT_KINDS.join(', '),
      });
    }
    const title = input.title.trim();
    if (!title) throw new LockerInputError('event.needs-title');
    if (input.evidenceId) this.getEvidence(input.evidenceId);
    const instant = this.parseTime(input.occurredAt, c.id);
    const record: EventRecord = {
      id: this.ids('evt'),
      caseId: c.id,
      kind: input.kind,
      title,
      notes: input.notes ?? '',
      reference: input.reference?.trim() ?? '',
      occurredUtc: instant.utc,
      occurredOffset: instant.offset,
      evidenceId: input.evidenceId ?? null,
      createdAt: this.now(),
      deletedAt: null,
    };
    this.write((log) => {
      insertEvent(this.db, record);
      log({ action: 'event.add', caseId: c.id, subjectId: record.id, details: { after: record } });
    });
    await this.saveChainHead();
    return record;
  }

  async deleteEvent(id: string): Promise<void> {
    const before = getEvent(this.db, id);
    if (!before) throw new NotFoundError('event', id);
    if (before.deletedAt) return;
    const after = { ...before, deletedAt: this.now() };
    this.write((log) => {
      updateEventRow(this.db, after);
      log({ action: 'event.delete', caseId: before.caseId, subjectId: id, details: { before } });
    });
    await this.saveChainHead();
  }

  listEvents(caseId: string): EventRecord[] {
    return listEvents(this.db, this.getCase(caseId).id);
  }

  // ── Reading the case ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Every item and event of a case in time order (ties broken by id, so the order is stable). `recordsOnly`:
   * only the disputed payments and key messages (a caller that lists items and events itself).
   */
  timeline(caseId: string, options: { recordsOnly?: boolean } = {}): TimelineEntry[] {
    const c = this.getCase(caseId);
    const rows: { utc: string; entry: TimelineEntry; id: string }[] = [];
    for (const e of options.recordsOnly ? [] : listEvidence(this.db, c.id)) {
      rows.push({
        utc: e.occurredUtc,
        id: e.id,
        entry: {
          at: formatInstant({ utc: e.occurredUtc, offset: e.occurredOffset }),
          type: 'evidence',
          kind: e.kind,
          title: e.title,
          evidenceId: e.id,
          timeSource: e.occurredSource,
        },
      });
    }
    // A contact's evidence is its list as attached and detached since (`contact.attach`), not the item its
    // event was written with: a contact whose last attachment was taken off points at none.
    const attachedTo = new Map(
      (options.recordsOnly ? [] : listContacts(this.db, c.id))
        .filter((x) => x.eventId)
        .map((x) => [x.eventId!, x.evidenceIds]),
    );
    for (const ev of options.recordsOnly ? [] : listEvents(this.db, c.id)) {
      const attached = attachedTo.get(ev.id);
      const attachments = attached?.length ? attached : undefined;
      const evidenceId = attached ? attached[0] : ev.evidenceId;
      rows.push({
        utc: ev.occurredUtc,
        id: ev.id,
        entry: {
          at: formatInstant({ utc: ev.occurredUtc, offset: ev.occurredOffset }),
          type: 'event',
          kind: ev.kind,
          title: ev.title,
          eventId: ev.id,
          ...(evidenceId ? { evidenceId } : {}),
          ...(ev.reference ? { reference: ev.reference } : {}),
          ...(attachments ? { attachments } : {}),
        },
      });
    }
    // One row per payment: a disputed charge and the refunds of it, however many files show them.
    const ledger = caseLedger(this, c.id);
    const disputedIds = new Set(ledger.payments.filter((p) => p.disputed).map((p) => p.id));
    for (const p of ledger.payments) {
      if (!p.disputed && !(p.refundOf && disputedIds.has(p.refundOf))) continue;
      const t = p.anchor.tx;
      rows.push({
        utc: t.occurredUtc,
        id: t.id,
        entry: {
          at: formatInstant({ utc: t.occurredUtc, offset: t.occurredOffset }),
          type: 'transaction',
          kind: p.kind === 'charge' ? 'charge' : 'refund',
          title: [p.counterparty, p.description].filter(Boolean).join(' · ') || t.status,
          transactionId: t.id,
          amount: formatAmount(p.amountMinor, p.currency),
          currency: p.currency,
          direction: p.kind === 'charge' ? 'out' : 'in',
          disputed: p.disputed,
          source: { evidenceId: t.evidenceId, line: t.line, ...(t.page ? { page: t.page } : {}) },
          paymentId: p.id,
          sources: p.sightings.map((s) => ({
            evidenceId: s.tx.evidenceId,
            line: s.tx.line,
            ...(s.tx.page ? { page: s.tx.page } : {}),
            transactionId: s.tx.id,
            source: s.source,
          })),
        },
      });
    }
    for (const m of listKeyMessages(this.db, c.id)) {
      rows.push({
        utc: m.occurredUtc,
        id: m.id,
        entry: {
          at: formatInstant({ utc: m.occurredUtc, offset: m.occurredOffset }),
          type: 'message',
          kind: 'message',
          // A bubble read from a picture is said by its side (the user's own has no name): the reader words who.
          title: `${m.readBy ? '' : `${m.sender}: `}${m.text.length > 140 ? `${m.text.slice(0, 139)}…` : m.text}`,
          messageId: m.id,
          source: { evidenceId: m.evidenceId, line: m.line },
          ...(m.readBy ? { readBy: m.readBy, sender: m.sender } : {}),
          ...(m.side ? { side: m.side } : {}),
        },
      });
    }
    rows.sort((a, b) => (a.utc < b.utc ? -1 : a.utc > b.utc ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return rows.map((r) => r.entry);
  }

  custodyLog(filter: { caseId?: string; subjectId?: string } = {}): CustodyEntry[] {
    return listCustody(
      this.db,
      filter.caseId ? { ...filter, caseId: this.getCase(filter.caseId).id } : filter,
    );
  }

  /** Records that something left the locker (a packet, an archive), with the hashes of what was written. */
  async logExport(caseId: string, details: Record<string, unknown>): Promise<CustodyEntry> {
    const c = this.getCase(caseId);
    const entry = this.write((log) => log({ action: 'case.export', caseId: c.id, subjectId: c.id, details }));
    await this.saveChainHead();
    return entry;
  }

  parseTime(text: string, caseId: string): Instant {
    const c = this.getCase(caseId);
    const instant = parseIsoInstant(text, c.timezone);
    if (!instant) {
      throw new LockerInputError('time.unreadable', { text });
    }
    return instant;
  }
}

function evidenceClaims(e: EvidenceRecord) {
  return {
    title: e.title,
    notes: e.notes,
    tags: e.tags,
    kind: e.kind,
    occurredAt: formatInstant({ utc: e.occurredUtc, offset: e.occurredOffset }),
    occurredSource: e.occurredSource,
  };
}

/**
 * POSIX permission bits for the owner only (a folder 0700, a file 0600). Windows ignores all but the read-only
 * bit: there the locker sits in the user's profile, whose ACL already keeps other users out. A file that is
 * not there yet is skipped.
 */
async function ownerOnly(file: string, mode: number): Promise<void> {
  if (process.platform === 'win32') return;
  await chmod(file, mode).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

function isLegacyBox(b: unknown): boolean {
  if (!b || typeof b !== 'object') return false;
  const r = b as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every((k) => typeof r[k] === 'number' && Number.isFinite(r[k]));
}

function normaliseTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
}

/** `{ before: {field: old}, after: {field: new} }` for the fields that differ, or null when none do. */
function diff<T extends object>(
  before: T,
  after: T,
  ignore: string[],
): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (ignore.includes(key)) continue;
    const x = (before as Record<string, unknown>)[key];
    const y = (after as Record<string, unknown>)[key];
    if (JSON.stringify(x) !== JSON.stringify(y)) {
      b[key] = x;
      a[key] = y;
    }
  }
  return Object.keys(a).length ? { before: b, after: a } : null;
}
