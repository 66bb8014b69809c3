import { createHash } from 'node:crypto';
import { openAsBlob, type Stats } from 'node:fs';
import { open, readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import {
  insertBlob,
  insertEvidence,
  findEvidenceBySha,
  getEvidence,
  setDerivedText,
  type EvidenceKind,
  type EvidenceRecord,
  type TimeSource,
} from '../../db/queries/evidence.ts';
import {
  chargesByOrderId,
  insertMessages,
  insertTransactions,
  recordsDigest,
  setRefundOf,
  type MessageRecord,
  type TransactionRecord,
} from '../../db/queries/records.ts';
import { indexOrQueueRecordsOf } from '../../db/queries/search.ts';
import { rowIds, transactionRows } from './import-rows.ts';
import { problemCoded, withCode, type CodedProblem } from './import-problems.ts';
import { fsReason, NotFoundError } from './errors.ts';
import { codeOfSentence } from './legacy-warnings.ts';
import { coded, say, TEXT_CODE, type Coded, type Params } from '../messages/say.ts';
import type { ChatState, EmbeddedFile, FileTime, ImportProblem, ImportResult } from './importers/types.ts';
import { decodeText } from './importers/text.ts';
import type { LayoutJson } from './column-map.ts';
import type * as Readers from './intake-readers.ts';
import type { Locker } from './locker.ts';
import { hashChunks, hashFile } from './object-store.ts';
import { SealedFile } from './sealed-file.ts';
import { waitsForPassword } from './locked-items.ts';
import { REFUND_RE } from './ledger/sightings.ts';
import { cfbDirectoryOffset, describeMismatch, refineZip, sniffContent, type Sniffed } from './sniff.ts';
import { guessTimeFromFileName, isScreenshotName } from './time-guess.ts';
import { formatInstant, instantFromMs, zoneOffsetAt, type Instant } from './util/time.ts';

export type AddedItem = {
  id: string;
  sha256: string;
  kind: EvidenceKind;
  occurredAt: string;
  occurredSource: TimeSource;
  title: string;
  path: string;
  size: number;
  mime: string;
  /** In English, for logs and older readers; `warningCodes` are the same notes as codes. */
  warnings: string[];
  warningCodes: Coded[];
  /** Set when an importer recognised the file: which format, and how many records came out of it. */
  format?: string;
  formatLabel?: string;
  /** Which layout of the format was read (`alipay-2023`, `card-statement`, `jd` …), when the importer says. */
  layout?: string;
  records?: number;
  transactions?: number;
  messages?: number;
  problems?: CodedProblem[];
  problemCount?: number;
  /** For a file found inside another (an email attachment): the item it came from. */
  parentId?: string;
  /** Its rows were read with this saved column map (the file's header matched it, or `--layout` named it). */
  columnMap?: { id: string; name: string };
  /** A table no importer and no saved column map read: the user can map its columns. */
  canMap?: boolean;
};
export type DuplicateItem = { path: string; sha256: string; existingId: string; inTrash: boolean };
/** `error` in English; `code` and `params` are the same reason as a message the app and CLI word. */
export type FailedItem = {
  path: string;
  error: string;
  code: string;
  params: Params;
  /** The file is an encrypted archive: it was filed, but what is inside needs its password (`--password`). */
  needsPassword?: boolean;
};
export type SkippedItem = { path: string; reason: string; code: string; params: Params };

export type IntakeResult = {
  added: AddedItem[];
  duplicates: DuplicateItem[];
  errors: FailedItem[];
  skipped: SkippedItem[];
};

export type IntakeProgress = { done: number; total: number; path: string };

export type IntakeOptions = {
  /** How the files arrived, for the custody log: `cli`, `dialog`, `drop`, `paste`. */
  method?: string;
  concurrency?: number;
  onProgress?: (p: IntakeProgress) => void;
  /** Where each file came from, as the custody log records it (default: its absolute path). An upload's
   * temp file is not where it came from. */
  originOf?: (file: string) => string;
  /** Opens password-protected archives (the ZIPs banks and Alipay send bills in). Never stored or logged. */
  password?: string;
  /** A saved column map (name or id) to read every file given with, instead of recognising its format. */
  layout?: string;
};

/** What every file of one `addPaths` call shares. */
type Batch = {
  locker: Locker;
  caseId: string;
  timeZone: string;
  method: string;
  result: IntakeResult;
  password: string | undefined;
  /** Files taken out of other files so far in this batch (attachments, archive entries, chat media). */
  embedded: number;
  /** The saved column maps, for tables no importer reads; `forced` when the caller named one. */
  tables: Tables | null;
};

type Tables = { layouts: LayoutJson[]; forced: LayoutJson | null };

/**
 * Archives inside archives are unpacked this many levels deep (a mail › a bill ZIP › its XLSX is 2), and at most
 * this many files are taken out of others per batch: a nest of ZIPs cannot multiply into millions of items.
 */
const MAX_NESTING = 4;
const MAX_EMBEDDED_PER_BATCH = 50_000;

/** Files read whole for analysis; larger ones are hashed and stored as streams and kept as opaque originals. */
const MAX_ANALYSED_BYTES = 256 * 1024 * 1024;
const MAX_TEXT_CHARS = 2_000_000;
/** A WhatsApp export larger than this is read from its file in slices rather than held whole. */
const STREAMED_CHAT_BYTES = 32 * 1024 * 1024;
/** Files a folder walk leaves out: operating-system clutter, never evidence. */
const CLUTTER = new Set(['.ds_store', 'thumbs.db', 'desktop.ini', '.localized']);

class RejectedFileError extends Error {
  readonly coded: Coded;
  constructor(reason: Coded) {
    super(say(reason));
    this.coded = reason;
  }
}

/** A file's failure (or why it was skipped) as a result line: the English words and the code beside them. */
function failure(path: string, reason: Coded): FailedItem {
  return { path, error: say(reason), code: reason.code, params: reason.params };
}

function skip(path: string, reason: Coded): SkippedItem {
  return { path, reason: say(reason), code: reason.code, params: reason.params };
}

let loadedReaders: typeof Readers | null = null;

/**
 * What reads a new file (importers, sharp, pdf.js, the column map), loaded on first need: re-adding files the
 * locker already holds is hashing and a lookup, and never pays for loading them (npm run bench: re-import).
 */
async function readers(): Promise<typeof Readers> {
  loadedReaders ??= await import('./intake-readers.ts');
  return loadedReaders;
}

/**
 * Files each path (files, or folders walked recursively) into a case. Every file gets its own outcome: one
 * unreadable file never stops the others, and nothing of a failed file is left in the store.
 */
export async function addPaths(
  locker: Locker,
  caseId: string,
  /**
   * Paths as text, or as their exact bytes when a name is not UTF-8 (see resolveArgPath), or uploads kept
   * sealed until filed (an encrypted locker's staging).
   */
  paths: (string | Buffer | SealedFile)[],
  options: IntakeOptions = {},
): Promise<IntakeResult> {
  const c = locker.getCase(caseId);
  // An unknown --layout name is an error before anything is filed.
  const tables = options.layout ? (await readers()).layoutsForIntake(locker, options.layout) : null;
  const result: IntakeResult = { added: [], duplicates: [], errors: [], skipped: [] };
  const files: Collected[] = [];
  for (const p of paths) {
    if (p instanceof SealedFile) files.push({ label: p.label, at: p });
    else await collect(p, typeof p === 'string' ? p : nameOf(p).text, files, result);
  }
  const chatPages = pagedChatExports(files);

  const batch: Batch = {
    locker,
    caseId: c.id,
    timeZone: c.timezone,
    method: options.method ?? 'cli',
    result,
    password: options.password,
    embedded: 0,
    tables,
  };
  const originOf = options.originOf ?? ((file: string) => path.resolve(file));
  // Files of equal size may be the same bytes: they go one after another, in the order given, so the first
  // one given is the one filed and the rest are "already there" — never whichever lane finished first.
  // A file takes its place among the files of its size in the order it was picked, not in the order the
  // lanes' `stat` calls came back: each waits for the file picked before it to have taken its place.
  const sameSize = new Map<number, Promise<void>>();
  let placed = Promise.resolve();
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < files.length) {
      const { label: file, at } = files[next++]!;
      let release = () => {};
      let endTurn = () => {};
      let endPlacing = () => {};
      const placedBefore = placed;
      placed = new Promise<void>((r) => (endPlacing = r));
      // The pages of one chat export are filed one after another, each going on from the one before: a page
      // takes its turn as it is picked (pages are picked in page order) and waits for the page before it to
      // be done. Every wait is on a file picked earlier, so no two files wait on each other.
      const page = chatPages.get(file);
      const turn = page?.thread.turn;
      if (page) page.thread.turn = new Promise<void>((r) => (endTurn = r));
      try {
        // `stat` runs in every lane at once; taking the place waits for the file picked before (whose wait
        // never fails), and a file that cannot be read takes none.
        const read = await Promise.resolve(at instanceof SealedFile ? at.stats() : stat(at)).then(
          (info: Pick<Stats, 'isFile' | 'size' | 'mtimeMs'>) => ({ info, error: null }),
          (error: unknown) => ({ info: null, error }),
        );
        await placedBefore;
        let before = Promise.resolve();
        if (read.info) {
          before = sameSize.get(read.info.size) ?? Promise.resolve();
          sameSize.set(
            read.info.size,
            before.then(() => new Promise<void>((r) => (release = r))),
          );
        }
        endPlacing();
        if (!read.info) throw read.error;
        const info = read.info;
        await turn;
        await before;
        const outcome = await addFile(batch, at, file, info, originOf(file), page?.thread);
        if (outcome.type === 'added') result.added.push(outcome.item);
        else result.duplicates.push(outcome.item);
      } catch (error) {
        result.errors.push(failure(file, explain(error)));
      } finally {
        release();
        endTurn();
      }
      done += 1;
      options.onProgress?.({ done, total: files.length, path: file });
    }
  };
  const lanes = Math.max(1, Math.min(options.concurrency ?? 3, files.length));
  await Promise.all(Array.from({ length: lanes }, worker));
  if (result.added.length) await locker.saveChainHead();
  // Outcomes in the order the files were given, whatever order the lanes finished in.
  const order = new Map(files.map((f, i) => [f.label, i]));
  // A file found inside another (`mail.eml › invoice.pdf`) sorts after its container, by depth
  // (`mail.eml › winmail.dat › invoice.pdf` after `mail.eml › winmail.dat`).
  const rank = (p: string) => {
    const parts = p.split(' › ');
    return (order.get(parts[0]!) ?? 0) * 64 + Math.min(parts.length - 1, 63);
  };
  const byPath = (a: { path: string }, b: { path: string }) => rank(a.path) - rank(b.path);
  result.added.sort(byPath);
  result.duplicates.sort(byPath);
  result.errors.sort(byPath);
  // The rows of large bills are indexed for search from here on, a chunk at a time (a search indexes what is
  // left first): the rows are filed and on the timeline now.
  locker.indexPendingSoon();
  return result;
}

function explain(error: unknown): Coded {
  if (
    error instanceof RejectedFileError ||
    (loadedReaders &&
      (error instanceof loadedReaders.ImageRejectedError || error instanceof loadedReaders.PdfRejectedError))
  ) {
    return error.coded;
  }
  if ((error as NodeJS.ErrnoException).code) return fsReason(error);
  return coded(TEXT_CODE, { text: (error as Error).message || String(error) });
}

/**
 * A file found by a walk: `label` is how it is shown and recorded, `at` how the file system reaches it — the
 * same string, except for names that are not UTF-8 (a Chinese name in GBK, unzipped on Linux), which can only be
 * reached by their exact bytes.
 */
type Collected = { label: string; at: string | Buffer | SealedFile };

/** A name's bytes as text: UTF-8 when they are, else GB18030 when that reads cleanly, else UTF-8 with U+FFFD. */
function nameOf(bytes: Buffer): { text: string; exact: boolean } {
  const utf8 = bytes.toString('utf8');
  if (Buffer.from(utf8, 'utf8').equals(bytes)) return { text: utf8, exact: true };
  const gbk = iconv.decode(bytes, 'gb18030');
  return { text: gbk.includes('\uFFFD') ? utf8 : gbk, exact: false };
}

function childOf(dir: string | Buffer, name: Buffer, exact: boolean, text: string): string | Buffer {
  if (exact && typeof dir === 'string') return path.join(dir, text);
  const base = typeof dir === 'string' ? Buffer.from(dir, 'utf8') : dir;
  return Buffer.concat([base, Buffer.from(path.sep), name]);
}

async function collect(
  at: string | Buffer,
  label: string,
  files: Collected[],
  result: IntakeResult,
  /** The real path of the folder the user gave (bytes as latin1), which links inside it must stay within. */
  root: string | null = null,
): Promise<void> {
  let info;
  try {
    info = await stat(at);
  } catch (error) {
    result.errors.push(failure(label, fsReason(error)));
    return;
  }
  if (info.isFile()) {
    files.push({ label, at });
    return;
  }
  if (!info.isDirectory()) {
    result.errors.push(failure(label, coded('intake.not-regular')));
    return;
  }
  let entries;
  let within: string;
  try {
    within = root ?? (await realBytes(at));
    entries = await readdir(at, { withFileTypes: true, encoding: 'buffer' });
  } catch (error) {
    result.errors.push(failure(label, fsReason(error)));
    return;
  }
  const named = entries
    .map((entry) => ({ entry, ...nameOf(entry.name) }))
    .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  for (const { entry, text, exact } of named) {
    const childLabel = path.join(label, text);
    const child = childOf(at, entry.name, exact, text);
    if (text.startsWith('.') || CLUTTER.has(text.toLowerCase())) {
      if (entry.isFile()) result.skipped.push(skip(childLabel, coded('skip.hidden')));
      continue;
    }
    // Links to folders are not followed: a link cycle would never end. A link to a file is followed only when
    // the file is inside the folder given: a dropped folder must not carry /etc/passwd into the case.
    if (entry.isSymbolicLink()) {
      const target = await stat(child).catch(() => null);
      if (!target?.isFile()) {
        result.skipped.push(skip(childLabel, coded('skip.link-nowhere')));
      } else if (!isInside(within, await realBytes(child).catch(() => null))) {
        result.skipped.push(skip(childLabel, coded('skip.link-outside')));
      } else files.push({ label: childLabel, at: child });
      continue;
    }
    if (entry.isDirectory()) await collect(child, childLabel, files, result, within);
    else if (entry.isFile()) files.push({ label: childLabel, at: child });
    else result.skipped.push(skip(childLabel, coded('skip.not-regular')));
  }
}

/**
 * A path given on a command line whose names are not UTF-8 (a GBK name unzipped on Linux) reaches Node with
 * each bad byte replaced by U+FFFD, so it names no file. Each such name is matched against the folder's entries
 * read as bytes; when exactly one reads the same, its exact bytes are used. Otherwise the path is returned as
 * given (and reported as missing).
 */
export async function resolveArgPath(given: string): Promise<string | Buffer> {
  if (!given.includes('\uFFFD')) return given;
  if (
    await stat(given).then(
      () => true,
      () => false,
    )
  )
    return given;
  const absolute = path.resolve(given);
  const { root } = path.parse(absolute);
  let at: Buffer = Buffer.from(root, 'utf8');
  for (const segment of absolute.slice(root.length).split(path.sep).filter(Boolean)) {
    let name: Buffer = Buffer.from(segment, 'utf8');
    if (segment.includes('\uFFFD')) {
      const entries = await readdir(at, { encoding: 'buffer' }).catch(() => [] as Buffer[]);
      const same = entries.filter((e) => e.toString('utf8') === segment);
      if (same.length !== 1) return given;
      name = same[0]!;
    }
    at =
      at.length && at.at(-1) === path.sep.charCodeAt(0)
        ? Buffer.concat([at, name])
        : Buffer.concat([at, Buffer.from(path.sep), name]);
  }
  return at;
}

/** The real path (links resolved) as a string of its exact bytes, so names that are not UTF-8 compare too. */
async function realBytes(at: string | Buffer): Promise<string> {
  return (await realpath(at, { encoding: 'buffer' })).toString('latin1');
}

function isInside(root: string, target: string | null): boolean {
  if (target === null) return false;
  const rel = path.relative(root, target);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

type Outcome = { type: 'added'; item: AddedItem } | { type: 'duplicate'; item: DuplicateItem };

/** One original on its way in: from a path on disk, or from inside another file (an email attachment). */
type Source = {
  name: string;
  /** How the result lists it: the path given, or `mail.eml › invoice.pdf`. */
  label: string;
  originalPath: string;
  /** The whole content when small enough to hold; else null and `file` is streamed. */
  bytes: Buffer | null;
  /** Where the file system reaches it (bytes for a name that is not UTF-8), or the sealed upload. */
  file: string | Buffer | SealedFile | null;
  size: number;
  mtimeMs: number | null;
  /** `depth`: how many containers deep the parent itself is (a file given directly is 0). */
  parent: { id: string; when: { instant: Instant; source: TimeSource }; depth: number } | null;
  /** A page of a chat export given as a folder, and where the page before it left off. */
  chat?: ChatThread;
};

async function addFile(
  batch: Batch,
  at: string | Buffer | SealedFile,
  file: string,
  info: Pick<Stats, 'isFile' | 'size' | 'mtimeMs'>,
  origin: string,
  chat?: ChatThread,
): Promise<Outcome> {
  if (!info.isFile()) throw new RejectedFileError(coded('skip.not-regular'));
  // Small enough to hold: read once, and hash, analyse and store those very bytes. A large chat export is
  // read from its file instead (see analyseChatZip): memory stays flat in the export's size.
  const isLargeChat = info.size > STREAMED_CHAT_BYTES && (await readers()).isWhatsappZip(await readHead(at));
  const bytes =
    info.size > 0 && info.size <= MAX_ANALYSED_BYTES && !isLargeChat
      ? at instanceof SealedFile
        ? await at.read()
        : await readFile(at)
      : null;
  return fileSource(batch, {
    name: path.basename(file),
    label: file,
    originalPath: origin,
    bytes,
    file: at,
    size: bytes?.length ?? info.size,
    mtimeMs: info.mtimeMs,
    parent: null,
    ...(chat ? { chat } : {}),
  });
}

/** One chat export given as a folder of pages: where the page filed last left off. */
type ChatThread = { state: ChatState | null; turn: Promise<void> };

const CHAT_PAGE_RE = /^messages(\d*)\.html$/i;

/**
 * Telegram Desktop's HTML export as a plain folder: `messages.html`, `messages2.html` … side by side. Their
 * places in `files` are given to the pages in page order (`messages10.html` sorts before `messages2.html` by
 * name), so lanes take them in order, and each page is tied to its folder's thread. A folder with one page
 * has nothing to join.
 */
function pagedChatExports(files: Collected[]): Map<string, { thread: ChatThread }> {
  const byFolder = new Map<string, number[]>();
  files.forEach((f, i) => {
    if (!CHAT_PAGE_RE.test(path.basename(f.label))) return;
    const folder = path.dirname(f.label);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), i]);
  });
  const pages = new Map<string, { thread: ChatThread }>();
  for (const slots of byFolder.values()) {
    if (slots.length < 2) continue;
    const numberOf = (i: number) => Number(CHAT_PAGE_RE.exec(path.basename(files[i]!.label))?.[1] || 1);
    const ordered = [...slots].sort((a, b) => numberOf(a) - numberOf(b)).map((i) => files[i]!);
    const thread: ChatThread = { state: null, turn: Promise.resolve() };
    slots.forEach((slot, k) => {
      files[slot] = ordered[k]!;
      pages.set(ordered[k]!.label, { thread });
    });
  }
  return pages;
}

async function fileSource(batch: Batch, src: Source): Promise<Outcome> {
  const { locker, caseId, timeZone, method } = batch;
  if (src.size === 0) throw new RejectedFileError(coded('intake.empty'));
  const { bytes, name } = src;
  const { sha256, size } = bytes
    ? { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length }
    : src.file instanceof SealedFile
      ? await hashChunks(src.file.stream())
      : await hashFile(src.file!);

  const existing = findEvidenceBySha(locker.db, caseId, sha256);
  if (existing) {
    // Filed before without its password: with it, what is inside is filed now, under the item already there;
    // without it, the result says again that it waits for one (also from the trash), so the user is asked again.
    if (waitsForPassword(locker.db, existing)) {
      if (batch.password && bytes) await openWithPassword(batch, src.label, existing, bytes, depthOf(src));
      else reportLocked(batch, src.label, 'needed');
    }
    return { type: 'duplicate', item: duplicateOf(src.label, existing) };
  }

  const head = bytes ? bytes.subarray(0, 65536) : await readHead(src.file!);
  let sniffed = sniffContent(head);
  // A big .xls keeps its directory (which names the workbook stream) past the head: look there too.
  const directoryAt = sniffed.mime === 'application/x-ole-storage' ? cfbDirectoryOffset(head) : null;
  if (directoryAt !== null && directoryAt >= head.length) {
    const directory = bytes
      ? bytes.subarray(directoryAt, directoryAt + 4096)
      : await readHead(src.file!, directoryAt, 4096);
    sniffed = sniffContent(head, { cfbDirectory: directory });
  }
  // A large ODT or OFD may show none of its part names in the head: its central directory tells.
  if (bytes) sniffed = refineZip(bytes, sniffed);
  const warnings: Coded[] = [];
  const mismatch = describeMismatch(name, sniffed);
  if (mismatch?.severity === 'error') throw new RejectedFileError(mismatch.coded);
  if (mismatch) warnings.push(mismatch.coded);

  // The file's own time, for a record inside that carries none (an e-mail without a Date header).
  const fileTime: FileTime | undefined =
    src.mtimeMs !== null
      ? {
          ...instantFromMs(
            Math.floor(src.mtimeMs / 1000) * 1000,
            zoneOffsetAt(timeZone, Math.floor(src.mtimeMs / 1000) * 1000),
          ),
          source: 'file_mtime',
          said: say(coded('said.file-mtime')),
        }
      : src.parent
        ? {
            ...src.parent.when.instant,
            source: src.parent.when.source,
            said: say(coded('said.container-time')),
          }
        : undefined;
  const chatZip = !bytes && src.file !== null && (await readers()).isWhatsappZip(head);
  const analysis = bytes
    ? await analyse(
        bytes,
        sniffed,
        name,
        timeZone,
        warnings,
        batch.password,
        fileTime,
        await tablesOf(batch),
        src.chat?.state ?? undefined,
      )
    : chatZip
      ? await analyseChatZip(src.file!, sniffed, name, timeZone, warnings)
      : { ...emptyAnalysis(), kind: kindFor(sniffed, name) };
  if (!bytes && !chatZip) warnings.push(coded('warn.too-large'));
  if (src.chat) src.chat.state = analysis.imported?.chatState ?? src.chat.state;

  // When it happened: the file's own record of it beats its name (a bill's name is when it was exported),
  // which beats the last record in it, its container, or the file system.
  const nameTime = guessTimeFromFileName(name, timeZone);
  const lastRecord = analysis.imported ? latestRecord(analysis.imported) : null;
  let when: { instant: Instant; source: TimeSource };
  if (analysis.contentTime) when = analysis.contentTime;
  else if (nameTime) when = { instant: nameTime.instant, source: 'filename' };
  else if (lastRecord) when = { instant: lastRecord, source: 'content' };
  else if (src.parent) when = src.parent.when;
  else {
    const mtimeMs = Math.floor((src.mtimeMs ?? Date.parse(locker.now())) / 1000) * 1000;
    when = { instant: instantFromMs(mtimeMs, zoneOffsetAt(timeZone, mtimeMs)), source: 'file_mtime' };
    // A screenshot or photo with no EXIF time and no time in its name: the date shown is only when the file
    // was last written (a copy, a re-save, a chat app's download), which a reader must be told.
    if (sniffed.family === 'image') {
      warnings.push(coded('warn.image-mtime'));
    }
  }

  // The original first, durably; the rows that point at it only after.
  const stored = bytes
    ? await locker.objects.putBuffer(bytes, sha256)
    : await locker.objects.put(
        src.file instanceof SealedFile ? src.file.stream() : src.file!,
        sha256,
        src.label,
      );
  if (analysis.thumbnail) {
    await locker.objects.putThumb(sha256, analysis.thumbnail);
  }
  const acquiredAt = locker.now();
  const imported = analysis.imported;
  const record: EvidenceRecord = {
    id: locker.ids('ev'),
    caseId,
    sha256,
    parentId: src.parent?.id ?? null,
    kind: analysis.kind,
    title: analysis.title ?? name,
    notes: '',
    tags: [],
    occurredUtc: when.instant.utc,
    occurredOffset: when.instant.offset,
    occurredSource: when.source,
    size,
    mime: sniffed.mime,
    originalName: name,
    originalPath: src.originalPath,
    fileMtime: src.mtimeMs === null ? null : new Date(src.mtimeMs).toISOString(),
    acquiredAt,
    acquisitionMethod: src.parent ? 'attachment' : method,
    facts: {
      ...analysis.facts,
      type: sniffed.label,
      ...(nameTime ? { nameTime: formatInstant(nameTime.instant), namePattern: nameTime.pattern } : {}),
      ...(warnings.length ? { warnings } : {}),
    },
    contentText: analysis.text,
    deletedAt: null,
  };
  const transactions = imported ? transactionRows(locker, caseId, record.id, imported.transactions) : [];
  const messages = imported ? toMessages(locker, caseId, record.id, imported) : [];
  try {
    locker.write((log) => {
      insertBlob(locker.db, { sha256, size, mime: sniffed.mime, storedAt: acquiredAt });
      insertEvidence(locker.db, record);
      insertTransactions(locker.db, transactions);
      insertMessages(locker.db, messages);
      if (transactions.length || messages.length) indexOrQueueRecordsOf(locker.db, record.id);
      const refundLinks = transactions.length ? linkRefunds(locker, caseId, transactions) : 0;
      log({
        action: 'evidence.add',
        caseId,
        subjectId: record.id,
        details: {
          sha256,
          size,
          mime: sniffed.mime,
          originalName: name,
          originalPath: record.originalPath,
          acquiredAt,
          method: record.acquisitionMethod,
          ...(record.parentId ? { parentId: record.parentId } : {}),
          kind: record.kind,
          title: record.title,
          occurredAt: formatInstant(when.instant),
          occurredSource: when.source,
          newObject: stored.isNew,
          // What verify holds the item's rows against (recordsDigest).
          records: recordsDigest(locker.db, record.id),
          ...(imported
            ? {
                import: {
                  format: imported.format,
                  transactions: transactions.length,
                  messages: messages.length,
                  problems: imported.problems.length,
                  refundLinks,
                },
              }
            : {}),
        },
      });
    });
  } catch (error) {
    // Two copies of the same bytes in one batch: the other lane filed it first.
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
      const first = findEvidenceBySha(locker.db, caseId, sha256);
      if (first) return { type: 'duplicate', item: duplicateOf(src.label, first) };
    }
    throw error;
  }
  const item: AddedItem = {
    id: record.id,
    sha256,
    kind: record.kind,
    occurredAt: formatInstant(when.instant),
    occurredSource: when.source,
    title: record.title,
    path: src.label,
    size,
    mime: sniffed.mime,
    warnings: warnings.map((w) => say(w)),
    warningCodes: warnings,
    ...(imported
      ? {
          format: imported.format,
          formatLabel: imported.label,
          ...(imported.layout ? { layout: imported.layout } : {}),
          records: transactions.length + messages.length,
          transactions: transactions.length,
          messages: messages.length,
          problems: listedProblems(imported.problems),
          problemCount: imported.problems.length,
        }
      : {}),
    ...(src.parent ? { parentId: src.parent.id } : {}),
    ...(analysis.columnMap ? { columnMap: analysis.columnMap } : {}),
    ...(analysis.canMap ? { canMap: true } : {}),
  };

  reportLocked(batch, src.label, analysis.password);
  for (const entry of analysis.skipped ?? []) {
    batch.result.skipped.push(skip(`${src.label} › ${entry}`, coded('skip.mac-clutter')));
  }
  await fileEmbedded(batch, src.label, [...(imported?.files ?? []), ...(analysis.embedded ?? [])], {
    id: record.id,
    when,
    depth: src.parent ? src.parent.depth + 1 : 0,
  });
  return { type: 'added', item };
}

const MAX_LISTED_PROBLEMS = 50;

/** The problems an item lists (the first few), each with its code for the reader's language. */
function listedProblems(problems: readonly ImportProblem[]): CodedProblem[] {
  return problems.slice(0, MAX_LISTED_PROBLEMS).map(withCode);
}

/** The saved column maps, read once per batch when the first new table needs them. */
async function tablesOf(batch: Batch): Promise<Tables> {
  batch.tables ??= (await readers()).layoutsForIntake(batch.locker, undefined);
  return batch.tables;
}

/** Files inside one (attachments, chat media, archive entries) become items of their own, linked to it. */
async function fileEmbedded(
  batch: Batch,
  containerLabel: string,
  files: EmbeddedFile[],
  parent: NonNullable<Source['parent']>,
): Promise<void> {
  if (!files.length) return;
  if (parent.depth >= MAX_NESTING) {
    batch.result.errors.push(failure(containerLabel, coded('intake.too-deep', { depth: MAX_NESTING })));
    return;
  }
  if (batch.embedded + files.length > MAX_EMBEDDED_PER_BATCH) {
    batch.result.errors.push(
      failure(containerLabel, coded('intake.too-many-embedded', { max: MAX_EMBEDDED_PER_BATCH })),
    );
    return;
  }
  batch.embedded += files.length;
  for (const embedded of files) {
    const label = `${containerLabel} › ${embedded.name}`;
    try {
      // A chat export's media are taken out of it only now, one at a time, and let go once filed.
      const bytes = embedded.bytes ?? (await embedded.open());
      const child = await fileSource(batch, {
        name: embedded.name,
        label,
        originalPath: label,
        bytes,
        file: null,
        size: bytes.length,
        mtimeMs: null,
        parent,
      });
      if (child.type === 'added') batch.result.added.push(child.item);
      else batch.result.duplicates.push(child.item);
    } catch (error) {
      batch.result.errors.push(failure(label, explain(error)));
    }
  }
}

const depthOf = (src: Source): number => (src.parent ? src.parent.depth + 1 : 0);

/** Reads what is inside a filed item with its password (a ZIP's entries, a PDF's text and statement rows). */
async function openWithPassword(
  batch: Batch,
  label: string,
  existing: EvidenceRecord,
  bytes: Buffer,
  depth: number,
): Promise<void> {
  if (existing.mime === 'application/pdf') {
    await unlockPdf(batch, label, existing, bytes);
    return;
  }
  const archive = await openArchive(bytes, batch.password);
  reportLocked(batch, label, archive.password);
  const when = {
    instant: { utc: existing.occurredUtc, offset: existing.occurredOffset },
    source: existing.occurredSource,
  };
  await fileEmbedded(batch, label, archive.imported?.files ?? [], { id: existing.id, when, depth });
}

/**
 * Opens an item waiting for its password from its original in the store (no copy of the file is kept
 * elsewhere while it waits). An item in the trash comes back out of it: the user gave its password, so they
 * want what is inside. The password is used for this call only, never stored or logged.
 */
export async function openFiledItem(
  locker: Locker,
  evidenceId: string,
  password: string,
  options: { method?: string } = {},
): Promise<IntakeResult> {
  const existing = getEvidence(locker.db, evidenceId);
  if (!existing) throw new NotFoundError('evidence', evidenceId);
  const c = locker.getCase(existing.caseId);
  const result: IntakeResult = { added: [], duplicates: [], errors: [], skipped: [] };
  const label = existing.originalName;
  if (waitsForPassword(locker.db, existing)) {
    const batch: Batch = {
      locker,
      caseId: c.id,
      timeZone: c.timezone,
      method: options.method ?? 'cli',
      result,
      password,
      embedded: 0,
      tables: null,
    };
    const bytes = await locker.objects.read(existing.sha256);
    await openWithPassword(batch, label, existing, bytes, nestingOf(locker, existing));
    if (result.added.length) await locker.saveChainHead();
    const isOpen = !result.errors.some((e) => e.needsPassword);
    if (isOpen && existing.deletedAt) await locker.trashEvidence(existing.id, false);
  }
  const now = getEvidence(locker.db, evidenceId) ?? existing;
  result.duplicates.unshift(duplicateOf(label, now));
  return result;
}

/** How many containers an item sits in (a file given directly is 0), for the nesting limit. */
function nestingOf(locker: Locker, e: EvidenceRecord): number {
  let depth = 0;
  for (let at = e.parentId; at && depth <= MAX_NESTING; depth += 1) {
    at = getEvidence(locker.db, at)?.parentId ?? null;
  }
  return depth;
}

function reportLocked(batch: Batch, label: string, password: Analysis['password']): void {
  if (!password) return;
  batch.result.errors.push({
    ...failure(label, coded(password === 'needed' ? 'intake.password-needed' : 'intake.password-wrong')),
    needsPassword: true,
  });
}

/**
 * Reads a PDF filed earlier without its password: its text and page facts are derived records of the
 * original (which never changes), so they are filled in now and the change is logged — never the password.
 */
async function unlockPdf(
  batch: Batch,
  label: string,
  existing: EvidenceRecord,
  bytes: Buffer,
): Promise<void> {
  const { readPdf, mayHoldStatement } = await readers();
  const { facts, text } = await readPdf(bytes, batch.password);
  if (facts.encrypted) {
    reportLocked(batch, label, facts.wrongPassword ? 'wrong' : 'needed');
    return;
  }
  const pdf = { ...facts, created: facts.created ? formatInstant(facts.created) : null };
  const statement = mayHoldStatement(text)
    ? await readStatement(bytes, existing.originalName, batch.timeZone, batch.password)
    : null;
  const { locker } = batch;
  const rows = statement ? transactionRows(locker, existing.caseId, existing.id, statement.transactions) : [];
  batch.locker.write((log) => {
    const derived = { ...existing.facts, pdf, ...(statement ? statementFacts(statement) : {}) };
    setDerivedText(batch.locker.db, existing.id, derived, text || null);
    insertTransactions(locker.db, rows);
    if (rows.length) indexOrQueueRecordsOf(locker.db, existing.id);
    const refundLinks = rows.length ? linkRefunds(locker, existing.caseId, rows) : 0;
    log({
      action: 'evidence.unlock',
      caseId: existing.caseId,
      subjectId: existing.id,
      details: {
        pages: facts.pages,
        hasTextLayer: facts.hasTextLayer,
        records: recordsDigest(locker.db, existing.id),
        ...(statement
          ? {
              import: {
                format: statement.format,
                transactions: rows.length,
                problems: statement.problems.length,
                refundLinks,
              },
            }
          : {}),
      },
    });
  });
  await batch.locker.saveChainHead();
}

/** The statement table of a text PDF, or null (a letter, an invoice, or pages pdf.js cannot lay out). */
async function readStatement(
  bytes: Buffer,
  name: string,
  timeZone: string,
  password: string | undefined,
): Promise<ImportResult | null> {
  const { readPdfStatement } = await readers();
  const statement = await readPdfStatement(bytes, { fileName: name, timeZone }, password).catch(() => null);
  return statement?.transactions.length ? statement : null;
}

function statementFacts(statement: ImportResult): Record<string, unknown> {
  return {
    import: {
      format: statement.format,
      label: statement.label,
      transactions: statement.transactions.length,
      messages: 0,
      files: 0,
      problems: listedProblems(statement.problems),
      problemCount: statement.problems.length,
    },
    ...(statement.document?.details ? { document: statement.document.details } : {}),
  };
}

/** `3 line(s) could not be read (first: page 2, line 14: unreadable date "2025-13-45")`. */
function problemWarning(problems: ImportProblem[]): Coded {
  const first = problems[0]!;
  const where = first.page
    ? coded('where.page-line', { page: first.page, line: first.line })
    : coded('where.line', { line: first.line });
  return coded('warn.lines-unreadable', { count: problems.length, where, first: problemCoded(first) });
}

/** A ZIP no importer claims (a bill the bank or Alipay sent as an archive): its entries, to file one by one. */
async function openArchive(
  bytes: Buffer,
  password: string | undefined,
): Promise<Pick<Analysis, 'imported' | 'password' | 'facts' | 'skipped'>> {
  const { readZip } = await readers();
  const zip = await readZip(bytes, password ? { password } : {});
  return {
    password: zip.password,
    facts: {
      archive: {
        entries: zip.files.length,
        encrypted: zip.encrypted,
        problems: zip.problems,
        ...(zip.skipped.length ? { skipped: zip.skipped } : {}),
      },
    },
    skipped: zip.skipped,
    imported: {
      format: 'zip',
      label: 'ZIP archive',
      transactions: [],
      messages: [],
      problems: zip.problems.map((error) => ({ line: 0, error })),
      files: zip.files.map((f) => ({ name: f.name, bytes: f.bytes, role: 'entry' as const })),
    },
  };
}

/** The newest transaction or message in an import: what a bill or chat export covers up to. */
function latestRecord(r: ImportResult): Instant | null {
  let latest: Instant | null = null;
  for (const list of [r.transactions, r.messages]) {
    for (const x of list) if (!latest || x.utc > latest.utc) latest = { utc: x.utc, offset: x.offset };
  }
  return latest;
}

function toMessages(locker: Locker, caseId: string, evidenceId: string, r: ImportResult): MessageRecord[] {
  const idOf = rowIds(locker, 'msg', r.messages.length);
  return r.messages.map((m, i) => ({
    id: idOf(i),
    caseId,
    evidenceId,
    line: m.line,
    occurredUtc: m.utc,
    occurredOffset: m.offset,
    sender: m.sender,
    text: m.text,
    attachments: m.attachments,
    isSystem: m.isSystem,
    chat: m.chat,
    isKey: false,
  }));
}

/**
 * Links each new refund to the charge it returns, where the export says which: Alipay writes a refund's
 * order id as the charge's id plus `_suffix`; others repeat the charge's order or merchant order id.
 * Runs inside the filing transaction, so it sees charges filed earlier from other exports too.
 */
function linkRefunds(locker: Locker, caseId: string, rows: TransactionRecord[]): number {
  const refunds = rows.filter(
    (t) => t.direction !== 'out' && REFUND_RE.test(`${t.status} ${t.description} ${t.category}`),
  );
  if (!refunds.length) return 0;
  const charges = chargesByOrderId(locker.db, caseId);
  let linked = 0;
  for (const refund of refunds) {
    const candidates = [refund.orderId, refund.orderId.split('_')[0] ?? '', refund.merchantOrderId];
    const charge = candidates.map((c) => (c ? charges.get(c) : undefined)).find(Boolean);
    if (charge && charge !== refund.id) {
      setRefundOf(locker.db, refund.id, charge);
      refund.refundOf = charge;
      linked += 1;
    }
  }
  return linked;
}

function duplicateOf(file: string, existing: EvidenceRecord): DuplicateItem {
  return {
    path: file,
    sha256: existing.sha256,
    existingId: existing.id,
    inTrash: existing.deletedAt !== null,
  };
}

async function readHead(file: string | Buffer | SealedFile, position = 0, length = 65536): Promise<Buffer> {
  if (file instanceof SealedFile) return file.readRange(position, length);
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buf, 0, buf.length, position);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

type Analysis = {
  kind: EvidenceKind;
  title: string | null;
  imported: ImportResult | null;
  /** An encrypted archive whose password was missing or wrong. */
  password: 'needed' | 'wrong' | null;
  facts: Record<string, unknown>;
  text: string | null;
  thumbnail: Buffer | null;
  contentTime: { instant: Instant; source: TimeSource } | null;
  /** Entries of an archive left out as clutter (`__MACOSX/…`, `.DS_Store`), listed as skipped. */
  skipped?: string[];
  /** Files inside the file that no importer read out (a PDF's embedded files), filed as linked items. */
  embedded?: EmbeddedFile[];
  /** The saved column map the rows were read with. */
  columnMap?: { id: string; name: string };
  canMap?: boolean;
};

function emptyAnalysis(): Analysis {
  return {
    kind: 'other',
    title: null,
    imported: null,
    password: null,
    facts: {},
    text: null,
    thumbnail: null,
    contentTime: null,
  };
}

/** Text-like types worth offering to the importers; the rest are never payment or chat exports. */
const IMPORTABLE_FAMILIES = new Set(['text', 'office', 'email', 'archive']);
/** Types a person would expect rows from: say so when no importer knows the layout. */
const TABULAR_MIMES = new Set([
  'text/csv',
  'application/x-ofx',
  'application/json',
  'application/xml',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
]);

/** Images that sharp can describe but not decode in this build; their originals are still filed. */
const UNDECODABLE_IMAGES = new Set(['image/heic', 'image/heif', 'image/avif']);

async function analyse(
  bytes: Buffer,
  sniffed: Sniffed,
  name: string,
  timeZone: string,
  warnings: Coded[],
  password?: string,
  fileTime?: FileTime,
  tables?: Tables,
  chatContinues?: ChatState,
): Promise<Analysis> {
  const {
    readImage,
    makeThumbnail,
    heifPreview,
    MAX_IMAGE_PIXELS,
    readPdf,
    mayHoldStatement,
    sanitizeFileName,
    invoiceOfPdf,
    invoiceInstant,
    mapWithSavedLayout,
    runImporters,
  } = await readers();
  const kind = kindFor(sniffed, name);
  if (sniffed.family === 'image') {
    const { facts, taken } = await readImage(bytes, timeZone);
    let thumbnail: Buffer | null;
    try {
      thumbnail = await makeThumbnail(bytes);
    } catch (error) {
      if (!UNDECODABLE_IMAGES.has(sniffed.mime)) throw error;
      // HEVC-coded HEIC: decoded by libheif in wasm instead; its preview doubles as the thumbnail.
      thumbnail = await heifPreview(bytes, MAX_IMAGE_PIXELS).catch(() => null);
      if (!thumbnail) warnings.push(coded('warn.no-preview'));
    }
    if (taken?.offsetFrom === 'case-timezone') {
      warnings.push(coded('warn.photo-zone', { zone: timeZone }));
    }
    const isPhoto = Boolean(facts.device) && !isScreenshotName(name);
    return {
      ...emptyAnalysis(),
      kind: isPhoto ? 'photo' : kind,
      facts: { image: { ...facts, timeOffsetFrom: taken?.offsetFrom ?? null } },
      text: null,
      thumbnail,
      contentTime: taken ? { instant: taken.instant, source: 'exif' } : null,
    };
  }
  if (sniffed.family === 'pdf') {
    const { facts, text, files } = await readPdf(bytes, password);
    if (!facts.encrypted && !facts.hasTextLayer) warnings.push(coded('warn.pdf-no-text'));
    // A bank statement printed as a text PDF: its table rows are filed as transactions, like a CSV bill's.
    const statement = mayHoldStatement(text) ? await readStatement(bytes, name, timeZone, password) : null;
    if (statement?.problems.length) warnings.push(problemWarning(statement.problems));
    // Files inside the PDF (a Factur-X invoice's XML, attachments) are filed as items linked to it.
    const embedded: EmbeddedFile[] = files.map((f, k) => ({
      name: sanitizeFileName(f.name, `attachment-${k + 1}`),
      bytes: f.bytes,
      role: 'attachment',
    }));
    const invoice = statement ? null : invoiceOfPdf(embedded, text);
    const issued = invoice ? invoiceInstant(invoice, timeZone) : null;
    return {
      ...emptyAnalysis(),
      kind: statement ? 'statement' : invoice ? 'receipt' : kind,
      imported: statement,
      facts: {
        pdf: {
          ...facts,
          created: facts.created ? formatInstant(facts.created) : null,
          ...(files.length ? { embeddedFiles: embedded.map((f) => f.name) } : {}),
        },
        ...(statement ? statementFacts(statement) : {}),
        ...(invoice ? { invoice } : {}),
      },
      password: facts.encrypted ? (facts.wrongPassword ? 'wrong' : 'needed') : null,
      text: text || null,
      thumbnail: null,
      embedded,
      // The producer's own stamp of when the document was made, else the invoice's own date.
      contentTime: facts.created
        ? { instant: facts.created, source: 'content' }
        : issued
          ? { instant: issued, source: 'content' }
          : null,
    };
  }
  const base: Analysis = { ...emptyAnalysis(), kind };
  if (sniffed.family === 'text' || sniffed.mime === 'message/rfc822') {
    base.text = decodeText(bytes).slice(0, MAX_TEXT_CHARS);
  }
  // A column map the caller named reads the file before (instead of) the importers; else a saved one for a table
  // no importer knows, found by its header.
  const forced = tables?.forced ?? null;
  let mapping = forced && bytes.length ? await mapWithSavedLayout([], bytes, name, timeZone, forced) : null;
  if (mapping?.type === 'none' && mapping.warning) warnings.push(mapping.warning);
  if (!IMPORTABLE_FAMILIES.has(sniffed.family) && mapping?.type !== 'mapped') return base;
  let imported =
    mapping?.type === 'mapped'
      ? mapping.imported
      : await runImporters(bytes, {
          fileName: name,
          timeZone,
          ...(fileTime ? { fileTime } : {}),
          ...(chatContinues ? { chatContinues } : {}),
        });
  if (!imported && tables && !forced && (sniffed.family === 'text' || sniffed.family === 'office')) {
    mapping = await mapWithSavedLayout(tables.layouts, bytes, name, timeZone, null);
    if (mapping.type === 'mapped') imported = mapping.imported;
    else if (mapping.type === 'none' && mapping.warning) warnings.push(mapping.warning);
  }
  const columnMap = mapping?.type === 'mapped' ? mapping.layout : undefined;
  if (!imported && sniffed.mime === 'application/zip') {
    const archive = await openArchive(bytes, password);
    // A refused archive (a bomb, too many entries, a size it lies about) is filed, but never as plainly "added".
    const problems = archive.imported?.problems ?? [];
    if (problems.length) {
      warnings.push(coded('warn.archive-partly', { first: problems[0]!.error, more: problems.length - 1 }));
    }
    return { ...base, ...archive };
  }
  if (!imported) {
    if (mapping?.type === 'mappable') {
      warnings.push(coded('warn.not-a-bill-mappable'));
      return { ...base, canMap: true, facts: { table: { canMap: true, signature: mapping.signature } } };
    }
    if (TABULAR_MIMES.has(sniffed.mime)) {
      warnings.push(coded('warn.not-a-bill'));
    }
    return base;
  }
  return importedAnalysis(base, imported, kind, warnings, columnMap);
}

/**
 * A WhatsApp export too large to hold comfortably, read from its file in slices: the chat now, the media one
 * at a time as each is filed. Peak memory stays flat whatever the export's size (npm run bench).
 */
async function analyseChatZip(
  file: string | Buffer | SealedFile,
  sniffed: Sniffed,
  name: string,
  timeZone: string,
  warnings: Coded[],
): Promise<Analysis> {
  const { parseWhatsappZip } = await readers();
  const kind = kindFor(sniffed, name);
  const base: Analysis = { ...emptyAnalysis(), kind };
  const source = file instanceof SealedFile ? file : await openAsBlob(file);
  const imported = await parseWhatsappZip(source, { fileName: name, timeZone });
  return importedAnalysis(base, imported, kind, warnings);
}

function importedAnalysis(
  base: Analysis,
  imported: ImportResult,
  kind: EvidenceKind,
  warnings: Coded[],
  columnMap?: { id: string; name: string },
): Analysis {
  const doc = imported.document;
  // Importers word their notes in English; each known sentence becomes its code (electron/messages/legacy.ts).
  warnings.push(...(imported.warnings ?? []).map(codeOfSentence));
  if (imported.problems.length) warnings.push(problemWarning(imported.problems));
  return {
    ...base,
    kind: imported.transactions.length
      ? 'statement'
      : EMAIL_FORMATS.has(imported.format)
        ? 'email'
        : imported.messages.length
          ? 'chat'
          : doc?.invoice
            ? 'receipt'
            : kind,
    title: doc?.title?.trim() || null,
    imported,
    ...(columnMap ? { columnMap } : {}),
    text: doc?.text ?? base.text,
    facts: {
      import: {
        format: imported.format,
        label: imported.label,
        ...(imported.layout ? { layout: imported.layout } : {}),
        ...(columnMap ? { columnMap } : {}),
        transactions: imported.transactions.length,
        messages: imported.messages.length,
        files: imported.files?.length ?? 0,
        problems: listedProblems(imported.problems),
        problemCount: imported.problems.length,
      },
      ...(doc?.details ? { document: doc.details } : {}),
      ...(doc?.invoice ? { invoice: doc.invoice } : {}),
    },
    contentTime: doc?.occurredAt
      ? {
          instant: { utc: doc.occurredAt.utc, offset: doc.occurredAt.offset },
          source: doc.occurredSource ?? 'content',
        }
      : null,
  };
}

/** Importers whose file is a mail message (an .eml or .mbox, an Outlook .msg, a winmail.dat). */
const EMAIL_FORMATS = new Set(['email', 'outlook-msg', 'tnef']);

function kindFor(sniffed: Sniffed, name: string): EvidenceKind {
  switch (sniffed.family) {
    case 'image':
      return isScreenshotName(name) || sniffed.mime === 'image/png' ? 'screenshot' : 'photo';
    case 'email':
      return 'email';
    case 'audio':
      return 'audio';
    case 'video':
      return 'video';
    case 'pdf':
    case 'text':
    case 'office':
      return 'document';
    default:
      return 'other';
  }
}
