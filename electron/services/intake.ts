import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  insertBlob,
  insertEvidence,
  findEvidenceBySha,
  type EvidenceKind,
  type EvidenceRecord,
  type TimeSource,
} from '../../db/queries/evidence.ts';
import { describeFsError } from './errors.ts';
import { ImageRejectedError, makeThumbnail, readImage } from './image-facts.ts';
import type { Locker } from './locker.ts';
import { writeFileAtomic, hashFile } from './object-store.ts';
import { PdfRejectedError, readPdf } from './pdf-facts.ts';
import { describeMismatch, sniffContent, type Sniffed } from './sniff.ts';
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
  warnings: string[];
};
export type DuplicateItem = { path: string; sha256: string; existingId: string; inTrash: boolean };
export type FailedItem = { path: string; error: string };
export type SkippedItem = { path: string; reason: string };

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
};

/** Files read whole for analysis; larger ones are hashed and stored as streams and kept as opaque originals. */
const MAX_ANALYSED_BYTES = 256 * 1024 * 1024;
const MAX_TEXT_CHARS = 2_000_000;
/** Files a folder walk leaves out: operating-system clutter, never evidence. */
const CLUTTER = new Set(['.ds_store', 'thumbs.db', 'desktop.ini', '.localized']);

class RejectedFileError extends Error {}

/**
 * Files each path (files, or folders walked recursively) into a case. Every file gets its own outcome: one
 * unreadable file never stops the others, and nothing of a failed file is left in the store.
 */
export async function addPaths(
  locker: Locker,
  caseId: string,
  paths: string[],
  options: IntakeOptions = {},
): Promise<IntakeResult> {
  const c = locker.getCase(caseId);
  const result: IntakeResult = { added: [], duplicates: [], errors: [], skipped: [] };
  const files: string[] = [];
  for (const p of paths) await collect(p, files, result);

  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      try {
        const outcome = await addFile(locker, c.id, c.timezone, file, options.method ?? 'cli');
        if (outcome.type === 'added') result.added.push(outcome.item);
        else result.duplicates.push(outcome.item);
      } catch (error) {
        result.errors.push({ path: file, error: explain(error) });
      }
      done += 1;
      options.onProgress?.({ done, total: files.length, path: file });
    }
  };
  const lanes = Math.max(1, Math.min(options.concurrency ?? 3, files.length));
  await Promise.all(Array.from({ length: lanes }, worker));
  if (result.added.length) await locker.saveChainHead();
  // Outcomes in the order the files were given, whatever order the lanes finished in.
  const order = new Map(files.map((f, i) => [f, i]));
  const byPath = (a: { path: string }, b: { path: string }) =>
    (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0);
  result.added.sort(byPath);
  result.duplicates.sort(byPath);
  result.errors.sort(byPath);
  return result;
}

function explain(error: unknown): string {
  if (
    error instanceof RejectedFileError ||
    error instanceof ImageRejectedError ||
    error instanceof PdfRejectedError
  ) {
    return error.message;
  }
  if ((error as NodeJS.ErrnoException).code) return describeFsError(error);
  return (error as Error).message || String(error);
}

async function collect(p: string, files: string[], result: IntakeResult): Promise<void> {
  let info;
  try {
    info = await stat(p);
  } catch (error) {
    result.errors.push({ path: p, error: describeFsError(error) });
    return;
  }
  if (info.isFile()) {
    files.push(p);
    return;
  }
  if (!info.isDirectory()) {
    result.errors.push({ path: p, error: 'not a regular file (a device, socket or pipe cannot be filed)' });
    return;
  }
  let entries;
  try {
    entries = await readdir(p, { withFileTypes: true });
  } catch (error) {
    result.errors.push({ path: p, error: describeFsError(error) });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const child = path.join(p, entry.name);
    if (entry.name.startsWith('.') || CLUTTER.has(entry.name.toLowerCase())) {
      if (entry.isFile()) result.skipped.push({ path: child, reason: 'hidden or system file' });
      continue;
    }
    // Links to folders are not followed: a link cycle would never end, and a link can lead far outside.
    if (entry.isSymbolicLink()) {
      const target = await stat(child).catch(() => null);
      if (target?.isFile()) files.push(child);
      else result.skipped.push({ path: child, reason: 'link to a folder or to nothing' });
      continue;
    }
    if (entry.isDirectory()) await collect(child, files, result);
    else if (entry.isFile()) files.push(child);
    else result.skipped.push({ path: child, reason: 'not a regular file' });
  }
}

type Outcome = { type: 'added'; item: AddedItem } | { type: 'duplicate'; item: DuplicateItem };

async function addFile(
  locker: Locker,
  caseId: string,
  timeZone: string,
  file: string,
  method: string,
): Promise<Outcome> {
  const info = await stat(file);
  if (!info.isFile()) throw new RejectedFileError('not a regular file');
  if (info.size === 0)
    throw new RejectedFileError('the file is empty (0 bytes): there is nothing in it to keep');
  const name = path.basename(file);

  // Small enough to hold: read once, and hash, analyse and store those very bytes.
  const bytes = info.size <= MAX_ANALYSED_BYTES ? await readFile(file) : null;
  const { sha256, size } = bytes
    ? { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length }
    : await hashFile(file);

  const existing = findEvidenceBySha(locker.db, caseId, sha256);
  if (existing) return { type: 'duplicate', item: duplicateOf(file, existing) };

  const head = bytes ? bytes.subarray(0, 65536) : await readHead(file);
  const sniffed = sniffContent(head);
  const warnings: string[] = [];
  const mismatch = describeMismatch(name, sniffed);
  if (mismatch?.severity === 'error') throw new RejectedFileError(mismatch.message);
  if (mismatch) warnings.push(mismatch.message);

  const analysis = bytes
    ? await analyse(bytes, sniffed, name, timeZone, warnings)
    : { kind: kindFor(sniffed, name), facts: {}, text: null, thumbnail: null, contentTime: null };
  if (!bytes) warnings.push('too large to read for dates and text; the original is kept as it is');

  // When it happened: the file's own record of it beats its name, which beats the file system.
  const nameTime = guessTimeFromFileName(name, timeZone);
  const mtimeMs = Math.floor(info.mtimeMs / 1000) * 1000;
  const mtime = instantFromMs(mtimeMs, zoneOffsetAt(timeZone, mtimeMs));
  let when: { instant: Instant; source: TimeSource };
  if (analysis.contentTime) when = analysis.contentTime;
  else if (nameTime) when = { instant: nameTime.instant, source: 'filename' };
  else when = { instant: mtime, source: 'file_mtime' };

  // The original first, durably; the row that points at it only after.
  const stored = bytes
    ? await locker.objects.putBuffer(bytes, sha256)
    : await locker.objects.put(file, sha256);
  if (analysis.thumbnail) {
    await writeFileAtomic(path.join(locker.thumbsDir, `${sha256}.webp`), analysis.thumbnail, false);
  }
  const acquiredAt = locker.now();
  const record: EvidenceRecord = {
    id: locker.ids('ev'),
    caseId,
    sha256,
    parentId: null,
    kind: analysis.kind,
    title: name,
    notes: '',
    tags: [],
    occurredUtc: when.instant.utc,
    occurredOffset: when.instant.offset,
    occurredSource: when.source,
    size,
    mime: sniffed.mime,
    originalName: name,
    originalPath: path.resolve(file),
    fileMtime: new Date(info.mtimeMs).toISOString(),
    acquiredAt,
    acquisitionMethod: method,
    facts: {
      ...analysis.facts,
      type: sniffed.label,
      ...(nameTime ? { nameTime: formatInstant(nameTime.instant), namePattern: nameTime.pattern } : {}),
      ...(warnings.length ? { warnings } : {}),
    },
    contentText: analysis.text,
    deletedAt: null,
  };
  try {
    locker.write((log) => {
      insertBlob(locker.db, { sha256, size, mime: sniffed.mime, storedAt: acquiredAt });
      insertEvidence(locker.db, record);
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
          method,
          kind: record.kind,
          title: record.title,
          occurredAt: formatInstant(when.instant),
          occurredSource: when.source,
          newObject: stored.isNew,
        },
      });
    });
  } catch (error) {
    // Two copies of the same bytes in one batch: the other lane filed it first.
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
      const first = findEvidenceBySha(locker.db, caseId, sha256);
      if (first) return { type: 'duplicate', item: duplicateOf(file, first) };
    }
    throw error;
  }
  return {
    type: 'added',
    item: {
      id: record.id,
      sha256,
      kind: record.kind,
      occurredAt: formatInstant(when.instant),
      occurredSource: when.source,
      title: record.title,
      path: file,
      size,
      mime: sniffed.mime,
      warnings,
    },
  };
}

function duplicateOf(file: string, existing: EvidenceRecord): DuplicateItem {
  return {
    path: file,
    sha256: existing.sha256,
    existingId: existing.id,
    inTrash: existing.deletedAt !== null,
  };
}

async function readHead(file: string): Promise<Buffer> {
  const { open } = await import('node:fs/promises');
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

type Analysis = {
  kind: EvidenceKind;
  facts: Record<string, unknown>;
  text: string | null;
  thumbnail: Buffer | null;
  contentTime: { instant: Instant; source: TimeSource } | null;
};

/** Images that sharp can describe but not decode in this build; their originals are still filed. */
const UNDECODABLE_IMAGES = new Set(['image/heic', 'image/heif', 'image/avif']);

async function analyse(
  bytes: Buffer,
  sniffed: Sniffed,
  name: string,
  timeZone: string,
  warnings: string[],
): Promise<Analysis> {
  const kind = kindFor(sniffed, name);
  if (sniffed.family === 'image') {
    const { facts, taken } = await readImage(bytes, timeZone);
    let thumbnail: Buffer | null = null;
    try {
      thumbnail = await makeThumbnail(bytes);
    } catch (error) {
      if (!UNDECODABLE_IMAGES.has(sniffed.mime)) throw error;
      warnings.push('no preview for this image format yet; the original is kept as it is');
    }
    if (taken?.offsetFrom === 'case-timezone') {
      warnings.push(`the photo's time has no time zone; read as ${timeZone}`);
    }
    const isPhoto = Boolean(facts.device) && !isScreenshotName(name);
    return {
      kind: isPhoto ? 'photo' : kind,
      facts: { image: { ...facts, timeOffsetFrom: taken?.offsetFrom ?? null } },
      text: null,
      thumbnail,
      contentTime: taken ? { instant: taken.instant, source: 'exif' } : null,
    };
  }
  if (sniffed.family === 'pdf') {
    const { facts, text } = await readPdf(bytes);
    if (facts.encrypted) warnings.push('the PDF is password-protected: its pages and text could not be read');
    else if (!facts.hasTextLayer)
      warnings.push('the PDF has no text layer (a scan or photo): its words cannot be searched yet');
    return {
      kind,
      facts: { pdf: { ...facts, created: facts.created ? formatInstant(facts.created) : null } },
      text: text || null,
      thumbnail: null,
      // The producer's own stamp of when the document was made: an invoice's or a statement's date.
      contentTime: facts.created ? { instant: facts.created, source: 'content' } : null,
    };
  }
  if (sniffed.family === 'text' || sniffed.family === 'email') {
    return {
      kind,
      facts: {},
      text: decodeText(bytes).slice(0, MAX_TEXT_CHARS),
      thumbnail: null,
      contentTime: null,
    };
  }
  return { kind, facts: {}, text: null, thumbnail: null, contentTime: null };
}

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

/** UTF-8 when it is valid UTF-8 (BOM dropped), else GB18030, the superset of the GBK that Chinese Windows writes. */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}
